/**
 * The whole shared corpus of real, public config through every parser and the CLI: no exception
 * escapes, every file of a known kind is recognised as that format, every position lies inside
 * its file, and `portlint ports` over the corpus completes with valid JSON.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeParse } from '../src/api.js';
import { CORPUS, corpusPresent, corpusRows, readCorpusFile, readCorpusSibling } from './support/corpus.js';

const repo = new URL('../', import.meta.url).pathname;

const EXPECTED_FORMAT: Record<string, string> = { k8s: 'kubernetes', compose: 'compose', dockerfile: 'dockerfile', env: 'env' };

describe.skipIf(!corpusPresent)('corpus', () => {
  const rows = corpusRows();

  it('parses every file without an exception, in the right format, with positions inside the file', () => {
    const wrongFormat: string[] = [];
    const internal: string[] = [];
    const outside: string[] = [];
    let declarations = 0;
    for (const { file, kind } of rows) {
      const text = readCorpusFile(file);
      const parsed = safeParse(text, file, { readSibling: (name) => readCorpusSibling(file, name) });
      declarations += parsed.declarations.length;
      for (const p of parsed.problems) if (p.message.startsWith('internal parser error')) internal.push(`${file}: ${p.message}`);
      const expected = EXPECTED_FORMAT[kind];
      const templated = parsed.problems.some((p) => /Helm template/i.test(p.message));
      if (expected && parsed.format !== expected && !templated) wrongFormat.push(`${file}: ${kind} read as ${parsed.format}`);
      const own = text.split(/\r\n|\r|\n/);
      for (const d of parsed.declarations) {
        // A compose file's included files are declared in too, on their own lines.
        const lines = d.file === file ? own : readCorpusFile(d.file).split(/\r\n|\r|\n/);
        const ok =
          d.line >= 1 && d.line <= lines.length && d.column >= 1 && d.column <= lines[d.line - 1]!.length + 1 && d.endLine >= d.line;
        if (!ok) outside.push(`${file}:${d.line}:${d.column}`);
      }
    }
    expect(internal).toEqual([]);
    expect(outside).toEqual([]);
    // A handful of corpus files are deliberately odd fixtures of other tools; allow very few misses.
    expect(wrongFormat.length, wrongFormat.join('\n')).toBeLessThanOrEqual(5);
    expect(declarations).toBeGreaterThan(5000);
  });

  it('`portlint ports --format json` over the whole corpus completes with valid JSON', () => {
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [join(repo, 'bin/portlint.js'), 'ports', '--format', 'json', CORPUS], {
        maxBuffer: 512 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).toString();
    } catch (err) {
      // Exit 1 means some files had parse errors (reported on stderr); the JSON must still be complete.
      const e = err as { status: number; stdout: Buffer };
      expect(e.status).toBe(1);
      stdout = e.stdout.toString();
    }
    const list = JSON.parse(stdout) as { file: string; line: number; role: string }[];
    expect(list.length).toBeGreaterThan(5000);
    expect(list.every((d) => typeof d.file === 'string' && d.line >= 1 && typeof d.role === 'string')).toBe(true);
  });
});
