/**
 * The programmatic API, shared by the CLI and the GitHub Action.
 *
 *   import { lintFiles, lintText, listPorts } from 'portlint';
 */
import { basename } from 'node:path';
import { rules as allRules } from '../rules/index.js';
import { applyBaseline, createBaseline, readBaseline, writeBaseline } from './baseline.js';
import { ConfigError } from './errors.js';
import { lintParsedFile, ProjectPhase, withIncluded } from './engine/phases.js';
import { CONFIG_FILE_NAMES } from './config/load.js';
import { ConfigResolver, type EffectiveConfig, type FileConfig } from './config/resolve.js';
import { REGISTRY } from './registry.js';
import { projectFormats, ruleDocsUrl, type AnyRule, type ResolvedRule } from './engine/rule.js';
import { Linter, type LinterOptions } from './engine/linter.js';
import type { ReadAs } from './engine/phases.js';
import type { LintResult } from './engine/results.js';
import type { RuleSetting } from './config/rule-options.js';
import { DEFAULT_MAX_FILE_SIZE, discover, type Discovered, type FileError } from './files.js';
import { lintPaths, workerCountFor, type Concurrency } from './parallel/index.js';
import { isEmptyParse, notReadReason, parseFileOnDisk } from './parallel/lint-file.js';
import { emptyFacts, type Facts, type ParseResult, type PortDeclaration, type ProblemId } from './model.js';
import { mergeFacts } from './engine/run-rule.js';
import { includedOnce } from './engine/included.js';
import { safeParse } from './parsers/index.js';
import { isComposeName } from './parsers/detect.js';
import { dirOf, resolvePath } from './util/paths.js';
import { toMessageSeverity } from './severity.js';

export type { LintMessage, LintResult } from './engine/results.js';
export type { RuleSetting } from './config/rule-options.js';
export type { PortDeclaration, PortValue, Owner, ObjectRef, Source, Protocol, ParseResult, Facts, Format, Role } from './model.js';
export type { PortEntry } from './inventory.js';
export { portEntry } from './inventory.js';
export { reachability, describeReach, type Reach, type Scope } from './exposure/index.js';
export type { EffectiveConfig } from './config/resolve.js';
export type { Baseline, BaselineEntry } from './baseline.js';
export { ConfigError } from './errors.js';
export { safeParse } from './parsers/index.js';
export { applyBaseline, createBaseline, readBaseline, writeBaseline } from './baseline.js';
export { configSchema } from './config/schema.js';
export { NoFilesFoundError } from './files.js';

/** What became of one file of a run: the format it was read as, or why it was not linted (`reason`). */
export type FileEvent = ReadAs;

export interface LintOptions {
  /** Directory paths are resolved against and shown relative to (default: process.cwd()). */
  cwd?: string | undefined;
  /** Rule settings over the config's (as `--rule`): id → severity or [severity, options]. */
  rules?: Record<string, RuleSetting> | undefined;
  /** Extra glob patterns to skip. */
  ignore?: string[] | undefined;
  /** Files larger than this many bytes are skipped with a warning (default 10 MiB). */
  maxFileSize?: number | undefined;
  /** Let compose interpolation read the process environment (off by default: CI secrets stay out of output). */
  envFromProcess?: boolean | undefined;
  /** Use this config file for every file instead of searching for one (`--config`). */
  configFile?: string | undefined;
  /** Search for config files above each linted file (default true; `--no-config` sets false). */
  useConfigFiles?: boolean | undefined;
  /** Apply `# portlint-disable…` comments and `portlint.dev/ignore` annotations (default true). */
  allowInlineConfig?: boolean | undefined;
  /** Report suppressions that silence nothing (`true` or `'error'`: as errors; `'warn'`: as warnings). */
  reportUnusedDisableDirectives?: boolean | 'warn' | 'error';
  /** A baseline file (relative to cwd): findings recorded in it are not reported. */
  baseline?: string | undefined;
  /** Record every finding of this run in a new baseline file (relative to cwd); they are then not reported. */
  writeBaseline?: string | undefined;
  /** Threads that lint: `'auto'` (default: every core for large inputs), `'off'`, or N (the main thread and N - 1 workers). */
  concurrency?: Concurrency | undefined;
  /** Throw `NoFilesFoundError` when a path, directory or glob matches no file (default true, as ESLint). */
  errorOnUnmatchedPattern?: boolean | undefined;
  /** Judge files named one by one as a directory walk would (`--as-walk`; see `DiscoverOptions.asWalk`). */
  asWalk?: boolean | undefined;
  /** Called for every file found, linted or not (`--debug`). Lints on one thread when set. */
  onFile?: (event: FileEvent) => void;
  /** Called as files are linted: how many are done of how many (a progress indicator). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Which files to report (`--shard`, `--changed-since`); all when absent. The other files are
   * still linted by the project-scope rules, as context, so a reported file's cross-file findings
   * are the same as in a full run; their own results are left out.
   */
  report?: (filePath: string) => boolean;
}

