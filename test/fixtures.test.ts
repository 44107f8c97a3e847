/**
 * Every folder under fixtures/ is one lint run; the expected findings are written in the files as
 * markers, as markdownlint's scenarios and ESLint's RuleTester do: `# expect: rule-id/messageId:column`
 * at the end of a YAML line, `# expect-next-line: …` on its own line in Dockerfiles and env files
 * (several, comma-separated; `column-endColumn` pins the end too). A built-in id has no message id
 * (`parse-error:3`). Any missing or extra finding, from any rule, fails. The grammar is in
 * src/docs/fixture-markers.ts, which the docs generator shares: a rule's documented examples are
 * fixture files (its `meta.docs.wrong`/`right`), checked here like all others.
 *
 * A file may carry its own config in a comment, `# fixture-config: { "rules": { "host-port": "off" } }`
 * (JSON, as a config file's `rules`): the folder is then linted from a copy with an override for
 * that file. A folder named after a rule that is off by default runs with that rule on.
 *
 * The last test derives the message ids the fixtures actually produce, and fails on a declared
 * message id none of them produces, or on a placeholder left unfilled.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, type LintResult } from '../src/api.js';
import { rules } from '../rules/index.js';
import { CONFIG, MARKER, markerItems } from '../src/docs/fixture-markers.js';

const root = new URL('../fixtures/', import.meta.url).pathname;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * `file:line:column rule/messageId` strings (`file:line:column-endColumn …` where the marker pins the
 * end), sorted: a multiset that compares exactly.
 */
export function expectedFindings(dir: string): string[] {
  const out: string[] = [];
  for (const abs of walk(dir)) {
    const file = abs.slice(dir.length + 1);
    readFileSync(abs, 'utf8')
      .split(/\r\n|\r|\n/)
      .forEach((text, i) => {
        const m = MARKER.exec(text);
        if (!m) return;
        const line = i + 1 + (m[1] ? 1 : 0);
        for (const { what, column, endColumn } of markerItems(m[2]!)) {
          out.push(`${file}:${line}:${column}${endColumn === undefined ? '' : `-${endColumn}`} ${what}`);
        }
      });
  }
  return out.sort();
}

/** Per-file configs written in the fixtures (`# fixture-config: {…}`), as config overrides. */
function fileConfigs(dir: string): { files: string; rules: Record<string, unknown> }[] {
  const out: { files: string; rules: Record<string, unknown> }[] = [];
  for (const abs of walk(dir)) {
    for (const line of readFileSync(abs, 'utf8').split(/\r\n|\r|\n/)) {
      const m = CONFIG.exec(line);
      if (m) out.push({ files: abs.slice(dir.length + 1), rules: (JSON.parse(m[1]!) as { rules: Record<string, unknown> }).rules });
    }
  }
  return out;
}

/** The findings in the form of `expectedFindings`: with the end where an expected item pins one. */
function actual(results: readonly LintResult[], expected: readonly string[]): string[] {
  const withEnd = new Map<string, number>();
  for (const e of expected) if (/^\S+:\d+:\d+-/.test(e)) withEnd.set(e, (withEnd.get(e) ?? 0) + 1);
  return results
    .flatMap((r) =>
      r.messages.map((m) => {
        const what = `${m.ruleId}${m.messageId && !m.ruleId?.match(/^(parse-error|skipped-file|file-error)$/) ? `/${m.messageId}` : ''}`;
        const long = `${r.filePath}:${m.line}:${m.column}-${m.endLine === m.line ? m.endColumn : `${m.endLine}:${m.endColumn}`} ${what}`;
        const left = withEnd.get(long) ?? 0;
        if (left === 0) return `${r.filePath}:${m.line}:${m.column} ${what}`;
        withEnd.set(long, left - 1);
        return long;
      }),
    )
    .sort();
}

const folders = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Lint one fixture folder as the test does (its per-file configs applied). */
async function lintFolder(folder: string): Promise<LintResult[]> {
  const dir = join(root, folder);
  const rule = rules.find((r) => r.meta.id === folder);
  const settings = rule && rule.meta.defaultSeverity === 'off' ? { [folder]: 'warn' as const } : {};
  const overrides = fileConfigs(dir);
  if (overrides.length === 0) return (await lintFiles(['.'], { cwd: dir, rules: settings, useConfigFiles: false })).results;
  const copy = mkdtempSync(join(tmpdir(), 'portlint-fixture-'));
  scratch.push(copy);
  cpSync(dir, copy, { recursive: true });
  writeFileSync(join(copy, '.portlintrc.json'), JSON.stringify({ rules: settings, overrides }));
  return (await lintFiles(['.'], { cwd: copy })).results;
}

describe('fixtures', () => {
  for (const folder of folders) {
    it(folder, async () => {
      const expected = expectedFindings(join(root, folder));
      expect(actual(await lintFolder(folder), expected)).toEqual(expected);
      if (rules.some((r) => r.meta.id === folder)) {
        expect(
          expected.some((e) => e.split(' ')[1]!.startsWith(`${folder}/`)),
          `fixtures/${folder} marks no finding of its rule`,
        ).toBe(true);
      }
    });
  }
});

describe('message ids', () => {
  it('every declared message id is produced by a fixture, with every placeholder filled', async () => {
    const produced = new Set<string>();
    const note = (results: readonly LintResult[]): void => {
      for (const m of results.flatMap((r) => r.messages)) {
        expect(m.message, `${m.ruleId}/${m.messageId}`).not.toMatch(/\{\{\s*\w+\s*\}\}/);
        produced.add(`${m.ruleId}/${m.messageId}`);
      }
    };
    for (const folder of folders) note(await lintFolder(folder));
    const missing = rules.flatMap((r) => Object.keys(r.meta.messages).map((id) => `${r.meta.id}/${id}`)).filter((id) => !produced.has(id));
    expect(missing, 'message ids no fixture produces: add a fixture line').toEqual([]);
  });
});
