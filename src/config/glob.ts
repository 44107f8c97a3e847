/**
 * Glob matching for config `ignorePatterns` and `overrides[].files`, with .gitignore-like
 * semantics (no dependency, no I/O):
 * - paths and patterns use `/`, relative to the config file's directory;
 * - a pattern without a `/` (other than a trailing one) matches a file or directory name at any
 *   depth (`*.env`, `vendor`); with one it is anchored to the base directory (`k8s/*.yaml`,
 *   `/compose.yaml`);
 * - a pattern that matches a directory matches everything inside it (`vendor`, `charts/**`);
 * - `*` and `?` never cross `/`, `**` spans directories, `[a-z]` and `{a,b}` work as in shells,
 *   and dotfiles are matched like any other file.
 */

export interface Glob {
  /** The pattern as written. */
  source: string;
  /** Matches a path relative to the base directory (no leading `./`). */
  test(relPath: string): boolean;
}

/** Compile one pattern. A leading `!` is not handled here (see `ignoredBy`). */
export function compileGlob(pattern: string): Glob {
  let p = pattern.trim();
  if (p.startsWith('./')) p = p.slice(2);
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const re = new RegExp(`^${translate(p)}$`);
  return {
    source: pattern,
    test(relPath: string): boolean {
      const segments = relPath.split('/').filter((s) => s !== '' && s !== '.');
      // Outside the base directory only name patterns can match, against the part below the `..`s.
      let from = 0;
      while (from < segments.length && segments[from] === '..') from++;
      if (from > 0 && anchored) return false;
      const last = dirOnly ? segments.length - 1 : segments.length;
      if (anchored) {
        for (let end = from + 1; end <= segments.length; end++) {
          if (dirOnly && end > last) break;
          if (re.test(segments.slice(from, end).join('/'))) return true;
        }
        return false;
      }
      for (let i = from; i < (dirOnly ? last : segments.length); i++) if (re.test(segments[i])) return true;
      return false;
    },
  };
}

/** True when the last matching pattern of a gitignore-style list (with `!` negations) ignores the path. */
export function ignoredBy(patterns: readonly { glob: Glob; negated: boolean }[], relPath: string): boolean {
  let ignored = false;
  for (const { glob, negated } of patterns) if (glob.test(relPath)) ignored = !negated;
  return ignored;
}

/** Compile a gitignore-style list: `!pattern` re-includes what an earlier pattern ignored. */
export function compileIgnoreList(patterns: readonly string[]): { glob: Glob; negated: boolean }[] {
  return patterns
    .filter((p) => p.trim() !== '' && !p.trim().startsWith('#'))
    .map((p) => {
      const negated = p.trim().startsWith('!');
      return { glob: compileGlob(negated ? p.trim().slice(1) : p), negated };
    });
}

/** Translate glob syntax into a regular expression body. */
function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` matches zero or more directories; a final `**` matches anything below.
          if (i + 2 === glob.length) out += '.*';
          else {
            out += '(?:.*/)?';
            i++;
          }
          i++;
          continue;
        }
        i++;
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') {
      const close = matchingBrace(glob, i);
      if (close === -1) {
        out += '\\{';
        continue;
      }
      out += `(?:${splitTopLevel(glob.slice(i + 1, close)).map(translate).join('|')})`;
      i = close;
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegExp(glob[++i]);
    } else {
      out += escapeRegExp(c);
    }
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
