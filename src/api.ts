/**
 * The programmatic API, shared by the CLI and the GitHub Action.
 *
 *   import { lintFiles, lintText, listPorts } from 'portlint';
 */
import { basename } from 'node:path';
import { rules as allRules } from '../rules/index.js';
import { applyBaseline, readBaseline } from './baseline.js';
import { CONFIG_FILE_NAMES } from './config/load.js';
import { ConfigResolver, type EffectiveConfig, type FileConfig } from './config/resolve.js';
import { docsUrl, projectFormats, type AnyRule } from './engine/rule.js';
import { Linter, type LinterOptions, type LintResult, type RuleSetting } from './engine/linter.js';
import { DEFAULT_MAX_FILE_SIZE, discover, readLintFile, readSibling, type Discovered, type FileError } from './files.js';
import { lintInParallel, workerCountFor, type Concurrency } from './parallel/index.js';
import type { ParseResult, PortDeclaration } from './model.js';
import { safeParse } from './parsers/index.js';
import { toMessageSeverity } from './severity.js';

export type { LintMessage, LintResult, RuleSetting } from './engine/linter.js';
export type { PortDeclaration, PortValue, Owner, ObjectRef, Source, Protocol, ParseResult, Facts, Format, Role } from './model.js';
export type { PortEntry } from './inventory.js';
export { portEntry } from './inventory.js';
export type { EffectiveConfig } from './config/resolve.js';
export type { Baseline, BaselineEntry } from './baseline.js';
export { ConfigError } from './engine/linter.js';
export { safeParse } from './parsers/index.js';
export { applyBaseline, createBaseline, readBaseline, writeBaseline } from './baseline.js';
export { configSchema } from './config/schema.js';

export interface LintOptions {
  /** Directory paths are resolved against and shown relative to (default: process.cwd()). */
  cwd?: string;
  /** Rule settings over the config's (as `--rule`): id → severity or [severity, options]. */
  rules?: Record<string, RuleSetting>;
  /** Extra glob patterns to skip. */
  ignore?: string[];
  /** Files larger than this many bytes are skipped with a warning (default 10 MiB). */
  maxFileSize?: number;
  /** Let compose interpolation read the process environment (off by default: CI secrets stay out of output). */
  envFromProcess?: boolean;
  /** Use this config file for every file instead of searching for one (`--config`). */
  configFile?: string;
  /** Search for config files above each linted file (default true; `--no-config` sets false). */
  useConfigFiles?: boolean;
  /** Apply `# portlint-disable…` comments and `portlint.dev/ignore` annotations (default true). */
  allowInlineConfig?: boolean;
  /** Report suppressions that silence nothing (`true` or `'error'`: as errors; `'warn'`: as warnings). */
  reportUnusedDisableDirectives?: boolean | 'warn' | 'error';
  /** A baseline file (relative to cwd): findings recorded in it are not reported. */
  baseline?: string;
  /** Threads that lint: `'auto'` (default: every core for large inputs), `'off'`, or N (the main thread and N - 1 workers). */
  concurrency?: Concurrency;
}

export interface LintReport {
  results: LintResult[];
  /** Paths named on the command line that could not be linted (a usage error). */
  usageErrors: FileError[];
}

/** The metadata ESLint formatters read (`rulesMeta[id].docs.url`). */
export function rulesMeta(rules: readonly AnyRule[] = allRules): Record<string, { type: string; docs: { description: string; url: string } }> {
  return Object.fromEntries(
    rules.map((r) => [r.meta.id, { type: r.meta.category === 'security' ? 'problem' : 'suggestion', docs: { description: r.meta.description, url: docsUrl(r.meta.id) } }]),
  );
}

