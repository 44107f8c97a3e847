/**
 * The files one compose project reads besides the compose file itself, and the variables each is
 * interpolated with: `include:` entries, `extends:` bases, `env_file:`s. Pure: paths are worked
 * out as text and read through a `ReadFile` the caller hands in, so the parser does no I/O.
 *
 * The rules mirror compose-go (`loader/include.go` `ApplyInclude`, `loader/extends.go`
 * `getExtendsBaseFromFile`):
 * - an include entry's `path`s, `project_directory` and `env_file`s are relative to the directory
 *   of the project that includes them (for the first file, its own folder);
 * - the included project's directory is `project_directory`, else the folder of its first path;
 *   its relative paths (its own includes, `extends.file`, `env_file`) resolve against it;
 * - its variables are the including project's, then those of the entry's `env_file`s (default:
 *   the `.env` in its project directory) for names the including project does not set — compose
 *   merges them with `Mapping.Merge`, which keeps what is already defined;
 * - an `extends.file` base is read relative to the project directory of the file that names it,
 *   and a base's own `extends.file` relative to the base's folder; bases are interpolated with the
 *   variables of the project that extends them (no `.env` of their own).
 */
import { dirOf, relativePath, resolvePath } from '../util/paths.js';
import { envVariables } from './env.js';

/** What reading a file gave: its text, or why there is none (`not found`, a permission error, too large). */
export type FileRead = { ok: true; text: string } | { ok: false; reason: string };

/** Read a file by a path as `resolvePath` gives it (relative to the same base as the linted file's own path, or absolute). */
export type ReadFile = (path: string) => FileRead;

/** How deep includes may nest (compose itself only refuses cycles; a chain this long is a mistake). */
export const MAX_INCLUDE_DEPTH = 8;

/** The project an include entry opens: its files, its directory, its variables. */
export interface IncludedProject {
  /** The compose files, resolved, in merge order. */
  files: string[];
  /** Where its relative paths resolve. */
  dir: string;
  vars: Map<string, string>;
  /** The env files read (resolved), for `--debug`-style messages and tests. */
  envFiles: string[];
  /** An `env_file` the entry names that cannot be read (compose refuses the project). */
  missingEnvFile?: { path: string; reason: string } | undefined;
}

/** An include entry with its values interpolated: `path` (one or more), `project_directory`, `env_file`. */
export interface IncludeEntry {
  paths: readonly string[];
  projectDirectory?: string | undefined;
  envFiles?: readonly string[] | undefined;
}

/**
 * The project an include entry opens from a project in `parent.dir` with `parent.vars`, as
 * compose-go's `ApplyInclude` works it out.
 */
export function includedProject(
  entry: IncludeEntry,
  parent: { dir: string; vars: ReadonlyMap<string, string> },
  read: ReadFile,
): IncludedProject {
  const files = entry.paths.map((p) => resolvePath(parent.dir, p));
  const dir =
    entry.projectDirectory !== undefined && entry.projectDirectory !== ''
      ? resolvePath(parent.dir, entry.projectDirectory)
      : dirOf(files[0] ?? parent.dir);
  const named = entry.envFiles !== undefined && entry.envFiles.length > 0;
  const candidates = named ? entry.envFiles!.map((f) => resolvePath(parent.dir, f)) : [resolvePath(dir, '.env')];
  const vars = new Map(parent.vars);
  const fromFiles = new Map<string, string>();
  const envFiles: string[] = [];
  let missingEnvFile: IncludedProject['missingEnvFile'];
  for (const path of candidates) {
    const got = read(path);
    if (!got.ok) {
      // The default `.env` is optional; a named env file is not.
      if (named) missingEnvFile ??= { path, reason: got.reason };
      continue;
    }
    envFiles.push(path);
    // Later env files win over earlier ones; the including project's variables win over all.
    for (const [k, v] of envVariables(got.text, parent.vars)) if (!parent.vars.has(k)) fromFiles.set(k, v);
  }
  for (const [k, v] of fromFiles) vars.set(k, v);
  return { files, dir, vars, envFiles, ...(missingEnvFile ? { missingEnvFile } : {}) };
}

/**
 * A `ReadFile` over a reader of files beside `file` by relative name (the `.env` reader of
 * `lintText`), for callers that hand in no `ReadFile`.
 */
export function readerBeside(file: string, readSibling: (name: string) => string | undefined): ReadFile {
  const dir = dirOf(file);
  return (path) => {
    const text = readSibling(relativePath(dir, path));
    return text === undefined ? { ok: false, reason: 'not found' } : { ok: true, text };
  };
}

/**
 * True for an include or extends path compose fetches through a remote loader (`oci://…`, a git
 * URL, `git@…`, any `scheme:` of two letters or more; `C:\…` is a Windows path), which portlint
 * does not follow.
 */
export function isRemote(path: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(path) || /^git@/.test(path);
}
