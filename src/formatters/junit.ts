/**
 * JUnit XML for the test report views of Jenkins (junit step), GitLab (`artifacts:reports:junit`)
 * and Azure Pipelines (PublishTestResults, JUnit format).
 *
 * - One `<testsuite>` per linted file (its path is the suite's name and every case's `classname`),
 *   so a report lists what was checked, clean files included.
 * - One `<testcase>` per file and rule that reported something there, named by the rule id; its
 *   `<failure>` carries every finding of that rule in that file, one line each. A clean file has
 *   one passing case, `portlint`.
 * - A file that could not be read or parsed is an `<error>` (the check could not run), a file
 *   skipped on purpose (a Helm template, a binary file) is `<skipped>`.
 *
 * Warnings are failures too (JUnit has no warning level); the failure's `type` says which. Run
 * with `--quiet` for a report of errors only.
 */
import type { LintMessage, LintResult } from '../engine/results.js';
import type { FormatterContext } from './index.js';
import { reportPath, reportRuleId } from './report-ids.js';
import { renderXml, xmlDocument, type XMLBuilder } from './xml.js';

const CLEAN_CASE = 'portlint';

type Outcome = 'failure' | 'error' | 'skipped';

interface Case {
  name: string;
  outcome?: Outcome;
  messages: LintMessage[];
}

function outcomeOf(m: LintMessage): Outcome {
  if (m.fatal) return m.severity === 2 ? 'error' : 'skipped';
  return 'failure';
}

/** A file's cases: one per rule (in order of first finding), or the one clean case. */
function casesOf(r: LintResult): Case[] {
  if (r.messages.length === 0) return [{ name: CLEAN_CASE, messages: [] }];
  const byName = new Map<string, Case>();
  for (const m of r.messages) {
    const name = reportRuleId(m);
    const outcome = outcomeOf(m);
    const key = `${name}\0${outcome}`;
    let c = byName.get(key);
    if (!c) {
      c = { name, outcome, messages: [] };
      byName.set(key, c);
    }
    c.messages.push(m);
  }
  return [...byName.values()];
}

const severityWord = (m: LintMessage): string => (m.severity === 2 ? 'error' : 'warning');

function detail(path: string, messages: readonly LintMessage[]): string {
  return messages.map((m) => `${path}:${m.line}:${m.column}: ${severityWord(m)}: ${m.message}`).join('\n');
}

function count(cases: readonly Case[], outcome: Outcome): number {
  return cases.filter((c) => c.outcome === outcome).length;
}

function addSuite(parent: XMLBuilder, r: LintResult, cases: readonly Case[]): void {
  const path = reportPath(r.filePath);
  const suite = parent.ele('testsuite', {
    name: path,
    tests: String(cases.length),
    failures: String(count(cases, 'failure')),
    errors: String(count(cases, 'error')),
    skipped: String(count(cases, 'skipped')),
    time: '0',
  });
  for (const c of cases) {
    const testcase = suite.ele('testcase', { classname: path, name: c.name, file: path, time: '0' });
    if (!c.outcome) continue;
    const first = c.messages[0]!;
    const summary = c.messages.length === 1 ? first.message : `${c.messages.length} findings of ${c.name}; the first: ${first.message}`;
    const attrs: Record<string, string> = { message: summary };
    if (c.outcome !== 'skipped') attrs.type = c.messages.some((m) => m.severity === 2) ? 'error' : 'warning';
    testcase.ele(c.outcome, attrs).txt(detail(path, c.messages));
  }
}

export default function junit(results: readonly LintResult[], _context?: FormatterContext): string {
  const all = results.map((r) => ({ r, cases: casesOf(r) }));
  const total = (o?: Outcome): number => all.reduce((n, s) => n + (o ? count(s.cases, o) : s.cases.length), 0);
  const doc = xmlDocument();
  const root = doc.ele('testsuites', {
    name: 'portlint',
    tests: String(total()),
    failures: String(total('failure')),
    errors: String(total('error')),
    skipped: String(total('skipped')),
    time: '0',
  });
  for (const { r, cases } of all) addSuite(root, r, cases);
  return renderXml(doc);
}
