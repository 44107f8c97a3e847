/**
 * Shared YAML helpers for the Kubernetes and Compose parsers: parse once with source ranges, then
 * walk the node tree (never `toJS()`), resolving aliases and `<<` merge keys with a bound.
 */
import {
  CST,
  Composer,
  type Alias,
  Document,
  Lexer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
  Scalar,
} from 'yaml';
import { isDirectiveCandidate, type Loc, type ParseProblem, type SourceComment } from '../model.js';

export interface YamlFile {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  /**
   * The text the nodes' offsets refer to: the file's, or the file's with the continuation lines of
   * under-indented quoted values indented further (see `reindented`).
   */
  text: string;
  /** Comments that may be portlint directives, as the lexer saw them (never a `#` inside a scalar). */
  comments: SourceComment[];
  /** Documents left unparsed (`ParseYamlOptions.skipDocument`): offsets of their text. */
  skipped: [number, number][];
  /**
   * Quoted values that go on over lines indented no deeper than the key they belong to: YAML
   * forbids that, but the libyaml family of parsers (Go's, and so kubectl and docker compose, and
   * PyYAML) reads them, so portlint reads them too, and warns (`reindentedProblems`).
   */
  reindented: Loc[];
}

/** How many alias/merge hops a walker follows before it gives up (guards alias bombs). */
const MAX_ALIAS_DEPTH = 20;

/** Tokens the lexer emits that stand for no source text. */
const LEXER_CONTROL = new Set(['\x02', '\x18', '\x1f']);

/**
 * Parse every document of a stream, and keep the directive comments on the way: one lexer pass
 * feeds the parser and the comment list (what `parseAllDocuments` does, with the lexemes in view).
 * A quoted value that `yaml` ends early, for want of indentation, is read to its closing quote
 * as kubectl reads it (`readAsLibyaml`, `YamlFile.reindented`).
 */
export function parseYaml(text: string, options: ParseYamlOptions = {}): YamlFile {
  const skipped = options.skipDocument && !text.includes('portlint') ? skippedDocuments(text, options.skipDocument) : [];
  const source = skipped.length > 0 ? blanked(text, skipped) : text;
  const parsed = { ...composeDocuments(text, source), skipped, reindented: [] };
  return parsed.docs.some(hasUnclosedQuote) ? (readAsLibyaml(text, source, parsed) ?? parsed) : parsed;
}

/** How many passes `readAsLibyaml` makes, one quoted value or more each, before the file's errors stand. */
const MAX_REINDENT_PASSES = 50;

/**
 * The file read as Go's parser reads it (and so kubectl and docker compose): each quoted value to
 * its closing quote, whatever the indentation; undefined when that leaves a quote unclosed. A value
 * the lexer ended early makes it read what follows as other tokens, so the values after it are
 * found in the next pass.
 */
function readAsLibyaml(text: string, source: string, parsed: YamlFile): YamlFile | undefined {
  // The spaces put at the start of a line (by the file's offset of that line), and for each
  // value (by the file's offset of its opening quote) the last of its lines that got some.
  const pads = new Map<number, number>();
  const lastLine = new Map<number, number>();
  const shift = (offset: number): number => offset + sumOf(pads, (at) => at < offset);
  const unshift = (offset: number): number => offset - sumOf(pads, (at) => shift(at) < offset);
  let again: Pick<YamlFile, 'docs' | 'lineCounter' | 'text' | 'comments'> = parsed;
  for (let pass = 0; again.docs.some(hasUnclosedQuote); pass++) {
    if (pass === MAX_REINDENT_PASSES) return undefined;
    const found = underIndentedQuotes(indented(source, pads)).map((l) => ({ at: unshift(l.at), by: l.by, quote: unshift(l.quote) }));
    if (found.length === 0) return undefined;
    for (const { at, by, quote } of found) {
      pads.set(at, (pads.get(at) ?? 0) + by);
      lastLine.set(quote, Math.max(lastLine.get(quote) ?? 0, at));
    }
    const byLine = new Map([...pads].map(([at, by]) => [parsed.lineCounter.linePos(at).line, by]));
    again = composeDocuments(indented(text, pads), indented(source, pads), byLine);
  }
  return {
    ...again,
    skipped: parsed.skipped.map(([start, end]) => [shift(start), shift(end)]),
    reindented: [...lastLine]
      .sort(([a], [b]) => a - b)
      .map(([quote, at]) => ({
        ...locAt(again.lineCounter, shift(quote), shift(quote) + 1),
        endLine: parsed.lineCounter.linePos(at).line,
      })),
  };
}

