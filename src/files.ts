/**
 * File discovery and reading: the only module that touches the file system for lint input.
 * Every path problem becomes a `FileError` for that path; the run goes on with the others.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { compileIgnoreList, ignoredBy } from './config/glob.js';
import { LINTABLE_NAME_GLOBS } from './parsers/detect.js';
import { isLintable } from './parsers/index.js';
import type { ParseProblem, ParseResult, ProblemId } from './model.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

type Globby = typeof import('globby');
let globby: Globby | undefined;

/**
 * `globby`, loaded the first time a walk or a glob needs it: with its streams and child-process
 * helpers it is a large part of what start-up would load, and a run on named files never uses it.
 */
async function loadGlobby(): Promise<Globby> {
  return (globby ??= await import('globby'));
}

/**
 * Whether `p` may be a glob. Every pattern fast-glob's `isDynamicPattern` calls dynamic holds one
 * of these characters (or starts with `!`); a path without them is a path, and needs no globby to say so.
 */
async function isGlob(p: string): Promise<boolean> {
  return /[\\*?[({]|^!/.test(p) && (await loadGlobby()).isDynamicPattern(p);
}

export interface Discovered {
  /** Paths to lint, relative to cwd with `/` separators, sorted. */
  files: string[];
  /** Paths the user named that could not be used. */
  errors: FileError[];
  /** The files of `files` the user named one by one (not found by a walk or a glob): these are linted whatever their content. */
  named: ReadonlySet<string>;
  /** Files a walk or glob found and left out on purpose, each with the reason (for `--debug`). */
  skipped: { file: string; reason: string }[];
}

export interface FileError {
  /** `file-error` (cannot be read, not a file or directory). */
  id: ProblemId;
  file: string;
  message: string;
  /** True when the user named this path explicitly (then a failure is a usage error, exit 2). */
  explicit: boolean;
}

/** A path, directory or glob the user gave matched no file (ESLint's `NoFilesFoundError`). */
export class NoFilesFoundError extends Error {
  override name = 'NoFilesFoundError';
  constructor(readonly patterns: readonly string[]) {
    super(patterns.map((p) => `No files matching '${p}'`).join('\n'));
  }
}

export interface DiscoverOptions {
  /** Throw `NoFilesFoundError` when a pattern matches no file (default true, as ESLint); false: skip it quietly. */
  errorOnUnmatchedPattern?: boolean | undefined;
  /**
   * Judge the files named one by one as a directory walk would (`--as-walk`, for pre-commit, which
   * names every staged file): YAML that is not recognisably Kubernetes or Compose is left alone, and a
   * Helm template stands for its chart (the chart's `Chart.yaml` is read once, in its place).
   */
  asWalk?: boolean | undefined;
}

export function toDisplayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? basename(abs) : rel).split(sep).join('/');
}

/**
 * The chart directory when `abs` is a Helm chart template: under a `templates/` directory that has
 * a `Chart.yaml` beside it (at any depth below `templates/`, as Helm reads them).
 */
function helmChartOf(abs: string, hasChart: (dir: string) => boolean): string | undefined {
  let dir = dirname(abs);
  for (let parent = dirname(dir); parent !== dir; dir = parent, parent = dirname(dir)) {
    if (basename(dir) === 'templates' && hasChart(parent)) return parent;
  }
  return undefined;
}

/**
 * The parent chart when `abs` is the `Chart.yaml` of a subchart (a chart in another chart's
 * `charts/` directory): `helm template` of the parent renders it, so the parent's one line speaks for both.
 */
function parentChartOf(abs: string, hasChart: (dir: string) => boolean): string | undefined {
  if (basename(abs) !== 'Chart.yaml') return undefined;
  const charts = dirname(dirname(abs));
  return basename(charts) === 'charts' && hasChart(dirname(charts)) ? dirname(charts) : undefined;
}

/**
 * Package managers' vendor directories, each known by the file its manager writes in it: what they
 * hold is third-party code (a vendored library's own compose file or Dockerfile), not the
 * repository's config.
 */
const VENDOR_MARKERS: readonly { file: string; by: string }[] = [
  { file: 'modules.txt', by: 'Go modules' },
  { file: 'autoload.php', by: 'Composer' },
];

/** A `vendor` directory somewhere in a path (globby gives `/` on every platform). */
const VENDOR_SEGMENT = /[\\/]vendor[\\/]/;

/**
 * The outermost `vendor/` directory between `root` and `abs` (found by a walk of `root`) that a
 * package manager wrote, with the manager's name (`managerOf`); undefined when there is none. A
 * walk that starts inside such a directory lints it.
 */
function vendorOf(abs: string, root: string, managerOf: (dir: string) => string | undefined): { dir: string; by: string } | undefined {
  const parts = relative(root, abs).split(sep);
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] !== 'vendor') continue;
    const dir = join(root, ...parts.slice(0, i + 1));
    const by = managerOf(dir);
    if (by !== undefined) return { dir, by };
  }
  return undefined;
}

