/**
 * The rule engine: takes parse results, runs the enabled rules with validated options, and turns
 * findings and parse problems into ESLint-shaped results. No I/O.
 */
import type { Format, ParseResult, ProblemId, SourceObject } from '../model.js';
import { toMessageSeverity } from '../severity.js';
import { builtinSeverity, isBuiltin } from './builtin.js';
import { closest } from '../util/closest.js';
import { ListMemo } from '../util/list-memo.js';
import {
  addMessage,
  compareMessages,
  compareResults,
  emptyLintResult,
  type LintMessage,
  type LintResult,
  type Suppression,
} from './results.js';
import { readsFormat, type ResolvedRule } from './rule.js';
import { includedFiles, includedOnce } from './included.js';
import { KeptModels } from './kept.js';
import { runRule, type Finding } from './run-rule.js';
import {
  directivesOf,
  objectAt,
  objectIgnores,
  objectKey,
  suppressedByDirectives,
  suppressedByObject,
  unknownAnnotationMessages,
  unknownRuleMessages,
  unusedAnnotationMessages,
  unusedDirectiveMessages,
  type Directive,
  type ObjectIgnore,
} from './suppressions.js';

export interface LinterOptions {
  /** Apply `# portlint-disable…` comments and `portlint.dev/ignore` annotations (default true). */
  allowInlineConfig?: boolean | undefined;
  /**
   * Report directives and annotations that silence nothing at this severity (1 warn, 2 error),
   * whatever the files' `unused-directive` setting (`--report-unused-disable-directives`).
   */
  reportUnusedDisableDirectives?: 1 | 2 | undefined;
  /** Every rule id that exists: ids in directives that are not among them are reported. */
  knownRuleIds?: readonly string[] | undefined;
  /**
   * The formats any project-scope rule of the run may read (`projectFormats(registry)`): only files
   * of these formats are kept until `finish()`. All formats when absent.
   */
  projectFormats?: ReadonlySet<Format> | undefined;
}

/** What the linter gets with one parsed file besides its parse result. */
export interface FileInput {
  /** The rules for this file (from its config); the constructor's rules when absent. */
  rules?: readonly ResolvedRule[];
  /**
   * The file's result is made elsewhere (by its per-file phase): the linter keeps its model for the
   * project-scope rules and makes a result for it only when they report in it.
   */
  modelOnly?: boolean;
  /**
   * The file is linted for its project-scope rules only, its own lint made elsewhere: it says
   * nothing about the files it includes (no `included()` results), though the project-scope
   * rules still read them in its project.
   */
  context?: boolean;
}

/** What `Linter.finish` calls as it goes (a long run collects its garbage there). */
export interface FinishHooks {
  /** After each project-scope rule's run. */
  afterRun?: (() => void) | undefined;
  /** Once the kept models are released, before the results are put together and written. */
  released?: (() => void) | undefined;
}

/** A project-scope rule with one setting, and the files it is on for. */
interface ProjectRun {
  resolved: ResolvedRule;
  files: Set<string>;
}

/**
 * Lints files one at a time (file-scope rules run as each file arrives) and keeps only the parse
 * results project-scope rules need; `finish()` runs those and returns results sorted by path.
 *
 * Rules may differ per file (config overrides): a project-scope rule runs once per distinct
 * setting, over every file (so references across files resolve), keeping the findings in the
 * files that setting applies to. Suppressions are applied to findings as they arrive.
 */
export class Linter {
  private readonly defaultRules: readonly ResolvedRule[];
  private readonly options: LinterOptions;
  private readonly known: ReadonlySet<string> | undefined;
  /** The models project-scope rules read at `finish()` (released once they have run); made with the first one. */
  private kept: KeptModels | undefined;
  /** Set when `finish` begins: the kept models are read as they are from then on. */
  private finishing = false;
  private readonly results = new Map<string, LintResult>();
  /** What includers' lints said about the lines of the files they include (compose `include:`), by file. */
  private readonly includedResults = new Map<string, LintResult>();
  /** File → the files it includes, for every file added. */
  private readonly includes = new Map<string, readonly string[]>();
  /** Project-scope rule id → setting key → run. */
  private readonly projectRuns = new Map<string, Map<string, ProjectRun>>();
  private readonly directives = new Map<string, Directive[]>();
  /** Per file with annotated objects: its objects (to place a finding by position) and their ignores by `objectKey`. */
  private readonly ignores = new Map<string, { objects: readonly SourceObject[]; byObject: Map<string, ObjectIgnore> }>();
  /** Severity of `unused-directive` and `unknown-rule` in each file with suppressions (from its rules). */
  private readonly directiveSeverity = new Map<string, { unused: 0 | 1 | 2; unknown: 0 | 1 | 2 }>();
  private keepAll: boolean;

  constructor(rules: readonly ResolvedRule[] = [], options: LinterOptions = {}) {
    this.defaultRules = rules;
    this.options = options;
    this.known = options.knownRuleIds ? knownSet(options.knownRuleIds) : undefined;
    this.keepAll = rules.some((r) => r.rule.meta.scope === 'project');
  }

