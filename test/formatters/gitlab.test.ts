/** GitLab Code Quality output, validated against a schema of the fields GitLab documents (schemas/README.md). */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { rulesMeta } from '../../src/api.js';
import gitlab from '../../src/formatters/gitlab.js';
import { allMessages, cwd, result, sampleResults } from './sample.js';

const schema = JSON.parse(readFileSync(new URL('./schemas/gitlab-code-quality.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
const context = { rulesMeta: rulesMeta(), cwd };

function render(results = sampleResults()): any[] {
  const issues = JSON.parse(gitlab(results, context));
  expect(validate(issues), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return issues;
}

describe('gitlab formatter', () => {
  it('writes one issue per message with GitLab’s fields', () => {
    const results = sampleResults();
    const issues = render(results);
    const messages = allMessages(results);
    expect(issues).toHaveLength(messages.length);
    expect(issues[0]).toMatchObject({
      check_name: 'insecure-protocol',
      description: messages[0]!.m.message,
      location: { path: 'deploy/compose.yaml', lines: { begin: messages[0]!.m.line } },
    });
    expect(issues.find((i) => i.location.path === 'broken/compose.yaml')).toMatchObject({ check_name: 'parse-error', severity: 'major' });
  });

  it('maps severities: security errors critical, other errors major, warnings minor', () => {
    const issues = render([
      result('a.yaml', [
        { ruleId: 'insecure-protocol', severity: 2, message: 'm', line: 1, column: 1 },
        { ruleId: 'invalid-port', severity: 2, message: 'm', line: 2, column: 1 },
        { ruleId: 'host-port', severity: 1, message: 'm', line: 3, column: 1 },
      ]),
    ]);
    expect(issues.map((i) => i.severity)).toEqual(['critical', 'major', 'minor']);
  });

  it('gives every issue a unique hex fingerprint that does not change when lines move', () => {
    const issues = render();
    const fingerprints = issues.map((i) => i.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    for (const f of fingerprints) expect(f).toMatch(/^[0-9a-f]{64}$/);
    const moved = sampleResults().map((r) => ({ ...r, messages: r.messages.map((m) => ({ ...m, line: m.line + 10 })) }));
    expect(render(moved).map((i) => i.fingerprint)).toEqual(fingerprints);
  });

  it('writes an empty array for a clean run', () => {
    expect(gitlab([result('a.yaml', [])], context)).toBe('[]\n');
  });
});
