/**
 * The versioned output schemas in schema/: committed as generated, and what portlint writes
 * (`--format json`, `portlint ports --format json`) on every fixture validates against them.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { lintFiles, listPorts } from '../src/api.js';
import json from '../src/formatters/json.js';
import { portsJson } from '../src/formatters/ports-table.js';
import { outputSchemaFiles, portsSchema, resultsSchema } from '../src/schemas/output.js';

const repo = new URL('../', import.meta.url).pathname;
const ajv = new Ajv({ allErrors: true, strict: true });
const validateResults = ajv.compile(resultsSchema());
const validatePorts = ajv.compile(portsSchema());

describe('output schemas', () => {
  it.each(outputSchemaFiles())('%s is committed as generated (run `npm run docs`)', (path, text) => {
    expect(readFileSync(`${repo}${path}`, 'utf8'), `${path} is stale: run npm run docs`).toBe(text);
  });

  it('the json results of every fixture validate', async () => {
    const { results } = await lintFiles(['fixtures'], { cwd: repo, useConfigFiles: false });
    const data = JSON.parse(json(results, { cwd: repo }));
    expect(data.length).toBeGreaterThan(10);
    expect(data.some((r: { messages: unknown[] }) => r.messages.length > 0)).toBe(true);
    expect(validateResults(data), JSON.stringify(validateResults.errors?.slice(0, 3))).toBe(true);
  });

  it('the ports inventory of every fixture validates', async () => {
    const { declarations } = await listPorts(['fixtures'], { cwd: repo, useConfigFiles: false });
    const data = JSON.parse(JSON.stringify(portsJson(declarations)));
    expect(data.length).toBeGreaterThan(10);
    expect(validatePorts(data), JSON.stringify(validatePorts.errors?.slice(0, 3))).toBe(true);
  });

  it('reject what breaks the contract, and allow fields added later', () => {
    const result = {
      filePath: 'a.yaml',
      messages: [{ ruleId: 'r', severity: 1, message: 'm', line: 1, column: 1, later: true }],
      errorCount: 0,
      warningCount: 1,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
    expect(validateResults([result])).toBe(true);
    expect(validateResults([{ ...result, messages: [{ ...result.messages[0], severity: 'warn' }] }])).toBe(false);
    const decl = {
      file: 'a.yaml',
      format: 'kubernetes',
      role: 'nodePort',
      port: 30080,
      protocol: 'tcp',
      raw: '30080',
      field: 'nodePort',
      line: 3,
      column: 5,
      context: { kind: 'Service', serviceName: 'later' },
    };
    expect(validatePorts([decl])).toBe(true);
    expect(validatePorts([{ ...decl, format: 'helm' }])).toBe(false);
    expect(validatePorts([{ ...decl, line: undefined }])).toBe(false);
  });
});
