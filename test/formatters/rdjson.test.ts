/** reviewdog rdjson output, validated against a schema of the DiagnosticResult message (schemas/README.md). */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { rulesMeta } from '../../src/api.js';
import rdjson, { byteColumn } from '../../src/formatters/rdjson.js';
import { allMessages, cwd, result, sampleResults } from './sample.js';

const schema = JSON.parse(readFileSync(new URL('./schemas/rdjson.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
const context = { rulesMeta: rulesMeta(), cwd };

function render(results = sampleResults()): any {
  const out = JSON.parse(rdjson(results, context));
  expect(validate(out), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return out;
}

describe('rdjson formatter', () => {
  it('writes one diagnostic per message with path, range, severity, source and rule code', () => {
    const results = sampleResults();
    const out = render(results);
    expect(out.source.name).toBe('portlint');
    expect(out.diagnostics).toHaveLength(allMessages(results).length);
    const hostile = out.diagnostics.find((d: any) => d.location.path === 'hostile/.env');
    expect(hostile).toMatchObject({
      severity: 'WARNING',
      location: { range: { start: { line: 2, column: 5 }, end: { line: 2, column: 9 } } },
      code: { value: 'insecure-protocol', url: expect.stringMatching(/docs\/rules\/insecure-protocol\.md$/) },
    });
    const broken = out.diagnostics.find((d: any) => d.location.path === 'broken/compose.yaml');
    expect(broken).toMatchObject({ severity: 'ERROR', code: { value: 'parse-error' } });
    expect(broken.location.range.end).toBeUndefined();
  });

  it('counts columns in UTF-8 bytes where the line is not ASCII and the file can be read', () => {
    const line = 'URL=ftp://é.example:21/x';
    expect(byteColumn(line, 13)).toBe(14);
    expect(byteColumn('PORT=21', 6)).toBe(6);
    expect(byteColumn(undefined, 6)).toBe(6);
    const results = [
      result('.env', [{ ruleId: 'insecure-protocol', severity: 2, message: 'm', line: 2, column: 5, endLine: 2, endColumn: 25 }]),
    ];
    const source = (): string => `# x\r\n${line}\n`;
    const out = JSON.parse(rdjson(results, { ...context, source }));
    expect(out.diagnostics[0].location.range).toEqual({ start: { line: 2, column: 5 }, end: { line: 2, column: 26 } });
    expect(validate(out)).toBe(true);
  });

  it('has no suggestions while rules carry no fixes', () => {
    for (const d of render().diagnostics) expect(d).not.toHaveProperty('suggestions');
  });

  it('writes an empty list for a clean run', () => {
    expect(render([result('a.yaml', [])]).diagnostics).toEqual([]);
  });
});
