/**
 * dist/index.js is committed (the runner does not `npm install`), so it must be what the sources
 * build to: rebuild in memory and compare bytes, as actions/typescript-action's check-dist does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildAction, describeDifference } from '../../scripts/build-action.mjs';

const root = new URL('../../', import.meta.url);

describe('dist/', () => {
  it('is up to date with the sources (run "npm run build:action" and commit dist/ when this fails)', async () => {
    const built = await buildAction({ write: false });
    expect([...built.keys()]).toEqual(['dist/index.js']);
    for (const [path, bytes] of built) {
      const committed = readFileSync(new URL(path, root));
      const difference = Buffer.from(bytes).equals(committed)
        ? undefined
        : (describeDifference(bytes, committed) ?? 'same lines, other bytes');
      expect(difference, `${path} is not what the sources build to: run "npm run build:action"`).toBeUndefined();
    }
  });

  it('builds the same bytes twice, with no absolute path of this machine in them', async () => {
    const [first, second] = await Promise.all([buildAction({ write: false }), buildAction({ write: false })]);
    const text = Buffer.from(first.get('dist/index.js')!).toString('utf8');
    expect(Buffer.from(first.get('dist/index.js')!).equals(second.get('dist/index.js')!)).toBe(true);
    expect(text).not.toContain(new URL('.', root).pathname.replace(/\/$/, ''));
    expect(text).not.toMatch(/sourceMappingURL/);
  });

  it('names where a stale bundle first differs', () => {
    const bundle = '// src/a.ts\nvar a = 1;\n\n// src/b.ts\nvar b = 2;\nvar c = 3;\n';
    const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
    expect(describeDifference(enc(bundle), enc(bundle))).toBeUndefined();
    expect(describeDifference(enc(bundle), enc(bundle.replace('c = 3', 'c = 4')))).toBe(
      'first difference at line 6, in the code bundled from src/b.ts',
    );
    expect(describeDifference(enc(bundle), enc(bundle.slice(0, 20)))).toBe('first difference at line 2, in the code bundled from src/a.ts');
  });

  it('is what action.yml runs, on a runtime GitHub supports', () => {
    const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as { runs: { using: string; main: string } };
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
