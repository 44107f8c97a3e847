import { describe, expect, it } from 'vitest';
import type { LintMessage, LintResult } from '../../src/engine/results.js';
import { escapeCell, renderSummary } from '../../src/action/summary.js';

function result(filePath: string, messages: Partial<LintMessage>[]): LintResult {
  const full = messages.map((m): LintMessage => ({
    ruleId: 'insecure-protocol',
    severity: 2,
    message: 'plaintext',
    line: 1,
    column: 1,
    ...m,
  }));
  return {
    filePath,
    messages: full,
    errorCount: full.filter((m) => m.severity === 2).length,
    warningCount: full.filter((m) => m.severity === 1).length,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

const meta = {
  'insecure-protocol': { docs: { url: 'https://example.test/docs/insecure-protocol.md' } },
  'privileged-port': { docs: { url: 'https://example.test/docs/privileged-port.md' } },
};
const base = { rulesMeta: meta, cwd: '/ws', workspace: '/ws' };

/** The data rows of the table that follows `heading` (header and alignment rows dropped). */
function tableAfter(md: string, heading: string): string[] {
  const lines = md.slice(md.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('| '));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('| '));
  return lines.slice(start + 2, end === -1 ? undefined : end);
}

/** Split a Markdown table row on unescaped pipes, as GFM does. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('escapeCell', () => {
  it('keeps pipes, markup and Markdown punctuation literal inside a table cell', () => {
    expect(escapeCell('a|b')).toBe('a\\|b');
    expect(escapeCell('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeCell('`code` *bold* _em_ [link](x) ~~s~~ a\\b & c')).toBe(
      '\\`code\\` \\*bold\\* \\_em\\_ \\[link\\](x) \\~\\~s\\~\\~ a\\\\b &amp; c',
    );
    expect(escapeCell('two\nlines\r\nthree')).toBe('two<br>lines<br>three');
  });
});

describe('renderSummary', () => {
  it('says so when there is nothing to report', () => {
    const md = renderSummary({ ...base, results: [result('compose.yaml', [])], linted: 4 });
    expect(md).toContain('No problems found (4 files linted).');
    expect(md).not.toContain('| File |');
  });

  it('lists every finding with file, line, rule and message, and totals per rule', () => {
    const results = [
      result('a/compose.yaml', [
        { line: 3, message: 'FTP on 21' },
        { line: 7, ruleId: 'privileged-port', severity: 1, message: 'port 80 needs root' },
      ]),
      result('b/Dockerfile', [
        { line: 2, message: 'telnet' },
        { line: 9, ruleId: 'parse-error', fatal: true, message: 'cannot parse' },
      ]),
    ];
    const md = renderSummary({ ...base, results, linted: 10, fileUrl: (p, l) => `https://gh.test/o/r/blob/abc/${p}#L${l}` });
    expect(md).toContain('**4 problems** (3 errors, 1 warning) in 2 files (10 files linted).');
    expect(tableAfter(md, '### Problems by rule').map(cells)).toEqual([
      ['[insecure-protocol](https://example.test/docs/insecure-protocol.md)', '2', '0'],
      ['parse-error', '1', '0'],
      ['[privileged-port](https://example.test/docs/privileged-port.md)', '0', '1'],
    ]);
    expect(tableAfter(md, '### All problems').map(cells)).toEqual([
      [
        '[a/compose.yaml](https://gh.test/o/r/blob/abc/a/compose.yaml#L3)',
        '3',
        'error',
        '[insecure-protocol](https://example.test/docs/insecure-protocol.md)',
        'FTP on 21',
      ],
      [
        '[a/compose.yaml](https://gh.test/o/r/blob/abc/a/compose.yaml#L7)',
        '7',
        'warning',
        '[privileged-port](https://example.test/docs/privileged-port.md)',
        'port 80 needs root',
      ],
      [
        '[b/Dockerfile](https://gh.test/o/r/blob/abc/b/Dockerfile#L2)',
        '2',
        'error',
        '[insecure-protocol](https://example.test/docs/insecure-protocol.md)',
        'telnet',
      ],
      ['[b/Dockerfile](https://gh.test/o/r/blob/abc/b/Dockerfile#L9)', '9', 'error', 'parse-error', 'cannot parse'],
    ]);
  });

  it('escapes what the files put in messages and paths, so a cell cannot break the table', () => {
    const results = [result('we|ird/<b>compose</b>.yaml', [{ message: 'service "a|b" uses `21` <script>' }])];
    const md = renderSummary({ ...base, results, linted: 1 });
    const [row] = tableAfter(md, '### All problems');
    expect(row).toBeDefined();
    expect(cells(row!)).toHaveLength(5);
    expect(row).toContain('we\\|ird/&lt;b&gt;compose&lt;/b&gt;.yaml');
    expect(row).toContain('service "a\\|b" uses \\`21\\` &lt;script&gt;');
    expect(md).not.toContain('<script>');
  });

  it('shows paths relative to the workspace and links only files inside it', () => {
    const results = [result('svc/compose.yaml', [{}]), result('../../elsewhere/compose.yaml', [{}])];
    const md = renderSummary({
      ...base,
      cwd: '/ws/sub',
      results,
      linted: 2,
      fileUrl: (p) => (p.startsWith('/') ? undefined : `https://x/${p}`),
    });
    const rows = tableAfter(md, '### All problems').map(cells);
    expect(rows.map((r) => r[0])).toEqual(['[sub/svc/compose.yaml](https://x/sub/svc/compose.yaml)', '/elsewhere/compose.yaml']);
  });

  it('stays within its byte budget and counts the findings it leaves out', () => {
    const messages = Array.from({ length: 500 }, (_, i) => ({ line: i + 1, message: `finding ${i} `.padEnd(200, 'x') }));
    const md = renderSummary({ ...base, results: [result('big.yaml', messages)], linted: 1, budget: 20_000 });
    const shown = tableAfter(md, '### All problems').length;
    expect(Buffer.byteLength(md)).toBeLessThan(20_000 + 200);
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(500);
    expect(md).toContain(`_${500 - shown} more problems not shown`);
    expect(tableAfter(md, '### Problems by rule').map(cells)).toEqual([
      ['[insecure-protocol](https://example.test/docs/insecure-protocol.md)', '500', '0'],
    ]);
  });

  it('adds the notes it is given, escaped', () => {
    const md = renderSummary({ ...base, results: [], linted: 0, notes: ['only-changed: 2 files.', 'SARIF written to out/<x>_y.sarif.'] });
    expect(md).toContain('only-changed: 2 files.\n\nSARIF written to out/&lt;x&gt;\\_y.sarif.\n\n');
  });
});
