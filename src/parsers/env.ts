/**
 * Env files (`.env`, `.env.*`, `*.env`, `env.example`): a dotenv reader as docker compose
 * (compose-go `dotenv`) and the `dotenv` npm package read them, and the port declarations in them:
 * port-like variables (`PORT`, `*_PORT`, `*_PORTS`, …) and `scheme://host:port` URLs in any value.
 */
import type { LineCounter } from 'yaml';
import {
  declaration,
  emptyFacts,
  isDirectiveCandidate,
  invalidValue,
  parseProtocol,
  portValue,
  unresolvedValue,
  type Loc,
  type Owner,
  type ParseProblem,
  type ParseResult,
  type PortDeclaration,
  type PortRange,
  type PortValue,
  type SourceComment,
  type Format,
} from '../model.js';
import { schemePort, serviceOfScheme } from '../knowledge/services.js';
import { isPortError, parsePortRange } from './compose-ports.js';
import { interpolate, referenceEnd, references } from './interpolate.js';
import { lineCounterOf, locAt } from './yaml.js';
import { stripBom } from '../text.js';

export interface EnvEntry {
  key: string;
  /** The value with quotes removed and (in double quotes) escapes decoded; not interpolated. */
  value: string;
  keyLoc: Loc;
  /** Where the value is written, quotes included. */
  valueLoc: Loc;
  /** The value's source text, quotes included, inline comment excluded. */
  raw: string;
  /** The quote the value is written in, if any. */
  quote?: '"' | "'" | '`';
}

/** An entry plus what the port scanner needs: where each value character is, and how to expand it. */
interface ScannedEntry extends EnvEntry {
  /** Source offset of each character of `value`, plus one final entry: the offset just after it. */
  offsets: number[];
  /** The text compose interpolates (`\$` written as `$$`); undefined for literal (single-quoted, backtick) values. */
  template?: string;
}

interface Scanner {
  src: string;
  lc: LineCounter;
  entries: ScannedEntry[];
  problems: ParseProblem[];
}

const KEY_LINE = /^(export[ \t]+)?([\p{L}\p{N}_.-]+)[ \t]*(=|:(?=[ \t]|$))?/u;
const QUOTES = new Set(['"', "'", '`']);
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/**
 * Parse dotenv text into entries, in file order (a key may repeat; the last one wins in dotenv).
 * Lines holding only a key (`VAR`, "take it from the environment") give no entry. Never throws:
 * malformed lines and unterminated quotes become `warn` problems. A leading BOM is ignored, so
 * columns are those an editor shows.
 */
export function parseEnvEntries(text: string): { entries: EnvEntry[]; problems: ParseProblem[] } {
  const { entries, problems } = scanEnv(text);
  return {
    entries: entries.map(({ offsets: _o, template: _t, ...entry }) => entry),
    problems,
  };
}

function scanEnv(text: string): Scanner {
  const src = stripBom(text);
  const s: Scanner = { src, lc: lineCounterOf(src), entries: [], problems: [] };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n' || isBlank(c)) {
      i++;
      continue;
    }
    const eol = lineEnd(src, i);
    i = c === '#' ? eol : statement(s, i, eol);
  }
  return s;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0';
}

/** The end of the line holding `from`: the next `\n`, or a lone `\r` (old Mac line ends, as dotenv reads them). */
function lineEnd(src: string, from: number): number {
  for (let j = from; j < src.length; j++) {
    if (src[j] === '\n' || (src[j] === '\r' && src[j + 1] !== '\n')) return j;
  }
  return src.length;
}

function trimEnd(src: string, from: number, to: number): number {
  let end = to;
  while (end > from && isBlank(src[end - 1])) end--;
  return end;
}

function problem(s: Scanner, message: string, start: number, end: number): void {
  s.problems.push({ id: 'parse-error', message, ...locAt(s.lc, start, end), severity: 'warn', fatal: false });
}

