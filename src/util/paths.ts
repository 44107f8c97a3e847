/**
 * Paths as portlint reports them: `/`-separated, relative to the same base as the linted files'
 * own paths (or absolute). Pure string work, no I/O, so parsers, rules and messages share it.
 */

/** The folder of a path (`a/b/c.yaml` → `a/b`, `c.yaml` → `.`, `/c.yaml` → `/`). */
export function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (i < 0) return '.';
  return i === 0 ? '/' : path.slice(0, i);
}

/** `/x`, `\\x`, `C:\\x`. */
function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

/**
 * `rel` resolved against the folder `base` (kept as is when absolute), normalised with `/`:
 * `resolvePath('a/b', '../c/./d')` → `a/c/d`; a path above a relative base keeps its `..`
 * (`resolvePath('.', '../x')` → `../x`).
 */
export function resolvePath(base: string, rel: string): string {
  const whole = isAbsolute(rel) || base === '' || base === '.' ? rel : `${base}/${rel}`;
  const drive = /^[A-Za-z]:/.exec(whole)?.[0] ?? '';
  const absolute = isAbsolute(whole);
  const out: string[] = [];
  for (const part of whole.slice(drive.length).split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!absolute) out.push('..');
  }
  const joined = out.join('/');
  if (absolute) return `${drive}/${joined}`;
  return joined === '' ? '.' : joined;
}

/** The path of `to` relative to the folder `from` (both as `resolvePath` gives them): `relativePath('a/b', 'a/c/d')` → `../c/d`. */
export function relativePath(from: string, to: string): string {
  const a = resolvePath(from, '.')
    .split('/')
    .filter((p) => p !== '.' && p !== '');
  const b = resolvePath('.', to)
    .split('/')
    .filter((p) => p !== '.' && p !== '');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => '..');
  return [...up, ...b.slice(common)].join('/') || '.';
}

/** `other` as a reader of `file` finds it: relative to the folder of `file` (`b.yaml`, `../base/b.yaml`). */
export function pathFrom(file: string, other: string): string {
  return relativePath(dirOf(file), other);
}
