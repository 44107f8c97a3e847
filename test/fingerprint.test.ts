/**
 * Fingerprints are built from what a finding is about (rule, message, file, object or service,
 * container, port), never its line (issue 14): moving a block keeps every fingerprint, SARIF's
 * `partialFingerprints` and the baseline alike, so no alert reopens.
 */
import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, lintText, rulesMeta, type LintResult } from '../src/api.js';
import sarif from '../src/formatters/sarif.js';

const COMPOSE_A = `services:
  ftp:
    image: fauria/vsftpd
    ports:
      - "21:21"
      - "3306:3306"
  db:
    image: postgres
    ports:
      - "5432:5432"
`;
// The same services, "db" moved first and ten lines further down.
const COMPOSE_B = `${'# padding\n'.repeat(10)}services:
  db:
    image: postgres
    ports:
      - "5432:5432"
  ftp:
    image: fauria/vsftpd
    ports:
      - "21:21"
      - "3306:3306"
`;
const POD = (pad: string) => `${pad}apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostNetwork: true
  containers:
    - name: agent
      image: example/agent
      ports:
        - containerPort: 21
          hostPort: 21
`;

const lint = (filePath: string, text: string): LintResult[] =>
  lintText(text, { filePath, useConfigFiles: false, rules: { 'unbound-host-interface': 'warn' } });
const fingerprints = (results: readonly LintResult[]): string[] =>
  results.flatMap((r) => r.messages.map((m) => m.fingerprint ?? '')).sort();
const sarifFingerprints = (results: readonly LintResult[]): string[] =>
  (
    JSON.parse(sarif(results, { rulesMeta: rulesMeta(), cwd: '/work' })) as {
      runs: { results: { partialFingerprints: Record<string, string> }[] }[];
    }
  ).runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0]!).sort();

describe('fingerprints', () => {
  for (const [name, a, b] of [
    ['compose.yaml', COMPOSE_A, COMPOSE_B],
    ['pod.yaml', POD(''), POD('# padding\n'.repeat(10))],
  ] as const) {
    it(`stay the same when a block of ${name} moves by ten lines`, () => {
      const before = lint(name, a);
      const after = lint(name, b);
      expect(before.flatMap((r) => r.messages).length).toBeGreaterThanOrEqual(2);
      // The lines moved…
      expect(after.flatMap((r) => r.messages.map((m) => m.line))).not.toEqual(before.flatMap((r) => r.messages.map((m) => m.line)));
      // …the identities did not: engine, SARIF and baseline.
      expect(fingerprints(after)).toEqual(fingerprints(before));
      expect(new Set(fingerprints(before)).size).toBe(fingerprints(before).length);
      expect(sarifFingerprints(after)).toEqual(sarifFingerprints(before));
      const at = { cwd: '/work', file: 'baseline.json' };
      const outcome = applyBaseline(after, createBaseline(before, at), at);
      expect(outcome.results.flatMap((r) => r.messages)).toEqual([]);
      expect(outcome.stale).toBe(0);
    });
  }

  it('differ for another port, service or rule', () => {
    const base = fingerprints(lint('compose.yaml', COMPOSE_A));
    expect(fingerprints(lint('compose.yaml', COMPOSE_A.replace('"5432:5432"', '"5433:5432"')))).not.toEqual(base);
    expect(fingerprints(lint('compose.yaml', COMPOSE_A.replace('  db:', '  pg:')))).not.toEqual(base);
  });
});