/**
 * Expand paths, directories and globs into the files portlint reads. Directories are walked
 * honouring `.gitignore`, including dotfiles (`.env.production`), skipping node_modules and .git.
 * A file named explicitly is linted whatever its name (unless `asWalk`). A walk or glob leaves out
 * what a package manager vendored (`VENDOR_MARKERS`), Helm chart templates (the chart's
 * `Chart.yaml` stands for them) and subcharts (the parent's `Chart.yaml` does). A pattern that
 * matches no file throws `NoFilesFoundError`, unless `errorOnUnmatchedPattern` is false. `ignore`
 * patterns (`--ignore`) are matched against paths relative to `cwd` by the matcher config
 * `ignorePatterns` use, with the same .gitignore-like semantics (`vendor` skips every `vendor/`
 * directory).
 */
export async function discover(
  patterns: readonly string[],
  cwd: string,
  ignore: readonly string[] = [],
  options: DiscoverOptions = {},
): Promise<Discovered> {
  const files = new Set<string>();
  const named = new Set<string>();
  const errors: FileError[] = [];
  const skipped: Discovered['skipped'] = [];
  const unmatched: string[] = [];
  const ignoreList = compileIgnoreList(ignore);
  const ignored = (display: string): boolean => {
    if (ignoreList.length === 0 || !ignoredBy(ignoreList, display)) return false;
    skipped.push({ file: display, reason: 'ignored by --ignore' });
    return true;
  };
  const charts = new Map<string, boolean>();
  const hasChart = (dir: string): boolean => {
    let has = charts.get(dir);
    if (has === undefined) charts.set(dir, (has = existsSync(join(dir, 'Chart.yaml'))));
    return has;
  };
  const managers = new Map<string, string | undefined>();
  const managerOf = (dir: string): string | undefined => {
    if (!managers.has(dir)) managers.set(dir, VENDOR_MARKERS.find((m) => existsSync(join(dir, m.file)))?.by);
    return managers.get(dir);
  };
  /** Why a walk or glob of `root` leaves `f` out (vendored, a Helm template or subchart), or undefined. */
  const leftOut = (f: string, root: string): string | undefined => {
    const vendor = VENDOR_SEGMENT.test(f) ? vendorOf(f, root, managerOf) : undefined;
    if (vendor !== undefined) return `vendored by ${vendor.by} (${toDisplayPath(vendor.dir, cwd)}/): third-party code`;
    const chart = helmChartOf(f, hasChart);
    if (chart !== undefined) return `Helm template of the chart in ${toDisplayPath(chart, cwd)}`;
    const parent = parentChartOf(f, hasChart);
    if (parent !== undefined) return `Helm subchart of the chart in ${toDisplayPath(parent, cwd)}, which renders it`;
    return undefined;
  };
  /** Add what a walk or glob of `root` found; returns how many files it matched (skipped ones included). */
  const addFound = (found: readonly string[], root: string): number => {
    let n = 0;
    for (const f of found) {
      if (!isLintable(f)) continue;
      n++;
      const display = toDisplayPath(f, cwd);
      if (ignored(display)) continue;
      const reason = leftOut(f, root);
      if (reason === undefined) files.add(display);
      else skipped.push({ file: display, reason });
    }
    return n;
  };
  const globOptions = {
    cwd,
    dot: true,
    gitignore: true,
    ignore: ALWAYS_IGNORED,
    followSymbolicLinks: false,
    absolute: true,
    suppressErrors: true,
  };
  for (const p of patterns.length > 0 ? patterns : ['.']) {
    if (await isGlob(p)) {
      if (addFound((await loadGlobby()).globbySync(p, globOptions), cwd) === 0) unmatched.push(p);
      continue;
    }
    const abs = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') unmatched.push(p);
      else errors.push({ id: 'file-error', file: p, message: describeFsError(err), explicit: true });
      continue;
    }
    if (stat.isDirectory()) {
      if (addFound((await loadGlobby()).globbySync(LINTABLE_NAME_GLOBS, { ...globOptions, cwd: abs }), abs) === 0) unmatched.push(p);
    } else if (stat.isFile() && options.asWalk) {
      addFound([abs], cwd);
      // A template or a subchart stands for the chart that renders it: the outermost one.
      let chart = helmChartOf(abs, hasChart) ?? parentChartOf(abs, hasChart);
      for (let parent = chart; parent !== undefined; parent = parentChartOf(join(parent, 'Chart.yaml'), hasChart)) chart = parent;
      if (chart !== undefined && !ignored(toDisplayPath(join(chart, 'Chart.yaml'), cwd)))
        files.add(toDisplayPath(join(chart, 'Chart.yaml'), cwd));
    } else if (stat.isFile()) {
      const file = toDisplayPath(abs, cwd);
      if (ignored(file)) continue;
      files.add(file);
      named.add(file);
    } else errors.push({ id: 'file-error', file: p, message: 'not a regular file or directory', explicit: true });
  }
  if (unmatched.length > 0 && options.errorOnUnmatchedPattern !== false) throw new NoFilesFoundError(unmatched);
  return { files: [...files].sort(), errors, named, skipped: skipped.filter((s) => !named.has(s.file)) };
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export type ReadOutcome =
  /** `encoding`: the text was not valid UTF-8 and is decoded with replacement characters; the file is still linted. */
  | { ok: true; text: string; encoding?: ParseProblem }
  | { ok: false; id: ProblemId; message: string; severity: 1 | 2; line?: number; column?: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/**
 * Decode file bytes. Binary content is a clear skip, not garbage findings. Text with an invalid
 * UTF-8 byte (a stray Latin-1 character in a comment) gets the encoding error and is still linted,
 * decoded with replacement characters, so an FTP URL two lines below it is still found.
 */
export function decode(bytes: Uint8Array): ReadOutcome {
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul !== -1) return { ok: false, id: 'skipped-file', severity: 1, message: `skipped: binary file (NUL byte at offset ${nul})` };
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = Buffer.from(bytes.subarray(0, at)).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const encoding: ParseProblem = {
      id: 'file-error',
      severity: 'error',
      fatal: false,
      line,
      column,
      message: `Not valid UTF-8 (invalid byte at line ${line}, column ${column}): read with replacement characters. Save the file as UTF-8.`,
    };
    return { ok: true, text: utf8Lenient.decode(bytes), encoding };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest invalid prefix; cut points inside a character only shift by <4 bytes.
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    try {
      utf8.decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  // Then byte by byte: the first byte whose prefix does not decode is the invalid one.
  for (let i = lo; i < hi; i++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, i + 1), { stream: true });
    } catch {
      // A lead byte is only found invalid at the byte after it that does not continue it: point at the lead byte.
      for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
        const b = bytes[j] ?? 0;
        if (b >= 0xc0) return j;
        if (b < 0x80) break;
      }
      return i;
    }
  }
  return lo;
}

