/**
 * Compose-style variable interpolation, as docker compose (compose-go `template`) performs it on
 * every string of a compose file and on unquoted / double-quoted values of a `.env` file.
 *
 * Supported: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `$$` (a literal `$`), and nesting inside the default / alt / error
 * text (`${A:-${B:-1}}`). The text after an operator is only evaluated when it is used, so the
 * variables of an unused default are not reported.
 */

export interface Interpolated {
  /** The text with every reference replaced; an unresolved reference becomes the empty string, as in compose. */
  value: string;
  /** Names of referenced variables that are unset and have no default (in order, no duplicates). */
  unresolved: string[];
  /** Every error: `${VAR:?msg}` / `${VAR?msg}` with VAR unset (or empty for `:?`), and malformed syntax. */
  errors: string[];
  /** The subset of `errors` that are malformed syntax (`$1`, `${`, `${}`), independent of any variable. */
  malformed: string[];
}

/** Nesting depth at which evaluation stops (guards pathological input). */
const MAX_DEPTH = 16;

const NAME_START = /[A-Za-z_]/;
/** The rest of a name from `lastIndex` on (sticky: it always matches, perhaps nothing). */
const NAME_CHARS = /[A-Za-z0-9_]*/y;

interface Scope {
  vars: ReadonlyMap<string, string>;
  unresolved: string[];
  errors: string[];
  malformed: string[];
}

interface Piece {
  value: string;
  /** Index just after the last character consumed. */
  end: number;
}

/**
 * Interpolate `text` with `vars`, compose-style. Never throws: malformed references are kept
 * literally and reported in `errors` / `malformed`.
 */
export function interpolate(text: string, vars: ReadonlyMap<string, string>): Interpolated {
  // Most strings reference nothing: they stay as they are (without being copied character by character).
  if (!text.includes('$')) return { value: text, unresolved: [], errors: [], malformed: [] };
  const scope: Scope = { vars, unresolved: [], errors: [], malformed: [] };
  const { value } = expand(text, 0, false, 0, scope);
  return { value, unresolved: scope.unresolved, errors: scope.errors, malformed: scope.malformed };
}

function addUnique(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

function merge(into: Scope, from: Scope): void {
  for (const u of from.unresolved) addUnique(into.unresolved, u);
  into.errors.push(...from.errors);
  into.malformed.push(...from.malformed);
}

function malformed(scope: Scope, message: string): void {
  scope.errors.push(message);
  scope.malformed.push(message);
}

/**
 * Expand from `start`. Inside braces (`nested`), stop at the first unmatched `}` and return its
 * index as `end` (the caller consumes it).
 */
function expand(text: string, start: number, nested: boolean, depth: number, scope: Scope): Piece {
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (nested && c === '}') return { value: out, end: i };
    if (c !== '$') {
      // The literal run up to the next `$` (or `}` that may close this level), copied at once.
      const end = literalEnd(text, i, nested);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next !== undefined && NAME_START.test(next)) {
      const nameEnd = scanName(text, i + 1);
      out += lookup(text.slice(i + 1, nameEnd), scope);
      i = nameEnd;
    } else if (next === '{') {
      const piece = braced(text, i, depth, scope);
      out += piece.value;
      i = piece.end;
    } else {
      malformed(scope, `invalid interpolation format at "${text.slice(i, i + 8)}": escape a literal $ as $$`);
      out += '$';
      i++;
    }
  }
  return { value: out, end: i };
}

/** The index of the first `$` from `from` on (or, `nested`, the first `}` if it comes before); the text's length when none. */
function literalEnd(text: string, from: number, nested: boolean): number {
  const dollar = text.indexOf('$', from);
  const brace = nested ? text.indexOf('}', from) : -1;
  const end = brace >= 0 && (dollar < 0 || brace < dollar) ? brace : dollar;
  return end < 0 ? text.length : end;
}

function scanName(text: string, from: number): number {
  NAME_CHARS.lastIndex = from;
  NAME_CHARS.test(text);
  return NAME_CHARS.lastIndex;
}

