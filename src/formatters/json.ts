/** ESLint's result shape, so ESLint tooling and formatters consume it. */
import type { LintResult } from '../engine/results.js';

export default function json(results: readonly LintResult[]): string {
  return JSON.stringify(results) + '\n';
}
