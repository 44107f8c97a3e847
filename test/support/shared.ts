/**
 * `../shared` beside the clone: a folder of real, public config (`corpus/`, with `MANIFEST.tsv`) and
 * official schemas (`schemas/`) that the corpus tests, the SARIF schema check and the benchmark read.
 * It is not part of the repository. Tests that need it ask `hasShared` whether a part is there:
 * locally, an absent part skips them (the global setup says so in one line); with `CI` set, an absent
 * part is an error, so CI can never pass by skipping them (see `sharedRequired`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of `../shared`. */
export const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));

/** The parts of `../shared` that tests read, by what they are for. */
export const SHARED_PARTS = {
  corpus: 'corpus/MANIFEST.tsv',
  sarifSchema: 'schemas/sarif-2.1.0.json',
} as const;

export type SharedPart = keyof typeof SHARED_PARTS;

/** Whether `CI` is set (to anything but `false` or `0`), as CI services do. */
export const inCI = process.env.CI !== undefined && !['', 'false', '0'].includes(process.env.CI);

/**
 * Whether an absent `../shared` fails the run: under CI, unless `PORTLINT_SHARED=absent` says the CI
 * has no copy (GitHub's runners: the corpus is beside the project's own CI clone, not in the repository).
 */
export const sharedRequired = inCI && process.env.PORTLINT_SHARED !== 'absent';

/** Absolute path of a part of `../shared`. */
export function sharedPath(part: SharedPart): string {
  return join(SHARED, SHARED_PARTS[part]);
}

/** The parts that are missing. */
export function missingSharedParts(): SharedPart[] {
  return (Object.keys(SHARED_PARTS) as SharedPart[]).filter((part) => !existsSync(sharedPath(part)));
}

/** Why tests cannot run: one line naming the missing files and the folder. */
export function missingSharedMessage(parts: readonly SharedPart[]): string {
  const names = parts.map((part) => SHARED_PARTS[part]).join(', ');
  return `${SHARED} (../shared beside the clone) lacks ${names}`;
}

/** Whether a part of `../shared` is present; throws when it is absent and `CI` is set. */
export function hasShared(part: SharedPart): boolean {
  if (existsSync(sharedPath(part))) return true;
  if (sharedRequired) throw new Error(`${missingSharedMessage([part])}, and CI is set: CI must run the tests that read it`);
  return false;
}
