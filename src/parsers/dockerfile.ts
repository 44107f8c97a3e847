/**
 * Dockerfile parser: reads a Dockerfile the way BuildKit's frontend does (parser directives, line
 * continuations, heredocs, multi-stage builds, ARG/ENV scoping, shell-style `$VAR` expansion) and
 * turns every `EXPOSE` word into a `container` declaration with its exact position.
 *
 * Three layers, each usable on its own:
 * - `splitInstructions` — text → positioned logical instructions, directives and comments;
 * - `expandShellWord` — BuildKit's shell lexer (quotes, escapes, `${VAR:-x}` …) over known variables;
 * - `parseDockerfile` — the stage/scope walk that yields the shared model.
 */
import {
  declaration,
  emptyFacts,
  invalidValue,
  isTransport,
  parseProtocol,
  portValue,
  protocolName,
  unresolvedValue,
  type DockerStageFact,
  type Loc,
  type Owner,
  type ParseProblem,
  type ParseResult,
  type PortDeclaration,
  isDirectiveCandidate,
  type SourceComment,
  type PortValue,
  type Source,
} from '../model.js';
import { stripBom } from '../text.js';
import { serviceOfDaemon, servicesInstalledBy, servicesOfImage } from '../knowledge/services.js';
import { references } from './interpolate.js';
import { envValueDeclarations, mayDeclarePorts, type EnvValue } from './env.js';

// ---------------------------------------------------------------------------------------------
// Splitting the text into instructions
// ---------------------------------------------------------------------------------------------

export type EscapeChar = '\\' | '`';

/** A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) from the top of the file. */
export interface DockerfileDirective {
  /** Lower-case directive name. */
  name: string;
  value: string;
  line: number;
}

/** A comment line (outside heredocs), including comment lines inside a continuation. */
export interface DockerfileComment {
  /** The text after `#`, trimmed. */
  text: string;
  line: number;
  /** Column of the `#`. */
  column: number;
}

export interface DockerfileHeredoc {
  /** The terminator word, quotes removed. */
  name: string;
  /** `<<-`: leading tabs are stripped from the content and terminator. */
  chomp: boolean;
  /** First content line. */
  line: number;
  /** The terminator's line; the last line of the file when unterminated. */
  endLine: number;
  terminated: boolean;
  /** The body lines, joined with `\n` (without the terminator). */
  body: string;
}

/** Where a piece of an instruction's logical text starts in the file. */
export interface TextSegment {
  /** Offset into `DockerInstruction.text`. */
  offset: number;
  line: number;
  column: number;
}

/** A word of an instruction's logical text; `start`/`end` are offsets into `DockerInstruction.text`. */
export interface TextWord {
  text: string;
  start: number;
  end: number;
}

/** One logical instruction: its physical lines joined as BuildKit joins them. */
export interface DockerInstruction {
  /** Upper-case instruction name, e.g. `EXPOSE`. */
  keyword: string;
  /** The instruction name as written. */
  keywordRaw: string;
  /**
   * The logical line: physical lines joined with the continuation characters, comment lines and
   * empty lines of the continuation removed (no separator is inserted, as in BuildKit).
   */
  text: string;
  /** Offset of the keyword in `text`. */
  keywordStart: number;
  /** Leading `--flag[=value]` words (BuildKit extracts them for every instruction). */
  flags: TextWord[];
  /** Offset in `text` where the arguments after the flags begin. */
  restStart: number;
  /** Offset in `text` just after the last non-blank character. */
  restEnd: number;
  /** Maps offsets of `text` back to physical positions; see `instructionLoc`. */
  segments: TextSegment[];
  /** From the keyword to the last character of the arguments (heredoc bodies not included). */
  loc: Loc;
  heredocs: DockerfileHeredoc[];
}

export interface DockerfileSplit {
  escape: EscapeChar;
  directives: DockerfileDirective[];
  comments: DockerfileComment[];
  instructions: DockerInstruction[];
  problems: ParseProblem[];
}

const VALID_DIRECTIVES: ReadonlySet<string> = new Set(['syntax', 'escape', 'check']);
/** `#name=value` (the value is trimmed separately: a lazy `(.+?)\s*$` is quadratic on long blanks). */
const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=(.*)$/s;
/** How deeply `${a:-${b:-…}}` may nest before the word is called malformed. */
const MAX_SUBSTITUTION_DEPTH = 64;
/** Legacy `ENV name value…`: the name, BuildKit's `reWhitespace`, then the rest. */
const LEGACY_ENV_RE = /^([^\t\v\f\r ]+)[\t\v\f\r ]+(.*)$/s;
const HEREDOC_WORD_RE = /^(\d*)<<(-?)([^<]*)$/;
/** Instructions whose (non-JSON) form may carry heredocs. */
const HEREDOC_INSTRUCTIONS: ReadonlySet<string> = new Set(['RUN', 'COPY', 'ADD']);

type ProblemAt = Partial<Loc> & { line: number; column: number };

function problem(message: string, loc: ProblemAt, severity: 'error' | 'warn' = 'warn', fatal = false): ParseProblem {
  const p: ParseProblem = { id: 'parse-error', message, line: loc.line, column: loc.column, severity, fatal };
  if (loc.endLine !== undefined) p.endLine = loc.endLine;
  if (loc.endColumn !== undefined) p.endColumn = loc.endColumn;
  return p;
}

/**
 * The file's lines, BOM removed. BuildKit splits on `\n` and drops a trailing `\r`; a lone `\r`
 * also ends a line here, as in editors, ESLint and the YAML parser, so that positions agree.
 */
function physicalLines(source: string): string[] {
  const text = stripBom(source);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Length of `s` without the trailing characters in `chars` (a loop: `/[…]+$/` is quadratic). */
function trimmedEnd(s: string, chars: string): number {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end;
}

/** Length of the leading whitespace of `s` (`\s`, the characters `trimStart` removes). */
function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}

/**
 * Strip a trailing continuation character (the escape char, optionally followed by blanks) as
 * BuildKit's `lineContinuationRegex` does: an escape char preceded by another one is not a
 * continuation. `escapeIndex` is the 0-based index of the removed char.
 */
