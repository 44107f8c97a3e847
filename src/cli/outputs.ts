/**
 * `--output FORMAT:FILE` (repeatable): besides the report on the terminal (`--format`), write the
 * same results in other formats to files, e.g. `--output sarif:portlint.sarif --output
 * junit:reports/portlint.xml`. Every spec is checked before linting, so a typo fails fast; each
 * file's folder is created.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LintResult } from '../engine/results.js';
import { loadFormatter, type FormatterContext } from '../formatters/index.js';

export interface OutputSpec {
  format: string;
  file: string;
}

/** Parse `FORMAT:FILE` specs (the file may contain colons: only the first separates). `fail` gets the problem. */
export function parseOutputs(values: readonly string[], formats: readonly string[], fail: (message: string) => never): OutputSpec[] {
  return values.map((value) => {
    const at = value.indexOf(':');
    const format = at > 0 ? value.slice(0, at) : '';
    const file = at > 0 ? value.slice(at + 1) : '';
    if (format === '' || file === '') return fail(`--output expects FORMAT:FILE (e.g. sarif:portlint.sarif), got "${value}"`);
    if (!formats.includes(format)) return fail(`--output ${value}: unknown format "${format}" (use one of: ${formats.join(', ')})`);
    return { format, file };
  });
}

/** Write `text` to `file` (relative to `cwd`), creating its folder; a failure names the flag and the file. */
export function writeReport(file: string, text: string, cwd: string, flag: string, fail: (message: string) => never): void {
  const path = resolve(cwd, file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    fail(`${flag}${flag.endsWith(':') ? '' : ' '}${file}: cannot write: ${(err as Error).message}`);
  }
}

/** The text of a linted file, by its path relative to `cwd` (for `FormatterContext.source`); undefined when unreadable. */
export function sourceReader(cwd: string): (filePath: string) => string | undefined {
  return (filePath) => {
    if (filePath.startsWith('<')) return undefined;
    try {
      return readFileSync(resolve(cwd, filePath), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** Render the results in each spec's format and write its file. */
export async function writeOutputs(
  specs: readonly OutputSpec[],
  results: readonly LintResult[],
  context: FormatterContext,
  fail: (message: string) => never,
): Promise<void> {
  for (const spec of specs)
    writeReport(spec.file, (await loadFormatter(spec.format))(results, context), context.cwd, `--output ${spec.format}:`, fail);
}
