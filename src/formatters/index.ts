/** Output formats, loaded lazily so start-up pays only for the one used. */
import type { LintResult } from '../engine/results.js';
import type { AnyRule } from '../engine/rule.js';

export interface FormatterContext {
  rulesMeta: Record<string, { type: string; docs: { description: string; url: string } }>;
  cwd: string;
  /** The rules' full metadata (SARIF's rule descriptors); default: the built-in registry. */
  rules?: readonly AnyRule[];
  /** ANSI colors (pretty); default off. The CLI decides (`--color`, NO_COLOR, FORCE_COLOR, a terminal). */
  color?: boolean;
  /** OSC 8 links from rule ids to their docs (pretty, on terminals that show them); default off. */
  hyperlinks?: boolean;
  /** Wrap lines at word boundaries to this many columns (pretty, on a terminal); default: no wrapping. */
  width?: number | undefined;
  /** End with a count of problems (compact); default true. The CLI writes its own summary line instead. */
  footer?: boolean;
  /** SARIF `automationDetails.id`: the category that keeps several runs on one repository apart (`--sarif-category`). */
  sarifCategory?: string;
  /**
   * SARIF: also emit the findings suppressions silenced, marked with SARIF `suppressions`, so code
   * scanning shows them as suppressed (`--sarif-include-suppressed`); default off: left out. No other format reads them.
   */
  sarifIncludeSuppressed?: boolean;
  /**
   * The text of a linted file by its result's `filePath`, for formats that count columns otherwise
   * than portlint (rdjson counts UTF-8 bytes); undefined when it cannot be read. Absent: no format
   * reads files.
   */
  source?: (filePath: string) => string | undefined;
}

export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;

const loaders: Record<string, () => Promise<{ default: Formatter }>> = {
  pretty: () => import('./pretty.js'),
  compact: () => import('./compact.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  gitlab: () => import('./gitlab.js'),
  junit: () => import('./junit.js'),
  checkstyle: () => import('./checkstyle.js'),
  rdjson: () => import('./rdjson.js'),
};

export const FORMAT_NAMES = Object.keys(loaders);

export async function loadFormatter(name: string): Promise<Formatter> {
  const load = loaders[name];
  if (!load) throw new Error(`unknown format "${name}" (use one of: ${FORMAT_NAMES.join(', ')})`);
  return (await load()).default;
}