/** Read the statement starting at `start` (first non-blank of a line); returns where to continue. */
function statement(s: Scanner, start: number, eol: number): number {
  const { src } = s;
  const m = KEY_LINE.exec(src.slice(start, eol));
  const rest = m ? src.slice(start + m[0].length, eol) : '';
  if (!m || (!m[3] && rest.trim() !== '' && !rest.trim().startsWith('#'))) {
    problem(s, `malformed line: expected KEY=VALUE`, start, trimEnd(src, start, eol));
    return eol;
  }
  if (!m[3]) return eol; // a bare `KEY`: inherited from the environment, no value here
  const keyStart = start + (m[1]?.length ?? 0);
  const key = m[2]!;
  let v = start + m[0].length;
  while (v < eol && isBlank(src[v])) v++;
  const quote = src[v];
  const scanned = quote !== undefined && QUOTES.has(quote) ? quoted(s, v, quote as '"' | "'" | '`', eol) : undefined;
  const value = scanned ?? unquoted(s, v, eol);
  s.entries.push({
    key,
    keyLoc: locAt(s.lc, keyStart, keyStart + key.length),
    valueLoc: locAt(s.lc, v, value.end),
    raw: src.slice(v, value.end),
    ...value.entry,
  });
  return value.next;
}

interface ValueScan {
  entry: Pick<ScannedEntry, 'value' | 'offsets' | 'template' | 'quote'>;
  /** Source offset just after the value's text. */
  end: number;
  /** Where scanning continues. */
  next: number;
}

/** An unquoted value: to the end of the line, minus an inline ` # comment` and trailing blanks. */
function unquoted(s: Scanner, v: number, eol: number): ValueScan {
  const { src } = s;
  let end = eol;
  for (let j = v; j < eol; j++) {
    if (src[j] === '#' && (j === v || isBlank(src[j - 1]))) {
      end = j;
      break;
    }
  }
  end = trimEnd(src, v, end);
  const value = src.slice(v, end);
  const offsets = Array.from({ length: value.length + 1 }, (_, k) => v + k);
  return { entry: { value, offsets, template: value }, end, next: eol };
}

/**
 * A quoted value, possibly over several lines. A backslash before the quote character does not
 * close it (compose-go). Unterminated quotes fall back to an unquoted value, with a problem.
 */
function quoted(s: Scanner, v: number, quote: '"' | "'" | '`', eol: number): ValueScan | undefined {
  const { src } = s;
  let close = -1;
  for (let j = v + 1; j < src.length; j++) {
    if (src[j] === '\\' && quote !== '`') j++;
    else if (src[j] === quote) {
      close = j;
      break;
    }
  }
  if (close < 0) {
    problem(s, `unterminated ${quote === '"' ? 'double' : quote === "'" ? 'single' : 'backtick'}-quoted value`, v, eol);
    return undefined;
  }
  const entry = quote === '"' ? decodeDouble(src, v + 1, close) : literal(src, v + 1, close);
  const next = lineEnd(src, close + 1);
  const after = src.slice(close + 1, next).trim();
  if (after !== '' && !after.startsWith('#')) {
    problem(s, `unexpected text after the closing quote`, close + 1, trimEnd(src, close + 1, next));
  }
  return { entry: { ...entry, quote }, end: close + 1, next };
}

/** Characters `from`..`to` taken literally (CRLF and CR read as LF); no interpolation. */
function literal(src: string, from: number, to: number): Pick<ScannedEntry, 'value' | 'offsets'> {
  let value = '';
  const offsets: number[] = [];
  for (let j = from; j < to; j++) {
    if (src[j] === '\r' && src[j + 1] === '\n') continue;
    value += src[j] === '\r' ? '\n' : src[j];
    offsets.push(j);
  }
  offsets.push(to);
  return { value, offsets };
}

