/**
 * The job summary: every finding in one Markdown table (annotations stop at about ten per level and
 * step, the summary does not), preceded by totals per rule. Pure: returns the Markdown text.
 */
import type { LintResult } from '../engine/results.js';
import { ruleLabel } from '../formatters/github.js';
import { workspacePath } from './annotations.js';
import { toLevel } from '../severity.js';

/** GitHub refuses a step summary over 1 MiB; rows beyond this budget are counted, not shown. */
export const SUMMARY_BUDGET = 512 * 1024;

export interface SummaryInput {
  /** The results the Action reports (already narrowed to changed files when `only-changed`). */
  results: readonly LintResult[];
  rulesMeta: Record<string, { docs: { url: string } }>;
  cwd: string;
  workspace: string;
  /** How many files were linted in all (may be more than `results` when only changed files are reported). */
  linted: number;
  /** Lines under the totals, plain text (escaped here): what was reported, the baseline, the SARIF file. */
  notes?: string[];
  /** A link to a file at a line, when the repository is known. */
  fileUrl?: ((path: string, line: number) => string | undefined) | undefined;
  /** Byte budget for the whole summary (default `SUMMARY_BUDGET`). */
  budget?: number;
}

/**
 * Make text safe inside a Markdown table cell: HTML-escape markup, backslash-escape Markdown
 * punctuation (so `|` cannot end the cell and `*`, `_`, backticks and brackets stay literal), and
 * turn line breaks into `<br>`.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function link(text: string, url: string | undefined): string {
  return url ? `[${escapeCell(text)}](${url.replace(/[ ()]/g, (c) => encodeURIComponent(c))})` : escapeCell(text);
}

/** `1 file`, `2 files`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}

interface RuleTotal {
  rule: string;
  errors: number;
  warnings: number;
}

function totalsByRule(results: readonly LintResult[]): RuleTotal[] {
  const totals = new Map<string, RuleTotal>();
  for (const r of results) {
    for (const m of r.messages) {
      const rule = ruleLabel(m);
      const t = totals.get(rule) ?? { rule, errors: 0, warnings: 0 };
      if (m.severity === 2) t.errors++;
      else t.warnings++;
      totals.set(rule, t);
    }
  }
  return [...totals.values()].sort((a, b) => b.errors + b.warnings - (a.errors + a.warnings) || (a.rule < b.rule ? -1 : 1));
}

/** The job summary as Markdown. */
export function renderSummary(input: SummaryInput): string {
  const { results, rulesMeta } = input;
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const withFindings = results.filter((r) => r.messages.length > 0).length;
  const ruleUrl = (rule: string): string | undefined => rulesMeta[rule]?.docs.url;

  let md = '## portlint\n\n';
  md +=
    errors + warnings === 0
      ? `No problems found (${plural(input.linted, 'file')} linted).\n\n`
      : `**${plural(errors + warnings, 'problem')}** (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(withFindings, 'file')} (${plural(input.linted, 'file')} linted).\n\n`;
  for (const note of input.notes ?? []) md += `${escapeCell(note)}\n\n`;
  if (errors + warnings === 0) return md;

  md += '### Problems by rule\n\n' + row(['Rule', 'Errors', 'Warnings']) + row(['---', '---:', '---:']);
  for (const t of totalsByRule(results)) md += row([link(t.rule, ruleUrl(t.rule)), String(t.errors), String(t.warnings)]);

  md += '\n### All problems\n\n' + row(['File', 'Line', 'Severity', 'Rule', 'Message']) + row(['---', '---:', '---', '---', '---']);
  const budget = input.budget ?? SUMMARY_BUDGET;
  let bytes = Buffer.byteLength(md);
  let hidden = 0;
  for (const r of results) {
    const path = workspacePath(r.filePath, input.cwd, input.workspace);
    for (const m of r.messages) {
      const rule = ruleLabel(m);
      const line = row([
        link(path, input.fileUrl?.(path, m.line)),
        String(m.line),
        toLevel(m.severity),
        link(rule, ruleUrl(rule)),
        escapeCell(m.message),
      ]);
      const size = Buffer.byteLength(line);
      if (hidden > 0 || bytes + size > budget) {
        hidden++;
        continue;
      }
      md += line;
      bytes += size;
    }
  }
  if (hidden > 0) md += `\n_${plural(hidden, 'more problem')} not shown: a job summary is limited to 1 MiB. The log lists every one._\n`;
  return md;
}
