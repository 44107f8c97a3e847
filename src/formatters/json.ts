/**
 * ESLint's result shape, so ESLint tooling and formatters consume it; `filePath`s are absolute, as ESLint's are,
 * and every result has `suppressedMessages` (what suppressions silenced), as ESLint's json output has.
 */
import { isAbsolute, resolve } from 'node:path';
import type { LintResult } from '../engine/results.js';
import type { FormatterContext } from './index.js';

export default function json(results: readonly LintResult[], context: Pick<FormatterContext, 'cwd'>): string {
  const absolute = (p: string): string => (p.startsWith('<') || isAbsolute(p) ? p : resolve(context.cwd, p));
  return (
    JSON.stringify(results.map((r) => ({ ...r, filePath: absolute(r.filePath), suppressedMessages: r.suppressedMessages ?? [] }))) + '\n'
  );
}