function trimContinuation(line: string, escape: EscapeChar): { text: string; continued: boolean; escapeIndex: number } {
  const end = trimmedEnd(line, ' \t');
  if (end > 0 && line[end - 1] === escape && (end === 1 || line[end - 2] !== escape)) {
    return { text: line.slice(0, end - 1), continued: true, escapeIndex: end - 1 };
  }
  return { text: line, continued: false, escapeIndex: -1 };
}

/** The physical place of offsets `start`..`end` (end exclusive) of an instruction's logical text. */
export function instructionLoc(ins: Pick<DockerInstruction, 'segments'>, start: number, end: number): Loc {
  const a = offsetPos(ins.segments, start);
  if (end <= start) return { line: a.line, column: a.column, endLine: a.line, endColumn: a.column };
  const b = offsetPos(ins.segments, end - 1);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column + 1 };
}

function offsetPos(segments: TextSegment[], offset: number): { line: number; column: number } {
  // Binary search for the last segment starting at or before `offset`.
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  const seg = segments[lo]!;
  return { line: seg.line, column: seg.column + (offset - seg.offset) };
}

/** Whitespace-delimited words of `text[from..to)` (BuildKit's `parseStringsWhitespaceDelimited`). */
export function whitespaceWords(text: string, from: number, to: number): TextWord[] {
  const words: TextWord[] = [];
  const re = /[^\t\v\f\r ]+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    words.push({ text: text.slice(m.index, end), start: m.index, end });
  }
  return words;
}

/** Leading `--flag` words from `pos` (quote-aware, as BuildKit's `extractBuilderFlags`); a bare `--` ends them. */
function extractFlags(text: string, pos: number, end: number): { flags: TextWord[]; restStart: number } {
  const flags: TextWord[] = [];
  for (;;) {
    while (pos < end && /\s/.test(text[pos]!)) pos++;
    if (!text.startsWith('--', pos) || pos >= end) return { flags, restStart: pos };
    const start = pos;
    let quote = '';
    while (pos < end && (quote !== '' || !/\s/.test(text[pos]!))) {
      const ch = text[pos]!;
      if (quote === '' && (ch === '"' || ch === "'")) quote = ch;
      else if (ch === quote) quote = '';
      pos++;
    }
    const word = text.slice(start, pos);
    if (word === '--') {
      while (pos < end && /\s/.test(text[pos]!)) pos++;
      return { flags, restStart: pos };
    }
    flags.push({ text: word, start, end: pos });
  }
}

/** Shell-like words with quotes and escapes kept raw (for finding heredoc markers). */
function rawShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote !== '') {
      word += ch;
      if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i]!;
      else if (ch === quote) quote = '';
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    word += ch;
    if (ch === '\\' && i + 1 < line.length) word += line[++i];
    else if (ch === '"' || ch === "'") quote = ch;
  }
  if (inWord) words.push(word);
  return words;
}

/** True when the arguments are a JSON array of strings (exec form), which cannot hold heredocs. */
function isJsonArrayForm(args: string): boolean {
  if (!args.trimStart().startsWith('[')) return false;
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

/** The heredocs a RUN/COPY/ADD (or ONBUILD of one) line opens, as BuildKit's `heredocsFromLine`. */
function heredocMarkers(ins: DockerInstruction): { name: string; chomp: boolean }[] {
  let keyword = ins.keyword;
  let args = ins.text.slice(ins.restStart, ins.restEnd);
  if (keyword === 'ONBUILD') {
    const sub = /^(\S+)\s*(.*)$/s.exec(args);
    if (!sub) return [];
    keyword = sub[1]!.toUpperCase();
    args = sub[2]!;
  }
  if (!HEREDOC_INSTRUCTIONS.has(keyword) || !ins.text.includes('<<') || isJsonArrayForm(args)) return [];
  const out: { name: string; chomp: boolean }[] = [];
  for (const word of rawShellWords(ins.text.slice(ins.keywordStart, ins.restEnd))) {
    const m = HEREDOC_WORD_RE.exec(word);
    if (!m || m[3] === '') continue;
    const name = expandShellWord(m[3]!, () => undefined, '\\');
    if (name.error !== undefined || name.words.length !== 1) continue;
    out.push({ name: name.words[0]!, chomp: m[2] === '-' });
  }
  return out;
}

/**
 * Split a Dockerfile into logical instructions as BuildKit's parser does: parser directives at the
 * top, comment and blank lines skipped (also inside a continuation), lines joined on the escape
 * character, heredoc bodies consumed. Never throws; oddities become `problems`.
 */
export function splitInstructions(source: string): DockerfileSplit {
  const lines = physicalLines(source);
  const out: DockerfileSplit = { escape: '\\', directives: [], comments: [], instructions: [], problems: [] };
  let directivesDone = false;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const lead = leadingSpace(lines[i]!);
    const stripped = lines[i]!.slice(lead);
    if (!directivesDone) directivesDone = !readDirective(stripped, { line: lineNo, column: lead + 1 }, out);
    if (directivesDone && stripped.startsWith('#')) {
      out.comments.push({ text: stripped.slice(1).trim(), line: lineNo, column: lead + 1 });
    }
    if (stripped.startsWith('#')) continue;

    const first = trimContinuation(stripped, out.escape);
    if (!first.continued && first.text === '') continue;
    const logical = joinContinuation(lines, i, lead, first, out);
    i = logical.lastIndex;
    const ins = makeInstruction(logical.text, logical.segments);
    if (!ins) continue;
    out.instructions.push(ins);
    i = readHeredocs(ins, lines, i, out);
  }
  return out;
}

/**
 * Join the physical lines of one instruction from line index `i` on: comment and blank lines
 * inside the continuation are skipped (BuildKit does so, the latter with a deprecation warning).
 * Warns when the continuation is still open at the end of the file.
 */
