/**
 * GitHub Actions workflow commands: one `::error …::message` / `::warning …::message` line per
 * finding, which the runner turns into annotations on the pull request. Data is escaped as the
 * runner expects (`%`, CR, LF; in properties also `:` and `,`), so no file content can inject a
 * command.
 */
import type { LintMessage, LintResult } from '../engine/results.js';

/** Escape a command's message (data). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a command property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * An annotation's title: the rule id, or the built-in id of a message that is not a rule finding
 * (`parse-error`, `unused-directive`, …), as in every format. The Action's annotations and job
 * summary use it too.
 */
export function ruleLabel(m: Pick<LintMessage, 'ruleId'>): string {
  return m.ruleId ?? 'portlint';
}

/** One workflow command. Columns are given only for a one-line range (GitHub rejects them across lines). */
export function workflowCommand(filePath: string, m: LintMessage): string {
  const endLine = m.endLine ?? m.line;
  const oneLine = endLine === m.line;
  const props: [string, string | number | undefined][] = [
    ['file', filePath],
    ['line', m.line],
    ['col', oneLine ? m.column : undefined],
    ['endLine', endLine],
    ['endColumn', oneLine ? m.endColumn : undefined],
    ['title', ruleLabel(m)],
  ];
  const properties = props
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${m.severity === 2 ? 'error' : 'warning'} ${properties}::${escapeData(m.message)}`;
}

/** Format results as workflow commands, one line per message. */
export default function github(results: readonly LintResult[]): string {
  const lines = results.flatMap((r) => r.messages.map((m) => workflowCommand(r.filePath, m)));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
