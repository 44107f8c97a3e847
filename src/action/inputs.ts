/**
 * The Action's inputs (declared in action.yml), read from the `INPUT_*` variables the runner sets and
 * validated once, so the rest of the Action works with typed values.
 */
import { getBooleanInput, getInput } from '@actions/core';
import { parseFailOn } from '../fail-on.js';

/** Every input action.yml declares (a test keeps the two in step). */
export const INPUT_NAMES = [
  'paths',
  'config',
  'format',
  'fail-on',
  'sarif-file',
  'sarif-category',
  'sarif-include-suppressed',
  'only-changed',
  'baseline',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Every output action.yml declares. */
export const OUTPUT_NAMES = ['error-count', 'warning-count', 'sarif-file'] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** The `fail-on` values action.yml documents (`warning` is the CLI's `warn`; both are accepted, see src/fail-on.ts). */
export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number] | 'warn';

export interface ActionInputs {
  /** Files, directories and globs to lint, relative to the workspace. */
  paths: string[];
  /** A portlint config file; undefined: the CLI's own lookup. */
  config?: string | undefined;
  /** Formatter for the log. */
  format: string;
  failOn: FailOn;
  /** Where to write SARIF; undefined: no SARIF. */
  sarifFile?: string | undefined;
  /** The SARIF category (`automationDetails.id`); undefined: portlint's default. */
  sarifCategory?: string | undefined;
  /** Put the findings suppressions silence in the SARIF file, marked suppressed (`--sarif-include-suppressed`). */
  sarifIncludeSuppressed: boolean;
  /** Report only files the pull request changes. */
  onlyChanged: boolean;
  /** A baseline file of accepted findings. */
  baseline?: string | undefined;
}

/** Formats that make no sense for the log: annotations are always written, SARIF goes to `sarif-file`. */
const REPORT_FILE = 'a report file format: write it with `npx portlint --output FORMAT:FILE` in a step of its own';
const NOT_FOR_LOG: Record<string, string> = {
  github: 'annotations are always written by the Action',
  sarif: 'use the sarif-file input to write SARIF',
  gitlab: REPORT_FILE,
  junit: REPORT_FILE,
  checkstyle: REPORT_FILE,
  rdjson: REPORT_FILE,
};

const input = (name: InputName): string => getInput(name);

/**
 * Split the `paths` input: one path per line (a path may then contain spaces), or, on a single line,
 * paths separated by spaces. Empty means the whole workspace.
 */
export function splitPaths(value: string): string[] {
  const lines = value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const paths = lines.length === 1 ? lines[0]!.split(/\s+/) : lines;
  return paths.length > 0 ? paths : ['.'];
}

/** Read and validate every input; a bad value throws an Error naming the input and what is allowed. */
export function readInputs(formatNames: readonly string[]): ActionInputs {
  const failOn = input('fail-on') || 'error';
  if (parseFailOn(failOn) === undefined) {
    throw new Error(`input "fail-on" must be one of ${FAIL_ON.join(', ')} (or warn, as the CLI spells warning), not "${failOn}"`);
  }
  const format = input('format') || 'compact';
  if (NOT_FOR_LOG[format]) throw new Error(`input "format": "${format}" is not a log format (${NOT_FOR_LOG[format]})`);
  const logFormats = formatNames.filter((f) => !NOT_FOR_LOG[f]);
  if (!logFormats.includes(format)) throw new Error(`input "format" must be one of ${logFormats.join(', ')}, not "${format}"`);
  return {
    paths: splitPaths(input('paths')),
    config: input('config') || undefined,
    format,
    failOn: failOn as FailOn,
    sarifFile: input('sarif-file') || undefined,
    sarifCategory: input('sarif-category') || undefined,
    sarifIncludeSuppressed:
      input('sarif-include-suppressed') === '' ? false : getBooleanInput('sarif-include-suppressed' satisfies InputName),
    onlyChanged: input('only-changed') === '' ? false : getBooleanInput('only-changed' satisfies InputName),
    baseline: input('baseline') || undefined,
  };
}
