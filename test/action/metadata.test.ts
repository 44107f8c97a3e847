/** action.yml, the code that reads inputs and writes outputs, and the docs must name the same things. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_NAMES, OUTPUT_NAMES } from '../../src/action/inputs.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface ActionYml {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(read('action.yml')) as ActionYml;
const docs = read('docs/github-action.md');

/** The first column of the Markdown table under `heading`, without backticks. */
function tableNames(heading: string): string[] {
  const section = docs.slice(docs.indexOf(`\n## ${heading}\n`));
  const lines = section.split('\n').slice(2);
  const start = lines.findIndex((l) => l.startsWith('| '));
  const rows = lines.slice(start + 2);
  const end = rows.findIndex((l) => !l.startsWith('| '));
  return rows.slice(0, end).map((l) => l.split('|')[1]!.trim().replace(/`/g, ''));
}

describe('action.yml', () => {
  it('declares exactly the inputs the Action reads, each described and optional', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toMatch(/\w{3}/);
      expect(input.required ?? false, name).toBe(false);
    }
  });

  it('declares exactly the outputs the Action writes', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  it('has the defaults the docs state', () => {
    expect(action.inputs.paths?.default).toBe('.');
    expect(action.inputs.format?.default).toBe('compact');
    expect(action.inputs['fail-on']?.default).toBe('error');
    expect(action.inputs['only-changed']?.default).toBe('false');
  });
});

describe('docs/github-action.md', () => {
  it('documents every input and output in its tables, in action.yml order', () => {
    expect(tableNames('Inputs')).toEqual(Object.keys(action.inputs));
    expect(tableNames('Outputs')).toEqual(Object.keys(action.outputs));
  });

  it('gives each input the default action.yml has', () => {
    const section = docs.slice(docs.indexOf('\n## Inputs\n'), docs.indexOf('\n## Outputs\n'));
    for (const [name, input] of Object.entries(action.inputs)) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\` |`))!;
      const shown = row.split('|')[2]!.trim().replace(/`/g, '');
      expect(shown, name).toBe(input.default ?? '');
    }
  });

  it('tells only-changed users to fetch the whole history', () => {
    expect(docs).toContain('fetch-depth: 0');
  });

  it('has workflows that parse as YAML and use the Action with inputs it declares', () => {
    const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    const workflows = blocks
      .map((b) => parse(b!) as { jobs?: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> })
      .filter((w) => w?.jobs);
    expect(workflows.length).toBe(2);
    for (const w of workflows) {
      const steps = Object.values(w.jobs!).flatMap((j) => j.steps);
      const ours = steps.filter((s) => s.uses?.startsWith('portlint/portlint@'));
      expect(ours.length).toBeGreaterThan(0);
      for (const s of ours) for (const key of Object.keys(s.with ?? {})) expect(INPUT_NAMES).toContain(key);
    }
  });
});

describe('.github/workflows/ci.yml', () => {
  interface Step {
    id?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, string>;
    'continue-on-error'?: boolean;
  }
  const ci = parse(read('.github/workflows/ci.yml')) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(ci.jobs).flatMap((j) => j.steps);
  const local = steps.filter((s) => s.uses === './');

  it('runs the test suite as .ci/run does', () => {
    expect(steps.some((s) => s.run?.includes('npm ci') && s.run.includes('npm test'))).toBe(true);
  });

  it('runs the Action with inputs it declares, on paths that exist', () => {
    expect(local.length).toBeGreaterThanOrEqual(2);
    for (const s of local) {
      for (const key of Object.keys(s.with ?? {})) expect(INPUT_NAMES).toContain(key);
      if (s.with?.paths) expect(() => readFileSync(new URL(`../../${s.with!.paths}/compose.yaml`, import.meta.url))).not.toThrow();
    }
  });

  it('checks that the step on the failing fixture failed', () => {
    const failing = local.find((s) => s['continue-on-error'] === true);
    expect(failing?.id).toBeDefined();
    const check = steps.slice(steps.indexOf(failing!) + 1).find((s) => s.if?.includes(`steps.${failing!.id}.outcome != 'failure'`));
    expect(check?.run).toContain('exit 1');
  });
});
