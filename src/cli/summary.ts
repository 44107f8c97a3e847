/** The one summary line every lint run ends with, clean runs included. */
import type { LintResult } from '../engine/results.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `3 files checked, no problems` or `3 files checked: 5 problems (2 errors, 3 warnings)`; with
 * `hiddenWarnings` (by `--quiet`) it says how many are not shown.
 */
export function summaryLine(results: readonly LintResult[], hiddenWarnings = 0): string {
  const files = plural(results.length, 'file');
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const hidden = hiddenWarnings > 0 ? ` (${plural(hiddenWarnings, 'warning')} not shown: --quiet)` : '';
  if (errors + warnings === 0) return `${files} checked, no problems${hidden}`;
  return `${files} checked: ${plural(errors + warnings, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})${hidden}`;
}