export interface LintReport {
  results: LintResult[];
  /** What the baseline did, when one was read or written. */
  baseline?: BaselineReport;
  /** Paths named on the command line that could not be linted (a usage error). */
  usageErrors: FileError[];
}

/** The metadata ESLint formatters read (`rulesMeta[id].docs.url`). */
export function rulesMeta(
  rules: readonly AnyRule[] = REGISTRY,
): Record<string, { type: string; docs: { description: string; url: string } }> {
  return Object.fromEntries(
    rules.map((r) => [r.meta.id, { type: r.meta.type, docs: { description: r.meta.description, url: ruleDocsUrl(r) } }]),
  );
}

function processEnv(options: LintOptions): ReadonlyMap<string, string> | undefined {
  if (!options.envFromProcess) return undefined;
  return new Map(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

function resolverFor(options: LintOptions): ConfigResolver {
  return new ConfigResolver({
    cwd: options.cwd ?? process.cwd(),
    rules: REGISTRY,
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
    knownRuleIds: REGISTRY.map((r) => r.meta.id),
    projectFormats: PROJECT_FORMATS,
  };
}

/** The config that applies to a file, or undefined when the file is not linted (a config file, or ignored by its config). */
function configToLint(file: string, resolver: ConfigResolver): FileConfig | undefined {
  if (CONFIG_FILE_NAMES.includes(basename(file) as never)) return undefined;
  const config = resolver.forFile(file);
  return config.ignored ? undefined : config;
}

/** Why a file its config does not let through is not linted (`--debug`). */
function configSkipReason(file: string): string {
  return CONFIG_FILE_NAMES.includes(basename(file) as never) ? 'a portlint config file' : 'ignored by config (ignorePatterns)';
}

/** Parse every discovered file its config lets through; read failures and discovery errors go to `onError`. */
function parsePaths(
  { files, errors, named, skipped }: Discovered,
  options: LintOptions,
  resolver: ConfigResolver,
  onParsed: (parsed: ParseResult, config: FileConfig) => void,
  onError: (file: string, message: string, severity: 1 | 2, line?: number, column?: number, id?: ProblemId) => void,
): void {
  const cwd = options.cwd ?? process.cwd();
  const env = processEnv(options);
  const { onFile, onProgress } = options;
  for (const s of skipped) onFile?.({ file: s.file, format: null, reason: s.reason });
  files.forEach((file, i) => {
    onProgress?.(i, files.length);
    const config = configToLint(file, resolver);
    if (!config) return onFile?.({ file, format: null, reason: configSkipReason(file) });
    const result = parseFileOnDisk(file, { cwd, maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, env, walked: !named.has(file) });
    if (!result.ok) {
      const { read } = result;
      onFile?.({ file, format: null, reason: read.message });
      return onError(file, read.message, read.severity, read.line, read.column, read.id);
    }
    onFile?.(result.readAs);
    if (!isEmptyParse(result.parsed)) onParsed(result.parsed, config);
  });
  onProgress?.(files.length, files.length);
  for (const e of errors) onError(e.file, e.message, 2);
}

/** What the baseline did to a run's results (`LintReport.baseline`). */
export interface BaselineReport {
  file: string;
  /** `read`: `--baseline FILE` was applied; `written`: `--write-baseline FILE` recorded every finding. */
  mode: 'read' | 'written';
  /** Findings the baseline accepted (not reported). */
  matched: number;
  /** Baselined findings of the linted files that no longer occur (the baseline can be rewritten smaller). */
  stale: number;
}

/**
 * The baseline step of a run, the one place it is applied (`lintFiles` and `lintText`): read the
 * baseline before linting (so a bad one fails fast), or write a new one from the results.
 */
function baselineStep(options: LintOptions): (results: LintResult[]) => { results: LintResult[]; baseline?: BaselineReport } {
  const cwd = options.cwd ?? process.cwd();
  if (options.writeBaseline !== undefined) {
    if (options.baseline !== undefined) throw new ConfigError('a baseline cannot be read and written in one run');
    const file = options.writeBaseline;
    return (results) => {
      const created = createBaseline(results, { cwd, file });
      writeBaseline(file, created, cwd);
      const outcome = applyBaseline(results, created, { cwd, file });
      return { results: outcome.results, baseline: { file, mode: 'written', matched: outcome.matched, stale: 0 } };
    };
  }
  if (options.baseline === undefined) return (results) => ({ results });
  const file = options.baseline;
  const baseline = readBaseline(file, cwd);
  return (results) => {
    const outcome = applyBaseline(results, baseline, { cwd, file });
    return { results: outcome.results, baseline: { file, mode: 'read', matched: outcome.matched, stale: outcome.stale } };
  };
}

/**
 * Lint files, directories and globs, each with the config that applies to it. A bad config file
 * throws `ConfigError`.
 */
export async function lintFiles(patterns: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const resolver = resolverFor(options);
  const baselined = baselineStep(options);
  const report = options.report;
  const cwd = options.cwd ?? process.cwd();
  const discovered = await discover(patterns, cwd, options.ignore, {
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
    asWalk: options.asWalk,
  });
  const { onFile } = options;
  for (const s of discovered.skipped) onFile?.({ file: s.file, format: null, reason: s.reason });
  const configured = (file: string): readonly ResolvedRule[] | undefined => {
    const rules = configToLint(file, resolver)?.rules;
    if (rules === undefined) onFile?.({ file, format: null, reason: configSkipReason(file) });
    return rules;
  };
  const results = await lintPaths(discovered.files, {
    cwd,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    env: processEnv(options),
    rulesFor: contextRules(report, configured),
    linterOptions: linterOptions(options),
    errors: discovered.errors,
    named: discovered.named,
    onFile,
    onProgress: options.onProgress,
    workers: workerCountFor(discovered.files.length, options.concurrency),
  });
  // With `report`, the other files were linted for context only: their own results are left out.
  return { ...baselined(report ? results.filter((r) => report(r.filePath)) : results), usageErrors: discovered.errors };
}

/**
 * The rules for each file when only some are reported: all of its rules for a reported file, its
 * project-scope rules for the others (they only give context). One array per distinct rule set, so
 * the worker pool sends each set once.
 */
function contextRules(
  report: ((file: string) => boolean) | undefined,
  rulesOf: (file: string) => readonly ResolvedRule[] | undefined,
): (file: string) => readonly ResolvedRule[] | undefined {
  if (!report) return rulesOf;
  const projectOnly = new WeakMap<readonly ResolvedRule[], readonly ResolvedRule[]>();
  return (file) => {
    const rules = rulesOf(file);
    // A compose file gets all of its rules: the files it `include:`s may be reported here, and are
    // linted in its project (`withIncluded`), so the union of the shards is one unsharded run.
    if (rules === undefined || report(file) || isComposeName(file)) return rules;
    let context = projectOnly.get(rules);
    if (!context) {
      context = rules.filter((r) => r.rule.meta.scope === 'project');
      projectOnly.set(rules, context);
    }
    return context;
  };
}

export interface LintTextOptions extends Omit<LintOptions, 'ignore' | 'maxFileSize'> {
  /** The name that decides the format (`compose.yaml`, `Dockerfile`, `.env`, `deploy.yaml`) and the config that applies. */
  filePath: string;
  /** Contents of the `.env` beside a compose file. */
  dotenv?: string;
}

/** Parse one text, with the `.env` contents the options carry. */
function parseText(text: string, options: LintTextOptions): ParseResult {
  const dotenv = resolvePath(dirOf(options.filePath), '.env');
  return safeParse(text, options.filePath, {
    env: processEnv(options),
    readSibling: (n) => (n === '.env' ? options.dotenv : undefined),
    // Files a compose text names (`include:`, `extends.file`) are not read: the warning says so.
    readFile: (path) =>
      path === dotenv && options.dotenv !== undefined
        ? { ok: true, text: options.dotenv }
        : { ok: false, reason: 'only the text itself is read when linting one text' },
  });
}

/** Lint one text (stdin, an editor buffer): the same two phases as `lintFiles`. A file the config ignores gives no results. */
export function lintText(text: string, options: LintTextOptions): LintResult[] {
  return lintTextReport(text, options).results;
}

/** `lintText` with the baseline's report. */
export function lintTextReport(text: string, options: LintTextOptions): LintReport {
  const config = resolverFor(options).forFile(options.filePath);
  const baselined = baselineStep(options);
  if (config.ignored) return { results: [], usageErrors: [] };
  const setup = { linterOptions: linterOptions(options), project: config.rules.some((r) => r.rule.meta.scope === 'project') };
  const phase = new ProjectPhase(setup.linterOptions);
  const parsed = parseText(text, options);
  options.onFile?.(
    parsed.format !== null
      ? { file: options.filePath, format: parsed.format }
      : { file: options.filePath, format: null, reason: parsed.problems[0]?.message ?? notReadReason(options.filePath) },
  );
  phase.accept(lintParsedFile(parsed, config.rules, setup), config.rules);
  return { ...baselined(phase.finish()), usageErrors: [] };
}

/** The config in effect for a file (`--print-config`): the config file, overrides, settings and every rule's setting. */
export function calculateConfigForFile(
  filePath: string,
  options: Omit<LintOptions, 'ignore' | 'maxFileSize' | 'baseline'> = {},
): EffectiveConfig {
  return resolverFor(options).effectiveConfig(filePath);
}

export interface PortsReport {
  declarations: PortDeclaration[];
  /** The facts of every file read, merged: what the exposure model (`src/exposure/`) resolves against. */
  facts: Facts;
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
  const parsed: ParseResult[] = [];
  const linter = new Linter([]);
  const discovered = await discover(patterns, options.cwd ?? process.cwd(), options.ignore, {
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
    asWalk: options.asWalk,
  });
  parsePaths(
    discovered,
    options,
    resolverFor(options),
    (p) => {
      parsed.push(p);
      linter.add(p);
    },
    (file, message, severity, line, column, id) => linter.addError(file, message, line, column, severity, id),
  );
  // Listed as `lintFiles` reports findings: included files as read in their includer's project.
  const once = includedOnce(parsed);
  const facts = once.length > 0 ? mergeFacts(once) : emptyFacts();
  return {
    declarations: inFileOrder(once.flatMap((p) => p.declarations)),
    facts,
    results: withIncluded(linter.finish(), linter.included()).filter((r) => r.messages.length > 0),
    usageErrors: discovered.errors,
  };
}

/** The inventory of one text (stdin). */
export function listPortsInText(text: string, options: LintTextOptions): PortsReport {
  const parsed = parseText(text, options);
  const linter = new Linter([]);
  linter.add(parsed);
  return {
    declarations: inFileOrder(parsed.declarations),
    facts: parsed.facts,
    results: linter.finish().filter((r) => r.messages.length > 0),
    usageErrors: [],
  };
}

export { allRules as rules };
