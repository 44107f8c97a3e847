/** Results every report-format test renders: findings, a clean file, an unparsable file, a skipped one, a hostile message. */
import { lintText } from '../../src/api.js';
import type { LintMessage, LintResult } from '../../src/engine/results.js';

export const cwd = '/work/project';

const compose = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n      - '2222:22'\n";

export function result(filePath: string, messages: LintMessage[]): LintResult {
  const errors = messages.filter((m) => m.severity === 2).length;
  return {
    filePath,
    messages,
    errorCount: errors,
    warningCount: messages.length - errors,
    fatalErrorCount: messages.filter((m) => m.fatal && m.severity === 2).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

export function sampleResults(): LintResult[] {
  const linted = lintText(compose, { filePath: 'deploy/compose.yaml', useConfigFiles: false, cwd });
  if (linted.length !== 1 || linted[0]!.messages.length < 2) throw new Error('the sample compose file should give findings');
  return [
    ...linted,
    result('clean/deploy.yaml', []),
    result('broken/compose.yaml', [
      { ruleId: null, severity: 2, fatal: true, message: 'YAML syntax error: bad indentation', line: 3, column: 1 },
    ]),
    result('chart/templates/svc.yaml', [{ ruleId: null, severity: 1, fatal: true, message: 'Helm template: skipped', line: 1, column: 1 }]),
    result('hostile/.env', [
      {
        ruleId: 'insecure-protocol',
        severity: 1,
        message: 'value <b>&"\'</b> ]]> \u0001\u001b end',
        line: 2,
        column: 5,
        endLine: 2,
        endColumn: 9,
        fingerprint: 'x',
      },
      { ruleId: 'insecure-protocol', severity: 1, message: 'same fingerprint again', line: 4, column: 1, fingerprint: 'x' },
    ]),
  ];
}

/** Every message of the sample, in order. */
export function allMessages(results: readonly LintResult[]): { filePath: string; m: LintMessage }[] {
  return results.flatMap((r) => r.messages.map((m) => ({ filePath: r.filePath, m })));
}
