/**
 * Running a command as a child process and measuring it: wall time (measured here, around the
 * spawn), CPU time (user + system, from `/usr/bin/time -v`) and peak RSS (from `/usr/bin/time -v` when present, otherwise reported by the child
 * itself through a preloaded module). Standard output goes to /dev/null, as `> /dev/null` would.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const RSS_PRELOAD = fileURLToPath(new URL('./report-rss.cjs', import.meta.url));

/** How peak RSS is measured on this machine (recorded with the results). */
export const RSS_METHOD = hasGnuTime() ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS';

function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
}

/**
 * Run `node <args>` once. Returns wall time in ms, peak RSS in MB, the exit code and stderr
 * (without the `time -v` report). `stdout: 'pipe'` keeps the output (for counting runs).
 * @param {string[]} nodeArgs arguments after `node`
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, stdout?: 'ignore' | 'pipe', timeoutMs?: number }} [options]
 */
export function runNode(nodeArgs, options = {}) {
  const rssDir = RSS_METHOD === '/usr/bin/time -v' ? undefined : mkdtempSync(join(tmpdir(), 'portlint-rss-'));
  const rssFile = rssDir && join(rssDir, 'rss');
  const [command, args] = rssFile
    ? [process.execPath, ['--require', RSS_PRELOAD, ...nodeArgs]]
    : [GNU_TIME, ['-v', process.execPath, ...nodeArgs]];
  const env = rssFile ? { ...process.env, ...options.env, PORTLINT_BENCH_RSS_FILE: rssFile } : { ...process.env, ...options.env };
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, {
    cwd: options.cwd,
    env,
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: options.timeoutMs,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error) throw new Error(`could not run node ${nodeArgs.join(' ')}: ${child.error.message}`);
  let stderr = child.stderr ?? '';
  let rssKb;
  let cpuMs;
  if (rssFile) {
    rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
    rmSync(rssDir, { recursive: true, force: true });
  } else {
    const at = stderr.lastIndexOf('\tCommand being timed:');
    const report = at === -1 ? '' : stderr.slice(at);
    stderr = at === -1 ? stderr : stderr.slice(0, at);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
    rssKb = m ? Number(m[1]) : undefined;
    const user = /User time \(seconds\): ([\d.]+)/.exec(report);
    const system = /System time \(seconds\): ([\d.]+)/.exec(report);
    if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
  }
  // /usr/bin/time exits with the child's status; a child killed by a signal shows as 128+n there.
  return { wallMs, cpuMs, rssMb: rssKb === undefined ? undefined : rssKb / 1024, status: child.status, signal: child.signal, stderr, stdout: child.stdout ?? '' };
}

/**
 * Run a command `runs` times (after one unmeasured warm-up run, which fills the page cache) and
 * summarise by the median. Throws when a run fails unless `okStatus` accepts its exit code (and
 * stderr: a peer may exit non-zero by design, but never with a stack trace).
 * @param {string} label
 * @param {string[]} nodeArgs
 * @param {{ runs: number, warmup?: boolean, cwd?: string, env?: NodeJS.ProcessEnv, okStatus?: (code: number | null, stderr: string) => boolean, log?: (s: string) => void }} options
 */
export function measure(label, nodeArgs, options) {
  return measureRounds([{ key: 'only', label, nodeArgs, okStatus: options.okStatus }], options).only;
}

/**
 * Run several commands in rounds: each round runs every command once, back to back, and the order
 * turns by one command a round (so each takes every place in turn). A figure that compares two of
 * them is then taken within each round (`ratioInRounds`), so the load of a shared machine, which
 * moves over minutes, weighs on both sides alike. One unmeasured warm-up round first, unless
 * `warmup` is false. Returns each command's summary (as `measure`) by its key.
 * @param {{ key: string, label: string, nodeArgs: string[], okStatus?: (code: number | null, stderr: string) => boolean }[]} commands
 * @param {{ runs: number, warmup?: boolean, cwd?: string, env?: NodeJS.ProcessEnv, log?: (s: string) => void }} options
 */
export function measureRounds(commands, options) {
  const once = ({ label, nodeArgs, okStatus = (code) => code === 0 }) => {
    const r = runNode(nodeArgs, options);
    if (!okStatus(r.status, r.stderr)) {
      throw new Error(`${label}: exit code ${r.status}${r.signal ? ` (${r.signal})` : ''}: node ${nodeArgs.join(' ').slice(0, 300)}\n${r.stderr.slice(-2000)}`);
    }
    return r;
  };
  if (options.warmup !== false) for (const c of commands) once(c);
  const samples = new Map(commands.map((c) => [c.key, []]));
  for (let turn = 0; turn < options.runs; turn++) {
    for (let i = 0; i < commands.length; i++) {
      const c = commands[(turn + i) % commands.length];
      const r = once(c);
      samples.get(c.key).push({ wallMs: round(r.wallMs, 1), cpuMs: r.cpuMs === undefined ? undefined : round(r.cpuMs, 0), rssMb: r.rssMb === undefined ? undefined : round(r.rssMb, 1) });
      options.log?.(`  ${c.label}: ${r.wallMs.toFixed(0)} ms, ${r.rssMb?.toFixed(0) ?? '?'} MB`);
    }
  }
  return Object.fromEntries(
    commands.map(({ key, label, nodeArgs }) => {
      const s = samples.get(key);
      return [
        key,
        {
          label,
          command: `node ${nodeArgs.map(quoteArg).join(' ')}`.slice(0, 500),
          runs: s.length,
          wallMs: median(s.map((x) => x.wallMs)),
          cpuMs: median(s.map((x) => x.cpuMs).filter((x) => x !== undefined)),
          rssMb: median(s.map((x) => x.rssMb).filter((x) => x !== undefined)),
          samples: s,
        },
      ];
    }),
  );
}

/**
 * `a`'s figure over `b`'s (`field`: `wallMs` or `cpuMs`) in each round, both measured by one
 * `measureRounds`; undefined when a round lacks the figure.
 */
export function ratiosInRounds(a, b, field) {
  const ratios = a.samples.map((x, i) => {
    const y = b.samples[i];
    return x[field] !== undefined && y?.[field] ? x[field] / y[field] : undefined;
  });
  return ratios.includes(undefined) ? undefined : ratios;
}

/** The median of `ratiosInRounds` (undefined without rounds). */
export function ratioInRounds(a, b, field) {
  const ratios = ratiosInRounds(a, b, field);
  return ratios && median(ratios);
}

/** The median of a list of numbers (undefined for an empty list). */
export function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function quoteArg(a) {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;
}