/** A double-quoted body: Go-style escapes decoded; `\$` is a literal `$` that is not interpolated. */
function decodeDouble(src: string, from: number, to: number): Pick<ScannedEntry, 'value' | 'offsets' | 'template'> {
  let value = '';
  let template = '';
  const offsets: number[] = [];
  for (let j = from; j < to; j++) {
    const c = src[j] === '\r' ? '\n' : src[j];
    if (src[j] === '\r' && src[j + 1] === '\n') continue;
    if (c === '\\' && j + 1 < to) {
      const e = src[j + 1]!;
      const decoded = e === '$' ? '$' : DOUBLE_QUOTE_ESCAPES[e];
      if (decoded !== undefined) {
        value += decoded;
        template += e === '$' ? '$$' : decoded;
        offsets.push(j);
        j++;
        continue;
      }
    }
    value += c;
    template += c;
    offsets.push(j);
  }
  offsets.push(to);
  return { value, offsets, template };
}

/**
 * The variables an env file defines, as compose reads its project `.env`: values are
 * interpolated in file order (unquoted and double-quoted ones; single-quoted and backtick ones
 * are literal), and a variable already in `env` (the process environment) keeps that value.
 * The result holds `env` plus the file's variables.
 */
export function envVariables(text: string, env?: ReadonlyMap<string, string>): Map<string, string> {
  const vars = new Map(env ?? []);
  for (const e of scanEnv(text).entries) {
    if (env?.has(e.key)) continue;
    vars.set(e.key, e.template === undefined ? e.value : interpolate(e.template, vars).value);
  }
  return vars;
}

// ---------------------------------------------------------------------------------------------
// Port declarations

/**
 * How a key names a port: `strong` when the last word is `PORT`/`PORTS` (or `PORT_NUMBER`,
 * `PORT_RANGE`): its value must be a port. `weak` when `PORT` is a word elsewhere
 * (`OTEL_COLLECTOR_PORT_HTTP`): numeric values count, anything else is ignored. Words are split
 * on `_`, `.` and `-`, so `REPORT`, `SUPPORT`, `TRANSPORT`, `PASSPORT`, `EXPORT` are not ports.
 */
export function portKeyKind(key: string): 'strong' | 'weak' | undefined {
  const upper = key.toUpperCase();
  // Most keys name no port: no word of them can be PORT.
  if (!upper.includes('PORT')) return undefined;
  const words = upper.split(/[_.-]+/).filter(Boolean);
  let at = words.length - 1;
  while (at >= 0 && words[at] !== 'PORT' && words[at] !== 'PORTS') at--;
  if (at < 0) return undefined;
  const tail = words.slice(at + 1);
  if (tail.length === 0 || (tail.length === 1 && ['NUMBER', 'NUM', 'NO', 'RANGE'].includes(tail[0]!))) return 'strong';
  return 'weak';
}

interface EnvContext {
  file: string;
  owner: Owner;
  /** The format of the file the value is written in (an env file, or a manifest's env entries). */
  format: Format;
  vars: ReadonlyMap<string, string>;
  decls: PortDeclaration[];
}

/**
 * One variable's value, wherever it is written: an env file line, a compose `environment:` entry,
 * a Kubernetes container's `env[].value`, a Dockerfile `ENV` or `ARG` default. The one input of the
 * port and URL detection below, so every format reads values the same way.
 */
export interface EnvValue {
  key: string;
  /** The value as written, quotes removed and escapes decoded. */
  value: string;
  /** Where the whole value is written. */
  loc: Loc;
  /** Where characters `from`..`to` of `value` are written (the whole value when that cannot be told). */
  span: (from: number, to: number) => Loc;
  /** The text to interpolate with the variables in scope (compose's `${VAR}` syntax); undefined for a literal value. */
  template?: string;
  /** The value already expanded by its format's own rules (a Dockerfile's shell-style `$VAR`); wins over `template`. */
  expanded?: { value: string; unresolved: string[] };
}

/** Where detected values belong: the file and its format, the owner (container, service, stage) and the variables in scope. */
export interface EnvValueScope {
  file: string;
  format: Format;
  owner: Owner;
  vars?: ReadonlyMap<string, string>;
}

