/**
 * reviewdog's Diagnostic Format as one JSON document (`rdjson`, the `DiagnosticResult` message):
 * `reviewdog -f=rdjson` reads it and comments on the lines a pull request changes.
 *
 * Each diagnostic has the message, `location.path` and `range` (1-based; the end is exclusive, as
 * portlint's `endColumn` is), `severity` (`ERROR` / `WARNING`), `source` and `code` (the rule id
 * and its docs). `suggestions` (replacement text for a range) is left out until portlint rules carry
 * fixes. Columns are counted as portlint counts them, in UTF-16 code units; rdjson counts UTF-8
 * bytes, which is the same on ASCII lines (port declarations nearly always are).
 */
import type { LintMessage, LintResult } from '../engine/linter.js';
import { docsUrl } from '../engine/rule.js';
import type { FormatterContext } from './index.js';
import { reportPath, reportRuleId } from './report-ids.js';
import { INFORMATION_URI } from './sarif.js';

interface Position {
  line: number;
  column: number;
}

export interface RdDiagnostic {
  message: string;
  location: { path: string; range: { start: Position; end?: Position } };
  severity: 'ERROR' | 'WARNING';
  source: { name: string; url: string };
  code: { value: string; url: string };
}

export interface RdDiagnosticResult {
  source: { name: string; url: string };
  severity?: 'ERROR' | 'WARNING';
  diagnostics: RdDiagnostic[];
}

const SOURCE = { name: 'portlint', url: INFORMATION_URI };

function range(m: LintMessage): RdDiagnostic['location']['range'] {
  const start = { line: Math.max(1, m.line), column: Math.max(1, m.column) };
  if (m.endLine === undefined || m.endColumn === undefined || m.endLine < start.line) return { start };
  return { start, end: { line: m.endLine, column: m.endLine === start.line ? Math.max(m.endColumn, start.column) : Math.max(1, m.endColumn) } };
}

function code(m: LintMessage, known: ReadonlySet<string>): RdDiagnostic['code'] {
  const value = reportRuleId(m);
  return { value, url: known.has(value) ? docsUrl(value) : `${INFORMATION_URI}/blob/main/docs/configuration.md` };
}

export default function rdjson(results: readonly LintResult[], context: FormatterContext): string {
  const known = new Set(Object.keys(context.rulesMeta));
  const diagnostics: RdDiagnostic[] = results.flatMap((r) =>
    r.messages.map((m) => ({
      message: m.message,
      location: { path: reportPath(r.filePath), range: range(m) },
      severity: m.severity === 2 ? 'ERROR' : 'WARNING',
      source: SOURCE,
      code: code(m, known),
    })),
  );
  const out: RdDiagnosticResult = { source: SOURCE, diagnostics };
  return JSON.stringify(out, null, 2) + '\n';
}
