/** `--output FORMAT:FILE`, `--fail-on`, `--sarif-category` and `--sarif-include-suppressed` through `main()`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutputs } from '../../src/cli/outputs.js';
import { failsOn, parseFailOn } from '../../src/fail-on.js';
import { fail, FTP, HOST_PORT, sandboxPerTest } from './run-cli.js';

const box = sandboxPerTest();

describe('--output FORMAT:FILE', () => {
  it('writes each format to its file, folders created, and the terminal gets --format', async () => {
    box.write({ 'compose.yaml': FTP });
    const run = await box.cli([
      '--format',
      'compact',
      '--output',
      'sarif:out/portlint.sarif',
      '--output',
      'junit:reports/deep/junit.xml',
      '.',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('compose.yaml:5:');
    const sarif = JSON.parse(readFileSync(join(box.root, 'out/portlint.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(readFileSync(join(box.root, 'reports/deep/junit.xml'), 'utf8')).toContain('<testsuite name="compose.yaml"');
  });

  it('checks every spec before linting', async () => {
    box.write({ 'compose.yaml': FTP });
    const bad = await box.cli(['--output', 'xml:report.xml', '.']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--output xml:report.xml: unknown format "xml"');
    expect((await box.cli(['--output', 'report.sarif', '.'])).stderr).toContain('--output expects FORMAT:FILE');
    expect(existsSync(join(box.root, 'report.xml'))).toBe(false);
  });

  it('keeps colons in the file part', () => {
    expect(parseOutputs(['sarif:C:\\reports\\a.sarif'], ['sarif'], fail)).toEqual([{ format: 'sarif', file: 'C:\\reports\\a.sarif' }]);
  });
});

describe('--fail-on', () => {
  it('error (default) fails on errors only, warn on any finding, never on none', async () => {
    box.write({ 'warn/pod.yaml': HOST_PORT, 'err/compose.yaml': FTP });
    expect((await box.cli(['warn'])).code).toBe(0);
    expect((await box.cli(['--fail-on', 'warn', 'warn'])).code).toBe(1);
    expect((await box.cli(['--fail-on', 'warning', 'warn'])).code).toBe(1);
    expect((await box.cli(['--fail-on', 'never', 'err'])).code).toBe(0);
    expect((await box.cli(['--fail-on', 'never', 'missing'])).code).toBe(2);
    const bad = await box.cli(['--fail-on', 'sometimes', '.']);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'portlint: --fail-on expects error, warn, never, got "sometimes"']);
  });

  it('is the logic the Action uses', () => {
    expect(parseFailOn('warning')).toBe('warn');
    expect([failsOn('error', 0, 3), failsOn('warn', 0, 1), failsOn('never', 5, 5), failsOn('error', 1, 0)]).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});

describe('--sarif-category', () => {
  it('sets automationDetails.id, default portlint/', async () => {
    box.write({ 'compose.yaml': FTP });
    const plain = JSON.parse((await box.cli(['--format', 'sarif', '.'])).stdout);
    expect(plain.runs[0].automationDetails).toEqual({ id: 'portlint/' });
    const named = JSON.parse((await box.cli(['--format', 'sarif', '--sarif-category', 'portlint/frontend', '.'])).stdout);
    expect(named.runs[0].automationDetails).toEqual({ id: 'portlint/frontend/' });
    const viaOutput = await box.cli(['--sarif-category', 'shard-2', '--output', 'sarif:x.sarif', '.']);
    expect(viaOutput.code).toBe(1);
    expect(JSON.parse(readFileSync(join(box.root, 'x.sarif'), 'utf8')).runs[0].automationDetails.id).toBe('shard-2/');
  });

  it('leaves suppressed findings out of SARIF by default; --sarif-include-suppressed marks them suppressed', async () => {
    box.write({
      'compose.yaml':
        "services:\n  ftp:\n    image: ftp\n    ports:\n      # portlint-disable-next-line insecure-protocol -- legacy\n      - '21:21'\n",
    });
    const insecure = (log: { runs: { results: { ruleId: string; suppressions?: unknown }[] }[] }) =>
      log.runs[0]!.results.filter((r) => r.ruleId === 'insecure-protocol');
    expect(insecure(JSON.parse((await box.cli(['--format', 'sarif', '.'])).stdout))).toEqual([]);
    const included = await box.cli(['--format', 'compact', '--output', 'sarif:x.sarif', '--sarif-include-suppressed', '.']);
    expect(included.stdout).not.toContain('insecure-protocol');
    const [result] = insecure(JSON.parse(readFileSync(join(box.root, 'x.sarif'), 'utf8')));
    expect(result?.suppressions).toEqual([{ kind: 'inSource', justification: 'legacy' }]);
  });
});
