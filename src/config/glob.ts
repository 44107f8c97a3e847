/**
 * Glob matching for config `ignorePatterns`, `overrides[].files` and `--ignore`, with
 * .gitignore-like semantics, on picomatch (the matcher fast-glob, and so globby's discovery,
 * uses; no I/O):
 * - paths and patterns use `/`, relative to the config file's directory (for `--ignore`, the
 *   working directory);
 * - a pattern without a `/` (other than a trailing one) matches a file or directory name at any
 *   depth (`*.env`, `vendor`); with one it is anchored to the base directory (`k8s/*.yaml`,
 *   `/compose.yaml`);
 * - a pattern that matches a directory matches everything inside it (`vendor`, `charts/**`);
 * - picomatch's dialect otherwise: `*` and `?` never cross `/`, `**` spans directories, `[a-z]`,
 *   `{a,b}` and extglobs work, and dotfiles are matched like any other file.
 */
import picomatch from 'picomatch';

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
  // posix: `[!a-c]` negates a class, as in shells and .gitignore (picomatch 2 otherwise reads the `!` literally).
  const isMatch = picomatch(p, { dot: true, posix: true });
  return {
    source: pattern,
    test(relPath: string): boolean {
      const segments = relPath.split('/').filter((s) => s !== '' && s !== '.');
      // Outside the base directory only name patterns can match, against the part below the `..`s.
      let from = 0;
      while (from < segments.length && segments[from] === '..') from++;
      if (from > 0 && anchored) return false;
      // A directory-only pattern never matches the last segment (the file itself).
      const last = dirOnly ? segments.length - 1 : segments.length;
      if (anchored) {
        // The path, or any directory above it, matches.
        for (let end = from + 1; end <= last; end++) if (isMatch(segments.slice(from, end).join('/'))) return true;
        return false;
      }
      for (let i = from; i < last; i++) if (isMatch(segments[i]!)) return true;
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