function joinContinuation(
  lines: string[],
  i: number,
  lead: number,
  first: ReturnType<typeof trimContinuation>,
  out: DockerfileSplit,
): { text: string; segments: TextSegment[]; lastIndex: number } {
  let { text, continued } = first;
  const segments: TextSegment[] = [{ offset: 0, line: i + 1, column: lead + 1 }];
  let lastText = i;
  let escapeColumn = lead + first.escapeIndex + 1;
  while (continued && i + 1 < lines.length) {
    const raw = lines[++i]!;
    const rawLead = leadingSpace(raw);
    if (raw.startsWith('#', rawLead)) {
      out.comments.push({ text: raw.slice(rawLead + 1).trim(), line: i + 1, column: rawLead + 1 });
      continue;
    }
    if (rawLead === raw.length) continue;
    const part = trimContinuation(raw, out.escape);
    segments.push({ offset: text.length, line: i + 1, column: 1 });
    text += part.text;
    continued = part.continued;
    escapeColumn = part.escapeIndex + 1;
    lastText = i;
  }
  if (continued) {
    const at = { line: lastText + 1, column: escapeColumn, endLine: lastText + 1, endColumn: escapeColumn + 1 };
    out.problems.push(problem('Line continuation at the end of the file: the last instruction is incomplete', at));
  }
  return { text, segments, lastIndex: i };
}

/** Record a parser directive; false when the line is not one (which ends the directive block). */
function readDirective(stripped: string, at: { line: number; column: number }, out: DockerfileSplit): boolean {
  const m = DIRECTIVE_RE.exec(stripped);
  const value = m?.[2]!.trim() ?? '';
  if (!m || value === '' || !VALID_DIRECTIVES.has(m[1]!.toLowerCase())) return false;
  const name = m[1]!.toLowerCase();
  if (out.directives.some((d) => d.name === name)) {
    out.problems.push(problem(`Only one "${name}" parser directive can be used; this one is ignored`, at));
    return true;
  }
  out.directives.push({ name, value, line: at.line });
  if (name === 'escape') {
    if (value === '\\' || value === '`') out.escape = value;
    else out.problems.push(problem(`Invalid escape token "${value}": it must be \\ or \`; using \\`, at));
  }
  return true;
}

/** The instruction name at `lastIndex` (sticky; BuildKit's `reWhitespace` ends it). */
const KEYWORD_RE = /[^\t\v\f\r ]+/y;

function makeInstruction(text: string, segments: TextSegment[]): DockerInstruction | undefined {
  const keywordStart = leadingSpace(text);
  const restEnd = text.trimEnd().length;
  if (restEnd <= keywordStart) return undefined;
  KEYWORD_RE.lastIndex = keywordStart;
  const kwMatch = KEYWORD_RE.exec(text)!;
  const keywordEnd = keywordStart + kwMatch[0].length;
  const { flags, restStart } = extractFlags(text, keywordEnd, restEnd);
  const ins: DockerInstruction = {
    keyword: kwMatch[0].toUpperCase(),
    keywordRaw: kwMatch[0],
    text,
    keywordStart,
    flags,
    restStart: Math.min(restStart, restEnd),
    restEnd,
    segments,
    loc: { line: 0, column: 0, endLine: 0, endColumn: 0 },
    heredocs: [],
  };
  ins.loc = instructionLoc(ins, keywordStart, restEnd);
  return ins;
}

