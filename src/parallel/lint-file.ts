/**
 * Lint one file the way `lintFiles` does (read, parse, file-scope rules, suppressions), for a
 * worker thread. What project-scope rules need goes back to the main thread, which runs them over
 * every file at the end.
 */
import { safeParse } from '../parsers/index.js';
import { Linter } from '../engine/linter.js';
import type { ResolvedRule } from '../engine/rule.js';
import { objectIgnores } from '../engine/suppressions.js';
import { readLintFile, readSibling } from '../files.js';
import type { ParseResult } from '../model.js';
import type { FileOutcome, WorkerSetup } from './protocol.js';

/** True when suppressions in the file could silence a finding (comment directives or object annotations). */
function hasSuppressions(parsed: ParseResult, setup: WorkerSetup): boolean {
  if (setup.linterOptions.allowInlineConfig === false || parsed.format === null) return false;
  return parsed.comments.length > 0 || objectIgnores(parsed.facts).size > 0;
}

/** Lint `file` (relative to `setup.cwd`) with `rules`, the rules its config turns on. */
export function lintFile(file: string, rules: readonly ResolvedRule[], setup: WorkerSetup): FileOutcome {
  const fileRules = rules.filter((r) => r.rule.meta.scope === 'file');
  const linter = new Linter(fileRules, setup.linterOptions);
  const read = readLintFile(file, setup.cwd, setup.maxFileSize);
  if (!read.ok) {
    linter.addError(file, read.message, read.line, read.column, read.severity);
    return { kind: 'done', result: linter.finish()[0] };
  }
  const parsed = safeParse(read.text, file, { env: setup.env, readSibling: (name) => readSibling(file, setup.cwd, name) });
  // Every such file, whatever its own rules: a project-scope rule on for one file reads them all.
  const forProject = setup.project && parsed.format !== null && (setup.linterOptions.projectFormats?.has(parsed.format) ?? true);
  if (forProject && hasSuppressions(parsed, setup)) return { kind: 'deferred', parsed };
  linter.add(parsed);
  // Parse problems are in the result already; the main thread needs only the model.
  return { kind: 'done', result: linter.finish()[0], project: forProject ? { ...parsed, problems: [] } : undefined };
}
