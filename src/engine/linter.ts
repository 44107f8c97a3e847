/**
 * The rule engine: takes parse results, runs the enabled rules with validated options, and turns
 * findings and parse problems into ESLint-shaped results. No I/O.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { emptyFacts, ownerObjectId, type Facts, type Format, type ParseResult, type PortDeclaration } from '../model.js';
import { portEntry } from '../inventory.js';
import { formatMessage, readsFormat, type AnyRule, type Report, type Severity } from './rule.js';
import {
  documentStartLines,
  fileDirectives,
  objectIgnores,
  objectsAt,
  suppressedByDirectives,
  suppressedByObject,
  unknownAnnotationMessages,
  unknownRuleMessages,
  unusedAnnotationMessages,
  unusedDirectiveMessages,
  type Directive,
  type ObjectIgnore,
} from './suppressions.js';

/** A rule's setting as written in config: a severity, or `[severity, options]`. */
export type RuleSetting = Severity | [Severity] | [Severity, Record<string, unknown>];

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  messageId?: string;
  /** Stable identity of a finding across edits (rule, file, context, port; not the line). */
  fingerprint?: string;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: 0;
  fixableWarningCount: 0;
}

export interface ResolvedRule {
  rule: AnyRule;
  severity: 1 | 2;
  options: unknown;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

let ajv: Ajv | undefined;
const validators = new WeakMap<AnyRule, ValidateFunction>();

function validatorFor(rule: AnyRule): ValidateFunction {
  let v = validators.get(rule);
  if (!v) {
    v = (ajv ??= new Ajv({ allErrors: true, useDefaults: true, strict: false })).compile(rule.meta.schema);
    validators.set(rule, v);
  }
  return v;
}

/**
 * Resolve the rules to run from a rule-setting map. Unknown ids and bad options throw `ConfigError`
 * naming the rule and what is allowed.
 */
export function resolveRules(
  all: readonly AnyRule[],
  settings: Readonly<Record<string, RuleSetting>> = {},
  source = 'config',
): ResolvedRule[] {
  const byId = new Map(all.map((r) => [r.meta.id, r]));
  for (const id of Object.keys(settings)) {
    if (!byId.has(id)) {
      const hint = closest(id, [...byId.keys()]);
      throw new ConfigError(`${source}: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }
  const out: ResolvedRule[] = [];
  for (const rule of all) {
    const setting = settings[rule.meta.id];
    const [severity, given] = Array.isArray(setting) ? setting : [setting ?? rule.meta.defaultSeverity, undefined];
    if (!['error', 'warn', 'off'].includes(severity)) {
      throw new ConfigError(`${source}: rule "${rule.meta.id}": severity must be "error", "warn" or "off", not ${JSON.stringify(severity)}`);
    }
    if (severity === 'off') continue;
    const options = structuredClone({ ...(rule.meta.defaultOptions as object), ...(given ?? {}) });
    // Defaults are valid (a test checks every rule's): compile a schema only for options a user gave.
    const validate = given === undefined ? undefined : validatorFor(rule);
    if (validate && !validate(options)) {
      const detail = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '(options)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`)
        .join('; ');
      throw new ConfigError(`${source}: rule "${rule.meta.id}" has invalid options: ${detail}`);
    }
    const problem = rule.meta.checkOptions?.(options);
    if (problem) throw new ConfigError(`${source}: rule "${rule.meta.id}" has invalid options: ${problem}`);
    out.push({ rule, severity: severity === 'error' ? 2 : 1, options });
  }
  return out;
}

/** Levenshtein-nearest candidate within a small distance, for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(3, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function mergeFacts(files: readonly ParseResult[]): Facts {
  if (files.length === 1) return files[0].facts;
  const facts = emptyFacts();
  for (const f of files) {
    facts.workloads.push(...f.facts.workloads);
    facts.services.push(...f.facts.services);
    facts.composeServices.push(...f.facts.composeServices);
    facts.stages.push(...f.facts.stages);
    facts.kustomizations.push(...f.facts.kustomizations);
  }
  return facts;
}

/** A finding before it is attached to a result. */
export interface Finding extends LintMessage {
  filePath: string;
  /** The Kubernetes object the finding is about (`context.objectId`), for the ignore annotation. */
  objectId?: string;
}

function fingerprintOf(ruleId: string, file: string, decl: PortDeclaration | undefined, key: string | undefined): string {
  const e = decl ? portEntry(decl) : undefined;
  const c = e?.context ?? {};
  const where = [c.kind, c.namespace, c.name, c.container, c.service, c.stage ?? c.stageIndex, c.variable, c.probe]
    .filter((x) => x !== undefined)
    .join('/');
  const what = key ?? (e ? `${e.role}:${e.field}:${e.port ?? e.name ?? e.raw}-${e.endPort ?? ''}/${e.protocol}` : '');
  return `${ruleId}|${file}|${where}|${what}`;
}

/** Run one rule over a set of files, collecting findings. A rule that throws becomes a fatal finding, not a crash. */
export function runRule(resolved: ResolvedRule, files: readonly ParseResult[], sink: (f: Finding) => void): void {
  const { rule, severity, options } = resolved;
  const declarations = files.length === 1 ? files[0].declarations : files.flatMap((f) => f.declarations);
  const report = (r: Report<string>): void => {
    const template = rule.meta.messages[r.messageId];
    if (template === undefined) throw new Error(`rule "${rule.meta.id}" reported unknown messageId "${r.messageId}"`);
    const loc = r.loc ?? r.decl;
    if (!loc) throw new Error(`rule "${rule.meta.id}" reported without a position`);
    const filePath = r.loc?.file ?? r.decl!.file;
    sink({
      filePath,
      ruleId: rule.meta.id,
      severity: r.severity === 'warn' ? 1 : severity,
      message: formatMessage(template, r.data),
      line: loc.line,
      column: loc.column,
      endLine: loc.endLine,
      endColumn: loc.endColumn,
      messageId: r.messageId,
      fingerprint: fingerprintOf(rule.meta.id, filePath, r.decl, r.key),
      objectId: r.objectId ?? (r.decl ? ownerObjectId(r.decl.owner) : undefined),
    });
  };
  try {
    rule.check({ options, files, declarations, facts: mergeFacts(files), report });
  } catch (err) {
    const first = files[0];
    sink({
      filePath: first?.file ?? '<unknown>',
      ruleId: rule.meta.id,
      severity: 2,
      fatal: true,
      message: `internal error in rule "${rule.meta.id}": ${err instanceof Error ? err.message : String(err)}`,
      line: 1,
      column: 1,
    });
  }
}

export interface LinterOptions {
  /** Apply `# portlint-disable…` comments and `portlint.dev/ignore` annotations (default true). */
  allowInlineConfig?: boolean;
  /** Report directives and annotations that silence nothing, at this severity (1 warn, 2 error). */
  reportUnusedDisableDirectives?: 1 | 2;
  /** Every rule id that exists: ids in directives that are not among them are reported. */
  knownRuleIds?: readonly string[];
  /**
   * The formats any project-scope rule of the run may read (`projectFormats(registry)`): only files
   * of these formats are kept until `finish()`. All formats when absent.
   */
  projectFormats?: ReadonlySet<Format>;
}

/** What the linter gets with one parsed file. */
export interface FileInput {
  /** The file's text, for suppression comments (none are read without it). */
  text?: string;
  /** The rules for this file (from its config); the constructor's rules when absent. */
  rules?: readonly ResolvedRule[];
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
  private readonly kept: ParseResult[] = [];
  private readonly results = new Map<string, LintResult>();
  /** Project-scope rule id → setting key → run. */
  private readonly projectRuns = new Map<string, Map<string, ProjectRun>>();
  private readonly directives = new Map<string, Directive[]>();
  private readonly ignoresById = new Map<string, ObjectIgnore>();
  /** Annotated objects of each file, with the first line of each YAML document (to place findings without an object id). */
  private readonly ignoresByFile = new Map<string, { ignores: ObjectIgnore[]; docStarts: number[] }>();
  private keepAll: boolean;