  /** Record a file that could not be read or parsed at all (`file-error` unless said otherwise). */
  addError(
    filePath: string,
    message: string,
    line = 1,
    column = 1,
    severity: 1 | 2 = 2,
    id: ProblemId = 'file-error',
    rules: readonly ResolvedRule[] = this.defaultRules,
  ): void {
    const level = Math.min(severity, builtinSeverity(id, rules));
    this.resultFor(filePath);
    if (level !== 0) this.push({ filePath, ruleId: id, severity: level as 1 | 2, fatal: true, message, line, column });
  }

  /** Lint one parsed file: report its parse problems and run its file-scope rules (project-scope ones wait for `finish`). */
  add(parsed: ParseResult, input: FileInput = {}): void {
    if (input.modelOnly !== true) this.resultFor(parsed.file);
    const rules = input.rules ?? this.defaultRules;
    // Suppressions first: a directive naming `parse-error` silences the file's parse problems.
    if (this.options.allowInlineConfig !== false && parsed.format !== null) this.collectSuppressions(parsed, rules);
    // Files it includes (compose): findings on their lines go to them (`included()`), under their
    // own directives. Their unused directives are reported by their own lint, which sees the file whole.
    const included = parsed.included ?? [];
    if (included.length > 0)
      this.includes.set(
        parsed.file,
        included.map((inc) => inc.file),
      );
    const speaks = input.context !== true;
    for (const inc of included) {
      if (speaks) resultIn(this.includedResults, inc.file);
      if (this.options.allowInlineConfig !== false && inc.comments.length > 0 && !this.directives.has(inc.file)) {
        const directives = directivesOf(inc.comments);
        if (directives.length > 0) this.directives.set(inc.file, directives);
      }
    }
    // A finding on an included file's line is the includer's word about that file.
    const sink = (f: Finding): void => {
      if (f.filePath === parsed.file) this.push(f);
      else if (speaks) this.push(f, this.includedResults);
    };
    const problems = [
      ...parsed.problems.map((p) => ({ file: parsed.file, p })),
      ...included.flatMap((inc) => inc.problems.map((p) => ({ file: inc.file, p }))),
    ];
    for (const { file, p } of problems) {
      const level = Math.min(toMessageSeverity(p.severity), builtinSeverity(p.id, rules));
      if (level === 0) continue;
      sink({
        filePath: file,
        ruleId: p.id,
        severity: level as 1 | 2,
        fatal: p.fatal || undefined,
        message: p.message,
        line: p.line,
        column: p.column,
        endLine: p.endLine,
        endColumn: p.endColumn,
      });
    }
    if (parsed.format === null) return;
    for (const r of rules) {
      if (!readsFormat(r.rule, parsed.format)) continue;
      if (r.rule.meta.scope === 'file') runRule(r, [parsed], sink);
      else this.projectRunFor(r).files.add(parsed.file);
    }
    if (input.rules !== undefined) this.keepAll = true;
    if (this.keepAll && (this.options.projectFormats?.has(parsed.format) ?? true)) (this.kept ??= new KeptModels()).add(parsed);
  }

  /**
   * Make the kept models compact copies from now on (a long run, whose heap they would fill
   * otherwise). Not once `finish` has begun: the project-scope rules hold the models as they are.
   */
  compactKept(): void {
    if (!this.finishing) this.kept?.compact();
  }

  /**
   * Run the project-scope rules, report directive problems, and return every result sorted by path.
   * The rules read the run's one view (`includedOnce`): a file a compose file of the run includes
   * is read as in that project, so its findings are the includer's, under the includer's setting.
   * `hooks` let a long run collect its garbage between the steps.
   */
  finish(hooks: FinishHooks = {}): LintResult[] {
    this.finishing = true;
    this.runProjectRules(hooks.afterRun);
    // The models are read no more: let the results (and their output) have their room.
    this.kept = undefined;
    hooks.released?.();
    this.reportDirectiveProblems();
    const out = [...this.results.values()].sort(compareResults);
    for (const res of out) {
      res.messages.sort(compareMessages);
      res.suppressedMessages?.sort(compareMessages);
    }
    return out;
  }

  /** Each project-scope rule's runs over the kept models, `afterRun` after each. */
  private runProjectRules(afterRun: (() => void) | undefined): void {
    // A per-file lint has none: no view of the run to make.
    if (this.projectRuns.size === 0) return;
    const models = this.kept?.models ?? [];
    const view = includedOnce(models);
    const included = includedFiles(models);
    for (const runs of this.projectRuns.values()) {
      for (const run of runs.values()) {
        const files = new Set([...run.files].filter((f) => !included.has(f)));
        for (const f of run.files) for (const inc of this.includes.get(f) ?? []) files.add(inc);
        runRule(run.resolved, view, (f) => {
          if (files.has(f.filePath) || f.fatal) this.push(f);
        });
        afterRun?.();
      }
    }
  }

