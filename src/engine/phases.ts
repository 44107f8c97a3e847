/**
 * The two phases of a lint run, shared by the main thread and the workers (as ESLint's worker calls
 * the same function as its main thread):
 *
 * 1. **Per file** (`lintParsedFile`): a parse result and the rules its config turns on → its
 *    result, complete but for project-scope findings, plus the slim parse result the project
 *    phase reads when the file is one a project-scope rule looks at.
 * 2. **Project** (`ProjectPhase`): takes the per-file outcomes in input order, runs the
 *    project-scope rules once over every kept file, applies the suppressions of those files, and
 *    returns every result sorted by path.
 *
 * A compose file that `include:`s others lints their services as part of its project (their
 * declarations are in its parse result, `ParseResult.included`): the findings on their lines come
 * back as `included` results, and the project phase puts them in those files' results in place
 * of the findings the files got when linted on their own (`withIncluded`). The project-scope rules
 * read the same one view (`includedOnce`), so their findings there are the includer's already.
 *
 * No I/O: reading files is the caller's (`src/parallel/lint-file.ts`, `lintText`).
 */
import type { Format, ParseResult, ProblemId } from '../model.js';
import { isBuiltin } from './builtin.js';
import { hasNoModel } from './kept.js';
import { Linter, type FinishHooks, type LinterOptions } from './linter.js';
import { compareMessages, compareResults, emptyLintResult, recount, type LintMessage, type LintResult } from './results.js';
import type { ResolvedRule } from './rule.js';
import { objectIgnores } from './suppressions.js';
import { ListMemo } from '../util/list-memo.js';

/** What the per-file phase needs besides the file: the same for every file of a run. */
export interface FileSetup {
  linterOptions: LinterOptions;
  /** Whether any file's rules include a project-scope rule: then the project phase needs parse results. */
  project: boolean;
}

/**
 * How one file came out of the per-file phase.
 * - `done`: its result is complete but for project-scope findings; `project` is the (slim) parse
 *   result the project-scope rules read, when the file is one they look at.
 * - `deferred`: the project phase must lint it whole (the file carries suppressions that
 *   project-scope findings may use, so unused-suppression reports need every rule's findings in one place).
 */
export type FileOutcome =
  /** `included`: the findings on the lines of files it includes (compose `include:`), made in its project. */
  (
    | { kind: 'done'; result: LintResult; project?: ParseResult | undefined; included?: LintResult[] | undefined }
    | { kind: 'deferred'; parsed: ParseResult }
    /** A file found by a walk that holds nothing portlint reads and has nothing to say: left out, as if never found. */
    | { kind: 'empty' }
  ) & { read?: ReadAs | undefined };

/** What a file was read as (`--debug`): its format, or why it was not linted. */
export interface ReadAs {
  file: string;
  format: Format | null;
  reason?: string | undefined;
}

/**
 * True when suppressions could silence a finding the file's project makes: comment directives or
 * object annotations, in it or in a file it includes (the project phase needs those comments).
 */
function hasSuppressions(parsed: ParseResult, setup: FileSetup): boolean {
  if (setup.linterOptions.allowInlineConfig === false || parsed.format === null) return false;
  return parsed.comments.length > 0 || (parsed.included ?? []).some((inc) => inc.comments.length > 0) || objectIgnores(parsed).size > 0;
}

/** A config's rules split by scope. */
interface RulesByScope {
  file: readonly ResolvedRule[];
  project: readonly ResolvedRule[];
}

const byScopeOf = new ListMemo<readonly ResolvedRule[], RulesByScope>();

/** The rules of one config by scope, split once per list (every file of a config shares its list). */
function byScope(rules: readonly ResolvedRule[]): RulesByScope {
  return byScopeOf.get(rules, () => ({
    file: rules.filter((r) => r.rule.meta.scope === 'file'),
    project: rules.filter((r) => r.rule.meta.scope === 'project'),
  }));
}

