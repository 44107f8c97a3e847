import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/results.js';
import github, { escapeData, escapeProperty, workflowCommand } from '../../src/formatters/github.js';

describe('github formatter', () => {
  it('escapes data: %, CR and LF', () => {
    expect(escapeData('100% sure\r\nnext')).toBe('100%25 sure%0D%0Anext');
    expect(escapeData('a: b, c')).toBe('a: b, c');
  });

  it('escapes properties: also : and ,', () => {
    expect(escapeProperty('dir,x/a:b%.yaml\n')).toBe('dir%2Cx/a%3Ab%25.yaml%0A');
  });

  it('writes one command per finding with file, line, col, endLine, endColumn and title', () => {
    expect(
      workflowCommand('k8s/deploy.yaml', {
        ruleId: 'host-port',
        severity: 1,
        message: 'Host port 80: bad,\nreally 100%',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 9,
      }),
    ).toBe('::warning file=k8s/deploy.yaml,line=3,col=5,endLine=3,endColumn=9,title=host-port::Host port 80: bad,%0Areally 100%25');
  });

  it('leaves out columns for a range over several lines, and titles built-in messages by their id', () => {
    expect(
      workflowCommand('a,b.yaml', {
        ruleId: 'parse-error',
        severity: 2,
        fatal: true,
        message: 'cannot parse',
        line: 2,
        column: 1,
        endLine: 4,
        endColumn: 2,
      }),
    ).toBe('::error file=a%2Cb.yaml,line=2,endLine=4,title=parse-error::cannot parse');
    expect(
      workflowCommand('x.yaml', {
        ruleId: 'unused-directive',
        severity: 1,
        message: 'Unused',
        line: 1,
        column: 1,
        messageId: 'unusedDisableDirective',
      }),
    ).toBe('::warning file=x.yaml,line=1,col=1,endLine=1,title=unused-directive::Unused');
  });

  it('cannot be made to issue another command by file content', () => {
    const out = workflowCommand('x.yaml', { ruleId: 'r', severity: 2, message: 'value "\n::set-output name=x::y"', line: 1, column: 1 });
    expect(out.split('\n')).toHaveLength(1);
  });

  it('prints nothing for a clean run, one line per message otherwise', () => {
    const clean: LintResult = {
      filePath: 'a.yaml',
      messages: [],
      errorCount: 0,
      warningCount: 0,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
    expect(github([clean])).toBe('');
    const two: LintResult = {
      ...clean,
      messages: [
        { ruleId: 'a', severity: 2, message: 'x', line: 1, column: 1 },
        { ruleId: 'b', severity: 1, message: 'y', line: 2, column: 1 },
      ],
    };
    expect(github([two])).toBe(
      '::error file=a.yaml,line=1,col=1,endLine=1,title=a::x\n::warning file=a.yaml,line=2,col=1,endLine=2,title=b::y\n',
    );
  });
});
