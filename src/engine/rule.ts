/**
 * The rule contract. A rule is metadata (id, docs, default severity, option schema, messages by id)
 * plus a `check` function that reads the port model and reports findings. Rules never parse files.
 */
import { FORMATS, type Facts, type Format, type Loc, type ObjectRef, type ParseResult, type PortDeclaration } from '../model.js';

export type { Severity } from '../severity.js';
import type { Severity } from '../severity.js';
export type Category = 'security' | 'correctness' | 'portability';

/** Where rule docs live; `docs/rules/<id>.md` is generated from the metadata. */
export const DOCS_BASE = 'https://github.com/portlint/portlint/blob/main/docs/rules/';

/**
 * A documented example: a fixture file, as a path under `fixtures/<rule id>/` (`k8s/web.yaml`).
 * `npm run docs` renders it, and the fixture run checks it like every fixture, so an example is
 * never a second copy of a case.
 */
export type RuleDocExample = string;

export interface RuleDocs {
  /** Why this matters, in Markdown (a paragraph or two). */
  rationale: string;
  /** Fixtures the rule reports: each has a marker of this rule (test/rules.test.ts checks it). */
  wrong: readonly RuleDocExample[];
  /** The fixed config: fixtures with no marker of this rule. */
  right: readonly RuleDocExample[];
}

/**
 * What kind of finding a rule reports (as ESLint's `meta.type`): `problem`, config that is wrong or
 * dangerous as written; `suggestion`, config that works but could be safer or clearer.
 */
export type RuleType = 'problem' | 'suggestion';

export interface RuleMeta<Options, MessageId extends string> {
  /** Stable id, `thing-check` style; users write it in config and suppressions. */
  id: string;
  type: RuleType;
  /** A built-in id (`engine/builtin.ts`): messages that are not rule findings; no check runs. */
  builtin?: true;
  /** One line: what the rule flags. */
  description: string;
  defaultSeverity: Severity;
  category: Category;
  /**
   * `file`: `check` runs once per file, seeing only that file.
   * `project`: `check` runs once over every file of the run (cross-file references).
   */
  scope: 'file' | 'project';
  /** The formats whose declarations the rule reads; files of other formats are never given to it. All when absent. */
  formats?: readonly Format[];
  /** JSON Schema (for ajv) of the options object. Every property needs a `description` (it feeds the docs). */
  schema: Record<string, unknown>;
  defaultOptions: Options;
  /** Checks a schema cannot express (e.g. `start` ≤ `end`); returns what is wrong, or undefined. */
  checkOptions?: (options: Options) => string | undefined;
  /**
   * Message templates by id, each a finished sentence or two (what is wrong, where, the fix; at
   * most about 200 characters once filled): `{{name}}` is replaced from the report's `data`, and
   * nothing else is changed. The why goes to `docs.rationale`.
   */
  messages: Record<MessageId, string>;
  /**
   * Message ids reported as warnings even when the rule runs at `error`: a softer check of the
   * same rule (e.g. a numeric targetPort, which may still work).
   */
  warnOnly?: readonly MessageId[];
  docs: RuleDocs;
}

/** A Kubernetes object (and, when it holds several pod specs, which one) a finding reported by `loc` is about. */
export interface ReportObject {
  ref: ObjectRef;
  /** Where in the object, when it holds several pod specs (`spec.workerGroupSpecs[0].template.spec`). */
  part?: string;
}

export interface Report<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  /** The declaration the finding is about; its file and position are used unless `loc` is given. */
  decl?: PortDeclaration;
  /** A position of its own (e.g. `hostNetwork: true`), with the file it is in. */
  loc?: Loc & { file: string };
  /** For a finding reported by `loc` alone: the object it is about (the engine's fingerprint reads it). */
  object?: ReportObject;
}

export interface RuleContext<Options, MessageId extends string> {
  options: Options;
  /** The files this check sees: one for `file` scope, all for `project` scope. */
  files: readonly ParseResult[];
  /** All declarations of `files`, in file order. */
  declarations: readonly PortDeclaration[];
  /** All facts of `files`, merged. */
  facts: Facts;
  report(report: Report<MessageId>): void;
}

/**
 * A rule as configured for a file: the rule, its severity (1 warn, 2 error) and complete options.
 * A built-in id turned off stays in the list with severity 0, so the engine knows it is off.
 */
export interface ResolvedRule {
  rule: AnyRule;
  severity: 0 | 1 | 2;
  options: unknown;
  /** No inline comment or annotation may suppress this rule's findings (config `noInlineDisable`). */
  noInlineDisable?: boolean;
}

export interface Rule<Options = Record<string, never>, MessageId extends string = string> {
  meta: RuleMeta<Options, MessageId>;
  check(context: RuleContext<Options, MessageId>): void;
}

/** Any rule, for registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, string>;

/**
 * Typed rule factory: a wrong message id or option name is a compile error.
 * (As typescript-eslint's createRule.)
 */
export function createRule<Options, MessageId extends string>(rule: Rule<Options, MessageId>): Rule<Options, MessageId> {
  return rule;
}

/** Whether a rule reads files of this format. */
export function readsFormat(rule: AnyRule, format: Format): boolean {
  return rule.meta.formats === undefined || rule.meta.formats.includes(format);
}

/** The formats the project-scope rules among `rules` read: only those files are kept for them until the end of a run. */
export function projectFormats(rules: readonly AnyRule[]): ReadonlySet<Format> {
  return new Set(rules.filter((r) => r.meta.scope === 'project').flatMap((r) => r.meta.formats ?? FORMATS));
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** Where a rule or built-in id is documented: `docs/rules/<id>.md`, or the built-in ids' page. */
export function ruleDocsUrl(rule: AnyRule): string {
  return rule.meta.builtin ? `https://github.com/portlint/portlint/blob/main/docs/builtin.md#${rule.meta.id}` : docsUrl(rule.meta.id);
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The placeholders of a template, in order (`{{port}}` → `port`). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Fill `{{name}}` placeholders from data; nothing else changes. Unknown placeholders are left as written (a test fails on them). */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(PLACEHOLDER, (m, name: string) => (Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : m));
}