/**
 * The port declarations of one value, as in env files: role `env` for each port of a port-like
 * variable (`PORT`, `*_PORT`, `*_PORTS`), role `url` for each port of a `scheme://host:port` URL.
 * Callers test `mayDeclarePorts` first, before they locate the value: one that fails it declares nothing.
 */
export function envValueDeclarations(scope: EnvValueScope, v: EnvValue): PortDeclaration[] {
  const ctx: EnvContext = { file: scope.file, owner: scope.owner, format: scope.format, vars: scope.vars ?? NO_VARS, decls: [] };
  detect(ctx, v);
  return ctx.decls;
}

/**
 * Whether a value can declare a port at all: its key is port-like, or it holds a URL (`://`). Most
 * values are neither, and are then not interpolated nor located: `detect` would find nothing.
 */
export function mayDeclarePorts(key: string, value: string): boolean {
  return portKeyKind(key) !== undefined || value.includes('://');
}

/** Both detections for one value; returns the value after interpolation. */
function detect(ctx: EnvContext, e: EnvValue): string {
  const expanded = e.expanded ?? (e.template === undefined ? { value: e.value, unresolved: [] } : interpolate(e.template, ctx.vars));
  if (portKeyKind(e.key) && !e.value.includes('://')) portDecls(ctx, e, expanded);
  urlDecls(ctx, e);
  return expanded.value;
}

/**
 * Port declarations from an env file: role `env` for each port (or range, or list item) of a
 * port-like variable, role `url` for each port of a `scheme://host:port` URL in any value. Values
 * are interpolated with the variables defined above them in the same file; references that stay
 * unresolved are reported on the declaration (`unresolved`), never guessed.
 */
export function parseEnvFile(text: string, file: string): ParseResult {
  const s = scanEnv(text);
  const vars = new Map<string, string>();
  const ctx: EnvContext = { file, owner: { kind: 'file', file, format: 'env' }, format: 'env', vars, decls: [] };
  for (const e of s.entries) {
    const value: EnvValue = { key: e.key, value: e.value, loc: e.valueLoc, span: (from, to) => valueSpan(s, e, from, to) };
    if (e.template !== undefined) value.template = e.template;
    vars.set(e.key, detect(ctx, value));
  }
  return {
    file,
    format: 'env',
    declarations: ctx.decls,
    facts: emptyFacts(),
    problems: s.problems,
    comments: directiveComments(s),
    objects: [],
  };
}

/**
 * The comments that may be directives: `#` lines outside a multi-line value, and what follows a
 * value after ` #` or a closing quote.
 */
function directiveComments(s: Scanner): SourceComment[] {
  if (!s.src.includes('portlint-')) return [];
  const lines = s.src.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: SourceComment[] = [];
  const inside = new Set<number>();
  for (const e of s.entries) {
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
    if (l[lead] === '#' && !inside.has(i + 1))
      out.push({ text: l.slice(lead + 1), line: i + 1, column: lead + 1, endColumn: l.length + 1 });
  });
  return out.filter((c) => isDirectiveCandidate(c.text)).sort((a, b) => a.line - b.line || a.column - b.column);
}

function envDecl(ctx: EnvContext, e: EnvValue, loc: Loc, raw: string, value: PortValue, protocolText?: string): void {
  ctx.decls.push(
    declaration({
      file: ctx.file,
      role: 'env',
      loc,
      value,
      protocol: parseProtocol(protocolText),
      protocolText,
      raw,
      variables: references(raw),
      source: { format: 'env', variable: e.key },
      format: ctx.format,
      owner: ctx.owner,
    }),
  );
}

/** The place of characters `from`..`to` of an entry's value (an escape like `\"` is two source characters). */
function valueSpan(s: Scanner, e: ScannedEntry, from: number, to: number): Loc {
  const start = e.offsets[from]!;
  if (to <= from) return locAt(s.lc, start, start);
  const last = e.offsets[to - 1]!;
  const escaped = e.quote === '"' && s.src[last] === '\\';
  return locAt(s.lc, start, last + (escaped ? 2 : 1));
}