  /** What the lints of added files said about the lines of files they include, sorted by path (after `finish`). */
  included(): LintResult[] {
    const out = [...this.includedResults.values()].sort(compareResults);
    for (const res of out) {
      res.messages.sort(compareMessages);
      res.suppressedMessages?.sort(compareMessages);
    }
    return out;
  }

  private projectRunFor(resolved: ResolvedRule): ProjectRun {
    const id = resolved.rule.meta.id;
    let runs = this.projectRuns.get(id);
    if (!runs) {
      runs = new Map();
      this.projectRuns.set(id, runs);
    }
    const key = settingKey(resolved);
    let run = runs.get(key);
    if (!run) {
      run = { resolved, files: new Set() };
      runs.set(key, run);
    }
    return run;
  }

  private collectSuppressions(parsed: ParseResult, rules: readonly ResolvedRule[]): void {
    // One set of directives per file: an includer may have read this file's already.
    const directives = this.directives.get(parsed.file) ?? (parsed.comments.length > 0 ? directivesOf(parsed.comments) : []);
    if (directives.length > 0) this.directives.set(parsed.file, directives);
    const byObject = objectIgnores(parsed);
    if (byObject.size > 0) this.ignores.set(parsed.file, { objects: parsed.objects, byObject });
    if (directives.length > 0 || byObject.size > 0) {
      const unused = this.options.reportUnusedDisableDirectives ?? builtinSeverity('unused-directive', rules);
      this.directiveSeverity.set(parsed.file, { unused, unknown: builtinSeverity('unknown-rule', rules) });
    }
  }

  /** The comment directives or the object annotation that silence this finding (none: it is reported). */
  private suppressionsOf(f: Finding): Suppression[] {
    if (f.ruleId === null || f.noInlineDisable) return [];
    // A rule's crash is never silenced; a built-in id only by a directive that names it.
    const builtin = isBuiltin(f.ruleId);
    if (f.fatal && !builtin) return [];
    const directives = this.directives.get(f.filePath);
    const hits = directives ? suppressedByDirectives(directives, f.ruleId, f.line, f.column, builtin) : [];
    if (hits.length > 0) return hits.map((d) => ({ kind: 'directive', justification: d.reason ?? '' }));
    if (builtin) return [];
    const inFile = this.ignores.get(f.filePath);
    if (!inFile) return [];
    // The object the finding is about, by the owner model; by position when the report names none.
    const ref = f.object?.file === f.filePath ? f.object : objectAt(inFile.objects, f.line, f.column)?.ref;
    const ignore = ref && inFile.byObject.get(objectKey(ref));
    return ignore !== undefined && suppressedByObject(ignore, f.ruleId) ? [{ kind: 'annotation', justification: '' }] : [];
  }

  private reportDirectiveProblems(): void {
    const known = this.known;
    const suggest = (id: string): string | undefined => closest(id, [...(known ?? [])]);
    for (const [file, { unused, unknown }] of this.directiveSeverity) {
      const messages: LintMessage[] = [];
      const directives = this.directives.get(file) ?? [];
      const ignores = [...(this.ignores.get(file)?.byObject.values() ?? [])];
      if (known && unknown !== 0) {
        messages.push(...unknownRuleMessages(directives, known, suggest, unknown));
        for (const ignore of ignores) messages.push(...unknownAnnotationMessages(ignore, known, suggest, unknown));
      }
      if (unused !== 0) {
        messages.push(...unusedDirectiveMessages(directives, known, unused));
        for (const ignore of ignores) messages.push(...unusedAnnotationMessages(ignore, known, unused));
      }
      for (const m of messages) this.push({ filePath: file, ...m });
    }
  }

  private resultFor(filePath: string): LintResult {
    return resultIn(this.results, filePath);
  }

  /** Report a finding, or keep it among the result's suppressed messages (not counted) when silenced. */
  private push(f: Finding, into: Map<string, LintResult> = this.results): void {
    const suppressions = this.suppressionsOf(f);
    const { filePath, noInlineDisable: _mandated, object: _object, ...message } = f;
    if (message.fatal === undefined) delete message.fatal;
    const result = resultIn(into, filePath);
    if (suppressions.length === 0) addMessage(result, message);
    else (result.suppressedMessages ??= []).push({ ...message, suppressions });
  }
}

function resultIn(results: Map<string, LintResult>, filePath: string): LintResult {
  let res = results.get(filePath);
  if (!res) {
    res = emptyLintResult(filePath);
    results.set(filePath, res);
  }
  return res;
}

const knownSets = new ListMemo<readonly string[], ReadonlySet<string>>();

/** The known rule ids as a set, made once per list (a run lints every file with the same options). */
function knownSet(ids: readonly string[]): ReadonlySet<string> {
  return knownSets.get(ids, () => new Set(ids));
}

const settingKeys = new WeakMap<ResolvedRule, string>();

/** Identity of a rule's setting (severity and options), so equal settings share one run. */
function settingKey(r: ResolvedRule): string {
  let key = settingKeys.get(r);
  if (key === undefined) {
    key = `${r.severity}:${r.noInlineDisable ? 'mandated:' : ''}${JSON.stringify(r.options)}`;
    settingKeys.set(r, key);
  }
  return key;
}
