/** Human output through eslint-formatter-pretty (it sorts in place, so it gets a copy). */
import eslintFormatterPretty from 'eslint-formatter-pretty';
import type { LintResult } from '../engine/results.js';
import type { FormatterContext } from './index.js';

export default function pretty(results: readonly LintResult[], context: FormatterContext): string {
  const copy = results.filter((r) => r.messages.length > 0).map((r) => ({ ...r, messages: r.messages.map((m) => ({ ...m })) }));
  // eslint-formatter-pretty's types want ESLint's own LintResult; ours is the same shape.
  const out = eslintFormatterPretty(copy as never, { rulesMeta: context.rulesMeta } as never);
  return out ? `${out}\n` : '';
}
