/**
 * checkstyle XML, parsed back with a real XML parser and checked for the shape warnings-ng and
 * reviewdog read: checkstyle[version] > file[name] > error[line, column, severity, message, source].
 */
import { describe, expect, it } from 'vitest';
import checkstyle from '../../src/formatters/checkstyle.js';
import { sampleResults } from './sample.js';
import { attrs, children, parseXml } from './xml.js';

describe('checkstyle formatter', () => {
  it('writes every file, clean ones included, and one error element per message', () => {
    const results = sampleResults();
    const root = parseXml(checkstyle(results)).documentElement!;
    expect(root.tagName).toBe('checkstyle');
    expect(root.getAttribute('version')).toBe('4.3');
    const files = children(root, 'file');
    expect(files.map((f) => f.getAttribute('name'))).toEqual(results.map((r) => r.filePath));
    files.forEach((f, i) => {
      const errors = children(f, 'error');
      expect(errors).toHaveLength(results[i]!.messages.length);
      errors.forEach((e, j) => {
        const m = results[i]!.messages[j]!;
        expect(Object.keys(attrs(e)).sort()).toEqual(['column', 'line', 'message', 'severity', 'source']);
        expect(e.getAttribute('line')).toBe(String(m.line));
        expect(e.getAttribute('severity')).toBe(m.severity === 2 ? 'error' : 'warning');
        expect(e.getAttribute('source')).toBe(`portlint.rules.${m.ruleId ?? 'parse-error'}`);
      });
    });
    const hostile = children(files[4]!, 'error')[0]!;
    expect(hostile.getAttribute('message')).toBe('value <b>&"\'</b> ]]> \uFFFD\uFFFD end');
  });
});