  constructor(rules: readonly ResolvedRule[] = [], options: LinterOptions = {}) {
    this.defaultRules = rules;
    this.options = options;
    this.known = options.knownRuleIds ? new Set(options.knownRuleIds) : undefined;
    this.keepAll = rules.some((r) => r.rule.meta.scope === 'project');
  }

  /** Record a file that could not be read or parsed at all. */
  addError(filePath: string, message: string, line = 1, column = 1, severity: 1 | 2 = 2): void {
    this.push({ filePath, ruleId: null, severity, fatal: true, message, line, column });
  }

  /** Lint one parsed file: report its parse problems and run its file-scope rules (project-scope ones wait for `finish`). */
  add(parsed: ParseResult, input: FileInput = {}): void {
    this.resultFor(parsed.file);
    for (const p of parsed.problems) {
      this.push({
        filePath: parsed.file,
        ruleId: null,
        severity: p.severity === 'error' ? 2 : 1,
        fatal: p.fatal || undefined,
        message: p.message,
        line: p.line,
        column: p.column,
        endLine: p.endLine,
        endColumn: p.endColumn,
      });
    }
    if (parsed.format === null) return;
    if (this.options.allowInlineConfig !== false) this.collectSuppressions(parsed, input.text);
    const rules = input.rules ?? this.defaultRules;
    for (const r of rules) {
      if (!readsFormat(r.rule, parsed.format)) continue;
      if (r.rule.meta.scope === 'file') runRule(r, [parsed], (f) => this.push(f));
      else this.projectRunFor(r).files.add(parsed.file);
    }
    if (input.rules !== undefined) this.keepAll = true;
    // A clone: strings sliced from the source would otherwise keep every file's whole text alive.
    if (this.keepAll && (this.options.projectFormats?.has(parsed.format) ?? true)) this.kept.push(structuredClone(parsed));
  }

