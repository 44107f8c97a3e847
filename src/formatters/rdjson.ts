/**
 * reviewdog's Diagnostic Format as one JSON document (`rdjson`, the `DiagnosticResult` message):
 * `reviewdog -f=rdjson` reads it and comments on the lines a pull request changes.
 *
 * Each diagnostic has the message, `location.path` and `range` (1-based; the end is exclusive, as
 * portlint's `endColumn` is), `severity` (`ERROR` / `WARNING`), `source` and `code` (the rule id
 * and its docs). `suggestions` (replacement text for a range) is left out until portlint rules carry
 * fixes. rdjson counts columns in UTF-8 bytes and portlint in UTF-16 code units: on a line with
 * other than ASCII characters the columns are converted when the context can give the file's text
 * (the CLI does), and kept as they are otherwise.
 */
import type { LintMessage, LintResult } from '../engine/results.js';
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

/** A 1-based UTF-16 column on a line as a 1-based UTF-8 byte column. */
export function byteColumn(line: string | undefined, column: number): number {
  // Any character past ASCII takes more than one UTF-8 byte.
  if (line === undefined || !/[^\p{ASCII}]/u.test(line)) return column;
  return Buffer.byteLength(line.slice(0, column - 1), 'utf8') + 1;
}

/** The lines of each file, read once, through the context. */
function lineReader(source: FormatterContext['source']): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!source) return undefined;
    if (!cache.has(file)) cache.set(file, source(file)?.split('\n'));
    return cache.get(file)?.[line - 1]?.replace(/\r$/, '');
  };
}

function range(m: LintMessage, lineOf: (line: number) => string | undefined): RdDiagnostic['location']['range'] {
  const line = Math.max(1, m.line);
  const start = { line, column: byteColumn(lineOf(line), Math.max(1, m.column)) };
  if (m.endLine === undefined || m.endColumn === undefined || m.endLine < line) return { start };
  const endColumn = m.endLine === line ? Math.max(m.endColumn, m.column) : Math.max(1, m.endColumn);
  return { start, end: { line: m.endLine, column: byteColumn(lineOf(m.endLine), endColumn) } };
}

function code(m: LintMessage, known: ReadonlySet<string>): RdDiagnostic['code'] {
  const value = reportRuleId(m);
  return { value, url: known.has(value) ? docsUrl(value) : `${INFORMATION_URI}/blob/main/docs/configuration.md` };
}

export default function rdjson(results: readonly LintResult[], context: FormatterContext): string {
  const known = new Set(Object.keys(context.rulesMeta));
  const lines = lineReader(context.source);
  const diagnostics: RdDiagnostic[] = results.flatMap((r) =>
    r.messages.map((m) => ({
      message: m.message,
      location: { path: reportPath(r.filePath), range: range(m, (n) => lines(r.filePath, n)) },
      severity: m.severity === 2 ? 'ERROR' : 'WARNING',
      source: SOURCE,
      code: code(m, known),
    })),
  );
  const out: RdDiagnosticResult = { source: SOURCE, diagnostics };
  return JSON.stringify(out, null, 2) + '\n';
}
