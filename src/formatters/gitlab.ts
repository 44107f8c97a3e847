/**
 * GitLab Code Quality: the JSON array the merge-request widget reads from an
 * `artifacts:reports:codequality` file (a subset of the Code Climate issue format). Each issue has
 * `description`, `check_name`, a `fingerprint` unique per issue, a `severity` on GitLab's scale and
 * `location.path` / `location.lines.begin`.
 *
 * The fingerprint is a SHA-256 of the engine's fingerprint (which leaves the line out), so GitLab
 * sees a moved finding as the same issue and does not show it as fixed and new.
 */
import { rules as registry } from '../../rules/index.js';
import type { LintMessage, LintResult } from '../engine/results.js';
import type { FormatterContext } from './index.js';
import { issueHashes, reportPath, reportRuleId } from './report-ids.js';

/** GitLab's severities, lowest first. */
export const GITLAB_SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'] as const;
export type GitLabSeverity = (typeof GITLAB_SEVERITIES)[number];

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitLabSeverity;
  location: { path: string; lines: { begin: number } };
}

/**
 * Errors of security rules are `critical`, other errors (and files that could not be linted)
 * `major`, warnings `minor`. `blocker` is left to findings a reviewer must never merge, which
 * portlint cannot judge; `info` to notes it does not emit.
 */
export function gitlabSeverity(m: LintMessage, security: ReadonlySet<string>): GitLabSeverity {
  if (m.severity === 1) return 'minor';
  return m.ruleId !== null && security.has(m.ruleId) ? 'critical' : 'major';
}

export default function gitlab(results: readonly LintResult[], context: FormatterContext): string {
  const security = new Set((context.rules ?? registry).filter((r) => r.meta.category === 'security').map((r) => r.meta.id));
  const hashes = issueHashes(results);
  const issues: CodeQualityIssue[] = results.flatMap((r) =>
    r.messages.map((m) => ({
      description: m.message,
      check_name: reportRuleId(m),
      fingerprint: hashes.get(m)!,
      severity: gitlabSeverity(m, security),
      location: { path: reportPath(r.filePath), lines: { begin: Math.max(1, m.line) } },
    })),
  );
  return JSON.stringify(issues, null, 2) + '\n';
}
