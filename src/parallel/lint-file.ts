/**
 * Read, parse and lint one file: the per-file phase with its I/O, the same on the main thread and
 * in a worker. What project-scope rules need goes to the project phase (`engine/phases.ts`).
 */
import { lintParsedFile, unreadableFile, type FileOutcome, type ReadAs } from '../engine/phases.js';
import type { ParseResult } from '../model.js';
import type { ResolvedRule } from '../engine/rule.js';
import { inHelmChart, readLintFile, readProjectFile, readSibling, withReadProblems } from '../files.js';
import { safeParse } from '../parsers/index.js';
import type { Task, WorkerSetup } from './protocol.js';

/** What reading and parsing one file gave: the read failure, or the parse result and what it was read as (`--debug`). */
export type ParsedOnDisk =
  { ok: false; read: Extract<ReturnType<typeof readLintFile>, { ok: false }> } | { ok: true; parsed: ParseResult; readAs: ReadAs };

/** Read and parse `file` (relative to `cwd`): the I/O that `lintFile` and `listPorts` share. */
export function parseFileOnDisk(
  file: string,
  options: { cwd: string; maxFileSize: number; env?: ReadonlyMap<string, string> | undefined; walked: boolean },
): ParsedOnDisk {
  const read = readLintFile(file, options.cwd, options.maxFileSize);
  if (!read.ok) return { ok: false, read };
  const parsed = withReadProblems(
    safeParse(read.text, file, {
      env: options.env,
      walked: options.walked,
      readSibling: (name) => readSibling(file, options.cwd, name),
      readFile: (path) => readProjectFile(path, options.cwd),
      inHelmChart: () => inHelmChart(file, options.cwd),
    }),
    read,
  );
  const readAs: ReadAs =
    parsed.format !== null
      ? { file, format: parsed.format }
      : { file, format: null, reason: parsed.problems[0]?.message ?? notReadReason(file) };
  return { ok: true, parsed, readAs };
}

/** Whether a parse result holds nothing portlint reads and nothing to say: it is left out, as if never found. */
export function isEmptyParse(parsed: ParseResult): boolean {
  return parsed.format === null && parsed.problems.length === 0;
}

const namedSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The files named one by one, as a set (built once per worker setup). */
function namedSet(named: readonly string[]): ReadonlySet<string> {
  let set = namedSets.get(named);
  if (!set) namedSets.set(named, (set = new Set(named)));
  return set;
}

/** Lint `file` (relative to `setup.cwd`) with `rules`, the rules its config turns on. */
export function lintFile(file: string, rules: readonly ResolvedRule[], setup: WorkerSetup): FileOutcome {
  const walked = setup.named === undefined || !namedSet(setup.named).has(file);
  const result = parseFileOnDisk(file, { cwd: setup.cwd, maxFileSize: setup.maxFileSize, env: setup.env, walked });
  if (!result.ok) {
    const { read } = result;
    const outcome = unreadableFile(
      file,
      { id: read.id, message: read.message, line: read.line ?? 1, column: read.column ?? 1, severity: read.severity },
      rules,
      setup,
    );
    return { ...outcome, read: { file, format: null, reason: read.message } };
  }
  if (isEmptyParse(result.parsed)) return { kind: 'empty', read: result.readAs };
  return { ...lintParsedFile(result.parsed, rules, setup), read: result.readAs };
}

/** Lint every file of `task` (the same on every thread): file `i` with rule set `ruleSets[task.ruleSets[i]]`. */
export function lintTask(task: Task, ruleSets: readonly (readonly ResolvedRule[])[], setup: WorkerSetup): FileOutcome[] {
  return task.files.map((file, i) => {
    const rules = ruleSets[task.ruleSets[i]!];
    if (!rules) throw new Error(`portlint: a lint task names rule set ${task.ruleSets[i]}, which was not planned`);
    return lintFile(file, rules, setup);
  });
}

/** Why a file that parsed as nothing was not linted. */
export function notReadReason(file: string): string {
  return /\.ya?ml$/i.test(file) ? 'YAML that is neither Kubernetes nor Compose' : 'nothing portlint reads';
}
