/**
 * Suppressions, applied after the rules have run (as hadolint's pragmas): no rule ever sees one.
 *
 * - Comment directives, in every format (all four use `#`):
 *   `# portlint-disable-next-line id[, id] -- reason`, `# portlint-disable-line …` (a trailing
 *   comment; YAML and env files only, as a trailing `#` is not a comment in a Dockerfile),
 *   `# portlint-disable …` / `# portlint-enable …` blocks. No ids means every rule. Only real
 *   comments count: the parsers hand them over (`ParseResult.comments`), as the YAML lexer, the
 *   Dockerfile splitter and the env reader saw them, so a `#` in a quoted string, a block scalar, a
 *   heredoc or a URL fragment is never a directive. Nothing here reads source text.
 * - The `portlint.dev/ignore: "id,id"` annotation on any Kubernetes object (or a workload's pod
 *   template): it silences the findings about that object, found through the owner model
 *   (`ownerObject` of the finding's declaration, or the object a report names), else by position.
 *
 * Rule crashes are never suppressed; the built-in ids (`parse-error`, `unused-directive`, …) only by
 * a directive that names them.
 */
import type { Loc, ObjectRef, ParseResult, SourceComment, SourceObject } from '../model.js';
import type { LintMessage } from './results.js';

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

/** The annotation that silences rules for one Kubernetes object. */
export const IGNORE_ANNOTATION = 'portlint.dev/ignore';

export interface Directive extends Loc {
  kind: DirectiveKind;
  /** Rule ids as written; empty means every rule. */
  ruleIds: string[];
  reason?: string | undefined;
  /** For line directives: the lines they cover. */
  fromLine: number;
  toLine: number;
  /** Rule ids this directive silenced something of (`*` for an all-rules directive). */
  used: Set<string>;
}

const DIRECTIVE = /^\s*portlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/s;

/** Parse the directives out of a file's comments. */
export function directivesOf(comments: readonly SourceComment[]): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const kind = m[1] as DirectiveKind;
    const [idsPart = '', ...reason] = m[2]!.split(/(?:^|\s)--(?:\s|$)/);
    const ruleIds = idsPart
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const fromLine = kind === 'disable-next-line' ? c.line + 1 : c.line;
    const toLine = kind === 'disable-next-line' ? (c.nextLineEnd ?? c.line + 1) : c.line;
    out.push({
      kind,
      ruleIds,
      reason: reason.length > 0 ? reason.join(' -- ').trim() : undefined,
      line: c.line,
      column: c.column,
      endLine: c.line,
      endColumn: c.endColumn,
      fromLine,
      toLine,
      used: new Set(),
    });
  }
  return out;
}

/** Whether a directive covers `ruleId`; `explicit`: only when it names it (built-in ids). */
function covers(d: Directive, ruleId: string, explicit = false): boolean {
  return (d.ruleIds.length === 0 && !explicit) || d.ruleIds.includes(ruleId);
}

function markUsed(d: Directive, ruleId: string): void {
  d.used.add(d.ruleIds.length === 0 ? '*' : ruleId);
}

/**
 * The directives that silence a finding of `ruleId` starting at `line`:`column` (none: not
 * silenced); marks them used. Line directives take precedence over blocks, so a redundant block
 * (or line directive) shows up as unused.
 */
export function suppressedByDirectives(
  directives: readonly Directive[],
  ruleId: string,
  line: number,
  column: number,
  explicit = false,
): Directive[] {
  const hits: Directive[] = [];
  for (const d of directives) {
    if (
      (d.kind === 'disable-line' || d.kind === 'disable-next-line') &&
      d.fromLine <= line &&
      line <= d.toLine &&
      covers(d, ruleId, explicit)
    ) {
      markUsed(d, ruleId);
      hits.push(d);
    }
  }
  if (hits.length > 0) return hits;
  let active: Directive | undefined;
  for (const d of directives) {
    if (d.kind !== 'disable' && d.kind !== 'enable') continue;
    if (d.line > line || (d.line === line && d.column >= column)) break;
    if (!covers(d, ruleId, explicit)) continue;
    active = d.kind === 'disable' ? d : undefined;
  }
  if (!active) return [];
  markUsed(active, ruleId);
  return [active];
}

/** Messages for directive ids that name no rule ("did you mean"), reported whatever the flags. */
export function unknownRuleMessages(
  directives: readonly Directive[],
  known: ReadonlySet<string>,
  suggest: (id: string) => string | undefined,
  severity: 1 | 2,
): LintMessage[] {
  const out: LintMessage[] = [];
  for (const d of directives) {
    for (const id of d.ruleIds) {
      if (known.has(id)) continue;
      const hint = suggest(id);
      const reasonHint = /\s/.test(id) ? ' (rule ids are separated by commas; put a reason after " -- ")' : '';
      out.push({
        ruleId: 'unknown-rule',
        severity,
        message: `Unknown rule "${id}" in portlint-${d.kind} comment${hint ? ` (did you mean "${hint}"?)` : ''}${reasonHint}`,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        messageId: 'unknownRuleInDirective',
      });
    }
  }
  return out;
}

