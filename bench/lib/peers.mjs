/**
 * The peers portlint is compared with, installed under bench/node_modules as dev-only packages:
 * `dclint` (Docker Compose) and `dockerfilelint` (Dockerfiles). Each is run as `node <its bin>`
 * so it is measured exactly like portlint.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A peer's bin script and version, or undefined when it is not installed. */
export function peer(name) {
  const dir = join(BENCH_DIR, 'node_modules', name);
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.[name];
  return bin ? { name, version: pkg.version, bin: join(dir, bin) } : undefined;
}

/** Run `node script args` and resolve with its exit code, stdout and stderr. */
function runQuiet(script, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** True when a single-file dockerfilelint run died of an exception rather than reporting. */
function isCrash(run) {
  if (run.status === 0) return false;
  try {
    JSON.parse(run.stdout);
    return false;
  } catch {
    return /\n\s+at /.test(run.stderr);
  }
}

/**
 * The Dockerfiles on which dockerfilelint crashes (one crash ends its whole batch), found by
 * linting each file alone, two at a time. Cached in `cacheFile`, keyed by the file list and
 * dockerfilelint's version, so later runs skip the search.
 * @returns {Promise<{ crashes: { file: string, error: string }[], cached: boolean }>}
 */
export async function dockerfilelintCrashes(tool, files, cacheFile, log = () => {}) {
  const key = createHash('sha256').update(`${tool.version}\n${files.join('\n')}`).digest('hex');
  if (existsSync(cacheFile)) {
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    if (cache.key === key) return { crashes: cache.crashes, cached: true };
  }
  log(`  dockerfilelint: linting ${files.length} Dockerfiles one by one to find the ones it crashes on (cached afterwards)`);
  const crashes = [];
  let next = 0;
  const workerLoop = async () => {
    while (next < files.length) {
      const file = files[next++];
      const run = await runQuiet(tool.bin, ['-j', file]);
      if (isCrash(run)) crashes.push({ file, error: firstErrorLine(run.stderr) });
    }
  };
  await Promise.all([workerLoop(), workerLoop()]);
  crashes.sort((a, b) => (a.file < b.file ? -1 : 1));
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, `${JSON.stringify({ key, tool: `${tool.name}@${tool.version}`, crashes }, null, 2)}\n`);
  return { crashes, cached: false };
}

function firstErrorLine(stderr) {
  return stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? stderr.trim().split('\n')[0] ?? '';
}
