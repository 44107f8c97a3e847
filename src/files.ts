/**
 * File discovery and reading: the only module that touches the file system for lint input.
 * Every path problem becomes a `FileError` for that path; the run goes on with the others.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { globbySync, isDynamicPattern } from 'globby';
import { isLintable } from './parsers/index.js';
import type { ParseProblem, ParseResult, ProblemId } from './model.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface Discovered {
  /** Paths to lint, relative to cwd with `/` separators, sorted. */
  files: string[];
  /** Paths the user named that could not be used. */
  errors: FileError[];
}

export interface FileError {
  file: string;
  message: string;
  /** True when the user named this path explicitly (then a failure is a usage error, exit 2). */
  explicit: boolean;
}

export function toDisplayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? basename(abs) : rel).split(sep).join('/');
}

/**
 * Expand paths, directories and globs into the files portlint reads. Directories are walked
 * honouring `.gitignore`, including dotfiles (`.env.production`), skipping node_modules and .git.
 * A file named explicitly is linted whatever its name.
 */
export async function discover(patterns: readonly string[], cwd: string, ignore: readonly string[] = []): Promise<Discovered> {
  const files = new Set<string>();
  const errors: FileError[] = [];
  const globs: string[] = [];
  const dirs: string[] = [];
  for (const p of patterns.length > 0 ? patterns : ['.']) {
    if (isDynamicPattern(p)) {
      globs.push(p);
      continue;
    }
    const abs = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(abs);
    } catch (err) {
      errors.push({ file: p, message: describeFsError(err), explicit: true });
      continue;
    }
    if (stat.isDirectory()) dirs.push(abs);
    else if (stat.isFile()) files.add(toDisplayPath(abs, cwd));
    else errors.push({ file: p, message: 'not a regular file or directory', explicit: true });
  }
  const options = { cwd, dot: true, gitignore: true, ignore: [...ALWAYS_IGNORED, ...ignore], followSymbolicLinks: false, absolute: true, suppressErrors: true };
  for (const dir of dirs) {
    for (const f of globbySync('**/*', { ...options, cwd: dir })) if (isLintable(f)) files.add(toDisplayPath(f, cwd));
  }
  if (globs.length > 0) {
    for (const f of globbySync(globs, options)) if (isLintable(f)) files.add(toDisplayPath(f, cwd));
  }
  return { files: [...files].sort(), errors };
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

/** Read one file, bounded by `maxSize` bytes. */
export function readLintFile(file: string, cwd: string, maxSize: number): ReadOutcome {
  const abs = resolve(cwd, file);
  try {
    const size = statSync(abs).size;
    if (size > maxSize) {
      return { ok: false, id: 'skipped-file', severity: 1, message: `skipped: ${formatBytes(size)} is over the --max-file-size limit of ${formatBytes(maxSize)}` };
    }
    return decode(readFileSync(abs));
  } catch (err) {
    return { ok: false, id: 'file-error', severity: 2, message: describeFsError(err) };
  }
}

/** Read a small file beside `file` (e.g. the `.env` next to a compose file); undefined when absent or unreadable. */
export function readSibling(file: string, cwd: string, name: string): string | undefined {
  const p = join(dirname(resolve(cwd, file)), name);
  try {
    if (statSync(p).size > 1024 * 1024) return undefined;
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
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