/** The per-file phase: parse problems, file-scope rules and suppressions of one parsed file. */
export function lintParsedFile(parsed: ParseResult, rules: readonly ResolvedRule[], setup: FileSetup): FileOutcome {
  // Every such file, whatever its own rules: a project-scope rule on for one file reads them all.
  const forProject = setup.project && parsed.format !== null && (setup.linterOptions.projectFormats?.has(parsed.format) ?? true);
  if (forProject && hasSuppressions(parsed, setup)) return { kind: 'deferred', parsed };
  const fileRules = byScope(rules).file;
  const linter = new Linter(fileRules, setup.linterOptions);
  // Only a lint with file-scope rules speaks for the files it includes (a file linted for context
  // alone, in a shard that does not report it, must not wipe what their own lint found).
  linter.add(parsed, { context: fileRules.length === 0 });
  const result = linter.finish().find((r) => r.filePath === parsed.file)!;
  const included = linter.included();
  // Parse problems are in the results already; the project phase needs only the model, and which
  // files it includes (their comments are none: a file whose included files have some is deferred).
  const slimIncluded = parsed.included?.map((inc) => ({ file: inc.file, comments: [], problems: [] }));
  return {
    kind: 'done',
    result,
    project:
      forProject && !hasNoModel(parsed) ? { ...parsed, problems: [], comments: [], objects: [], included: slimIncluded ?? [] } : undefined,
    ...(included.length > 0 ? { included } : {}),
  };
}

/** The per-file outcome of a file that could not be read. */
export function unreadableFile(
  file: string,
  problem: { id: ProblemId; message: string; line: number; column: number; severity: 1 | 2 },
  rules: readonly ResolvedRule[],
  setup: FileSetup,
): FileOutcome {
  const linter = new Linter([], setup.linterOptions);
  linter.addError(file, problem.message, problem.line, problem.column, problem.severity, problem.id, rules);
  return { kind: 'done', result: linter.finish()[0]! };
}

/**
 * The project phase. Feed it every outcome in input order (`accept`), then `finish`. The models
 * it keeps (`KeptModels`) are kept alike whether the outcome was made on this thread or came from a
 * worker: as they came, or as compact copies once `compact` was called.
 */
export class ProjectPhase {
  /** The per-file results, in input order; one that says nothing by its file's path alone (most files on a large run). */
  private readonly results: (LintResult | string)[] = [];
  private readonly included: LintResult[] = [];
  /** The ids of the project-scope rules of the run: their findings are the project phase's, made from the one view. */
  private readonly projectRuleIds = new Set<string>();
  /** The rule lists whose project-scope ids are in `projectRuleIds` already (one per config). */
  private readonly ruleLists = new WeakSet<readonly ResolvedRule[]>();
  private readonly linter: Linter;

  constructor(linterOptions: LinterOptions) {
    this.linter = new Linter([], linterOptions);
  }

  accept(outcome: FileOutcome, rules: readonly ResolvedRule[]): void {
    if (outcome.kind === 'empty') return;
    const { file: fileRules, project: projectRules } = byScope(rules);
    if (!this.ruleLists.has(rules)) {
      this.ruleLists.add(rules);
      for (const r of projectRules) this.projectRuleIds.add(r.rule.meta.id);
    }
    if (outcome.kind === 'deferred') {
      this.linter.add(outcome.parsed, { rules, context: fileRules.length === 0 });
      return;
    }
    this.results.push(saysNothing(outcome.result) ? outcome.result.filePath : outcome.result);
    if (outcome.included) this.included.push(...outcome.included);
    if (outcome.project) this.linter.add(outcome.project, { rules: projectRules, context: true, modelOnly: true });
  }

  /** Keep the models as compact copies from now on (`Linter.compactKept`): the heap budget asks, before it collects. */
  compact(): void {
    this.linter.compactKept();
  }

