/** Baselines: a round trip, robustness to edits and working directories, counts, and bad files. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/api.js';
import { applyBaseline, createBaseline, readBaseline, writeBaseline } from '../src/baseline.js';
import { ConfigError } from '../src/errors.js';
import type { LintResult } from '../src/engine/results.js';

let root: string;

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const found = (results: readonly LintResult[]): string[] =>
  results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId ?? 'parse'}`));

async function lint(cwd = root, paths = ['.']): Promise<LintResult[]> {
  return (await lintFiles(paths, { cwd, useConfigFiles: false })).results;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'portlint-baseline-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const COMPOSE = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n";

describe('baseline', () => {
  it("round trip: a baseline of today's findings reports nothing, then only new findings", async () => {
    write({ 'compose.yaml': COMPOSE, Dockerfile: 'FROM alpine\nEXPOSE 23\n' });
    const before = await lint();
    expect(found(before)).toEqual(['Dockerfile:2 insecure-protocol', 'compose.yaml:5 insecure-protocol']);
    writeBaseline('baseline.json', createBaseline(before, { cwd: root, file: 'baseline.json' }), root);
    const baseline = readBaseline('baseline.json', root);
    expect(baseline.findings.map((e) => [e.rule, e.file, e.count])).toEqual([
      ['insecure-protocol', 'Dockerfile', 1],
      ['insecure-protocol', 'compose.yaml', 1],
    ]);
    expect(found(applyBaseline(before, baseline, { cwd: root, file: 'baseline.json' }).results)).toEqual([]);

    // Lines added above the findings do not invalidate the baseline; a new finding is reported.
    write({ 'compose.yaml': `# a comment\n\n${COMPOSE}      - '20:20'\n`, Dockerfile: 'FROM alpine\nLABEL x=y\nEXPOSE 23\n' });
    const after = applyBaseline(await lint(), baseline, { cwd: root, file: 'baseline.json' });
    expect(found(after.results)).toEqual(['compose.yaml:8 insecure-protocol']);
    expect(after.matched).toBe(2);
    expect(after.stale).toBe(0);
    expect(after.results.find((r) => r.filePath === 'compose.yaml')).toMatchObject({ errorCount: 1, warningCount: 0 });
  });

  it('is count-aware: of two identical findings with one baselined, one is reported', async () => {
    write({ Dockerfile: 'FROM alpine\nEXPOSE 23\n' });
    const baseline = createBaseline(await lint(), { cwd: root, file: 'b.json' });
    write({ Dockerfile: 'FROM alpine\nEXPOSE 23\nEXPOSE 23\n' });
    const results = await lint();
    const telnet = found(results).filter((f) => f.endsWith('insecure-protocol'));
    expect(telnet).toEqual(['Dockerfile:2 insecure-protocol', 'Dockerfile:3 insecure-protocol']);
    const left = found(applyBaseline(results, baseline, { cwd: root, file: 'b.json' }).results).filter((f) =>
      f.endsWith('insecure-protocol'),
    );
    expect(left).toHaveLength(1);
  });

  it('stores paths relative to the baseline file, so it works from another directory', async () => {
    write({ 'app/compose.yaml': COMPOSE });
    const results = await lint();
    const baseline = createBaseline(results, { cwd: root, file: '.portlint/baseline.json' });
    expect(baseline.findings[0]?.file).toBe('../app/compose.yaml');
    writeBaseline('.portlint/baseline.json', baseline, root);
    const fromApp = await lint(join(root, 'app'));
    expect(found(fromApp)).toEqual(['compose.yaml:5 insecure-protocol']);
    const applied = applyBaseline(fromApp, readBaseline('../.portlint/baseline.json', join(root, 'app')), {
      cwd: join(root, 'app'),
      file: '../.portlint/baseline.json',
    });
    expect(found(applied.results)).toEqual([]);
  });

  it('counts stale entries only for files that were linted', async () => {
    write({ 'a/compose.yaml': COMPOSE, 'b/compose.yaml': COMPOSE });
    const baseline = createBaseline(await lint(), { cwd: root, file: 'b.json' });
    write({ 'a/compose.yaml': 'services:\n  ftp:\n    image: ftp\n' });
    expect(applyBaseline(await lint(), baseline, { cwd: root, file: 'b.json' }).stale).toBe(1);
    expect(applyBaseline(await lint(root, ['b']), baseline, { cwd: root, file: 'b.json' }).stale).toBe(0);
  });

  it('lintFiles applies the baseline option', async () => {
    write({ 'compose.yaml': COMPOSE });
    writeBaseline('b.json', createBaseline(await lint(), { cwd: root, file: 'b.json' }), root);
    write({ 'compose.yaml': `${COMPOSE}      - '20:20'\n` });
    const { results } = await lintFiles(['.'], { cwd: root, useConfigFiles: false, baseline: 'b.json' });
    expect(found(results)).toEqual(['compose.yaml:6 insecure-protocol']);
    await expect(lintFiles(['.'], { cwd: root, baseline: 'missing.json' })).rejects.toThrow(ConfigError);
  });

  it('never records parse problems', async () => {
    write({ 'compose.yaml': 'services:\n  web:\n    ports: [\n' });
    const results = await lint();
    expect(found(results).some((f) => f.endsWith(' parse-error'))).toBe(true);
    expect(createBaseline(results, { cwd: root, file: 'b.json' }).findings).toEqual([]);
  });

  it('writes a stable, diff-friendly file', async () => {
    write({ 'compose.yaml': COMPOSE });
    writeBaseline('b.json', createBaseline(await lint(), { cwd: root, file: 'b.json' }), root);
    const text = readFileSync(join(root, 'b.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      findings: [{ rule: 'insecure-protocol', file: 'compose.yaml', fingerprint: expect.stringContaining('21'), count: 1 }],
    });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('bad baseline files are config errors naming the file', () => {
    expect(() => readBaseline('missing.json', root)).toThrow(
      new ConfigError('missing.json: cannot read baseline: no such file (create it with --write-baseline)'),
    );
    write({ 'bad.json': '{', 'shape.json': '{"version": 1, "findings": [{"rule": "x"}]}', 'old.json': '{"version": 0, "findings": []}' });
    expect(() => readBaseline('bad.json', root)).toThrow(/^bad\.json: baseline is not valid JSON: /);
    expect(() => readBaseline('shape.json', root)).toThrow(
      new ConfigError(
        'shape.json: not a portlint baseline: findings[0] must have "rule", "file", "fingerprint" (strings) and "count" (a positive integer)',
      ),
    );
    expect(() => readBaseline('old.json', root)).toThrow(new ConfigError('old.json: not a portlint baseline: "version" must be 1, got 0'));
  });
});