/** The sum of the spaces of `pads` at the offsets `which` picks. */
function sumOf(pads: ReadonlyMap<number, number>, which: (at: number) => boolean): number {
  let n = 0;
  for (const [at, by] of pads) if (which(at)) n += by;
  return n;
}

/**
 * The documents of `text` (parsed from `source`: the text with skipped documents blanked), its line
 * counter and directive comments. With `pads` (the spaces `text` has at the start of a line that
 * the file has not, by line), the counter gives the file's columns: a pad is not counted.
 */
function composeDocuments(
  text: string,
  source: string,
  pads: ReadonlyMap<number, number> = new Map(),
): Pick<YamlFile, 'docs' | 'lineCounter' | 'text' | 'comments'> {
  const lineCounter = lineCounterOf(text);
  if (pads.size > 0) {
    const linePos = lineCounter.linePos;
    lineCounter.linePos = (offset) => {
      const at = linePos(offset);
      const by = pads.get(at.line);
      return by === undefined ? at : { line: at.line, col: Math.max(1, at.col - by) };
    };
  }
  const comments: SourceComment[] = [];
  function* tokens(): Generator<CST.Token> {
    const parser = new Parser();
    let offset = 0;
    for (const lexeme of new Lexer().lex(source)) {
      yield* parser.next(lexeme);
      if (LEXER_CONTROL.has(lexeme)) continue;
      if (lexeme.charCodeAt(0) === 35 /* # */ && isDirectiveCandidate(lexeme.slice(1))) {
        const { line, col } = lineCounter.linePos(offset);
        comments.push({ text: lexeme.slice(1), line, column: col, endColumn: col + lexeme.replace(/\r$/, '').length });
      }
      offset += lexeme.length;
    }
    yield* parser.end();
  }
  const composer = new Composer({ merge: true, prettyErrors: false, uniqueKeys: false, strict: false });
  // Only a file that mentions `portlint-` can hold a directive: others skip the lexeme-level pass.
  const stream = text.includes('portlint-') ? tokens() : new Parser().parse(source);
  const docs = Array.from(composer.compose(stream)) as Document.Parsed[];
  return { docs, lineCounter, text, comments };
}

