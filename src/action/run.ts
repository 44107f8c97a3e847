/**
 * The GitHub Action: lints with the same engine, config loading and baseline as the CLI, then writes
 * the findings as annotations, a job summary, outputs and optionally SARIF, and fails the step as
 * `fail-on` says.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { error as annotateError, info, notice, setFailed, setOutput, summary, warning as annotateWarning } from '@actions/core';
import { lintFiles, rulesMeta, type BaselineReport, type LintResult } from '../api.js';
import { failsOn, parseFailOn } from '../fail-on.js';
import { FORMAT_NAMES, loadFormatter, type FormatterContext } from '../formatters/index.js';
import { toAnnotations } from './annotations.js';
import { gitChangedFiles, pullRequestRange, type CommitRange, type Outcome } from './changed-files.js';
import { readInputs, type ActionInputs, type OutputName } from './inputs.js';
import { plural, renderSummary } from './summary.js';

/** Run the Action. Never throws: any failure becomes `core.setFailed`. */
export async function run(): Promise<void> {
  try {
    await lintAndReport(process.env);
  } catch (err) {
    setFailed(err instanceof Error ? err.message : String(err));
  }
}

function count(results: readonly LintResult[], key: 'errorCount' | 'warningCount'): number {
  return results.reduce((n, r) => n + r[key], 0);
}

/** The note saying what the baseline (as `portlint --baseline FILE`) accepted. */
function baselineNote(b: BaselineReport, notes: string[]): void {
  let note = `Baseline ${b.file}: ${plural(b.matched, 'accepted finding')} not reported.`;
  if (b.stale > 0) note += ` ${plural(b.stale, 'baselined finding')} no longer occur: shrink it with portlint --write-baseline ${b.file}.`;
  info(note);
  notes.push(note);
}

/**
 * With `only-changed`, keep the results of files the pull request changes. Every file is still
 * linted, so rules that look across files see the whole tree and do not report a reference into an
 * unchanged file as missing.
 */
function narrowToChanged(results: LintResult[], cwd: string, range: Outcome<CommitRange>, notes: string[]): LintResult[] {
  const changed = range.ok ? gitChangedFiles(cwd, range.value) : range;
  if (!changed.ok) {
    notice(`only-changed: cannot tell which files the pull request changes (${changed.reason}); reporting every file.`, {
      title: 'portlint',
    });
    notes.push(`only-changed: every file is reported (${changed.reason}).`);
    return results;
  }
  const files = new Set(changed.value);
  const reported = results.filter((r) => files.has(r.filePath));
  const verb = reported.length === 1 ? 'is' : 'are';
  info(
    `only-changed: the pull request changes ${plural(changed.value.length, 'file')}; ${reported.length} of them ${verb} linted by portlint.`,
  );
  notes.push(`only-changed: only files the pull request changes are reported (${plural(reported.length, 'file')}).`);
  return reported;
}

/** Print formatter output to the log with workflow commands off, so file content can never issue one. */
function printLog(text: string): void {
  const token = randomUUID();
  process.stdout.write(`::stop-commands::${token}\n${text.endsWith('\n') ? text : `${text}\n`}::${token}::\n`);
}

function annotate(results: readonly LintResult[], cwd: string, workspace: string): void {
  for (const a of toAnnotations(results, cwd, workspace)) {
    if (a.level === 'error') annotateError(a.message, a.properties);
    else annotateWarning(a.message, a.properties);
  }
}

/** Write every finding as SARIF; returns the absolute path written. */
async function writeSarif(file: string, results: readonly LintResult[], context: FormatterContext, workspace: string): Promise<string> {
  const path = resolve(workspace, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, (await loadFormatter('sarif'))(results, context));
  info(`SARIF written to ${path}`);
  return path;
}

/** Links from the summary to the files at the commit under review. */
function fileUrl(env: NodeJS.ProcessEnv, range: Outcome<CommitRange>): ((path: string, line: number) => string | undefined) | undefined {
  const commit = range.ok ? range.value.head : env.GITHUB_SHA;
  if (!env.GITHUB_REPOSITORY || !commit) return undefined;
  const base = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/blob/${commit}/`;
  return (path, line) => (isAbsolute(path) ? undefined : `${base}${encodeURI(path)}#L${line}`);
}

/** The message to fail the step with, or undefined when the findings do not fail it. */
export function failureMessage(failOn: ActionInputs['failOn'], errors: number, warnings: number): string | undefined {
  const level = parseFailOn(failOn)!;
  if (!failsOn(level, errors, warnings)) return undefined;
  return level === 'error'
    ? `portlint found ${plural(errors, 'error')} (fail-on: error)`
    : `portlint found ${plural(errors, 'error')} and ${plural(warnings, 'warning')} (fail-on: ${failOn})`;
}

async function lintAndReport(env: NodeJS.ProcessEnv): Promise<void> {
  const inputs = readInputs(FORMAT_NAMES);
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const cwd = workspace;

  // The CLI's engine and config lookup (`--config` when the input is set), relative to the workspace.
  const report = await lintFiles(inputs.paths, { cwd, configFile: inputs.config, baseline: inputs.baseline });
  const notes: string[] = [];
  if (report.baseline) baselineNote(report.baseline, notes);
  // `all`: every linted file (SARIF gets these); `reported`: what the log, annotations, outputs and summary show.
  const all = report.results;
  const range = pullRequestRange(env);
  const reported = inputs.onlyChanged ? narrowToChanged(all, cwd, range, notes) : all;
  const context: FormatterContext = { rulesMeta: rulesMeta(), cwd };
  if (inputs.sarifCategory) context.sarifCategory = inputs.sarifCategory;
  if (inputs.sarifIncludeSuppressed) context.sarifIncludeSuppressed = true;

  const log = (await loadFormatter(inputs.format))(reported, context);
  if (log) printLog(log);
  // The CLI's summary line (`1 file checked, no problems`), counting every file linted.
  else info(`portlint: ${plural(all.length, 'file')} checked, no problems`);
  annotate(reported, cwd, workspace);

  const errors = count(reported, 'errorCount');
  const warnings = count(reported, 'warningCount');
  setOutput('error-count' satisfies OutputName, errors);
  setOutput('warning-count' satisfies OutputName, warnings);
  if (inputs.sarifFile) {
    // Code scanning compares whole analyses, so SARIF gets every finding, not only changed files.
    setOutput('sarif-file' satisfies OutputName, await writeSarif(inputs.sarifFile, all, context, workspace));
    notes.push(`SARIF with every finding (for code scanning) written to ${inputs.sarifFile}.`);
  } else setOutput('sarif-file' satisfies OutputName, ''); // empty, as action.yml says: `outputs.sarif-file != ''` guards an upload
  if (env.GITHUB_STEP_SUMMARY) {
    const md = renderSummary({
      results: reported,
      rulesMeta: context.rulesMeta,
      cwd,
      workspace,
      linted: all.length,
      notes,
      fileUrl: fileUrl(env, range),
    });
    await summary.addRaw(md).write();
  }

  if (report.usageErrors.length > 0) {
    const what = report.usageErrors.map((e) => (e.message.startsWith(`${e.file}:`) ? e.message : `${e.file}: ${e.message}`));
    setFailed(`portlint cannot lint ${what.join('; ')} (check the paths input)`);
    return;
  }
  const failure = failureMessage(inputs.failOn, errors, warnings);
  if (failure) setFailed(failure);
}
