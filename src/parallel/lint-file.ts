/**
 * Read, parse and lint one file: the per-file phase with its I/O, the same on the main thread and
 * in a worker. What project-scope rules need goes to the project phase (`engine/phases.ts`).
 */
import { lintParsedFile, unreadableFile, type FileOutcome } from '../engine/phases.js';
import type { ResolvedRule } from '../engine/rule.js';
import { readLintFile, readSibling, withReadProblems } from '../files.js';
import { safeParse } from '../parsers/index.js';
import type { WorkerSetup } from './protocol.js';

/** Lint `file` (relative to `setup.cwd`) with `rules`, the rules its config turns on. */
export function lintFile(file: string, rules: readonly ResolvedRule[], setup: WorkerSetup): FileOutcome {
  const read = readLintFile(file, setup.cwd, setup.maxFileSize);
  if (!read.ok) return unreadableFile(file, { id: read.id, message: read.message, line: read.line ?? 1, column: read.column ?? 1, severity: read.severity }, rules, setup);
  const parsed = withReadProblems(safeParse(read.text, file, { env: setup.env, readSibling: (name) => readSibling(file, setup.cwd, name) }), read);
  return lintParsedFile(parsed, rules, setup);
}