/** Whether the parser ended a quoted value before its closing quote. */
function hasUnclosedQuote(doc: Document.Parsed): boolean {
  return doc.errors.some((e) => e.code === 'MISSING_CHAR' && /^Missing closing ['"]quote/.test(e.message));
}

/** A line of a quoted value to indent: its start (`at`), by how many spaces, and where its value's quote is. */
interface UnderIndented {
  at: number;
  by: number;
  quote: number;
}

/**
 * The continuation lines of quoted values that the lexer ended early because a line was not
 * indented past the key (`key: '{` … `}'` with the `}'` under the key): for each line after the
 * quote's, up to the closing quote, that has text and is indented no deeper than the key's column,
 * the spaces that put it one column past the key. Leading white space is folded away in a quoted
 * value, so the value stays the same.
 */
function underIndentedQuotes(source: string): UnderIndented[] {
  const out: UnderIndented[] = [];
  let offset = 0;
  let resumeAt = 0;
  for (const lexeme of new Lexer().lex(source)) {
    if (LEXER_CONTROL.has(lexeme)) continue;
    const start = offset;
    offset += lexeme.length;
    const c = lexeme[0];
    if (start < resumeAt || (c !== "'" && c !== '"')) continue;
    const end = closingQuote(source, start);
    if (end === undefined || end <= offset) continue;
    // The lexer stopped short of the closing quote: what it read after is still the value.
    resumeAt = end;
    const lineStart = source.lastIndexOf('\n', start) + 1;
    const keyColumn = /^[ \t]*(?:-[ \t]+)*/.exec(source.slice(lineStart, start))![0].length;
    for (let at = source.indexOf('\n', start) + 1; at > 0 && at < end; at = source.indexOf('\n', at) + 1) {
      const eol = source.indexOf('\n', at);
      const line = source.slice(at, eol === -1 ? undefined : eol);
      const indent = /^ */.exec(line)![0].length;
      if (/\S/.test(line) && indent <= keyColumn) out.push({ at, by: keyColumn + 1 - indent, quote: start });
    }
  }
  return out;
}

/**
 * Where the quoted value that opens at `start` closes (the offset after its quote), read as libyaml
 * reads it: a single-quoted value ends at a `'` that is not doubled, a double-quoted one at a `"`
 * that is not escaped; undefined when a document marker or the end of the text comes first.
 */
function closingQuote(source: string, start: number): number | undefined {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\n' && /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(source.slice(i + 1, i + 5))) return undefined;
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && source[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return undefined;
}

/** `text` with the spaces of `pads` put at the line starts they are for (offsets in `text`). */
function indented(text: string, pads: ReadonlyMap<number, number>): string {
  let out = '';
  let from = 0;
  for (const [at, by] of [...pads].sort(([a], [b]) => a - b)) {
    out += text.slice(from, at) + ' '.repeat(by);
    from = at;
  }
  return out + text.slice(from);
}

/** One warning per quoted value read past its indentation (`YamlFile.reindented`). */
export function reindentedProblems(y: YamlFile): ParseProblem[] {
  return y.reindented.map((loc) => ({
    id: 'parse-error' as const,
    message: `This quoted value goes on over lines indented no deeper than its key (to line ${loc.endLine}): kubectl and docker compose read it, but YAML forbids it and stricter parsers reject the file. Indent those lines past the key.`,
    line: loc.line,
    column: loc.column,
    severity: 'warn' as const,
    fatal: false,
  }));
}

export interface ParseYamlOptions {
  /**
   * Documents not to parse, judged by their text (between document markers): they come out as
   * empty documents (the others keep their index and offsets) and are listed in `skipped`. Never
   * applied to a text that mentions `portlint` (its directives and annotations must all be read).
   */
  skipDocument?: (documentText: string) => boolean;
}

/** A line that starts or ends a document (`---`, `...`), with what follows on it. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)(.*)$/gm;

/**
 * The ranges of the documents `skip` says not to parse: from the end of their marker line to the
 * next marker line. A document that starts on its marker line (`--- !!map`, `--- {`) is always parsed.
 */
function skippedDocuments(text: string, skip: (documentText: string) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let whole = true;
  const take = (end: number): void => {
    if (whole && end > start && skip(text.slice(start, end))) out.push([start, end]);
  };
  for (const m of text.matchAll(DOCUMENT_MARKER)) {
    take(m.index);
    start = m.index + m[0].length;
    whole = /^[ \t]*(?:#.*)?\r?$/.test(m[1] ?? '');
  }
  take(text.length);
  return out;
}

/**
 * The text with each range turned to spaces but its last line break: the same offsets, nothing for
 * the lexer to read but one run of blanks. A range at the very start (a first document without a
 * marker) begins with `---`, so that it still stands for a document and the others keep their index.
 */
function blanked(text: string, ranges: readonly [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    const kept = /\r?\n$|\r$/.exec(text.slice(Math.max(start, end - 2), end))?.[0].length ?? 0;
    const marker = start === 0 && end - start - kept >= 3 ? '---' : '';
    out += text.slice(at, start) + marker + ' '.repeat(end - start - kept - marker.length) + text.slice(end - kept, end);
    at = end;
  }
  return out + text.slice(at);
}

/**
 * A line counter built from the text itself: a line ends at `\n`, `\r\n` or a lone `\r` (as
 * editors count). Prefer it to the one the YAML parser fills: in error recovery the parser can
 * miss a line break inside a broken quoted scalar, shifting every later line.
 */
export function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
    return lc;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lc.addNewLine(i + 1);
  }
  return lc;
}

export function locAt(lc: LineCounter, start: number, end: number): Loc {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/** The place of a node's value (without trailing comments). */
export function locOf(node: Node | Pair | null | undefined, lc: LineCounter): Loc {
  const n = isPair(node) ? (node.key as Node | null) : node;
  const r = n?.range;
  if (!r) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return locAt(lc, r[0], r[1]);
}

/**
 * The place of characters `from`..`to` of a scalar's value, when the source text holds the value
 * verbatim (plain, or quoted without escapes); otherwise the whole scalar.
 */
export function subLoc(node: Node, lc: LineCounter, text: string, from: number, to: number): Loc {
  const r = node.range;
  if (!r || !isScalar(node)) return locOf(node, lc);
  const value = String(node.source ?? node.value);
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const start = r[0] + (quoted ? 1 : 0);
  if (text.slice(start, start + value.length) !== value) return locOf(node, lc);
  return locAt(lc, start + from, start + to);
}

/** Follow aliases to the node they point at; undefined if the chain is too long or broken. */
export function deref(node: unknown, doc: Document.Parsed): Node | undefined {
  let n = node;
  for (let i = 0; i < MAX_ALIAS_DEPTH && isAlias(n); i++) n = resolveAlias(n, doc);
  if (isAlias(n)) return undefined;
  return (n ?? undefined) as Node | undefined;
}

/** Per document: its aliases and anchored nodes in document order (what `Alias.resolve` searches). */
const anchorLists = new WeakMap<Document.Parsed, Node[]>();

/**
 * The node an alias points at: the last node before it that carries its anchor, as
 * `Alias.resolve(doc)` finds it. That method walks the whole document on every call (with
 * `yaml`'s `visit`, which allocates a path per node); here the walk is made once per document.
 */
function resolveAlias(alias: Alias, doc: Document.Parsed): Node | undefined {
  let nodes = anchorLists.get(doc);
  if (!nodes) anchorLists.set(doc, (nodes = anchoredNodes(doc.contents)));
  let found: Node | undefined;
  for (const n of nodes) {
    if (n === alias) break;
    if (n.anchor === alias.source) found = n;
  }
  return found;
}

/** Aliases and anchored nodes under `node`, in document order (what `Alias.resolve` searches). */
function anchoredNodes(node: unknown): Node[] {
  const out: Node[] = [];
  eachNode(node, (n) => {
    if (isAlias(n) || ((isScalar(n) || isMap(n) || isSeq(n)) && n.anchor)) out.push(n as Node);
  });
  return out;
}

/**
 * Call `visit` on `node` and every node under it, in document order (a pair's key, then its
 * value), as `yaml`'s `visit` meets them, without the path array it allocates per node.
 */
function eachNode(node: unknown, visit: (n: unknown) => void): void {
  visit(node);
  if (!isMap(node) && !isSeq(node)) return;
  for (const it of node.items as unknown[]) {
    if (isPair(it)) {
      eachNode(it.key, visit);
      eachNode(it.value, visit);
    } else eachNode(it, visit);
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || (key as Scalar & { source?: string }).source === '<<');
}

/** How many merged pairs one `entries` call may gather (guards merge-key fan-out bombs). */
const MAX_MERGED_PAIRS = 10_000;

/**
 * The pairs of a map, with `<<` merge keys expanded (own keys win, earlier merges win over later,
 * as YAML 1.1 merge says). Aliases used as keys are ignored. Bounded in depth and in total work.
 */
export function entries(node: unknown, doc: Document.Parsed): readonly Pair<Node, Node>[] {
  // Most maps merge nothing: their pairs are their entries, and need no copy.
  const map = deref(node, doc);
  if (isMap(map) && !(map as YAMLMap<Node, Node>).items.some((p) => isMergeKey(p.key))) return (map as YAMLMap<Node, Node>).items;
  return collectEntries(node, doc, 0, { left: MAX_MERGED_PAIRS }, new Set());
}

function collectEntries(
  node: unknown,
  doc: Document.Parsed,
  depth: number,
  budget: { left: number },
  seen: Set<unknown>,
): Pair<Node, Node>[] {
  const map = deref(node, doc);
  // A map merged twice (or into itself) adds nothing the first merge did not: the first one wins.
  if (!isMap(map) || depth > MAX_ALIAS_DEPTH || budget.left <= 0 || seen.has(map)) return [];
  seen.add(map);
  budget.left -= 1;
  const own: Pair<Node, Node>[] = [];
  const merged: Pair<Node, Node>[] = [];
  for (const pair of (map as YAMLMap<Node, Node>).items) {
    if (isMergeKey(pair.key)) {
      const src = deref(pair.value, doc);
      const sources = isSeq(src) ? src.items : [src];
      for (const s of sources) merged.push(...collectEntries(s, doc, depth + 1, budget, seen));
    } else {
      own.push(pair);
    }
  }
  budget.left -= own.length + merged.length;
  if (merged.length === 0) return own;
  const keys = new Set(own.map((p) => keyString(p.key)));
  const out = [...own];
  for (const p of merged) {
    const k = keyString(p.key);
    if (keys.has(k)) continue;
    keys.add(k);
    out.push(p);
  }
  return out;
}

export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return undefined;
}

/** The value node under `key` in a map (aliases and merges resolved). */
export function get(node: unknown, key: string, doc: Document.Parsed): Node | undefined {
  const p = getPair(node, key, doc);
  return p ? deref(p.value, doc) : undefined;
}

/**
 * The pair under `key` (for the position of the key itself): the first of `entries(node)` with
 * that key. Own keys come first there, so the map's own items are searched without building the
 * merged list, which is needed only when the key is not the map's own and the map has a `<<`.
 */
export function getPair(node: unknown, key: string, doc: Document.Parsed): Pair<Node, Node> | undefined {
  const map = deref(node, doc);
  if (!isMap(map)) return undefined;
  let merges = false;
  for (const p of (map as YAMLMap<Node, Node>).items) {
    // keyString and isMergeKey in one look at the key: this loop is the parsers' hottest.
    const k = p.key;
    if (!isScalar(k)) continue;
    if (k.value === '<<' || k.source === '<<') merges = true;
    else if (k.value !== null && String(k.value) === key) return p;
  }
  if (!merges) return undefined;
  for (const p of entries(map, doc)) if (keyString(p.key) === key) return p;
  return undefined;
}

/** The items of a sequence, aliases resolved. */
export function items(node: unknown, doc: Document.Parsed): Node[] {
  const seq = deref(node, doc);
  if (!isSeq(seq)) return [];
  const out: Node[] = [];
  for (const it of (seq as YAMLSeq<Node>).items) {
    const n = deref(it, doc);
    if (n) out.push(n);
  }
  return out;
}

/** A scalar's value as a string (numbers and booleans stringified); undefined for non-scalars and null. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

/** The scalar's source text as written (without quotes). */
export function rawText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  return node.source !== undefined ? String(node.source) : node.value === null ? undefined : String(node.value);
}

/** A string → string map (labels, selectors, annotations). */
export function stringMap(node: unknown, doc: Document.Parsed): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of entries(node, doc)) {
    const k = keyString(p.key);
    const v = str(deref(p.value, doc));
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

/** The document's parse errors as problems (fatal for that document). */
export function documentProblems(doc: Document.Parsed, y: YamlFile): ParseProblem[] {
  // The parser may point at the "\n" of a "\r\n": that is still the end of the line before it.
  const onLine = (offset: number): number => (y.text[offset] === '\n' && y.text[offset - 1] === '\r' ? offset - 1 : offset);
  return doc.errors.map((e) => {
    const [start, end] = e.pos;
    const loc = locAt(y.lineCounter, onLine(start), onLine(end));
    return {
      id: 'parse-error' as const,
      message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      ...loc,
      severity: 'error' as const,
      fatal: true,
    };
  });
}

/**
 * Keys written twice in one mapping, reported at the second: YAML forbids them, and docker compose
 * and kubectl (strict decoding) reject the file, so portlint must not silently keep one value.
 * Not fatal: the file is still linted, with the first value (as the parser keeps it).
 */
export function duplicateKeyProblems(
  doc: Document.Parsed,
  y: YamlFile,
  rejects: 'docker compose rejects the file' | 'kubectl rejects the object',
): ParseProblem[] {
  const out: ParseProblem[] = [];
  const report = (pair: Pair, first: Pair, k: string): void => {
    const loc = locOf(pair.key as Node, y.lineCounter);
    const firstLine = locOf(first.key as Node, y.lineCounter).line;
    out.push({
      id: 'parse-error',
      message: `Duplicate key "${k}" (first on line ${firstLine}): ${rejects}. Remove one of them.`,
      ...loc,
      severity: 'error',
      fatal: false,
    });
  };
  // Every mapping of the document, keys and values alike.
  eachNode(doc.contents, (n) => {
    if (isMap(n) && n.items.length > 1) checkMap(n.items as Pair[], report);
  });
  return out;
}

/** A mapping key that duplicate-key checks compare: strings and numbers (as text), never `<<` (merges may repeat). */
function dataKey(pair: Pair): string | undefined {
  const k = isScalar(pair.key) ? pair.key.value : undefined;
  if (typeof k === 'string') return k === '<<' ? undefined : k;
  return typeof k === 'number' ? String(k) : undefined;
}

/** Call `report` for every pair whose key an earlier pair of the mapping has, with the first such pair. */
function checkMap(pairs: Pair[], report: (pair: Pair, first: Pair, key: string) => void): void {
  // Most mappings are small: comparing each key with those before it costs less than a Map.
  if (pairs.length <= 16) {
    const keys = pairs.map(dataKey);
    for (let i = 1; i < pairs.length; i++) {
      const k = keys[i];
      if (k === undefined) continue;
      const j = keys.indexOf(k);
      if (j < i) report(pairs[i]!, pairs[j]!, k);
    }
    return;
  }
  const first = new Map<string, Pair>();
  for (const pair of pairs) {
    const k = dataKey(pair);
    if (k === undefined) continue;
    const seen = first.get(k);
    if (seen) report(pair, seen, k);
    else first.set(k, pair);
  }
}

/** True when text looks like an unrendered Helm/Go template. */
export function looksLikeTemplate(text: string): boolean {
  return /\{\{-?\s*[\w.$"(/-]/.test(text);
}
