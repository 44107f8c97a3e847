/** The pretty format: wrapping at word boundaries to the terminal width, rule docs links, colors only when asked. */
import { describe, expect, it } from 'vitest';
import type { LintMessage, LintResult } from '../../src/engine/results.js';
import pretty, { wrapWords } from '../../src/formatters/pretty.js';

const URL = 'https://github.com/portlint/portlint/blob/main/docs/rules/host-port.md';
const rulesMeta = { 'host-port': { type: 'problem', docs: { description: 'x', url: URL } } };
const LONG =
  'Host port 80 of container "frontend" of Deployment secure/frontend opens the port on the IP of every node the pod runs on: only one such pod fits per node (rollouts and scale-ups leave pods Pending on the clash). Expose it with a Service of type `NodePort` instead.';

function result(messages: Partial<LintMessage>[]): LintResult {
  const full = messages.map((m) => ({ ruleId: 'host-port', severity: 1 as const, message: LONG, line: 45, column: 21, ...m }));
  return {
    filePath: 'deploy/app.yaml',
    messages: full,
    errorCount: full.filter((m) => m.severity === 2).length,
    warningCount: full.filter((m) => m.severity === 1).length,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

describe('wrapWords', () => {
  it('breaks at spaces only; a longer word stays whole', () => {
    expect(wrapWords('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapWords('a verylongword b', 4)).toEqual(['a', 'verylongword', 'b']);
  });
});

describe('pretty', () => {
  it('wraps long messages at word boundaries to the width, indented under the message', () => {
    const out = pretty([result([{}])], { rulesMeta, cwd: '/', width: 120 });
    const lines = out.split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(120);
    const body = lines.filter((l) => l.startsWith('  ⚠') || l.startsWith('        '));
    expect(body.length).toBeGreaterThan(1);
    // No word is cut: joining the lines gives the message back, then the rule id.
    expect(body.map((l) => l.trim().replace(/^⚠\s+45:21\s+/, '')).join(' ')).toBe(`${LONG.replace('`NodePort`', 'NodePort')}  host-port`);
    expect(body.slice(1).every((l) => /^ {12}\S/.test(l))).toBe(true);
  });

  it('a rule id that wraps alone lines up with the message', () => {
    const out = pretty([result([{ message: 'x'.repeat(90) }])], { rulesMeta, cwd: '/', width: 100 });
    expect(out).toContain(`\n${' '.repeat(12)}host-port\n`);
  });

  it('does not wrap without a width (a pipe)', () => {
    const out = pretty([result([{}])], { rulesMeta, cwd: '/' });
    expect(out.split('\n').filter((l) => l.includes('45:21'))[0]).toContain('(rollouts and scale-ups');
  });

  it('links each rule to its docs: an OSC 8 link on terminals that show them, else a list at the end', () => {
    const linked = pretty([result([{}])], { rulesMeta, cwd: '/', color: true, hyperlinks: true });
    expect(linked).toContain(`\u001b]8;;${URL}\u0007host-port\u001b]8;;\u0007`);
    expect(linked).not.toContain('Rule docs:');
    const plain = pretty([result([{}])], { rulesMeta, cwd: '/' });
    expect(plain).toContain(`Rule docs:\n    host-port  ${URL}\n`);
    expect(plain).not.toContain('\u001b');
  });

  it('colors only when asked', () => {
    const out = pretty([result([{ severity: 2 }])], { rulesMeta, cwd: '/', color: true });
    expect(out).toContain('\u001b[31m✖\u001b[39m');
    expect(out).toContain('\u001b[1mNodePort\u001b[22m');
    expect(out).not.toContain('\u001b]8;;');
  });

  it('prints nothing for clean results', () => {
    expect(pretty([result([])], { rulesMeta, cwd: '/' })).toBe('');
  });
});
