/**
 * Read, parse and lint one file: the per-file phase with its I/O, the same on the main thread and
 * in a worker. What project-scope rules need goes to the project phase (`engine/phases.ts`).
 */
import { lintParsedFile, unreadableFile, type FileOutcome } from '../engine/phases.js';
import type { ResolvedRule } from '../engine/rule.js';
import { inHelmChart, readLintFile, readSibling, withReadProblems } from '../files.js';
import { safeParse } from '../parsers/index.js';
import type { WorkerSetup } from './protocol.js';

/** Lint `file` (relative to `setup.cwd`) with `rules`, the rules its config turns on. */
export function lintFile(file: string, rules: readonly ResolvedRule[], setup: WorkerSetup): FileOutcome {
  const read = readLintFile(file, setup.cwd, setup.maxFileSize);
  if (!read.ok) {
    const outcome = unreadableFile(
      file,
      { id: read.id, message: read.message, line: read.line ?? 1, column: read.column ?? 1, severity: read.severity },
      rules,
      setup,
    );
    return { ...outcome, read: { file, format: null, reason: read.message } };
  }
  const parsed = withReadProblems(
    safeParse(read.text, file, {
      env: setup.env,
      walked: !setup.named?.includes(file),
      readSibling: (name) => readSibling(file, setup.cwd, name),
      inHelmChart: () => inHelmChart(file, setup.cwd),
    }),
    read,
  );
  const readAs =
    parsed.format !== null
      ? { file, format: parsed.format }
      : { file, format: null, reason: parsed.problems[0]?.message ?? notReadReason(file) };
  if (parsed.format === null && parsed.problems.length === 0) return { kind: 'empty', read: readAs };
  return { ...lintParsedFile(parsed, rules, setup), read: readAs };
}

/** Why a file that parsed as nothing was not linted. */
export function notReadReason(file: string): string {
  return /\.ya?ml$/i.test(file) ? 'YAML that is neither Kubernetes nor Compose' : 'nothing portlint reads';
}