/**
 * Read one file, bounded by `maxSize` bytes: one open, one fstat and its reads (a `statSync` before
 * `readFileSync` would look the path up twice and stat it twice).
 */
export function readLintFile(file: string, cwd: string, maxSize: number): ReadOutcome {
  const abs = resolve(cwd, file);
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    // A file too large to lint is reported as that even when it cannot be opened either.
    const size = statSync(abs, { throwIfNoEntry: false })?.size;
    return size !== undefined && size > maxSize
      ? tooLarge(size, maxSize)
      : { ok: false, id: 'file-error', severity: 2, message: describeFsError(err) };
  }
  try {
    const size = fstatSync(fd).size;
    return size > maxSize ? tooLarge(size, maxSize) : decode(readOpen(fd, size));
  } catch (err) {
    return { ok: false, id: 'file-error', severity: 2, message: describeFsError(err) };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, maxSize: number): ReadOutcome {
  return {
    ok: false,
    id: 'skipped-file',
    severity: 1,
    message: `skipped: ${formatBytes(size)} is over the --max-file-size limit of ${formatBytes(maxSize)}`,
  };
}

/**
 * The content of the open file `fd`, whose size fstat gave as `size`: read to its end, as
 * `readFileSync` would (a size of 0 is what some special files report whatever their content).
 */