/** Consume the bodies of the heredocs `ins` opens; returns the index of the last line read. */
function readHeredocs(ins: DockerInstruction, lines: string[], i: number, out: DockerfileSplit): number {
  for (const marker of heredocMarkers(ins)) {
    const first = i + 2;
    let terminated = false;
    const body: string[] = [];
    while (i + 1 < lines.length) {
      i++;
      const candidate = marker.chomp ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
      if (candidate === marker.name) {
        terminated = true;
        break;
      }
      body.push(lines[i]!);
    }
    ins.heredocs.push({ ...marker, line: first, endLine: Math.max(i + 1, first - 1), terminated, body: body.join('\n') });
    if (!terminated) {
      out.problems.push(
        problem(`Unterminated heredoc: no line "${marker.name}" closes it, so the rest of the file is not read`, ins.loc, 'error', true),
      );
      break;
    }
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// Shell-style word expansion (BuildKit's shell.Lex)
// ---------------------------------------------------------------------------------------------

/** A variable's value, or undefined when it cannot be known (unset, or set only at build time). */
export type VariableLookup = (name: string) => string | undefined;

export interface ShellExpansion {
  /** The word after quote removal and substitution (unknown variables expand to ""). */
  value: string;
  /** The result split into fields as `ProcessWords` does (unquoted expansions split on blanks). */
  words: string[];
  /** Variables whose value is unknown and that the result depends on. */
  unresolved: string[];
  /** Set when the word is malformed (unterminated quote, bad substitution …). */
  error?: string;
}

class LexError extends Error {}

/** A run of blanks (captured), or of anything else: what `addChar` treats alike, character by character. */
const BLANK_OR_NOT_RE = /(\s+)|\S+/g;

/** BuildKit's `wordsStruct`: collects fields while a word is processed. */
class Fields {
  words: string[] = [];
  word = '';
  inWord = false;

  addChar(ch: string): void {
    if (/\s/.test(ch)) this.endWord();
    else this.addRaw(ch);
  }

  /** A blank: it ends the word being collected, if any. */
  private endWord(): void {
    if (this.inWord && this.word.length > 0) {
      this.words.push(this.word);
      this.word = '';
      this.inWord = false;
    }
  }

  addRaw(s: string): void {
    this.word += s;
    this.inWord = true;
  }

  /** `addChar` for each character of `s`, a run of blanks or of other characters at a time. */
  addString(s: string): void {
    for (const [run, blanks] of s.matchAll(BLANK_OR_NOT_RE)) {
      if (blanks !== undefined) this.endWord();
      else this.addRaw(run);
    }
  }

  done(): string[] {
    if (this.word.length > 0) this.words.push(this.word);
    this.word = '';
    return this.words;
  }
}

/** A variable name at a position (sticky): digits, one special parameter, or a word. */
const NAME_RE = /\d+|[@*#?\-$!]|[\p{L}\p{N}_]+/uy;

class ShellWord {
  private pos = 0;
  private depth = 0;
  readonly unresolved: string[] = [];
  private readonly unresolvedSet = new Set<string>();

  constructor(
    private readonly src: string,
    private readonly lookup: VariableLookup,
    private readonly escape: string,
  ) {}

  private peek(): string | undefined {
    return this.pos < this.src.length ? this.src[this.pos] : undefined;
  }

  private next(): string | undefined {
    return this.pos < this.src.length ? this.src[this.pos++] : undefined;
  }

  /** Where the run of plain characters from `pos` ends: at a quote, `$`, the escape character, `stop`, or the end. */
  private plainEnd(stop: string | undefined): number {
    let end = this.pos;
    for (; end < this.src.length; end++) {
      const c = this.src[end];
      if (c === "'" || c === '"' || c === '$' || c === this.escape || c === stop) break;
    }
    return end;
  }

  /** Process up to `stop` (consumed) or the end of the word. */
  run(stop?: string): { value: string; words: string[] } {
    let value = '';
    const fields = new Fields();
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (stop !== undefined && ch === stop) {
        this.pos++;
        return { value, words: fields.done() };
      }
      if (ch === "'" || ch === '"') {
        const s = ch === "'" ? this.singleQuoted() : this.doubleQuoted();
        value += s;
        fields.addRaw(s);
      } else if (ch === '$') {
        const s = this.dollar();
        value += s;
        fields.addString(s);
      } else if (ch === this.escape) {
        this.pos++;
        const escaped = this.next();
        if (escaped === undefined) break;
        fields.addRaw(escaped);
        value += escaped;
      } else {
        // Plain characters up to the next quote, `$`, escape or `stop`, as one run.
        const end = this.plainEnd(stop);
        const s = this.src.slice(this.pos, end);
        this.pos = end;
        fields.addString(s);
        value += s;
      }
    }
    if (stop !== undefined) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
    return { value, words: fields.done() };
  }

  private singleQuoted(): string {
    this.pos++;
    const close = this.src.indexOf("'", this.pos);
    if (close < 0) throw new LexError('unexpected end of statement while looking for matching single-quote');
    const s = this.src.slice(this.pos, close);
    this.pos = close + 1;
    return s;
  }

  private doubleQuoted(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === '$') {
        out += this.dollar();
        continue;
      }
      this.pos++;
      if (ch === this.escape) {
        const after = this.peek();
        if (after === undefined) continue;
        if (after === '"' || after === '$' || after === this.escape) {
          out += this.next();
          continue;
        }
      }
      out += ch;
    }
  }

  private name(): string {
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(this.src);
    if (!m) return '';
    this.pos += m[0].length;
    return m[0];
  }

  private get(name: string): string {
    const v = this.lookup(name);
    if (v === undefined) {
      if (!this.unresolvedSet.has(name)) {
        this.unresolvedSet.add(name);
        this.unresolved.push(name);
      }
      return '';
    }
    return v;
  }

  private dollar(): string {
    this.pos++;
    if (this.peek() !== '{') {
      const name = this.name();
      return name === '' ? '$' : this.get(name);
    }
    this.pos++;
    const first = this.peek();
    if (first === undefined) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.name();
    const ch = this.next();
    if (ch === '}') return this.get(name);
    if (ch === undefined) throw new LexError("syntax error: missing '}'");
    const colon = ch === ':';
    const modifier = colon ? this.next() : ch;
    if (modifier === undefined) throw new LexError("syntax error: missing '}'");
    return this.substitute(name, colon, modifier);
  }

  /** `${name[:]<modifier>word}`. Unknown variables take the default of `-`; `+`/`?` stay unknown. */
  private substitute(name: string, colon: boolean, modifier: string): string {
    if (++this.depth > MAX_SUBSTITUTION_DEPTH) throw new LexError('substitutions nested too deeply');
    const mark = this.unresolved.length;
    const word = this.run('}').value;
    this.depth--;
    const value = this.lookup(name);
    const dropWord = (): void => {
      for (const n of this.unresolved.splice(mark)) this.unresolvedSet.delete(n);
    };
    const unknown = (): string => {
      dropWord();
      return this.get(name);
    };
    const set = value !== undefined && (!colon || value !== '');
    switch (modifier) {
      case '-':
        if (set) dropWord();
        return set ? value : word;
      case '+':
        if (value === undefined) return unknown();
        if (!set) dropWord();
        return set ? word : '';
      case '?':
        if (value === undefined) return unknown();
        if (!set) throw new LexError(`${name}: ${word || 'parameter not set'}`);
        dropWord();
        return value;
      case '#':
      case '%':
      case '/':
        // Pattern operators: resolved only when the variable is known and the pattern is literal.
        if (value === undefined || colon || /[*?[\\]/.test(word)) return unknown();
        dropWord();
        return trimPattern(value, modifier, word);
      default:
        throw new LexError(`unsupported modifier (${colon ? ':' : ''}${modifier}) in substitution`);
    }
  }
}

/** `${v#p}` / `${v##p}` / `${v%p}` / `${v%%p}` / `${v/p/r}` for a literal pattern. */
function trimPattern(value: string, op: string, word: string): string {
  if (op === '#') {
    const p = word.startsWith('#') ? word.slice(1) : word;
    return value.startsWith(p) ? value.slice(p.length) : value;
  }
  if (op === '%') {
    const p = word.startsWith('%') ? word.slice(1) : word;
    return p !== '' && value.endsWith(p) ? value.slice(0, value.length - p.length) : value;
  }
  const all = word.startsWith('/');
  const [pattern = '', replacement = ''] = (all ? word.slice(1) : word).split('/', 2);
  if (pattern === '') return value;
  return all ? value.split(pattern).join(replacement) : value.replace(pattern, replacement);
}

/**
 * Expand one Dockerfile word as BuildKit's shell lexer does: single and double quotes, the escape
 * character, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`,
 * `${VAR:?msg}`. Variables the lookup does not know expand to "" and are listed in `unresolved`
 * (a `-` default is used for them instead). Never throws: malformed words set `error`.
 */
export function expandShellWord(word: string, lookup: VariableLookup, escape: string = '\\'): ShellExpansion {
  const sw = new ShellWord(word, lookup, escape);
  try {
    const { value, words } = sw.run();
    return { value, words, unresolved: sw.unresolved };
  } catch (e) {
    if (!(e instanceof LexError)) throw e;
    return { value: '', words: [], unresolved: sw.unresolved, error: e.message };
  }
}

/**
 * BuildKit's `parseWords` (used for ENV and ARG): split on blanks outside quotes; quotes and
 * escapes are kept in the words (the shell lexer removes them later).
 */
export function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  let word = '';
  let blankOk = false;
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let quote = '';
  const chars = Array.from(rest);
  for (let i = 0; i <= chars.length; i++) {
    const atEnd = i === chars.length;
    let ch = atEnd ? '' : chars[i]!;
    if (phase === 'spaces') {
      if (atEnd) break;
      if (/\s/.test(ch)) continue;
      phase = 'word';
    }
    if (atEnd) {
      if (blankOk || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (/\s/.test(ch)) {
        phase = 'spaces';
        if (blankOk || word.length > 0) words.push(word);
        word = '';
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = 'quote';
      }
      if (ch === escape) {
        if (i + 1 === chars.length) continue;
        word += ch;
        ch = chars[++i]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) phase = 'word';
    if (ch === escape && quote !== "'") {
      if (i + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      word += ch;
      ch = chars[++i]!;
    }
    word += ch;
  }
  return words;
}

// ---------------------------------------------------------------------------------------------
// EXPOSE port specs
// ---------------------------------------------------------------------------------------------

export interface ExposeSpec {
  port?: number;
  endPort?: number;
  protocol: string;
  protocolRaw?: string;
  invalid?: string;
}

/** A port number as BuildKit's `strconv.ParseInt` accepts it; out-of-range numbers are kept. */
function portNumber(s: string): number | undefined {
  return /^\+?\d+$/.test(s) ? Number(s) : undefined;
}

/**
 * Read one expanded EXPOSE word, `[[ip:]hostPort:]port[-endPort][/protocol]`, as BuildKit's
 * `parsePort` does. A host part is ignored by BuildKit (and reported as `invalid` here, with the
 * container port kept); an unknown protocol is kept as written.
 */
export function parseExposeSpec(spec: string): ExposeSpec {
  const parts = spec.split(':');
  const container = parts.at(-1) ?? '';
  const slash = container.indexOf('/');
  const portText = slash < 0 ? container : container.slice(0, slash);
  const protoText = slash < 0 ? '' : container.slice(slash + 1);
  const out: ExposeSpec = { protocol: protocolName(parseProtocol(protoText)) };
  if (protoText !== '') out.protocolRaw = protoText;
  if (portText === '') return { ...out, invalid: `"${spec}" has no port number` };

  const dash = portText.indexOf('-');
  const startText = dash < 0 ? portText : portText.slice(0, dash);
  const endText = dash < 0 ? startText : portText.slice(dash + 1);
  const start = portNumber(startText);
  if (start === undefined) return { ...out, invalid: `"${portText}" is not a port number or range` };
  const end = endText === startText ? start : portNumber(endText);
  if (end === undefined) {
    const why = endText === '' ? 'has no end port' : `has an end "${endText}" that is not a port number`;
    return { ...out, invalid: `range "${portText}" ${why}` };
  }
  if (end < start) return { ...out, invalid: `range "${portText}" ends before it starts` };
  out.port = start;
  out.endPort = end;
  if (parts.length > 1) {
    const host = parts.slice(0, -1).join(':');
    out.invalid = `EXPOSE takes container ports only: the host part "${host}:" is ignored and only ${portText} is exposed`;
  }
  return out;
}

/** The literal `/protocol` suffix of a word whose port could not be resolved, e.g. `${PORT}/udp`. */
function literalProtocol(raw: string): string | undefined {
  const m = /\/([A-Za-z]+)$/.exec(raw);
  return m ? m[1] : undefined;
}

// ---------------------------------------------------------------------------------------------
// File capabilities granted with setcap
// ---------------------------------------------------------------------------------------------

const SETCAP_RE = /(?:^|[\s;&|(`'"/])setcap[ \t]+([^;&|\n]*)/g;

/**
 * The capabilities the `setcap` commands of a shell command grant (permitted set), upper case
 * without `CAP_`: `setcap cap_net_bind_service=+ep /usr/sbin/nginx` → `NET_BIND_SERVICE`.
 * `setcap -r` (remove) and `setcap -v` (verify) grant nothing. Words are expanded with `lookup`;
 * a capability text that depends on an unknown variable is skipped.
 */
export function setcapGrants(command: string, lookup: VariableLookup = () => undefined): string[] {
  const out = new Set<string>();
  for (const m of command.matchAll(SETCAP_RE)) {
    const spec = setcapSpec(parseWords(m[1]!, '\\'), lookup);
    if (spec === undefined) continue;
    for (const clause of spec.split(/\s+/)) for (const cap of grantedByClause(clause)) out.add(cap);
  }
  return [...out];
}

/** The capability text of one `setcap` invocation's words, or undefined when it grants nothing. */
function setcapSpec(words: string[], lookup: VariableLookup): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-r' || w === '-v') return undefined;
    if (w === '-n') i++;
    else if (!w.startsWith('-')) {
      const x = expandShellWord(w, lookup, '\\');
      return x.error === undefined && x.unresolved.length === 0 ? x.value : undefined;
    }
  }
  return undefined;
}

/** `cap_a,cap_b=+ep` (cap_from_text): the capabilities that end up in the permitted set. */
function grantedByClause(clause: string): string[] {
  const m = /^([A-Za-z0-9_,]+)((?:[=+-][eipEIP]*)+)$/.exec(clause);
  if (!m) return [];
  let flags = new Set<string>();
  for (const op of m[2]!.match(/[=+-][eipEIP]*/g) ?? []) {
    const f = op.slice(1).toLowerCase();
    if (op[0] === '=') flags = new Set(f);
    else if (op[0] === '+') for (const c of f) flags.add(c);
    else for (const c of f) flags.delete(c);
  }
  if (!flags.has('p')) return [];
  return m[1]!
    .split(',')
    .filter((n) => n !== '')
    .map((n) => n.toUpperCase().replace(/^CAP_/, ''));
}

// ---------------------------------------------------------------------------------------------
// The build walk
// ---------------------------------------------------------------------------------------------

const KNOWN_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** Variables in scope: a value, or undefined when declared but only known at build time. */
type Scope = Map<string, string | undefined>;

interface Stage {
  fact: DockerStageFact;
  env: Scope;
  args: Scope;
}

/** An ENV value or ARG default read, waiting for `finish` (which knows its stage's owner) for the env detection. */
interface PendingEnv {
  value: EnvValue;
  stage?: Stage;
}

/** An EXPOSE word read, waiting for `finish` (which knows the final stage) to become a declaration. */
interface PendingExpose {
  loc: Loc;
  protocolLoc?: Loc;
  raw: string;
  spec: ExposeSpec;
  unresolved?: string[];
  stage?: Stage;
}

/** An expansion's value, or undefined when it depends on unknown variables or is malformed. */
function resolvedValue(x: ShellExpansion): string | undefined {
  return x.error === undefined && x.unresolved.length === 0 ? x.value : undefined;
}

class DockerfileWalk {
  readonly declarations: PortDeclaration[] = [];
  private readonly pending: PendingExpose[] = [];
  private readonly pendingEnv: PendingEnv[] = [];
  readonly problems: ParseProblem[] = [];
  readonly stages: Stage[] = [];
  /** The first stage of each name (lower case): what a later `FROM <name>` starts from. */
  private readonly stagesByName = new Map<string, Stage>();
  private readonly globalArgs: Scope = new Map();
  private readonly reportedOutsideStage = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly escape: EscapeChar,
  ) {}

  private get stage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  /** ENV wins over ARG of the same name; before the first FROM only global ARGs exist. */
  private lookup(): VariableLookup {
    const st = this.stage;
    if (!st) return (name) => this.globalArgs.get(name);
    return (name) => (st.env.has(name) ? st.env.get(name) : st.args.get(name));
  }

  private rest(ins: DockerInstruction): string {
    return ins.text.slice(ins.restStart, ins.restEnd);
  }

  private keywordLoc(ins: DockerInstruction): Loc {
    return instructionLoc(ins, ins.keywordStart, ins.keywordStart + ins.keywordRaw.length);
  }

  private warn(message: string, loc: Loc): void {
    this.problems.push(problem(message, loc));
  }

  visit(ins: DockerInstruction): void {
    if (!KNOWN_INSTRUCTIONS.has(ins.keyword)) {
      this.warn(`Unknown instruction "${ins.keywordRaw}" (a missing line continuation before it?)`, this.keywordLoc(ins));
      return;
    }
    if (!this.stage && ins.keyword !== 'FROM' && ins.keyword !== 'ARG' && !this.reportedOutsideStage.has(ins.keyword)) {
      this.reportedOutsideStage.add(ins.keyword);
      this.warn(`${ins.keyword} before the first FROM: only ARG may come before FROM`, this.keywordLoc(ins));
    }
    switch (ins.keyword) {
      case 'FROM':
        return this.from(ins);
      case 'ARG':
        return this.arg(ins);
      case 'ENV':
        return this.env(ins);
      case 'USER':
        return this.user(ins);
      case 'EXPOSE':
        return this.expose(ins);
      case 'RUN':
        return this.run(ins);
      case 'CMD':
      case 'ENTRYPOINT':
        return this.command(ins);
    }
  }

  /** A daemon the stage starts (`CMD ["/usr/sbin/sshd", "-D"]`) is a service it serves. */
  private command(ins: DockerInstruction): void {
    const serves = this.stage?.fact.serves;
    if (!serves) return;
    const rest = this.rest(ins).trim();
    let words: string[];
    try {
      const parsed: unknown = rest.startsWith('[') ? JSON.parse(rest) : undefined;
      words = Array.isArray(parsed) ? parsed.filter((w): w is string => typeof w === 'string') : rest.split(/[\s;&|]+/);
    } catch {
      words = rest.split(/[\s;&|"',[\]]+/);
    }
    for (const w of words) {
      const s = serviceOfDaemon(w);
      if (s && !serves.includes(s.id)) serves.push(s.id);
    }
  }

  /** `setcap` in a RUN (its command line or its heredoc bodies) grants file capabilities. */
  private run(ins: DockerInstruction): void {
    const caps = this.stage?.fact.fileCapabilities;
    if (!caps) return;
    const lookup = this.lookup();
    const serves = this.stage?.fact.serves;
    for (const text of [this.rest(ins), ...ins.heredocs.map((h) => h.body)]) {
      for (const cap of setcapGrants(text, lookup)) if (!caps.includes(cap)) caps.push(cap);
      for (const s of servicesInstalledBy(text)) if (serves && !serves.includes(s.id)) serves.push(s.id);
    }
  }

  private from(ins: DockerInstruction): void {
    const words = whitespaceWords(ins.text, ins.restStart, ins.restEnd).map((w) => w.text);
    const named = words.length === 3 && words[1]!.toLowerCase() === 'as';
    if (words.length === 0 || (words.length !== 1 && !named)) {
      this.warn('FROM takes an image and optionally "AS name"', ins.loc);
    }
    const fact: DockerStageFact = {
      file: this.file,
      index: this.stages.length,
      from: words[0] ?? '',
      final: false,
      inImage: false,
      loc: ins.loc,
    };
    if (named) fact.name = words[2]!;
    fact.fileCapabilities = [];
    const stage: Stage = { fact, env: new Map(), args: new Map() };
    const base = expandShellWord(fact.from, (n) => this.globalArgs.get(n), this.escape);
    const parent = this.stagesByName.get((base.error ? fact.from : base.value).toLowerCase());
    if (parent) for (const [k, v] of parent.env) stage.env.set(k, v);
    fact.serves = [...(parent?.fact.serves ?? []), ...servicesOfImage(base.error ? fact.from : base.value).map((s) => s.id)];
    this.stages.push(stage);
    const name = fact.name?.toLowerCase();
    if (name !== undefined && !this.stagesByName.has(name)) this.stagesByName.set(name, stage);
  }

  private arg(ins: DockerInstruction): void {
    const words = parseWords(this.rest(ins), this.escape);
    if (words.length === 0) this.warn('ARG requires at least one argument', this.keywordLoc(ins));
    const lookup = this.lookup();
    const scope = this.stage ? this.stage.args : this.globalArgs;
    for (const word of words) {
      const eq = word.indexOf('=');
      if (eq < 0) {
        // `ARG NAME`: in a stage it takes the global ARG's value (a build-arg otherwise).
        scope.set(word, this.stage ? this.globalArgs.get(word) : undefined);
        continue;
      }
      // Expanded once, before it is set: `ARG P=${P}0` reads the P from before this ARG.
      const [name, raw] = [word.slice(0, eq), word.slice(eq + 1)];
      const x = this.expand(raw, lookup);
      this.envValue(ins, name, raw, x);
      scope.set(name, resolvedValue(x));
    }
  }

  /**
   * Keep an ENV value or ARG default for the env port and URL detection: expanded as BuildKit
   * does, located at its text when written plainly (or in plain quotes), else at the instruction.
   */
  private envValue(ins: DockerInstruction, key: string, raw: string, x: ShellExpansion): void {
    if (x.error !== undefined) return;
    const resolved = x.unresolved.length === 0;
    const text = resolved ? x.value : raw;
    if (!mayDeclarePorts(key, text)) return;
    const at = raw === '' ? -1 : ins.text.indexOf(`${key}=${raw}`, ins.restStart);
    const rawStart = at >= 0 ? at + key.length + 1 : ins.text.indexOf(raw, ins.restStart);
    const quoted = /^(["']).*\1$/s.test(raw) && raw.slice(1, -1) === text;
    const start = rawStart < 0 ? -1 : rawStart + (quoted ? 1 : 0);
    const exact = start >= 0 && ins.text.slice(start, start + text.length) === text;
    const loc = rawStart >= 0 ? instructionLoc(ins, rawStart, rawStart + raw.length) : ins.loc;
    const span = (from: number, to: number): Loc => (exact ? instructionLoc(ins, start + from, start + to) : loc);
    const value: EnvValue = { key, value: text, loc, span, expanded: { value: x.value, unresolved: x.unresolved } };
    this.pendingEnv.push(this.stage ? { value, stage: this.stage } : { value });
  }

  private env(ins: DockerInstruction): void {
    const rest = this.rest(ins);
    const words = parseWords(rest, this.escape);
    if (words.length === 0) {
      this.warn('ENV requires at least one argument', this.keywordLoc(ins));
      return;
    }
    const lookup = this.lookup();
    const pairs: [string, string][] = [];
    if (!words[0]!.includes('=')) {
      // Legacy `ENV name value…`: the value is the rest of the line.
      const legacy = LEGACY_ENV_RE.exec(rest);
      if (!legacy) {
        this.warn(`ENV ${rest} has no value (write ENV ${rest}=value)`, ins.loc);
        return;
      }
      pairs.push([legacy[1]!, legacy[2]!]);
    } else {
      for (const word of words) {
        const eq = word.indexOf('=');
        if (eq < 0) {
          this.warn(`ENV: "${word}" is not of the form name=value`, ins.loc);
          continue;
        }
        pairs.push([word.slice(0, eq), word.slice(eq + 1)]);
      }
    }
    // Every pair of one ENV is expanded (once) with the environment from before the instruction.
    const expanded = pairs.map(([k, v]) => [k, v, this.expand(v, lookup)] as const);
    for (const [k, v, x] of expanded) this.envValue(ins, k, v, x);
    for (const [k, , x] of expanded) this.stage?.env.set(k, resolvedValue(x));
  }

  private user(ins: DockerInstruction): void {
    const raw = this.rest(ins);
    if (raw === '') {
      this.warn('USER requires a user name or id', this.keywordLoc(ins));
      return;
    }
    if (this.stage) this.stage.fact.user = this.resolved(raw, this.lookup()) ?? raw;
  }

  private expand(raw: string, lookup: VariableLookup): ShellExpansion {
    return expandShellWord(raw, lookup, this.escape);
  }

  /** A value after expansion, or undefined when it depends on unknown variables or is malformed. */
  private resolved(raw: string, lookup: VariableLookup): string | undefined {
    return resolvedValue(this.expand(raw, lookup));
  }

  private expose(ins: DockerInstruction): void {
    const words = whitespaceWords(ins.text, ins.restStart, ins.restEnd);
    if (words.length === 0) {
      this.warn('EXPOSE requires at least one port', this.keywordLoc(ins));
      return;
    }
    if (ins.flags.length > 0) {
      const f = ins.flags[0]!;
      this.warn(`EXPOSE takes no flags: "${f.text}"`, instructionLoc(ins, f.start, f.end));
    }
    const lookup = this.lookup();
    for (const word of words) {
      if (word.text.startsWith('#')) {
        // Only a line's first character starts a comment; BuildKit reads these words as ports.
        const last = words[words.length - 1]!;
        const raw = ins.text.slice(word.start, last.end);
        this.declare(
          ins,
          { ...word, text: raw, end: last.end },
          {
            protocol: 'tcp',
            invalid: `"${raw}" is not a port: "#" starts a comment only at the beginning of a line`,
          },
        );
        return;
      }
      this.exposeWord(ins, word, lookup);
    }
  }

  private exposeWord(ins: DockerInstruction, word: TextWord, lookup: VariableLookup): void {
    const x = expandShellWord(word.text, lookup, this.escape);
    if (x.error !== undefined) {
      this.declare(ins, word, { protocol: 'tcp', invalid: `"${word.text}" cannot be read: ${x.error}` });
      return;
    }
    if (x.unresolved.length > 0) {
      const protoRaw = literalProtocol(word.text);
      const spec: ExposeSpec = { protocol: protocolName(parseProtocol(protoRaw)) };
      if (protoRaw !== undefined) spec.protocolRaw = protoRaw;
      this.declare(ins, word, spec, x.unresolved);
      return;
    }
    // A variable may expand to several ports (`ARG PORTS="80 443"`); each one is exposed.
    for (const field of x.words) this.declare(ins, word, parseExposeSpec(field));
  }

  private declare(ins: DockerInstruction, word: TextWord, spec: ExposeSpec, unresolved?: string[]): void {
    const pending: PendingExpose = { loc: instructionLoc(ins, word.start, word.end), raw: word.text, spec };
    // The protocol's own place, when the word is written literally (`EXPOSE 53/udp`).
    const slash = word.text.indexOf('/');
    if (spec.protocolRaw !== undefined && slash >= 0 && !word.text.includes('$')) {
      pending.protocolLoc = instructionLoc(ins, word.start + slash + 1, word.end);
    }
    if (unresolved && unresolved.length > 0) pending.unresolved = [...unresolved];
    if (this.stage) pending.stage = this.stage;
    this.pending.push(pending);
  }

  /**
   * Mark the last stage final, link each stage to the one it is built `FROM`, mark the stages
   * whose EXPOSE ends up in the image, and make the declarations (whose owners say all that).
   */
  finish(): void {
    const last = this.stages.length - 1;
    const facts = this.stages.map((s) => s.fact);
    /** The last stage so far of each name (lower case). */
    const named = new Map<string, DockerStageFact>();
    for (const fact of facts) {
      fact.final = fact.index === last;
      const parent = named.get(fact.from.toLowerCase());
      if (parent) fact.parent = parent;
      if (fact.name !== undefined) named.set(fact.name.toLowerCase(), fact);
    }
    const final = facts[last];
    for (let s: DockerStageFact | undefined = final; s; s = s.parent) s.inImage = true;
    const owners = new Map<Stage, Owner>();
    for (const st of this.stages) owners.set(st, { kind: 'stage', stage: st.fact, image: st.fact.inImage && final ? final : st.fact });
    const fileOwner: Owner = { kind: 'file', file: this.file, format: 'dockerfile' };
    for (const p of this.pending) {
      const { spec } = p;
      this.declarations.push(
        declaration({
          file: this.file,
          role: 'container',
          loc: p.loc,
          value: exposeValue(spec, p.unresolved),
          protocol: isTransport(spec.protocol) ? spec.protocol : { invalid: spec.protocol },
          protocolText: spec.protocolRaw,
          raw: p.raw,
          variables: references(p.raw),
          source: EXPOSE_SOURCE,
          owner: p.stage ? owners.get(p.stage)! : fileOwner,
          spans: { protocol: p.protocolLoc },
        }),
      );
    }
    for (const p of this.pendingEnv) {
      const owner = p.stage ? owners.get(p.stage)! : fileOwner;
      this.declarations.push(...envValueDeclarations({ file: this.file, format: 'dockerfile', owner }, p.value));
    }
  }
}

const EXPOSE_SOURCE: Source = { format: 'dockerfile', field: 'EXPOSE' };

/** What an EXPOSE word says: unresolved variables, else an invalid reason (with the range read), else the range. */
function exposeValue(spec: ExposeSpec, unresolved: string[] | undefined): PortValue {
  if (unresolved !== undefined) return unresolvedValue(unresolved);
  const range = spec.port !== undefined ? { port: spec.port, endPort: spec.endPort ?? spec.port } : undefined;
  if (spec.invalid !== undefined) return invalidValue(spec.invalid, { range });
  return range ? portValue(range.port, range.endPort) : invalidValue('no port');
}

/**
 * Parse a Dockerfile into `EXPOSE` declarations (role `container`, one per EXPOSE word; a variable
 * that expands to several ports gives one per port, all at that word) and one `DockerStageFact`
 * per stage. Variables are resolved from the ARG defaults and ENV values in scope at that line in
 * that stage (global ARGs only where the stage re-declares them; ENV is inherited from a parent
 * stage). Never throws.
 */
export function parseDockerfile(text: string, file: string): ParseResult {
  const split = splitInstructions(text);
  const walk = new DockerfileWalk(file, split.escape);
  for (const ins of split.instructions) walk.visit(ins);
  walk.finish();
  const problems = [...split.problems, ...walk.problems];
  if (split.instructions.length === 0) {
    problems.push(problem('The file has no instructions', { line: 1, column: 1 }));
  } else if (walk.stages.length === 0) {
    problems.push(problem('No FROM instruction: this Dockerfile builds no image', split.instructions[0]!.loc));
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const facts = emptyFacts();
  facts.stages = walk.stages.map((s) => s.fact);
  return {
    file,
    format: 'dockerfile',
    declarations: walk.declarations,
    facts,
    problems,
    comments: directiveComments(split, text),
    objects: [],
  };
}

/**
 * The comments that may be directives. A `disable-next-line` covers the whole next instruction
 * (its continuation lines and heredoc bodies), as hadolint's ignore pragma; inside a continuation
 * it covers the next physical line.
 */
function directiveComments(split: DockerfileSplit, source: string): SourceComment[] {
  if (!source.includes('portlint-')) return [];
  const lines = source.split('\n');
  const extents = split.instructions.map((ins) => ({
    line: ins.loc.line,
    endLine: Math.max(ins.loc.endLine, ...ins.heredocs.map((h) => h.endLine)),
  }));
  const nextLineEnd = (line: number): number => {
    if (extents.some((e) => e.line < line && line < e.endLine)) return line + 1;
    const next = extents.find((e) => e.line > line);
    return next ? next.endLine : line + 1;
  };
  const out: SourceComment[] = [];
  for (const c of split.comments) {
    const physical = (lines[c.line - 1] ?? '').replace(/\r$/, '');
    const text = physical.slice(c.column);
    if (isDirectiveCandidate(text))
      out.push({ text, line: c.line, column: c.column, endColumn: physical.length + 1, nextLineEnd: nextLineEnd(c.line) });
  }
  return out;
}