/** Messages for disable directives that silenced nothing (as stylelint's reportNeedlessDisables). */
export function unusedDirectiveMessages(
  directives: readonly Directive[],
  known: ReadonlySet<string> | undefined,
  severity: 1 | 2,
): LintMessage[] {
  const out: LintMessage[] = [];
  for (const d of directives) {
    if (d.kind === 'enable') continue;
    let message: string | undefined;
    if (d.ruleIds.length === 0) {
      if (d.used.size === 0) message = `Unused portlint-${d.kind} directive (no problems were reported)`;
    } else {
      const unused = d.ruleIds.filter((id) => !d.used.has(id) && (!known || known.has(id)));
      if (unused.length > 0)
        message = `Unused portlint-${d.kind} directive (no problems were reported from ${unused.map((id) => `"${id}"`).join(', ')})`;
    }
    if (message) {
      out.push({
        ruleId: 'unused-directive',
        severity,
        message,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        messageId: 'unusedDisableDirective',
      });
    }
  }
  return out;
}

/** A Kubernetes object with the ignore annotation. */
export interface ObjectIgnore {
  object: ObjectRef;
  /** Where the annotated object is named (messages about the annotation go there). */
  loc: Loc;
  /** Rule ids as written; `*` silences every rule. */
  ruleIds: string[];
  used: Set<string>;
}

function parseIdList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A key for an object of a file: equal for equal refs. */
export function objectKey(ref: ObjectRef): string {
  return `${ref.document}/${ref.item ?? ''}`;
}

/**
 * The objects of a file that carry `portlint.dev/ignore`, one entry per object keyed by
 * `objectKey`: any object, whatever its kind, by its own `metadata.annotations` (as the parser
 * recorded them on `ParseResult.objects`), and a workload also by those of its pod templates.
 */
export function objectIgnores(parsed: Pick<ParseResult, 'objects' | 'facts'>): Map<string, ObjectIgnore> {
  const out = new Map<string, ObjectIgnore>();
  const add = (ref: ObjectRef, loc: Loc, value: string | undefined): void => {
    if (value === undefined) return;
    const key = objectKey(ref);
    const entry = out.get(key) ?? { object: ref, loc, ruleIds: [], used: new Set<string>() };
    entry.ruleIds = [...new Set([...entry.ruleIds, ...parseIdList(value)])];
    out.set(key, entry);
  };
  for (const o of parsed.objects) add(o.ref, o.named ?? o.loc, o.annotations?.[IGNORE_ANNOTATION]);
  for (const w of parsed.facts.workloads) add(w.object, w.loc, w.podAnnotations[IGNORE_ANNOTATION]);
  return out;
}

/** The object a position lies in (the innermost, should ranges nest), found by its source range. */
export function objectAt(objects: readonly SourceObject[], line: number, column: number): SourceObject | undefined {
  let found: SourceObject | undefined;
  for (const o of objects) {
    const { loc } = o;
    const after = line > loc.line || (line === loc.line && column >= loc.column);
    const before = line < loc.endLine || (line === loc.endLine && column < loc.endColumn);
    if (after && before) found = o;
  }
  return found;
}

/** Whether the annotation silences `ruleId`; marks it used. */
export function suppressedByObject(ignore: ObjectIgnore, ruleId: string): boolean {
  if (ignore.ruleIds.includes('*')) {
    ignore.used.add('*');
    return true;
  }
  if (!ignore.ruleIds.includes(ruleId)) return false;
  ignore.used.add(ruleId);
  return true;
}

/** Messages for annotation ids that name no rule, at the object. */
export function unknownAnnotationMessages(
  ignore: ObjectIgnore,
  known: ReadonlySet<string>,
  suggest: (id: string) => string | undefined,
  severity: 1 | 2,
): LintMessage[] {
  return ignore.ruleIds
    .filter((id) => id !== '*' && !known.has(id))
    .map((id) => {
      const hint = suggest(id);
      return {
        ruleId: 'unknown-rule',
        severity,
        message: `Unknown rule "${id}" in annotation ${IGNORE_ANNOTATION}${hint ? ` (did you mean "${hint}"?)` : ''}`,
        line: ignore.loc.line,
        column: ignore.loc.column,
        messageId: 'unknownRuleInDirective',
      };
    });
}

/** Messages for annotation ids that silenced nothing. */
export function unusedAnnotationMessages(ignore: ObjectIgnore, known: ReadonlySet<string> | undefined, severity: 1 | 2): LintMessage[] {
  const unused = ignore.ruleIds.filter((id) => !ignore.used.has(id) && (id === '*' || !known || known.has(id)));
  if (unused.length === 0) return [];
  return [
    {
      ruleId: 'unused-directive',
      severity,
      message: `Unused ${IGNORE_ANNOTATION} annotation (no problems were reported from ${unused.map((id) => (id === '*' ? 'any rule' : `"${id}"`)).join(', ')})`,
      line: ignore.loc.line,
      column: ignore.loc.column,
      messageId: 'unusedDisableDirective',
    },
  ];
}
