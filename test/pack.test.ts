/**
 * `npx portlint` from the published package: `npm pack` this repository, install the tarball in an
 * empty folder (offline: the dependencies come from the npm cache `npm ci` filled), and run the bin
 * on a fixture. Catches a `files` list that leaves out what the bin needs, and a bin that only works
 * inside the repository.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment without the npm_* variables `npm test` sets, which would steer the nested npm. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

const FTP_COMPOSE = `services:
  ftp:
    image: stilliard/pure-ftpd
    ports:
      - "21:21"
`;

let tmp: string;
let project: string;
let packed: { filename: string; files: { path: string }[] };

function run(cmd: string, args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: project, env, input, encoding: 'utf8', timeout: 60_000, shell: process.platform === 'win32' });
}

beforeAll(() => {
  // `npm test` builds lib/ first; build it here only when it is missing, never under a concurrently running test.
  if (!existsSync(join(root, 'lib/cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
  tmp = mkdtempSync(join(tmpdir(), 'portlint-pack-'));
  // --ignore-scripts: pack what was built instead of rebuilding lib/ (prepare) under other tests' feet.
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root, env, encoding: 'utf8', shell: process.platform === 'win32' });
  packed = (JSON.parse(out) as (typeof packed)[])[0];
  project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-test', private: true }));
  const install = run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(tmp, packed.filename)]);
  expect(install.status, `npm install --offline failed (are the dependencies in the npm cache? run npm ci):\n${install.stderr}`).toBe(0);
  writeFileSync(join(project, 'compose.yaml'), FTP_COMPOSE);
  mkdirSync(join(project, 'clean'));
  writeFileSync(join(project, 'clean', 'Dockerfile'), 'FROM nginx\nEXPOSE 8080\n');
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the bin, the bundle and the docs, and no sources or tests', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'bin/portlint.js', 'lib/cli.js', 'lib/api.js', 'docs/github-action.md']));
    expect(files.filter((f) => /^(src|test|rules|fixtures|dist|scripts|node_modules)\//.test(f))).toEqual([]);
  });

  it('npx portlint reports the FTP port and exits 1', () => {
    const r = run(npx, ['--no', '--', 'portlint', '--format', 'compact', 'compose.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^compose\.yaml:5:13: error insecure-protocol Container port 21 of service "ftp" is FTP/m);
    expect(r.status).toBe(1);
  });

  it('npx portlint exits 0 on a clean directory', () => {
    const r = run(npx, ['--no', '--', 'portlint', 'clean']);
    expect(r.stdout).toBe('1 file checked, no problems\n');
    expect(r.status).toBe(0);
  });

  it('reads stdin, as in `helm template … | portlint -`', () => {
    const r = run(npx, ['--no', '--', 'portlint', '--format', 'compact', '-'], FTP_COMPOSE);
    expect(r.stdout).toMatch(/^<stdin>:5:13: error insecure-protocol /m);
    expect(r.status).toBe(1);
  });

  it('knows its version', () => {
    const r = run(npx, ['--no', '--', 'portlint', '--version']);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(r.status).toBe(0);
  });
});