  /**
   * Run the project-scope rules; `errors` are paths that could not be linted at all (discovery
   * errors); `hooks` are called as `Linter.finish` says.
   */
  finish(errors: readonly { file: string; message: string }[] = [], hooks: FinishHooks = {}): LintResult[] {
    for (const e of errors) this.linter.addError(e.file, e.message);
    const project = this.linter.finish(hooks);
    const results = merge(
      this.results.map((r) => (typeof r === 'string' ? emptyLintResult(r) : r)),
      project,
    );
    // Project-scope findings on an included file's lines are made from the includer's view already.
    const fromProject = (m: LintMessage): boolean => m.ruleId !== null && this.projectRuleIds.has(m.ruleId);
    return withIncluded(results, [...this.included, ...this.linter.included()], fromProject);
  }
}

/** Whether a result is exactly `emptyLintResult` of its file: no message, nothing counted. */
function saysNothing(r: LintResult): boolean {
  const counts = r.errorCount + r.warningCount + r.fatalErrorCount + r.fixableErrorCount + r.fixableWarningCount;
  return r.messages.length === 0 && r.suppressedMessages?.length === 0 && counts === 0 && Object.keys(r).length === EMPTY_RESULT_KEYS;
}

const EMPTY_RESULT_KEYS = Object.keys(emptyLintResult('')).length;

/** What identifies a message for the merge of included results: two includers reading a file alike say the same. */
function messageKey(m: LintMessage): string {
  return `${m.line}:${m.column}:${m.ruleId ?? ''}:${m.messageId ?? ''}:${m.message}`;
}

/**
 * Put the findings made on included files' lines into their results. A file a compose file of the
 * run includes is linted as part of that project, as docker compose reads it: its rule findings
 * from its own lint (with its own `.env`) give way to those made in the includer's project, so
 * one port is reported once, with the values the project gives it; its own parse problems and
 * directive reports stay, and so do the messages `keep` says are made in the project already. Two includers that say the same about a line say it once. A file no
 * walk found (only the includer was named) gets a result of its own.
 */
export function withIncluded(
  results: LintResult[],
  included: readonly LintResult[],
  keep: (m: LintMessage) => boolean = () => false,
): LintResult[] {
  if (included.length === 0) return results;
  const byPath = new Map(results.map((r) => [r.filePath, r]));
  const fresh = new Set<string>();
  for (const inc of included) {
    let result = byPath.get(inc.filePath);
    if (!result || !fresh.has(inc.filePath)) {
      const own = (m: LintMessage): boolean => isBuiltin(m.ruleId) || m.ruleId === null || keep(m);
      result = {
        ...(result ?? { ...inc, messages: [], suppressedMessages: [] }),
        messages: (result?.messages ?? []).filter(own),
        suppressedMessages: (result?.suppressedMessages ?? []).filter(own),
      };
      fresh.add(inc.filePath);
    }
    const seen = new Set(result.messages.map(messageKey));
    const messages = [...result.messages, ...inc.messages.filter((m) => !seen.has(messageKey(m)))].sort(compareMessages);
    const seenSuppressed = new Set((result.suppressedMessages ?? []).map(messageKey));
    const suppressedMessages = [
      ...(result.suppressedMessages ?? []),
      ...(inc.suppressedMessages ?? []).filter((m) => !seenSuppressed.has(messageKey(m))),
    ].sort(compareMessages);
    byPath.set(inc.filePath, recount({ ...result, messages, suppressedMessages }));
  }
  return [...byPath.values()].sort(compareResults);
}

/** Add the project phase's findings to the per-file results; sorted as `Linter.finish()` sorts. */
function merge(perFile: readonly LintResult[], project: readonly LintResult[]): LintResult[] {
  const byPath = new Map(perFile.map((r) => [r.filePath, r]));
  for (const extra of project) {
    const result = byPath.get(extra.filePath);
    if (!result) byPath.set(extra.filePath, extra);
    else {
      if (extra.messages.length > 0) {
        result.messages.push(...extra.messages);
        result.messages.sort(compareMessages);
        result.errorCount += extra.errorCount;
        result.warningCount += extra.warningCount;
        result.fatalErrorCount += extra.fatalErrorCount;
      }
      if (extra.suppressedMessages?.length) {
        result.suppressedMessages = [...(result.suppressedMessages ?? []), ...extra.suppressedMessages].sort(compareMessages);
      }
    }
  }
  return [...byPath.values()].sort(compareResults);
}