function lookup(name: string, scope: Scope): string {
  const v = scope.vars.get(name);
  if (v !== undefined) return v;
  addUnique(scope.unresolved, name);
  return '';
}

/** The index of the `}` closing the `${` at `open`, counting nested `${`; -1 when unterminated. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '$' && text[j + 1] === '$') {
      j++;
    } else if (text[j] === '$' && text[j + 1] === '{') {
      depth++;
      j++;
    } else if (text[j] === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/**
 * The index of the `}` closing the `${…}` reference that starts at `i` (nested `${…}` counted, `$$`
 * skipped), the last index of `text` when it is never closed, or `i` when no reference starts
 * there. Scanners use it to read a reference whole, so splitting never cuts one in half
 * (`${PORT:-8080}:80` has a colon inside the reference). The one `${…}` scanner: interpolation
 * below finds the end of a reference with it too.
 */
export function referenceEnd(text: string, i: number): number {
  if (text[i] !== '$' || text[i + 1] !== '{') return i;
  const close = closingBrace(text, i);
  return close < 0 ? text.length - 1 : close;
}

/**
 * The names of the variables `text` refers to, in order, without duplicates (`${FTP_PORT:-21}` →
 * `FTP_PORT`; `${A:-${B}}` → `A`, `B`), whether set or not and whether a default would be used:
 * what the text is written in terms of. `$$` is a literal `$`.
 */
export function references(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    if (text[i + 1] === '$') {
      i++;
      continue;
    }
    const start = text[i + 1] === '{' ? i + 2 : i + 1;
    if (!NAME_START.test(text[start] ?? '')) continue;
    const end = scanName(text, start);
    addUnique(out, text.slice(start, end));
    i = end - 1;
  }
  return out;
}

/** Evaluate the `${…}` starting at `at` (the `$`). */
function braced(text: string, at: number, depth: number, scope: Scope): Piece {
  const close = closingBrace(text, at);
  if (close < 0) {
    malformed(scope, `invalid interpolation format: unterminated "${text.slice(at, at + 24)}"`);
    return { value: text.slice(at), end: text.length };
  }
  const literal = (): Piece => ({ value: text.slice(at, close + 1), end: close + 1 });
  if (depth >= MAX_DEPTH) {
    malformed(scope, 'invalid interpolation format: nested too deeply');
    return literal();
  }
  const nameStart = at + 2;
  const nameEnd = NAME_START.test(text[nameStart] ?? '') ? scanName(text, nameStart) : nameStart;
  const name = text.slice(nameStart, nameEnd);
  if (name === '') {
    malformed(scope, `invalid interpolation format: "${text.slice(at, close + 1)}" has no variable name`);
    return literal();
  }
  if (nameEnd === close) return { value: lookup(name, scope), end: close + 1 };

  const colon = text[nameEnd] === ':';
  const op = text[nameEnd + (colon ? 1 : 0)];
  if (op !== '-' && op !== '?' && op !== '+') {
    malformed(scope, `invalid interpolation format: "${text.slice(at, close + 1)}"`);
    return literal();
  }
  const argStart = nameEnd + (colon ? 2 : 1);
  // Evaluate the operand lazily, in its own scope, and merge only when it is used.
  const operand = (): string => {
    const inner: Scope = { vars: scope.vars, unresolved: [], errors: [], malformed: [] };
    const piece = expand(text, argStart, true, depth + 1, inner);
    merge(scope, inner);
    return piece.value;
  };
  const value = scope.vars.get(name);
  const usable = value !== undefined && (!colon || value !== '');
  const end = close + 1;
  if (op === '-') return { value: usable ? value : operand(), end };
  if (op === '+') return { value: usable ? operand() : '', end };
  if (usable) return { value, end };
  const message = operand();
  scope.errors.push(`required variable ${name} is missing a value${message ? `: ${message}` : ''}`);
  addUnique(scope.unresolved, name);
  return { value: '', end };
}
