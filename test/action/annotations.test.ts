import { describe, expect, it, vi } from 'vitest';
import type { LintMessage, LintResult } from '../../src/engine/results.js';
import { error, warning } from '@actions/core';
import { toAnnotations, workspacePath } from '../../src/action/annotations.js';
import { workflowCommand } from '../../src/formatters/github.js';

function result(filePath: string, messages: LintMessage[]): LintResult {
  return { filePath, messages, errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
}

describe('workspacePath', () => {
  it('makes paths relative to the workspace with / separators', () => {
    expect(workspacePath('compose.yaml', '/ws', '/ws')).toBe('compose.yaml');
    expect(workspacePath('deploy/app.yaml', '/ws/sub', '/ws')).toBe('sub/deploy/app.yaml');
    expect(workspacePath('/ws/k8s/svc.yaml', '/elsewhere', '/ws')).toBe('k8s/svc.yaml');
  });

  it('keeps a file outside the workspace absolute', () => {
    expect(workspacePath('../other/compose.yaml', '/ws', '/ws')).toBe('/other/compose.yaml');
  });
});

describe('toAnnotations', () => {
  it('maps each finding to a titled annotation with its range and level', () => {
    const annotations = toAnnotations(
      [
        result('a/compose.yaml', [
          { ruleId: 'insecure-protocol', severity: 2, message: 'FTP', line: 5, column: 9, endLine: 5, endColumn: 14 },
          { ruleId: 'privileged-port', severity: 1, message: 'root', line: 6, column: 3 },
        ]),
      ],
      '/ws',
      '/ws',
    );
    expect(annotations).toEqual([
      {
        level: 'error',
        message: 'FTP',
        properties: { title: 'insecure-protocol', file: 'a/compose.yaml', startLine: 5, endLine: 5, startColumn: 9, endColumn: 14 },
      },
      {
        level: 'warning',
        message: 'root',
        properties: { title: 'privileged-port', file: 'a/compose.yaml', startLine: 6, endLine: 6, startColumn: 3 },
      },
    ]);
  });

  it('drops columns for a range over several lines (GitHub rejects them) and titles parse problems', () => {
    const [multi, parse, warn] = toAnnotations(
      [
        result('deploy.yaml', [
          { ruleId: 'unresolved-port-reference', severity: 2, message: 'x', line: 3, column: 5, endLine: 8, endColumn: 2 },
          { ruleId: 'parse-error', severity: 2, fatal: true, message: 'bad YAML', line: 1, column: 1 },
          { ruleId: 'skipped-file', severity: 1, message: 'odd', line: 2, column: 1 },
        ]),
      ],
      '/ws',
      '/ws',
    );
    expect(multi).toBeDefined();
    expect(multi!.properties).toEqual({ title: 'unresolved-port-reference', file: 'deploy.yaml', startLine: 3, endLine: 8 });
    expect(parse).toMatchObject({ level: 'error', properties: { title: 'parse-error' } });
    expect(warn).toMatchObject({ level: 'warning', properties: { title: 'skipped-file' } });
  });
});

describe('toAnnotations and --format github', () => {
  it('give every kind of message the same title and range', () => {
    const messages: LintMessage[] = [
      { ruleId: 'insecure-protocol', severity: 2, message: 'a', line: 5, column: 9, endLine: 5, endColumn: 14 },
      { ruleId: 'host-port', severity: 1, message: 'b', line: 3, column: 5, endLine: 8, endColumn: 2 },
      { ruleId: 'parse-error', severity: 2, fatal: true, message: 'c', line: 1, column: 1 },
      { ruleId: 'parse-error', severity: 1, message: 'd', line: 2, column: 1 },
      {
        ruleId: 'unused-directive',
        severity: 1,
        message: 'e',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 40,
        messageId: 'unusedDisableDirective',
      },
      {
        ruleId: 'unknown-rule',
        severity: 2,
        message: 'f',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 20,
        messageId: 'unknownRuleInDirective',
      },
    ];
    // What @actions/core prints for our annotations (the runner reads these lines).
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk).trimEnd());
      return true;
    });
    try {
      for (const a of toAnnotations([result('svc/compose.yaml', messages)], '/ws', '/ws'))
        (a.level === 'error' ? error : warning)(a.message, a.properties);
    } finally {
      spy.mockRestore();
    }
    const normalise = (line: string): string => {
      const [, level, props, message] = /^::(\w+) ([^:]*)::(.*)$/.exec(line)!;
      return `${level} ${props!.split(',').sort().join(',')} ${message}`;
    };
    const ours = printed.map(normalise);
    const theirs = messages.map((m) => normalise(workflowCommand('svc/compose.yaml', m)));
    expect(ours).toEqual(theirs);
  });
});
