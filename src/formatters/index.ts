/** Output formats, loaded lazily so start-up pays only for the one used. */
import type { LintResult } from '../engine/results.js';
import type { AnyRule } from '../engine/rule.js';

export interface FormatterContext {
  rulesMeta: Record<string, { type: string; docs: { description: string; url: string } }>;
  cwd: string;
  /** The rules' full metadata (SARIF's rule descriptors); default: the built-in registry. */
  rules?: readonly AnyRule[];
}

export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;

const loaders: Record<string, () => Promise<{ default: Formatter }>> = {
  pretty: () => import('./pretty.js'),
  compact: () => import('./compact.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
};

export const FORMAT_NAMES = Object.keys(loaders);

export async function loadFormatter(name: string): Promise<Formatter> {
  const load = loaders[name];
  if (!load) throw new Error(`unknown format "${name}" (use one of: ${FORMAT_NAMES.join(', ')})`);
  return (await load()).default;
}