function processEnv(options: LintOptions): ReadonlyMap<string, string> | undefined {
  if (!options.envFromProcess) return undefined;
  return new Map(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

function resolverFor(options: LintOptions): ConfigResolver {
  return new ConfigResolver({
    cwd: options.cwd ?? process.cwd(),
    rules: allRules,
    configFile: options.configFile,
    useConfigFiles: options.useConfigFiles,
    cliRules: options.rules,
  });
}

const PROJECT_FORMATS = projectFormats(allRules);

function linterOptions(options: LintOptions): LinterOptions {
  const unused = options.reportUnusedDisableDirectives;
  return {
    allowInlineConfig: options.allowInlineConfig,
    reportUnusedDisableDirectives: unused === true ? 2 : unused === 'error' || unused === 'warn' ? toMessageSeverity(unused) : undefined,
    knownRuleIds: allRules.map((r) => r.meta.id),
    projectFormats: PROJECT_FORMATS,
  };
}

/** The config that applies to a file, or undefined when the file is not linted (a config file, or ignored by its config). */
function configToLint(file: string, resolver: ConfigResolver): FileConfig | undefined {
  if (CONFIG_FILE_NAMES.includes(basename(file) as never)) return undefined;
  const config = resolver.forFile(file);
  return config.ignored ? undefined : config;
}

/** Parse every discovered file its config lets through; read failures and discovery errors go to `onError`. */
function parsePaths(
  { files, errors }: Discovered,
  options: LintOptions,
  resolver: ConfigResolver,
  onParsed: (parsed: ParseResult, text: string, config: FileConfig) => void,
  onError: (file: string, message: string, severity: 1 | 2, line?: number, column?: number) => void,
): void {
  const cwd = options.cwd ?? process.cwd();
  const env = processEnv(options);
  for (const file of files) {
    const config = configToLint(file, resolver);
    if (!config) continue;
    const read = readLintFile(file, cwd, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    if (!read.ok) {
      onError(file, read.message, read.severity, read.line, read.column);
      continue;
    }
    onParsed(safeParse(read.text, file, { env, readSibling: (name) => readSibling(file, cwd, name) }), read.text, config);
  }
  for (const e of errors) onError(e.file, e.message, 2);
}

/** Read the baseline named by the options (before linting, so a bad one fails fast). */
function baselineOf(options: LintOptions): (results: LintResult[]) => LintResult[] {
  if (options.baseline === undefined) return (results) => results;
  const cwd = options.cwd ?? process.cwd();
  const file = options.baseline;
  const baseline = readBaseline(file, cwd);
  return (results) => applyBaseline(results, baseline, { cwd, file }).results;
}

/**
 * Lint files, directories and globs, each with the config that applies to it. A bad config file
 * throws `ConfigError`.
 */
export async function lintFiles(patterns: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const resolver = resolverFor(options);
  const withBaseline = baselineOf(options);
  const cwd = options.cwd ?? process.cwd();
  const discovered = await discover(patterns, cwd, options.ignore);
  const workers = workerCountFor(discovered.files.length, options.concurrency);
  if (workers > 0) {
    const results = await lintInParallel(discovered.files, {
      cwd,
      maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      env: processEnv(options),
      rulesFor: (file) => configToLint(file, resolver)?.rules,
      linterOptions: linterOptions(options),
      errors: discovered.errors,
      workers,
    });
    return { results: withBaseline(results), usageErrors: discovered.errors };
  }
  const linter = new Linter([], linterOptions(options));
  parsePaths(
    discovered,
    options,
    resolver,
    (parsed, text, config) => linter.add(parsed, { text, rules: config.rules }),
    (file, message, severity, line, column) => linter.addError(file, message, line, column, severity),
  );
  return { results: withBaseline(linter.finish()), usageErrors: discovered.errors };
}

export interface LintTextOptions extends Omit<LintOptions, 'ignore' | 'maxFileSize'> {
  /** The name that decides the format (`compose.yaml`, `Dockerfile`, `.env`, `deploy.yaml`) and the config that applies. */
  filePath: string;
  /** Contents of the `.env` beside a compose file. */
  dotenv?: string;
}

/** Parse one text, with the `.env` contents the options carry. */
function parseText(text: string, options: LintTextOptions): ParseResult {
  return safeParse(text, options.filePath, { env: processEnv(options), readSibling: (n) => (n === '.env' ? options.dotenv : undefined) });
}

/** Lint one text (stdin, an editor buffer). A file the config ignores gives no results. */
export function lintText(text: string, options: LintTextOptions): LintResult[] {
  const config = resolverFor(options).forFile(options.filePath);
  const withBaseline = baselineOf(options);
  if (config.ignored) return [];
  const linter = new Linter([], linterOptions(options));
  const parsed = parseText(text, options);
  linter.add(parsed, { text, rules: config.rules });
  return withBaseline(linter.finish());
}

/** The config in effect for a file (`--print-config`): the config file, overrides, settings and every rule's setting. */
export function calculateConfigForFile(filePath: string, options: Omit<LintOptions, 'ignore' | 'maxFileSize' | 'baseline'> = {}): EffectiveConfig {
  return resolverFor(options).effectiveConfig(filePath);
}

export interface PortsReport {
  declarations: PortDeclaration[];
  /** Files that could not be read or parsed, as ESLint-shaped results with fatal messages. */
  results: LintResult[];
  usageErrors: FileError[];
}

/** Declarations by file, then position (a stable sort: a mapping's parts keep their order). */
function inFileOrder(declarations: PortDeclaration[]): PortDeclaration[] {
  return declarations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** The inventory of every port declaration in the given paths (files the config ignores are left out). */
export async function listPorts(patterns: readonly string[], options: LintOptions = {}): Promise<PortsReport> {
  const declarations: PortDeclaration[] = [];
  const linter = new Linter([]);
  const discovered = await discover(patterns, options.cwd ?? process.cwd(), options.ignore);
  parsePaths(
    discovered,
    options,
    resolverFor(options),
    (p) => {
      declarations.push(...p.declarations);
      linter.add(p);
    },
    (file, message, severity, line, column) => linter.addError(file, message, line, column, severity),
  );
  return { declarations: inFileOrder(declarations), results: linter.finish().filter((r) => r.messages.length > 0), usageErrors: discovered.errors };
}

/** The inventory of one text (stdin). */
export function listPortsInText(text: string, options: LintTextOptions): PortsReport {
  const parsed = parseText(text, options);
  const linter = new Linter([]);
  linter.add(parsed);
  return { declarations: inFileOrder(parsed.declarations), results: linter.finish().filter((r) => r.messages.length > 0), usageErrors: [] };
}

export { allRules as rules };