function readOpen(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, bytes, read, size - read, null);
    if (n === 0) break;
    read += n;
  }
  return read < size ? bytes.subarray(0, read) : bytes;
}

/** Whether a `Chart.yaml` is in the file's directory or one above it (up to the file system root). */
export function inHelmChart(file: string, cwd: string): boolean {
  for (let dir = dirname(resolve(cwd, file)), parent = dirname(dir); ; dir = parent, parent = dirname(dir)) {
    if (existsSync(join(dir, 'Chart.yaml'))) return true;
    if (parent === dir) return false;
  }
}

/**
 * Read a file a compose project names (`include:`, `extends.file`, `env_file:`), by a path
 * relative to `cwd` or absolute, bounded to 1 MiB; why not when it cannot be. Only regular files
 * outside `/proc`, `/sys` and `/dev`: a linted file must not make portlint read the process's own
 * environment (that takes `--env-from-process`).
 */
export function readProjectFile(path: string, cwd: string): { ok: true; text: string } | { ok: false; reason: string } {
  const p = resolve(cwd, path);
  if (/^\/(proc|sys|dev)(\/|$)/.test(p)) return { ok: false, reason: 'a system path, not read' };
  try {
    // No throw when it is absent (the common case: the `.env` beside a compose file); an
    // exception costs more than the stat.
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat) return { ok: false, reason: describeFsError({ code: 'ENOENT' }) };
    if (stat.isDirectory()) return { ok: false, reason: 'it is a directory' };
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stat.size > 1024 * 1024)
      return { ok: false, reason: `${formatBytes(stat.size)} is over the 1 MiB limit for files a project names` };
    return { ok: true, text: readFileSync(p, 'utf8') };
  } catch (err) {
    return { ok: false, reason: describeFsError(err) };
  }
}

/** Read a small file beside `file` (the `.env` next to a compose file) as `readProjectFile` does; undefined when it cannot. */
export function readSibling(file: string, cwd: string, name: string): string | undefined {
  const read = readProjectFile(join(dirname(resolve(cwd, file)), name), cwd);
  return read.ok ? read.text : undefined;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** A parse result with the problems of reading its file (an encoding error) first. */
export function withReadProblems(parsed: ParseResult, read: Extract<ReadOutcome, { ok: true }>): ParseResult {
  if (read.encoding) parsed.problems.unshift(read.encoding);
  return parsed;
}
