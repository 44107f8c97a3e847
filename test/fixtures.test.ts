/**
 * Every folder under fixtures/ is one lint run; the expected findings are written in the files as
 * markers (`# expect: rule-id` at the end of a YAML line, `# expect-next-line: rule-id` on its own
 * line in Dockerfiles and env files; `parse` stands for a parse problem). Any missing or extra
 * finding, from any rule, fails.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/api.js';
import { rules } from '../rules/index.js';

const root = new URL('../fixtures/', import.meta.url).pathname;
const MARKER = /#\s*expect(-next-line)?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** `file:line rule` strings, sorted: a multiset that compares exactly. */
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
        for (const id of m[2].split(',')) out.push(`${file}:${line} ${id.trim()}`);
      });
  }
  return out.sort();
}

const folders = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());

describe('fixtures', () => {
  for (const folder of folders) {
    it(folder, async () => {
      const dir = join(root, folder);
      const rule = rules.find((r) => r.meta.id === folder);
      const settings = rule && rule.meta.defaultSeverity === 'off' ? { [folder]: 'warn' as const } : {};
      const { results } = await lintFiles(['.'], { cwd: dir, rules: settings });
      const actual = results
        .flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId ?? 'parse'}`))
        .sort();
      const expected = expectedFindings(dir);
      expect(actual).toEqual(expected);
      if (rule) expect(expected.some((e) => e.endsWith(` ${folder}`)), `fixtures/${folder} marks no finding of its rule`).toBe(true);
    });
  }
});
