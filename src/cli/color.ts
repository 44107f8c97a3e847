/**
 * Whether output gets ANSI colors, decided once per run and handed to the formatters (no library
 * reads the environment behind our back). In order, the first that applies wins:
 * 1. `--color` / `--no-color`;
 * 2. `NO_COLOR` set and not empty (https://no-color.org): off;
 * 3. `FORCE_COLOR`: `0` or `false` off, anything else (also empty) on;
 * 4. otherwise on only when the report goes to a terminal (never into a pipe or an `-o` file).
 */
export function useColor(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, toTerminal: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return toTerminal;
}

/**
 * Whether a terminal shows OSC 8 hyperlinks (rule ids linked to their docs). Only on a colored
 * terminal, never in CI, and not on terminals known to print the escape as text.
 */
export function useHyperlinks(color: boolean, toTerminal: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (!color || !toTerminal || env.CI !== undefined) return false;
  if (env.FORCE_HYPERLINK !== undefined) return env.FORCE_HYPERLINK !== '0';
  if (env.TERM === 'dumb' || env.TERM_PROGRAM === 'Apple_Terminal') return false;
  return true;
}

/** SGR styles; every function is the identity when colors are off. */
export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
  /** `text` linked to `url` (OSC 8) when hyperlinks are on; `text` otherwise. */
  link(text: string, url: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const identity = (text: string): string => text;

export function paint(color: boolean, hyperlinks = false): Paint {
  return {
    red: color ? sgr(31, 39) : identity,
    yellow: color ? sgr(33, 39) : identity,
    dim: color ? sgr(2, 22) : identity,
    bold: color ? sgr(1, 22) : identity,
    underline: color ? sgr(4, 24) : identity,
    link: hyperlinks ? (text, url) => `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007` : identity,
  };
}
