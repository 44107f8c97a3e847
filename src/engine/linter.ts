/**
 * The rule engine: takes parse results, runs the enabled rules with validated options, and turns
 * findings and parse problems into ESLint-shaped results. No I/O.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { emptyFacts, type Facts, type ParseResult, type PortDeclaration } from '../model.js';
import { formatMessage, type AnyRule, type Report, type Severity } from './rule.js';

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

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validators = new WeakMap<AnyRule, ValidateFunction>();

function validatorFor(rule: AnyRule): ValidateFunction {
  let v = validators.get(rule);
  if (!v) {
    v = ajv.compile(rule.meta.schema);
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
    const validate = validatorFor(rule);
    if (!validate(options)) {
      const detail = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '(options)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`)
        .join('; ');
      throw new ConfigError(`${source}: rule "${rule.meta.id}" has invalid options: ${detail}`);
    }
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
  }
  return facts;
}

/** A finding before it is attached to a result. */
export interface Finding extends LintMessage {
  filePath: string;
}

function fingerprintOf(ruleId: string, file: string, decl: PortDeclaration | undefined, key: string | undefined): string {
  const c = decl?.context ?? {};
  const where = [c.kind, c.namespace, c.name, c.container, c.service, c.stage ?? c.stageIndex, c.variable, c.probe]
    .filter((x) => x !== undefined)
    .join('/');
  const what = key ?? (decl ? `${decl.role}:${decl.field}:${decl.port ?? decl.name ?? decl.raw}-${decl.endPort ?? ''}/${decl.protocol}` : '');
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
      severity,
      message: formatMessage(template, r.data),
      line: loc.line,
      column: loc.column,
      endLine: loc.endLine,
      endColumn: loc.endColumn,
      messageId: r.messageId,
      fingerprint: fingerprintOf(rule.meta.id, filePath, r.decl, r.key),
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

/**
 * Lints files one at a time (file-scope rules run as each file arrives) and keeps only the parse
 * results project-scope rules need; `finish()` runs those and returns results sorted by path.
 */
export class Linter {
  private readonly fileRules: ResolvedRule[];
  private readonly projectRules: ResolvedRule[];
  private readonly kept: ParseResult[] = [];
  private readonly results = new Map<string, LintResult>();

  constructor(rules: readonly ResolvedRule[]) {
    this.fileRules = rules.filter((r) => r.rule.meta.scope === 'file');
    this.projectRules = rules.filter((r) => r.rule.meta.scope === 'project');
  }

  /** Record a file that could not be read or parsed at all. */
  addError(filePath: string, message: string, line = 1, column = 1, severity: 1 | 2 = 2): void {
    this.push({ filePath, ruleId: null, severity, fatal: true, message, line, column });
  }

  add(parsed: ParseResult): void {
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
    for (const r of this.fileRules) runRule(r, [parsed], (f) => this.push(f));
    if (this.projectRules.length > 0) this.kept.push(parsed);
  }

  finish(): LintResult[] {
    for (const r of this.projectRules) runRule(r, this.kept, (f) => this.push(f));
    const out = [...this.results.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    for (const res of out) res.messages.sort(compareMessages);
    return out;
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
    const { filePath, ...message } = f;
    if (message.fatal === undefined) delete message.fatal;
    const res = this.resultFor(filePath);
    res.messages.push(message);
    if (message.severity === 2) res.errorCount++;
    else res.warningCount++;
    if (message.fatal && message.severity === 2) res.fatalErrorCount++;
  }
}

function compareMessages(a: LintMessage, b: LintMessage): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    a.message.localeCompare(b.message)
  );
}