const LIST_ITEM = /[^\s,;]+/g;

function portDecls(ctx: EnvContext, e: EnvValue, expanded: { value: string; unresolved: string[] }): void {
  const strong = portKeyKind(e.key) === 'strong';
  const wholeLoc = e.value === '' ? e.loc : e.span(0, e.value.length);
  if (expanded.unresolved.length > 0) {
    if (strong) envDecl(ctx, e, wholeLoc, e.value, unresolvedValue(expanded.unresolved));
    return;
  }
  const text = expanded.value;
  if (text.trim() === '') return;
  const verbatim = text === e.value;
  const items: { text: string; index: number }[] = [];
  for (const m of text.matchAll(LIST_ITEM)) items.push({ text: m[0], index: m.index });
  const parsed = items.map((it) => ({ ...it, port: parseEnvPort(it.text) }));
  if (!strong && parsed.some((p) => isPortError(p.port))) return;
  for (const p of parsed) {
    const loc = verbatim ? e.span(p.index, p.index + p.text.length) : wholeLoc;
    const raw = verbatim ? p.text : e.value;
    if (isPortError(p.port)) envDecl(ctx, e, loc, raw, invalidValue(p.port.error));
    else envDecl(ctx, e, loc, raw, portValue(p.port.port, p.port.endPort), p.port.protocol);
  }
}

/** `8080`, `21100-21110`, `53/udp`. */
function parseEnvPort(text: string): (PortRange & { protocol?: string }) | { error: string } {
  const m = /^([^/]*)(?:\/(tcp|udp|sctp))?$/i.exec(text);
  const range = parsePortRange(m ? m[1]! : text);
  if (isPortError(range)) return { error: `${range.error}` };
  return m?.[2] ? { ...range, protocol: m[2] } : range;
}

// URLs ---------------------------------------------------------------------------------------

const NO_VARS: ReadonlyMap<string, string> = new Map();
const SCHEME = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):\/\//g;
const AUTHORITY_END = new Set(['/', '?', '#', '"', "'", '`', ';', '<', '>', '|', '\\', ')', '(', '{', '}']);

/** End of the authority starting at `from` (`${…}` references are read whole). */
function authorityEnd(text: string, from: number, limit: number): number {
  let j = from;
  while (j < limit) {
    const c = text[j]!;
    if (c === '$' && text[j + 1] === '{') {
      j = referenceEnd(text, j) + 1;
      continue;
    }
    if (AUTHORITY_END.has(c) || /\s/.test(c)) break;
    j++;
  }
  return Math.min(j, limit);
}

