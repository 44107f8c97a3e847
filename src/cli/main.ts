/**
 * The `portlint` command line. `main()` takes its arguments and streams, and returns the exit code:
 * 0 no error-level findings, 1 findings, 2 usage, config or internal error.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REGISTRY } from '../registry.js';
import { calculateConfigForFile, lintFiles, lintTextReport, listPorts, listPortsInText, rules, rulesMeta, type BaselineReport, type LintOptions } from '../api.js';
import { ConfigError } from '../errors.js';
import type { LintResult } from '../engine/results.js';
import type { RuleSetting } from '../config/rule-options.js';
import { FORMAT_NAMES, loadFormatter } from '../formatters/index.js';
import { portsJson, portsTable } from '../formatters/ports-table.js';
import { HELP, VERSION } from './help.js';
import type { Concurrency } from '../parallel/index.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  cwd: string;
  isTTY: boolean;
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
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parseRuleFlag(value: string): [string, RuleSetting] {
  const m = /^([a-z0-9-]+):(error|warn|off)$/.exec(value.trim());
  if (!m) throw new UsageError(`--rule expects id:severity (severity error, warn or off), got "${value}"`);
  return [m[1], m[2] as RuleSetting];
}

function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  return Number(value);
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
  const unit = (m[2] ?? 'b')[0].toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

/** `--list-rules`: every rule, then the built-in ids (marked so), with their default severity. */
function listRulesText(): string {
  const width = Math.max(...REGISTRY.map((r) => r.meta.id.length));
  return (
    REGISTRY.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(5)}  ${r.meta.builtin ? '(built-in) ' : ''}${r.meta.description}`).join('\n') + '\n'
  );
}

function keepErrorsOnly(results: LintResult[]): LintResult[] {
  return results.map((r) => {
    const messages = r.messages.filter((m) => m.severity === 2);
    return { ...r, messages, warningCount: 0 };
  });
}

/** Run the CLI; returns the exit code (0 clean, 1 findings, 2 usage, config or internal error). */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
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
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  if (values.help) {
    io.stdout(HELP);
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
    throw new UsageError('--baseline and --write-baseline cannot be used together (--write-baseline FILE reports what is not in the new FILE)');
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
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
  };
  if (values['print-config'] !== undefined) {
    if (positionals.length > 0) throw new UsageError('--print-config takes one path and no other paths');
    io.stdout(JSON.stringify(calculateConfigForFile(values['print-config'], options), null, 2) + '\n');
    return 0;
  }
  const maxWarnings = parseCount('--max-warnings', values['max-warnings']);
  const useStdin = positionals.includes('-');
  if (useStdin && positionals.length > 1) throw new UsageError('"-" (stdin) cannot be combined with other paths');

  if (command === 'ports') {
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError(`portlint ports: --format must be "table" or "json", not "${format}"`);
    const report = useStdin
      ? listPortsInText(await io.readStdin(), { ...options, filePath: values['stdin-filename'] ?? '<stdin>' })
      : await listPorts(positionals, options);
    const { declarations, results: problems } = report;
    const out = format === 'json' ? JSON.stringify(portsJson(declarations), null, 2) + '\n' : portsTable(declarations);
    emit(out, values['output-file'], io);
    const formatProblems = await loadFormatter('compact');
    const problemText = formatProblems(problems, { rulesMeta: rulesMeta(), cwd: io.cwd });
    if (problemText) io.stderr(problemText);
    return report.usageErrors.length > 0 ? 2 : problems.some((r) => r.errorCount > 0) ? 1 : 0;
  }

  const formatName = values.format ?? (io.isTTY ? 'pretty' : 'compact');
  if (!FORMAT_NAMES.includes(formatName)) throw new UsageError(`unknown --format "${formatName}" (use one of: ${FORMAT_NAMES.join(', ')})`);
  const formatter = await loadFormatter(formatName);
  const report = useStdin
    ? lintTextReport(await io.readStdin(), { ...options, filePath: values['stdin-filename'] ?? '<stdin>' })
    : await lintFiles(positionals, options);
  let results = report.results;
  const usageErrors = report.usageErrors.length;
  const note = report.baseline ? baselineNote(report.baseline) : '';
  if (note) io.stderr(note);
  if (values.quiet) results = keepErrorsOnly(results);
  emit(formatter(results, { rulesMeta: rulesMeta(), cwd: io.cwd, rules }), values['output-file'], io);

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (usageErrors > 0) return 2;
  if (errors > 0) return 1;
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
function baselineNote(b: BaselineReport): string {
  if (b.mode === 'written') return `portlint: wrote ${b.matched} finding${b.matched === 1 ? '' : 's'} to baseline ${b.file}\n`;
  if (b.stale === 0) return '';
  return `portlint: ${b.stale} baselined finding${b.stale === 1 ? ' is' : 's are'} gone; run with --write-baseline ${b.file} to shrink the baseline\n`;
}

function emit(text: string, outputFile: string | undefined, io: CliIO): void {
  if (!outputFile) return io.stdout(text);
  try {
    writeFileSync(resolve(io.cwd, outputFile), text);
  } catch (err) {
    throw new UsageError(`--output-file ${outputFile}: cannot write: ${(err as Error).message}`);
  }
}
