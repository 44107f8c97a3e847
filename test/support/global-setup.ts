/**
 * Vitest global setup: once per run, say in one line which tests skip because `../shared` (or a part
 * of it) is absent, or fail the run when `CI` is set (see ./shared.ts).
 */
import { missingSharedMessage, missingSharedParts, sharedRequired } from './shared.js';

export default function setup(): void {
  const missing = missingSharedParts();
  if (missing.length === 0) return;
  if (sharedRequired) throw new Error(`${missingSharedMessage(missing)}, and CI is set: CI must run the corpus and schema tests`);
  console.warn(`portlint tests: ${missingSharedMessage(missing)}: the tests that read it are skipped`);
}
