/**
 * The `portlint` command line. `main()` takes its arguments and streams, and returns the exit code:
 * 0 no findings that fail the run, 1 findings that do (error-level ones; as `--fail-on` says) or a clash
 * for `portlint ports --merge`, 2 usage, config or internal error.
 */
import { parseArgs } from 'node:util';
import { REGISTRY } from '../registry.js';
import {
  calculateConfigForFile,
  lintFiles,
  lintTextReport,
  listPorts,
  listPortsInText,
  NoFilesFoundError,
  rules,
  rulesMeta,
  type BaselineReport,
  type LintOptions,
} from '../api.js';
import { ConfigError } from '../errors.js';
import type { LintResult } from '../engine/results.js';
import type { RuleSetting } from '../config/rule-options.js';
import { failsOn, parseFailOn, FAIL_ON, type FailOn } from '../fail-on.js';
import { FORMAT_NAMES, loadFormatter, type FormatterContext } from '../formatters/index.js';
import { portsJson, portsTable } from '../formatters/ports-table.js';
import { reachability } from '../exposure/index.js';
import { HELP, PORTS_HELP, VERSION } from './help.js';
import { useColor, useHyperlinks } from './color.js';
import { debugLine } from './debug.js';
import { parseOutputs, sourceReader, writeOutputs, writeReport } from './outputs.js';
import { createProgress } from './progress.js';
import { mergeCommand, withRepository } from './registry.js';
import { summaryLine } from './summary.js';
import type { Concurrency } from '../parallel/index.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  cwd: string;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** stderr is a terminal (the progress indicator); default false. */
  stderrIsTTY?: boolean;
  /** The environment (NO_COLOR, FORCE_COLOR, CI); default none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The terminal's width in columns, when stdout is one. */
  columns?: number;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'stdin-filename': { type: 'string' },
  rule: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  'output-file': { type: 'string', short: 'o' },
  output: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'sarif-category': { type: 'string' },
  'sarif-include-suppressed': { type: 'boolean' },
  shard: { type: 'string' },
  'changed-since': { type: 'string' },
  merge: { type: 'boolean' },
  'repo-name': { type: 'string' },
  'max-file-size': { type: 'string' },
  concurrency: { type: 'string' },
  'env-from-process': { type: 'boolean' },
  ignore: { type: 'string', multiple: true },
  'list-rules': { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  'print-config': { type: 'string' },
  'no-inline-config': { type: 'boolean' },
  'report-unused-disable-directives': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'no-error-on-unmatched-pattern': { type: 'boolean' },
  'as-walk': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parseRuleFlag(value: string): [string, RuleSetting] {
  const m = /^([a-z0-9-]+):(error|warn|off)$/.exec(value.trim());
  if (!m) throw new UsageError(`--rule expects id:severity (severity error, warn or off), got "${value}"`);
  return [m[1]!, m[2] as RuleSetting];
}

/** `--max-warnings -1` as `--max-warnings=-1`: parseArgs takes a value starting with `-` only in that form. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i] === '--max-warnings' && next !== undefined && /^-\d+$/.test(next)) out.push(`--max-warnings=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

/** `--max-warnings N`: a whole number, or -1 for no limit (ESLint's default). */
function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === '-1') return undefined;
  if (value !== undefined && !/^\d+$/.test(value))
    throw new UsageError(`--max-warnings expects a whole number or -1 (no limit), got "${value}"`);
  return value === undefined ? undefined : Number(value);
}

function parseConcurrency(value: string | undefined): Concurrency | undefined {
  if (value === undefined || value === 'auto' || value === 'off') return value;
  if (/^[1-9]\d*$/.test(value)) return Number(value);
  throw new UsageError(`--concurrency expects auto, off or a number of threads, got "${value}"`);
}

function parseSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size expects a size like 10MB or 500k, got "${value}"`);
  const unit = (m[2] ?? 'b')[0]!.toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

const usage = (message: string): never => {
  throw new UsageError(message);
};

function parseFailOnFlag(value: string | undefined): FailOn {
  if (value === undefined) return 'error';
  const level = parseFailOn(value);
  if (level === undefined) throw new UsageError(`--fail-on expects ${FAIL_ON.join(', ')}, got "${value}"`);
  return level;
}

/** `--list-rules`: every rule, then the built-in ids (marked so), with their default severity. */
function listRulesText(): string {
  const width = Math.max(...REGISTRY.map((r) => r.meta.id.length));
  return (
    REGISTRY.map(
      (r) => `${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(5)}  ${r.meta.builtin ? '(built-in) ' : ''}${r.meta.description}`,
    ).join('\n') + '\n'
  );
}

function keepErrorsOnly(results: LintResult[]): LintResult[] {
  return results.map((r) => {
    const messages = r.messages.filter((m) => m.severity === 2);
    // Suppressed warnings too, should SARIF include suppressed findings.
    const suppressedMessages = r.suppressedMessages?.filter((m) => m.severity === 2) ?? [];
    return { ...r, messages, suppressedMessages, warningCount: 0 };
  });
}

/** Run the CLI; returns the exit code (0 clean, 1 findings, 2 usage, config or internal error). */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof NoFilesFoundError) {
      for (const line of err.message.split('\n')) io.stderr(`portlint: ${line}\n`);
      return 2;
    }
    if (err instanceof UsageError || err instanceof ConfigError) {
      for (const line of err.message.split('\n')) io.stderr(`portlint: ${line}\n`);
      if (err instanceof UsageError) io.stderr('Run "portlint --help" for usage.\n');
      return 2;
    }
    io.stderr(`portlint: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  if (values.help) {
    io.stdout(positionals[0] === 'ports' ? PORTS_HELP : HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (values['list-rules']) {
    io.stdout(listRulesText());
    return 0;
  }
  const command = positionals[0] === 'ports' ? 'ports' : 'lint';
  if (command === 'ports') positionals = positionals.slice(1);

  const ruleSettings: Record<string, RuleSetting> = {};
  for (const r of values.rule ?? []) {
    const [id, sev] = parseRuleFlag(r);
    ruleSettings[id] = sev;
  }
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) {
    throw new UsageError(
      '--baseline and --write-baseline cannot be used together (--write-baseline FILE reports what is not in the new FILE)',
    );
  }
  const options: LintOptions = {
    cwd: io.cwd,
    rules: ruleSettings,
    ignore: values.ignore,
    maxFileSize: parseSize(values['max-file-size']),
    concurrency: parseConcurrency(values.concurrency),
    envFromProcess: values['env-from-process'] ?? false,
    configFile: values.config,
    useConfigFiles: !values['no-config'],
    allowInlineConfig: !values['no-inline-config'],
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ?? false,
    errorOnUnmatchedPattern: !values['no-error-on-unmatched-pattern'],
    asWalk: values['as-walk'] ?? false,
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
  };
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color cannot be used together');
  const env = io.env ?? {};
  if (values.debug) options.onFile = (event) => io.stderr(debugLine(event));
  const progress = createProgress({ write: io.stderr, terminal: io.stderrIsTTY ?? false, env });
  options.onProgress = (done, total) => progress.update(done, total);
  if (values['print-config'] !== undefined) {
    if (positionals.length > 0) throw new UsageError('--print-config takes one path and no other paths');
    io.stdout(JSON.stringify(calculateConfigForFile(values['print-config'], options), null, 2) + '\n');
    return 0;
  }
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const useStdin = positionals.includes('-');
  if (useStdin && positionals.length > 1) throw new UsageError('"-" (stdin) cannot be combined with other paths');

  if (command !== 'ports' && (values.merge || values['repo-name'] !== undefined))
    throw new UsageError('--merge and --repo-name belong to portlint ports');
  const narrowed = values.shard !== undefined || values['changed-since'] !== undefined;
  if (narrowed && (useStdin || command === 'ports'))
    throw new UsageError('--shard and --changed-since narrow a lint of files (not stdin, not portlint ports)');
  if (narrowed && values['write-baseline'] !== undefined)
    throw new UsageError('--write-baseline records a whole run: it cannot be combined with --shard or --changed-since');
  if (command === 'ports') {
    if (values.output !== undefined)
      throw new UsageError('portlint ports: use --output-file FILE (--output FORMAT:FILE is for lint reports)');
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`portlint ports: --format must be "table" or "json", not "${format}"`);
    if (values.merge) {
      if (positionals.length < 2 || useStdin)
        throw new UsageError('portlint ports --merge takes two or more inventory files (written by portlint ports --format json)');
      const merged = mergeCommand(positionals, format, io.cwd);
      emit(merged.text, values['output-file'], io);
      return merged.code;
    }
    const repoName = values['repo-name'];
    if (repoName !== undefined && (format !== 'json' || repoName === ''))
      throw new UsageError('portlint ports: --repo-name NAME goes with --format json (it names the repository in the inventory)');
    const report = useStdin
      ? listPortsInText(await io.readStdin(), { ...options, filePath: values['stdin-filename'] ?? '<stdin>' })
      : await listPorts(positionals, options).finally(() => progress.stop());
    const { declarations, results: problems } = report;
    const reach = reachability(declarations, report.facts);
    const entries = portsJson(declarations, reach);
    const inventory = repoName !== undefined ? withRepository(entries, repoName) : entries;
    const out = format === 'json' ? JSON.stringify(inventory, null, 2) + '\n' : portsTable(declarations, reach);
    emit(out, values['output-file'], io);
    const formatProblems = await loadFormatter('compact');
    const problemText = formatProblems(problems, { rulesMeta: rulesMeta(), cwd: io.cwd });
    if (problemText) io.stderr(problemText);
    return report.usageErrors.length > 0 ? 2 : problems.some((r) => r.errorCount > 0) ? 1 : 0;
  }

  const formatName = values.format ?? (io.isTTY ? 'pretty' : 'compact');
  if (!FORMAT_NAMES.includes(formatName)) throw new UsageError(`unknown --format "${formatName}" (use one of: ${FORMAT_NAMES.join(', ')})`);
  const formatter = await loadFormatter(formatName);
  const outputs = parseOutputs(values.output ?? [], FORMAT_NAMES, usage);
  const failOn = parseFailOnFlag(values['fail-on']);
  if (values['sarif-category'] === '') throw new UsageError('--sarif-category expects a name, e.g. portlint/frontend');
  if (!useStdin && (values.shard !== undefined || values['changed-since'] !== undefined)) {
    // Loaded when asked for: with node:crypto and node:child_process it would cost every run's start-up.
    const { changedSince, reportFilter, shardFlag } = await import('./shard.js');
    const shard = values.shard !== undefined ? shardFlag(values.shard, usage) : undefined;
    const changed = values['changed-since'] !== undefined ? changedSince(values['changed-since'], io.cwd, usage) : undefined;
    const filter = reportFilter(shard, changed);
    if (filter) options.report = filter;
  }
  const linted = useStdin
    ? lintTextReport(await io.readStdin(), { ...options, filePath: values['stdin-filename'] ?? '<stdin>' })
    : await lintFiles(positionals, options).finally(() => progress.stop());
  let results = linted.results;
  const usageErrors = linted.usageErrors.length;
  // A shard or a changed-file run sees only some files: the others' baselined findings are not gone.
  const note = linted.baseline ? baselineNote(linted.baseline, !narrowed) : '';
  if (note) io.stderr(note);
  // --max-warnings counts the warnings --quiet hides (as ESLint).
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (values.quiet) results = keepErrorsOnly(results);
  const outputFile = values['output-file'];
  const toTerminal = io.isTTY && outputFile === undefined;
  const color = useColor(values['no-color'] ? false : values.color, env, toTerminal);
  const context: FormatterContext = {
    rulesMeta: rulesMeta(),
    cwd: io.cwd,
    rules,
    color,
    hyperlinks: useHyperlinks(color, toTerminal, env),
    width: toTerminal ? io.columns : undefined,
    footer: false,
    source: sourceReader(io.cwd),
  };
  if (values['sarif-category'] !== undefined) context.sarifCategory = values['sarif-category'];
  if (values['sarif-include-suppressed']) context.sarifIncludeSuppressed = true;
  const report = formatter(results, context);
  // The summary goes with a human report on stdout; beside a file or machine-read output, to stderr.
  const summary = `${summaryLine(results, values.quiet ? warnings : 0)}\n`;
  const summaryToStdout = outputFile === undefined && (formatName === 'pretty' || formatName === 'compact');
  emit(summaryToStdout ? report + (report && formatName === 'compact' ? '\n' : '') + summary : report, outputFile, io);
  if (!summaryToStdout) io.stderr(summary);
  // Files of --output FORMAT:FILE carry every finding, as the main report does (--quiet applies to both).
  await writeOutputs(outputs, results, { ...context, color: false, hyperlinks: false, width: undefined, footer: true }, usage);

  if (usageErrors > 0) return 2;
  if (failsOn(failOn, errors, warnings)) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`portlint: ${warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/**
 * What `--write-baseline FILE` or `--baseline FILE` did, for stderr (stdout holds nothing but the
 * report: SARIF, JSON).
 */
function baselineNote(b: BaselineReport, whole: boolean): string {
  if (b.mode === 'written') return `portlint: wrote ${b.matched} finding${b.matched === 1 ? '' : 's'} to baseline ${b.file}\n`;
  if (b.stale === 0 || !whole) return '';
  return `portlint: ${b.stale} baselined finding${b.stale === 1 ? ' is' : 's are'} gone; run with --write-baseline ${b.file} to shrink the baseline\n`;
}

function emit(text: string, outputFile: string | undefined, io: CliIO): void {
  if (!outputFile) return io.stdout(text);
  writeReport(outputFile, text, io.cwd, '--output-file', usage);
}
