/**
 * A few real runs of `node bin/portlint.js` (the bundled CLI, as users run it): exit codes via
 * process.exitCode, config errors on stderr, SARIF alone on stdout, and a baseline round trip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
const bin = join(repo, 'bin/portlint.js');
let root: string;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `npm test` builds first; build here too when run on its own.
  if (!existsSync(join(repo, 'lib/cli.js'))) execFileSync(process.execPath, [join(repo, 'scripts/build.mjs')], { cwd: repo });
  root = mkdtempSync(join(tmpdir(), 'portlint-bin-'));
  writeFileSync(join(root, 'compose.yaml'), "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n");
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Whether this Node keeps compiled code between runs (`module.enableCompileCache`, Node 22.1+). */
const hasCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('node bin/portlint.js', () => {
  it.runIf(hasCompileCache)('keeps its compiled code in the temp directory between runs', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'portlint-cache-'));
    try {
      const env = { ...process.env, TMPDIR: tmp, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined };
      const r = spawnSync(process.execPath, [bin, '--version'], { cwd: root, encoding: 'utf8', env });
      expect(r.status).toBe(0);
      expect(readdirSync(join(tmp, 'node-compile-cache')).length).toBeGreaterThan(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('exits 1 with findings, and 0 once they are baselined', () => {
    const first = run(['.']);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('compose.yaml:5:13: error insecure-protocol');
    expect(run(['.', '--write-baseline', 'baseline.json']).code).toBe(0);
    expect(run(['.', '--baseline', 'baseline.json'])).toEqual({ code: 0, stdout: '1 file checked, no problems\n', stderr: '' });
  });

  it('prints SARIF alone on stdout', () => {
    const r = run(['.', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'compose.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('exits 2 on a bad config, naming file, line, column and path', () => {
    writeFileSync(join(root, '.portlintrc.yaml'), 'rules:\n  insecure-protocol: disabled\n');
    try {
      const r = run(['.']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'portlint: .portlintrc.yaml:2:22: rules.insecure-protocol: severity must be "off", "warn" or "error", or a list [severity, options]; got string "disabled"\n',
      );
    } finally {
      rmSync(join(root, '.portlintrc.yaml'));
    }
  });
});
