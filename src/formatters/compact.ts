/** One line per finding: `file:line:col: severity rule-id message` (grep- and editor-friendly). */
import type { LintMessage, LintResult } from '../engine/results.js';
import type { FormatterContext } from './index.js';

/** The rule id or built-in id (`parse-error`, `skipped-file`, …): the same label in every format. */
export function label(m: LintMessage): string {
  return m.ruleId ?? 'portlint';
}

export default function compact(results: readonly LintResult[], context?: Pick<FormatterContext, 'footer'>): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const m of r.messages) {
      const severity = m.severity === 2 ? 'error' : 'warning';
      lines.push(`${r.filePath}:${m.line}:${m.column}: ${severity} ${label(m)} ${m.message}`);
    }
    errors += r.errorCount;
    warnings += r.warningCount;
  }
  if (lines.length === 0) return '';
  if (context?.footer === false) return lines.join('\n') + '\n';
  lines.push(
    '',
    `${errors + warnings} problem${errors + warnings === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`,
  );
  return lines.join('\n') + '\n';
}