  /** Run the project-scope rules, report directive problems, and return every result sorted by path. */
  finish(): LintResult[] {
    for (const runs of this.projectRuns.values()) {
      for (const run of runs.values()) {
        runRule(run.resolved, this.kept, (f) => {
          if (run.files.has(f.filePath) || f.fatal) this.push(f);
        });
      }
    }
    this.reportDirectiveProblems();
    const out = [...this.results.values()].sort(compareResults);
    for (const res of out) res.messages.sort(compareMessages);
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

  private collectSuppressions(parsed: ParseResult, text: string | undefined): void {
    if (text !== undefined) {
      const directives = fileDirectives(text, parsed.format!);
      if (directives.length > 0) this.directives.set(parsed.file, directives);
    }
    const ignores = objectIgnores(parsed.facts);
    for (const ignore of ignores) this.ignoresById.set(ignore.objectId, ignore);
    if (ignores.length > 0 && text !== undefined) {
      this.ignoresByFile.set(parsed.file, { ignores: ignores.filter((o) => o.file === parsed.file), docStarts: documentStartLines(text) });
    }
  }

  /** Whether a comment directive or an object annotation silences this finding. */
  private suppressed(f: Finding): boolean {
    if (f.ruleId === null || f.fatal) return false;
    const directives = this.directives.get(f.filePath);
    if (directives && suppressedByDirectives(directives, f.ruleId, f.line, f.column)) return true;
    if (f.objectId !== undefined) {
      const object = this.ignoresById.get(f.objectId);
      return object !== undefined && suppressedByObject(object, f.ruleId);
    }
    const inFile = this.ignoresByFile.get(f.filePath);
    if (!inFile) return false;
    let hit = false;
    for (const object of objectsAt(inFile.ignores, inFile.docStarts, f.line)) hit = suppressedByObject(object, f.ruleId) || hit;
    return hit;
  }

  private reportDirectiveProblems(): void {
    const known = this.known;
    const severity = this.options.reportUnusedDisableDirectives;
    const suggest = (id: string): string | undefined => closest(id, [...(known ?? [])]);
    for (const [file, directives] of this.directives) {
      if (known) for (const m of unknownRuleMessages(directives, known, suggest)) this.push({ filePath: file, ...m });
      if (severity) for (const m of unusedDirectiveMessages(directives, known, severity)) this.push({ filePath: file, ...m });
    }
    for (const ignore of this.ignoresById.values()) {
      if (known) for (const m of unknownAnnotationMessages(ignore, known, suggest)) this.push({ filePath: ignore.file, ...m });
      if (severity) for (const m of unusedAnnotationMessages(ignore, known, severity)) this.push({ filePath: ignore.file, ...m });
    }
  }

  private resultFor(filePath: string): LintResult {
    let res = this.results.get(filePath);
    if (!res) {
      res = { filePath, messages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
      this.results.set(filePath, res);
    }
    return res;
  }

  private push(f: Finding): void {
    if (this.suppressed(f)) return;
    const { filePath, objectId: _objectId, ...message } = f;
    if (message.fatal === undefined) delete message.fatal;
    const res = this.resultFor(filePath);
    res.messages.push(message);
    if (message.severity === 2) res.errorCount++;
    else res.warningCount++;
    if (message.fatal && message.severity === 2) res.fatalErrorCount++;
  }
}

const settingKeys = new WeakMap<ResolvedRule, string>();

/** Identity of a rule's setting (severity and options), so equal settings share one run. */
function settingKey(r: ResolvedRule): string {
  let key = settingKeys.get(r);
  if (key === undefined) {
    key = `${r.severity}:${JSON.stringify(r.options)}`;
    settingKeys.set(r, key);
  }
  return key;
}

/** The order of results: by path (code-unit order, the same on every platform). */
export function compareResults(a: LintResult, b: LintResult): number {
  return a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0;
}

/** The order of messages within a result. */
export function compareMessages(a: LintMessage, b: LintMessage): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    a.message.localeCompare(b.message)
  );
}
