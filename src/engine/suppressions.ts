/**
 * Suppressions, applied after the rules have run (as hadolint's pragmas): no rule ever sees one.
 *
 * - Comment directives, in every format (all four use `#`):
 *   `# portlint-disable-next-line id[, id] -- reason`, `# portlint-disable-line …` (a trailing
 *   comment; YAML and env files only, as a trailing `#` is not a comment in a Dockerfile),
 *   `# portlint-disable …` / `# portlint-enable …` blocks. No ids means every rule. Only real
 *   comments count: the YAML lexer, the Dockerfile splitter and the env reader decide what is one,
 *   so a `#` in a quoted string, a block scalar, a heredoc or a URL fragment is never a directive.
 * - The `portlint.dev/ignore: "id,id"` annotation on a Kubernetes object or its pod template.
 *
 * Parse problems (`ruleId: null`) and rule crashes are never suppressed.
 */
import { CST, Lexer, Parser } from 'yaml';
import { lineCounterOf } from '../parsers/yaml.js';
import type { Facts, Format, Loc } from '../model.js';
import { splitInstructions } from '../parsers/dockerfile.js';
import { parseEnvEntries } from '../parsers/env.js';
import type { LintMessage } from './results.js';

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

/** The annotation that silences rules for one Kubernetes object. */
export const IGNORE_ANNOTATION = 'portlint.dev/ignore';

/** A `#` comment: `text` is what follows the `#`. Positions are 1-based; `endColumn` exclusive. */
export interface Comment {
  text: string;
  line: number;
  column: number;
  endColumn: number;
}

export interface Directive extends Loc {
  kind: DirectiveKind;
  /** Rule ids as written; empty means every rule. */
  ruleIds: string[];
  reason?: string;
  /** For line directives: the lines they cover. */
  fromLine: number;
  toLine: number;
  /** Rule ids this directive silenced something of (`*` for an all-rules directive). */
  used: Set<string>;
}

const DIRECTIVE = /^\s*portlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/s;

const LEXER_CONTROL = new Set(['\x02', '\x18', '\x1f']);

/** Comments of a YAML stream, as the YAML lexer sees them. */
export function yamlComments(text: string): Comment[] {
  // The same line counting as the parsers, so a directive and a finding agree on lines (lone CR included).
  const lines = lineCounterOf(text);
  const out: Comment[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (LEXER_CONTROL.has(token)) continue;
    if (CST.tokenType(token) === 'comment') {
      const { line, col } = lines.linePos(offset);
      out.push({ text: token.slice(1), line, column: col, endColumn: col + token.replace(/\r$/, '').length });
    }
    offset += token.length;
  }
  return out;
}