/** End of a URL's path, query and fragment: the next blank or quote, or where the next URL starts. */
function urlEnd(text: string, from: number, limit: number): number {
  let j = from;
  while (j < limit && !/[\s"'`<>]/.test(text[j]!)) j++;
  while (j > from && /[,;.)]/.test(text[j - 1]!)) j--;
  return j;
}

/** Split `text` at `sep` outside `${…}` (and outside `[…]`), with offsets relative to `base`. */
function splitOutside(text: string, sep: string, base: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  let bracket = false;
  for (let j = 0; j < text.length; j++) {
    if (text[j] === '$' && text[j + 1] === '{') {
      j = referenceEnd(text, j);
    } else if (text[j] === '[') bracket = true;
    else if (text[j] === ']') bracket = false;
    else if (text[j] === sep && !bracket) {
      out.push({ text: text.slice(start, j), start: base + start });
      start = j + 1;
    }
  }
  out.push({ text: text.slice(start), start: base + start });
  return out;
}

/** The index of the last `sep` outside `${…}` and `[…]`, or -1. */
function lastOutside(text: string, sep: string): number {
  const parts = splitOutside(text, sep, 0);
  return parts.length > 1 ? parts[parts.length - 1]!.start - 1 : -1;
}

function urlDecls(ctx: EnvContext, e: EnvValue): void {
  const text = e.value;
  if (!text.includes('://')) return;
  const starts = [...text.matchAll(SCHEME)];
  starts.forEach((m, n) => {
    const scheme = m[1]!.toLowerCase();
    const authStart = m.index + m[0].length;
    const limit = n + 1 < starts.length ? starts[n + 1]!.index : text.length;
    let authEnd = authorityEnd(text, authStart, limit);
    while (authEnd > authStart && /[,\s]/.test(text[authEnd - 1]!)) authEnd--;
    const authority = text.slice(authStart, authEnd);
    const at = lastOutside(authority, '@');
    const hostsStart = authStart + at + 1;
    const end = urlEnd(text, authEnd, limit);
    const url = { scheme, start: m.index, end, raw: text.slice(m.index, end) };
    let implied = false;
    for (const host of splitOutside(authority.slice(at + 1), ',', hostsStart)) {
      implied = hostPort(ctx, e, url, host) || implied;
    }
    const port = schemePort(scheme);
    if (implied && port !== undefined) {
      urlDecl(ctx, e, url, e.span(url.start, url.end), portValue(port), true);
    }
  });
}

interface UrlText {
  scheme: string;
  start: number;
  end: number;
  raw: string;
}

/**
 * Declare the explicit port of one `host[:port]` of a URL. Returns true when the host names no
 * port (the scheme's default applies). A reference in a literal (single-quoted) value is still
 * not a value we know: it is unresolved.
 */
function hostPort(ctx: EnvContext, e: EnvValue, url: UrlText, host: { text: string; start: number }): boolean {
  const vars = e.template === undefined ? NO_VARS : ctx.vars;
  const colon = lastOutside(host.text, ':');
  if (colon >= 0) {
    const portText = host.text.slice(colon + 1);
    if (portText === '') return colon > 0;
    const from = host.start + colon + 1;
    portDecl(ctx, e, url, e.span(from, from + portText.length), interpolate(portText, vars));
    return false;
  }
  if (!host.text.includes('$')) return host.text !== '';
  // `http://${ADDR}`: the variable may hold `host:port`.
  const expanded = interpolate(host.text, vars);
  const loc = e.span(host.start, host.start + host.text.length);
  if (expanded.unresolved.length > 0) {
    urlDecl(ctx, e, url, loc, unresolvedValue(expanded.unresolved));
    return false;
  }
  const inner = lastOutside(expanded.value, ':');
  if (inner < 0 || inner === expanded.value.length - 1) return expanded.value !== '';
  portDecl(ctx, e, url, loc, { value: expanded.value.slice(inner + 1), unresolved: [] });
  return false;
}

function portDecl(ctx: EnvContext, e: EnvValue, url: UrlText, loc: Loc, port: { value: string; unresolved: string[] }): void {
  if (port.unresolved.length > 0) urlDecl(ctx, e, url, loc, unresolvedValue(port.unresolved));
  else if (!/^\d+$/.test(port.value)) urlDecl(ctx, e, url, loc, invalidValue(`"${port.value}" is not a port number`));
  else urlDecl(ctx, e, url, loc, portValue(Number(port.value)));
}

/** The transport of a URL's protocol: UDP for schemes of UDP services (`tftp`), TCP otherwise. */
function schemeTransport(scheme: string): 'tcp' | 'udp' {
  return serviceOfScheme(scheme)?.ports[0]?.transport === 'udp' ? 'udp' : 'tcp';
}

function urlDecl(ctx: EnvContext, e: EnvValue, url: UrlText, loc: Loc, value: PortValue, implicit = false): void {
  ctx.decls.push(
    declaration({
      file: ctx.file,
      role: 'url',
      loc,
      value,
      protocol: schemeTransport(url.scheme),
      raw: url.raw,
      variables: references(url.raw),
      source: { format: 'env', variable: e.key, url: { scheme: url.scheme, implicit } },
      format: ctx.format,
      owner: ctx.owner,
    }),
  );
}
