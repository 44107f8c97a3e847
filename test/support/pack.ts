/**
 * The published package, as a user gets it: `npm pack` this repository and install the tarball into
 * a new project. The install is offline with an empty npm cache of its own, so it passes only because
 * the package has no dependencies to fetch, whatever the machine's cache holds.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment without the npm_* variables `npm test` sets, which would steer a nested npm. */
export const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

/** What `npm pack --json` says of the tarball. */
export interface Packed {
  /** Absolute path of the tarball. */
  tarball: string;
  /** Paths inside the package. */
  files: string[];
}

/** `npm pack` the built repository into `dir` (building lib/ first only when it is missing). */
export function packInto(dir: string): Packed {
  // `npm test` builds lib/ first; build it here only when it is missing, never under a concurrently running test.
  if (!existsSync(join(ROOT, 'lib/cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  // prepack writes the package.json that is packed (no scripts; postpack restores it);
  // PORTLINT_PACK_NO_BUILD: pack what was built instead of rebuilding lib/ under other tests' feet.
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    env: { ...cleanEnv, PORTLINT_PACK_NO_BUILD: '1' },
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error(`npm pack printed no package: ${out}`);
  return { tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/** Run a command in `cwd` with the clean environment (and `env` over it). */
export function run(
  cwd: string,
  cmd: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    env: { ...cleanEnv, ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
    shell: process.platform === 'win32',
  });
}

/**
 * Make `project` a new npm project (ESM) and install the tarball into it, offline, with the empty
 * npm cache `project/../npm-cache-<name>`. Returns npm's result.
 */
export function installTarball(project: string, tarball: string, manifest: Record<string, unknown> = {}): SpawnSyncReturns<string> {
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'portlint-consumer', private: true, type: 'module', ...manifest }));
  const cache = join(project, '..', `npm-cache-${Date.now()}`);
  return run(project, npm, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    env: { npm_config_cache: cache },
  });
}
