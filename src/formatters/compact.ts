/** One line per finding: `file:line:col: severity rule-id message` (grep- and editor-friendly). */
import type { LintMessage, LintResult } from '../engine/results.js';

/** The rule id, or what a message without one is about. */
function label(m: LintMessage): string {
  if (m.ruleId !== null) return m.ruleId;
  if (m.messageId === 'unusedDisableDirective' || m.messageId === 'unknownRuleInDirective') return 'directive';
  // A fatal warning is a file (or part of one) skipped on purpose: a Helm template, a binary file.
  if (m.fatal) return m.severity === 2 ? 'fatal' : 'skipped';
  return 'parse';
}

export default function compact(results: readonly LintResult[]): string {
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
  lines.push('', `${errors + warnings} problem${errors + warnings === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`);
  return lines.join('\n') + '\n';
}
