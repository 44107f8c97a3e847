/**
 * The programmatic API, shared by the CLI and the GitHub Action.
 *
 *   import { lintFiles, lintText, listPorts } from 'portlint';
 */
import { rules as allRules } from '../rules/index.js';
import { docsUrl, type AnyRule } from './engine/rule.js';
import { Linter, resolveRules, type LintResult, type RuleSetting } from './engine/linter.js';
import { DEFAULT_MAX_FILE_SIZE, discover, readLintFile, readSibling, type FileError } from './files.js';
import type { ParseResult, PortDeclaration } from './model.js';
import { parseFile, type ParseFileOptions } from './parsers/index.js';

export type { LintMessage, LintResult, RuleSetting } from './engine/linter.js';
export type { PortDeclaration, ParseResult, Facts, Format, Role } from './model.js';
export { ConfigError } from './engine/linter.js';

export interface LintOptions {
  /** Directory paths are resolved against and shown relative to (default: process.cwd()). */
  cwd?: string;
  /** Rule settings over the defaults: id → severity or [severity, options]. */
  rules?: Record<string, RuleSetting>;
  /** Extra glob patterns to skip. */
  ignore?: string[];
  /** Files larger than this many bytes are skipped with a warning (default 10 MiB). */
  maxFileSize?: number;
  /** Let compose interpolation read the process environment (off by default: CI secrets stay out of output). */
  envFromProcess?: boolean;
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

/** Parse every file the patterns name, calling `onParsed` for each; read failures go to `onError`. */
async function parsePaths(
  patterns: readonly string[],
  options: LintOptions,
  onParsed: (parsed: ParseResult) => void,
  onError: (file: string, message: string, severity: 1 | 2, line?: number, column?: number) => void,
): Promise<FileError[]> {
  const cwd = options.cwd ?? process.cwd();
  const { files, errors } = await discover(patterns, cwd, options.ignore);
  const env = processEnv(options);
  for (const file of files) {
    const read = readLintFile(file, cwd, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    if (!read.ok) {
      onError(file, read.message, read.severity, read.line, read.column);
      continue;
    }
    onParsed(safeParse(read.text, file, { env, readSibling: (name) => readSibling(file, cwd, name) }));
  }
  for (const e of errors) onError(e.file, e.message, 2);
  return errors;
}

/** Parse, turning an unexpected parser exception into a fatal problem instead of a crash. */
export function safeParse(text: string, file: string, options: ParseFileOptions): ParseResult {
  try {
    return parseFile(text, file, options);
  } catch (err) {
    return {
      file,
      format: null,
      declarations: [],
      facts: { workloads: [], services: [], composeServices: [], stages: [] },
      problems: [{ message: `internal parser error: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1, severity: 'error', fatal: true }],
    };
  }
}

/** Lint files, directories and globs. */
export async function lintFiles(patterns: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const linter = new Linter(resolveRules(allRules, options.rules));
  const usageErrors = await parsePaths(
    patterns,
    options,
    (p) => linter.add(p),
    (file, message, severity, line, column) => linter.addError(file, message, line, column, severity),
  );
  return { results: linter.finish(), usageErrors };
}

export interface LintTextOptions extends Omit<LintOptions, 'ignore' | 'maxFileSize'> {
  /** The name that decides the format (`compose.yaml`, `Dockerfile`, `.env`, `deploy.yaml`). */
  filePath: string;
  /** Contents of the `.env` beside a compose file. */
  dotenv?: string;
}

/** Lint one text (stdin, an editor buffer). */
export function lintText(text: string, options: LintTextOptions): LintResult[] {
  const linter = new Linter(resolveRules(allRules, options.rules));
  linter.add(safeParse(text, options.filePath, { env: processEnv(options), readSibling: (n) => (n === '.env' ? options.dotenv : undefined) }));
  return linter.finish();
}

export interface PortsReport {
  declarations: PortDeclaration[];
  /** Files that could not be read or parsed, as ESLint-shaped results with fatal messages. */
  results: LintResult[];
  usageErrors: FileError[];
}

/** The inventory of every port declaration in the given paths. */
export async function listPorts(patterns: readonly string[], options: LintOptions = {}): Promise<PortsReport> {
  const declarations: PortDeclaration[] = [];
  const linter = new Linter([]);
  const usageErrors = await parsePaths(
    patterns,
    options,
    (p) => {
      declarations.push(...p.declarations);
      linter.add(p);
    },
    (file, message, severity, line, column) => linter.addError(file, message, line, column, severity),
  );
  return { declarations, results: linter.finish().filter((r) => r.messages.length > 0), usageErrors };
}

/** The inventory of one text (stdin). */
export function listPortsInText(text: string, options: LintTextOptions): PortsReport {
  const parsed = safeParse(text, options.filePath, { env: processEnv(options), readSibling: (n) => (n === '.env' ? options.dotenv : undefined) });
  const linter = new Linter([]);
  linter.add(parsed);
  return { declarations: parsed.declarations, results: linter.finish().filter((r) => r.messages.length > 0), usageErrors: [] };
}

export { allRules as rules };
