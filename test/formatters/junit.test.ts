/**
 * JUnit XML, parsed back with a real XML parser and checked for the shape Jenkins, GitLab and Azure
 * read: testsuites > testsuite (name, tests, failures, errors, skipped) > testcase (classname, name)
 * with failure / error / skipped children, counts that add up.
 */
import { describe, expect, it } from 'vitest';
import junit from '../../src/formatters/junit.js';
import { result, sampleResults } from './sample.js';
import { attrs, children, parseXml } from './xml.js';

function suites(text: string) {
  const doc = parseXml(text);
  const root = doc.documentElement!;
  expect(root.tagName).toBe('testsuites');
  return { root, suites: children(root, 'testsuite') };
}

describe('junit formatter', () => {
  it('writes one suite per file and one case per file and rule, clean files passing', () => {
    const results = sampleResults();
    const { root, suites: all } = suites(junit(results));
    expect(all.map((s) => s.getAttribute('name'))).toEqual(results.map((r) => r.filePath));
    const compose = all[0]!;
    const composeCases = children(compose, 'testcase');
    const rules = [...new Set(results[0]!.messages.map((m) => m.ruleId))];
    expect(composeCases.map((c) => c.getAttribute('name'))).toEqual(rules);
    for (const c of composeCases) {
      expect(c.getAttribute('classname')).toBe('deploy/compose.yaml');
      const failure = children(c, 'failure');
      expect(failure).toHaveLength(1);
      const findings = results[0]!.messages.filter((m) => m.ruleId === c.getAttribute('name'));
      // Every finding of the rule in the file, one line each.
      expect(failure[0]!.textContent!.split('\n')).toHaveLength(findings.length);
      for (const f of findings) expect(failure[0]!.textContent).toContain(`deploy/compose.yaml:${f.line}:${f.column}: `);
    }
    const clean = children(all[1]!, 'testcase');
    expect(clean.map(attrs)).toEqual([{ classname: 'clean/deploy.yaml', name: 'portlint', file: 'clean/deploy.yaml', time: '0' }]);
    expect(clean[0]!.childNodes.length).toBe(0);
    expect(children(children(all[2]!, 'testcase')[0]!, 'error')).toHaveLength(1);
    expect(children(children(all[3]!, 'testcase')[0]!, 'skipped')).toHaveLength(1);

    const sum = (name: string): number => all.reduce((n, s) => n + Number(s.getAttribute(name)), 0);
    for (const name of ['tests', 'failures', 'errors', 'skipped']) expect(Number(root.getAttribute(name))).toBe(sum(name));
    for (const s of all) {
      const cases = children(s, 'testcase');
      expect(Number(s.getAttribute('tests'))).toBe(cases.length);
      expect(Number(s.getAttribute('failures'))).toBe(cases.filter((c) => children(c, 'failure').length > 0).length);
    }
  });

  it('escapes markup and replaces characters XML cannot hold', () => {
    const { suites: all } = suites(junit(sampleResults()));
    const hostile = children(children(all[4]!, 'testcase')[0]!, 'failure')[0]!;
    expect(hostile.getAttribute('type')).toBe('warning');
    expect(hostile.textContent).toContain('value <b>&"\'</b> ]]> \uFFFD\uFFFD end');
  });

  it('writes an empty report for no files', () => {
    const { root, suites: all } = suites(junit([]));
    expect(all).toEqual([]);
    expect(root.getAttribute('tests')).toBe('0');
  });

  it('has a passing case for a clean run', () => {
    const { root } = suites(junit([result('a.yaml', [])]));
    expect([root.getAttribute('tests'), root.getAttribute('failures')]).toEqual(['1', '0']);
  });
});
