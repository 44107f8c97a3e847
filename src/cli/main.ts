/**
 * The `portlint` command line. `main()` takes its arguments and streams, and returns the exit code:
 * 0 no error-level findings, 1 findings, 2 usage, config or internal error.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { lintFiles, lintText, listPorts, listPortsInText, rules, rulesMeta, type LintOptions } from '../api.js';
import { ConfigError, type LintResult, type RuleSetting } from '../engine/linter.js';
import { FORMAT_NAMES, loadFormatter } from '../formatters/index.js';
import { portsTable } from '../formatters/ports-table.js';
import { HELP, VERSION } from './help.js';

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
  'env-from-process': { type: 'boolean' },
  ignore: { type: 'string', multiple: true },
  'list-rules': { type: 'boolean' },
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

function parseSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size expects a size like 10MB or 500k, got "${value}"`);
  const unit = (m[2] ?? 'b')[0].toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

function listRulesText(): string {
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  return rules.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(5)}  ${r.meta.description}`).join('\n') + '\n';
}

function keepErrorsOnly(results: LintResult[]): LintResult[] {
  return results.map((r) => {
    const messages = r.messages.filter((m) => m.severity === 2);
    return { ...r, messages, warningCount: 0 };
  });
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.stderr(`portlint: ${err.message}\n`);
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
  const options: LintOptions = {
    cwd: io.cwd,
    rules: ruleSettings,
    ignore: values.ignore,
    maxFileSize: parseSize(values['max-file-size']),
    envFromProcess: values['env-from-process'] ?? false,
  };
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
    const out = format === 'json' ? JSON.stringify(declarations, null, 2) + '\n' : portsTable(declarations);
    emit(out, values['output-file'], io);
    const formatProblems = await loadFormatter('compact');
    const problemText = formatProblems(problems, { rulesMeta: rulesMeta(), cwd: io.cwd });
    if (problemText) io.stderr(problemText);
    return report.usageErrors.length > 0 ? 2 : problems.some((r) => r.errorCount > 0) ? 1 : 0;
  }

  const formatName = values.format ?? (io.isTTY ? 'pretty' : 'compact');
  if (!FORMAT_NAMES.includes(formatName)) throw new UsageError(`unknown --format "${formatName}" (use one of: ${FORMAT_NAMES.join(', ')})`);
  const formatter = await loadFormatter(formatName);

  let results: LintResult[];
  let usageErrors = 0;
  if (useStdin) {
    results = lintText(await io.readStdin(), { ...options, filePath: values['stdin-filename'] ?? '<stdin>' });
  } else {
    const report = await lintFiles(positionals, options);
    results = report.results;
    usageErrors = report.usageErrors.length;
  }
  if (values.quiet) results = keepErrorsOnly(results);
  emit(formatter(results, { rulesMeta: rulesMeta(), cwd: io.cwd }), values['output-file'], io);

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

function emit(text: string, outputFile: string | undefined, io: CliIO): void {
  if (outputFile) writeFileSync(outputFile, text);
  else io.stdout(text);
}
