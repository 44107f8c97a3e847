/**
 * checkstyle XML, read by Jenkins warnings-ng (`recordIssues(tools: [checkStyle(pattern: …)])`),
 * reviewdog (`-f=checkstyle`) and most CI dashboards: `<checkstyle>` with one `<file name>` per
 * linted file (clean files included, as checkstyle itself writes them) and one `<error>` per finding
 * with `line`, `column`, `severity` (`error` or `warning`), `message` and `source`
 * (`portlint.rules.<rule-id>`, which both tools show as the finding's type).
 */
import type { LintResult } from '../engine/results.js';
import type { FormatterContext } from './index.js';
import { reportPath, reportRuleId } from './report-ids.js';
import { renderXml, xmlDocument } from './xml.js';

/** The checkstyle format version consumers recognise (the one checkstyle 4.3 introduced and still writes). */
export const CHECKSTYLE_VERSION = '4.3';

export const checkstyleSource = (ruleId: string): string => `portlint.rules.${ruleId}`;

export default function checkstyle(results: readonly LintResult[], _context?: FormatterContext): string {
  const doc = xmlDocument();
  const root = doc.ele('checkstyle', { version: CHECKSTYLE_VERSION });
  for (const r of results) {
    const file = root.ele('file', { name: reportPath(r.filePath) });
    for (const m of r.messages) {
      file.ele('error', {
        line: String(Math.max(1, m.line)),
        column: String(Math.max(1, m.column)),
        severity: m.severity === 2 ? 'error' : 'warning',
        message: m.message,
        source: checkstyleSource(reportRuleId(m)),
      });
    }
  }
  return renderXml(doc);
}