/** Comments of an env file: `#` lines, and what follows a value after ` #` or a closing quote. */
export function envComments(text: string): Comment[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: Comment[] = [];
  const { entries } = parseEnvEntries(text);
  const inside = new Set<number>();
  for (const e of entries) {
    for (let l = e.keyLoc.line + 1; l <= e.valueLoc.endLine; l++) inside.add(l);
    const rest = lines[e.valueLoc.endLine - 1]?.slice(e.valueLoc.endColumn - 1) ?? '';
    const hash = rest.indexOf('#');
    if (hash >= 0 && rest.slice(0, hash).trim() === '') {
      const column = e.valueLoc.endColumn + hash;
      out.push({ text: rest.slice(hash + 1), line: e.valueLoc.endLine, column, endColumn: column + rest.length - hash });
    }
  }
  lines.forEach((l, i) => {
    const lead = l.length - l.trimStart().length;
    if (l[lead] === '#' && !inside.has(i + 1)) out.push({ text: l.slice(lead + 1), line: i + 1, column: lead + 1, endColumn: l.length + 1 });
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Parse the directives out of comments; `nextLineEnd` gives the last line a disable-next-line covers. */
export function directivesOf(comments: readonly Comment[], nextLineEnd: (line: number) => number = (l) => l + 1): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const kind = m[1] as DirectiveKind;
    const [idsPart, ...reason] = m[2].split(/(?:^|\s)--(?:\s|$)/);
    const ruleIds = idsPart
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const fromLine = kind === 'disable-next-line' ? c.line + 1 : c.line;
    const toLine = kind === 'disable-next-line' ? nextLineEnd(c.line) : c.line;
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

/**
 * The directives of a file. Dockerfiles: a disable-next-line covers the whole next instruction
 * (its continuation lines and heredoc bodies), as hadolint's ignore pragma.
 */
export function fileDirectives(text: string, format: Format): Directive[] {
  if (!text.includes('portlint-')) return [];
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  switch (format) {
    case 'kubernetes':
    case 'compose':
      return directivesOf(yamlComments(source));
    case 'env':
      return directivesOf(envComments(source));
    case 'dockerfile': {
      const split = splitInstructions(source);
      const lines = source.split('\n');
      const comments = split.comments.map((c) => ({
        text: lines[c.line - 1].replace(/\r$/, '').slice(c.column),
        line: c.line,
        column: c.column,
        endColumn: lines[c.line - 1].replace(/\r$/, '').length + 1,
      }));
      const extents = split.instructions.map((ins) => ({
        line: ins.loc.line,
        endLine: Math.max(ins.loc.endLine, ...ins.heredocs.map((h) => h.endLine)),
      }));
      return directivesOf(comments, (line) => {
        // Inside a continuation the next physical line is meant; otherwise the next instruction.
        if (extents.some((e) => e.line < line && line < e.endLine)) return line + 1;
        const next = extents.find((e) => e.line > line);
        return next ? next.endLine : line + 1;
      });
    }
  }
}

function covers(d: Directive, ruleId: string): boolean {
  return d.ruleIds.length === 0 || d.ruleIds.includes(ruleId);
}

function markUsed(d: Directive, ruleId: string): void {
  d.used.add(d.ruleIds.length === 0 ? '*' : ruleId);
}

/**
 * Whether a directive silences a finding of `ruleId` starting at `line`:`column`; marks the
 * directive that did as used. Line directives take precedence over blocks, so a redundant block
 * (or line directive) shows up as unused.
 */
export function suppressedByDirectives(directives: readonly Directive[], ruleId: string, line: number, column: number): boolean {
  let hit = false;
  for (const d of directives) {
    if ((d.kind === 'disable-line' || d.kind === 'disable-next-line') && d.fromLine <= line && line <= d.toLine && covers(d, ruleId)) {
      markUsed(d, ruleId);
      hit = true;
    }
  }
  if (hit) return true;
  let active: Directive | undefined;
  for (const d of directives) {
    if (d.kind !== 'disable' && d.kind !== 'enable') continue;
    if (d.line > line || (d.line === line && d.column >= column)) break;
    if (!covers(d, ruleId)) continue;
    active = d.kind === 'disable' ? d : undefined;
  }
  if (!active) return false;
  markUsed(active, ruleId);
  return true;
}

/** Messages for directive ids that name no rule ("did you mean"), reported whatever the flags. */
export function unknownRuleMessages(
  directives: readonly Directive[],
  known: ReadonlySet<string>,
  suggest: (id: string) => string | undefined,
): LintMessage[] {
  const out: LintMessage[] = [];
  for (const d of directives) {
    for (const id of d.ruleIds) {
      if (known.has(id)) continue;
      const hint = suggest(id);
      const reasonHint = /\s/.test(id) ? ' (rule ids are separated by commas; put a reason after " -- ")' : '';
      out.push({
        ruleId: null,
        severity: 1,
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
export function unusedDirectiveMessages(directives: readonly Directive[], known: ReadonlySet<string> | undefined, severity: 1 | 2): LintMessage[] {
  const out: LintMessage[] = [];
  for (const d of directives) {
    if (d.kind === 'enable') continue;
    let message: string | undefined;
    if (d.ruleIds.length === 0) {
      if (d.used.size === 0) message = `Unused portlint-${d.kind} directive (no problems were reported)`;
    } else {
      const unused = d.ruleIds.filter((id) => !d.used.has(id) && (!known || known.has(id)));
      if (unused.length > 0) message = `Unused portlint-${d.kind} directive (no problems were reported from ${unused.map((id) => `"${id}"`).join(', ')})`;
    }
    if (message) {
      out.push({ ruleId: null, severity, message, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, messageId: 'unusedDisableDirective' });
    }
  }
  return out;
}

/** A Kubernetes object with the ignore annotation. */
export interface ObjectIgnore {
  objectId: string;
  file: string;
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

/** The objects of `facts` that carry `portlint.dev/ignore` (on the object or its pod template). */
export function objectIgnores(facts: Facts): ObjectIgnore[] {
  const out: ObjectIgnore[] = [];
  const add = (id: string, file: string, loc: Loc, values: (string | undefined)[]): void => {
    const ruleIds = [...new Set(values.flatMap((v) => (v === undefined ? [] : parseIdList(v))))];
    if (values.some((v) => v !== undefined)) out.push({ objectId: id, file, loc, ruleIds, used: new Set() });
  };
  for (const w of facts.workloads) add(w.id, w.file, w.loc, [w.annotations[IGNORE_ANNOTATION], w.podAnnotations[IGNORE_ANNOTATION]]);
  for (const s of facts.services) add(s.id, s.file, s.loc, [s.annotations[IGNORE_ANNOTATION]]);
  return out;
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

/** The first line of each YAML document of a stream, in document order (as `parseAllDocuments` counts them). */
export function documentStartLines(text: string): number[] {
  const lines = lineCounterOf(text);
  const out: number[] = [];
  for (const token of new Parser().parse(text)) if (token.type === 'document') out.push(lines.linePos(token.offset).line);
  return out;
}

/** The document index and list item of an object id (`file#3`, `file#3/1`, `file#3@spec.head`). */
function documentOf(ignore: ObjectIgnore): { doc: number; item: boolean; object: string } | undefined {
  const m = /^(\d+)(\/\d+)?/.exec(ignore.objectId.slice(ignore.file.length + 1));
  return m ? { doc: Number(m[1]), item: m[2] !== undefined, object: ignore.objectId.replace(/@.*$/, '') } : undefined;
}

/**
 * The annotated object a finding without an object id belongs to, found by the YAML document it
 * is in. Undefined when the document holds several objects (a `List`), as the finding cannot be
 * told apart. A workload with several pod specs gives one entry per pod spec: all are returned.
 */
export function objectsAt(ignores: readonly ObjectIgnore[], docStarts: readonly number[], line: number): ObjectIgnore[] {
  let doc = -1;
  while (doc + 1 < docStarts.length && docStarts[doc + 1] <= line) doc++;
  const found = ignores.filter((o) => documentOf(o)?.doc === doc);
  const where = found.map(documentOf);
  if (where.some((w) => w!.item) || new Set(where.map((w) => w!.object)).size > 1) return [];
  return found;
}

/** Messages for annotation ids that name no rule, at the object. */
export function unknownAnnotationMessages(ignore: ObjectIgnore, known: ReadonlySet<string>, suggest: (id: string) => string | undefined): LintMessage[] {
  return ignore.ruleIds
    .filter((id) => id !== '*' && !known.has(id))
    .map((id) => {
      const hint = suggest(id);
      return {
        ruleId: null,
        severity: 1 as const,
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
      ruleId: null,
      severity,
      message: `Unused ${IGNORE_ANNOTATION} annotation (no problems were reported from ${unused.map((id) => (id === '*' ? 'any rule' : `"${id}"`)).join(', ')})`,
      line: ignore.loc.line,
      column: ignore.loc.column,
      messageId: 'unusedDisableDirective',
    },
  ];
}
