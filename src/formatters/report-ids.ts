/**
 * What the machine-readable formats (SARIF, GitLab, JUnit, checkstyle, rdjson) call a message's rule,
 * and the per-issue identity they hand to their consumers. One place, so every format names a parse
 * error and a suppression problem the same way, and hashes the engine's fingerprint the same way.
 */
import { createHash } from 'node:crypto';
import type { LintMessage, LintResult } from '../engine/results.js';
import { sarifRuleId } from './sarif.js';

/** The rule id of a message; messages that no rule reported get SARIF's ids (`parse-error`, …). */
export const reportRuleId = sarifRuleId;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A hash per message of the engine's fingerprint (rule, file, what the finding is about; not the
 * line). Consumers that want one identity per issue (GitLab) need identical findings kept apart:
 * the second and later occurrences of one fingerprint get `#n` appended before hashing, in the
 * results' order (which the engine makes stable), as SARIF's `partialFingerprints` do.
 */
export function issueHashes(results: readonly LintResult[]): Map<LintMessage, string> {
  const seen = new Map<string, number>();
  const out = new Map<LintMessage, string>();
  for (const r of results) {
    for (const m of r.messages) {
      const base = m.fingerprint ?? `${reportRuleId(m)}|${r.filePath}|${m.message}`;
      const nth = seen.get(base) ?? 0;
      seen.set(base, nth + 1);
      out.set(m, sha256(nth === 0 ? base : `${base}#${nth}`));
    }
  }
  return out;
}

/** A result's path with `/` separators, as every report format wants it. */
export const reportPath = (filePath: string): string => filePath.split('\\').join('/');
