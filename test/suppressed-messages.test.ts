/**
 * What suppressions silence is kept, as ESLint keeps it: each result's `suppressedMessages`, with
 * what silenced each message (`directive` and its `-- reason`, or `annotation`). Counts leave them
 * out, baselined findings are not among them, and the `json` format writes them in ESLint's shape.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, lintText } from '../src/api.js';
import json from '../src/formatters/json.js';

const options = { useConfigFiles: false, cwd: '/work/project' } as const;

const compose = [
  'services:',
  '  ftp:',
  '    image: ftp',
  '    ports:',
  '      # portlint-disable-next-line insecure-protocol -- FTPS only, control channel',
  "      - '21:21'",
  "      - '23:23' # portlint-disable-line insecure-protocol",
  "      - '2323:23'",
  '',
].join('\n');

const pod = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  '  annotations:',
  '    portlint.dev/ignore: "host-port"',
  'spec:',
  '  containers:',
  '    - name: web',
  '      image: web',
  '      ports:',
  '        - containerPort: 8080',
  '          hostPort: 8080',
  '',
].join('\n');

describe('suppressedMessages', () => {
  it('keeps what a directive silenced, with its reason, and leaves it out of messages and counts', () => {
    const [result] = lintText(compose, { ...options, filePath: 'compose.yaml' });
    const insecure = (ms: readonly { ruleId: string | null; line: number }[]): number[] =>
      ms.filter((m) => m.ruleId === 'insecure-protocol').map((m) => m.line);
    expect(insecure(result!.messages)).toEqual([8]);
    expect(insecure(result!.suppressedMessages ?? [])).toEqual([6, 7]);
    expect(result!.suppressedMessages!.filter((m) => m.ruleId === 'insecure-protocol').map((m) => m.suppressions)).toEqual([
      [{ kind: 'directive', justification: 'FTPS only, control channel' }],
      [{ kind: 'directive', justification: '' }],
    ]);
    expect(result!.errorCount + result!.warningCount).toBe(result!.messages.length);
    const [off] = lintText(compose, { ...options, filePath: 'compose.yaml', allowInlineConfig: false });
    expect(off!.suppressedMessages).toEqual([]);
    expect(insecure(off!.messages)).toEqual([6, 7, 8]);
  });

  it('keeps what a portlint.dev/ignore annotation silenced, as an annotation', () => {
    const [result] = lintText(pod, { ...options, filePath: 'pod.yaml' });
    expect(result!.messages.map((m) => m.ruleId)).not.toContain('host-port');
    const hostPort = result!.suppressedMessages!.filter((m) => m.ruleId === 'host-port');
    expect(hostPort).toHaveLength(1);
    expect(hostPort[0]).toMatchObject({ line: 13, suppressions: [{ kind: 'annotation', justification: '' }] });
  });

  it('leaves baselined findings out: they are accepted, not suppressed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portlint-suppressed-'));
    try {
      writeFileSync(join(dir, 'compose.yaml'), compose);
      await lintFiles(['.'], { cwd: dir, writeBaseline: 'baseline.json' });
      const [result] = (await lintFiles(['.'], { cwd: dir, baseline: 'baseline.json' })).results;
      expect(result!.messages).toEqual([]);
      expect(result!.suppressedMessages!.map((m) => m.line)).toEqual([6, 7]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are in the json format, on every result, as ESLint writes them', () => {
    const results = [
      ...lintText(compose, { ...options, filePath: 'compose.yaml' }),
      {
        filePath: 'clean.yaml',
        messages: [],
        errorCount: 0,
        warningCount: 0,
        fatalErrorCount: 0,
        fixableErrorCount: 0 as const,
        fixableWarningCount: 0 as const,
      },
    ];
    const out = JSON.parse(json(results, { cwd: '/work/project' }));
    expect(Object.keys(out[0]).slice(0, 3)).toEqual(['filePath', 'messages', 'suppressedMessages']);
    expect(out[0].suppressedMessages[0]).toMatchObject({
      ruleId: 'insecure-protocol',
      line: 6,
      suppressions: [{ kind: 'directive', justification: 'FTPS only, control channel' }],
    });
    expect(out[1].suppressedMessages).toEqual([]);
  });
});
