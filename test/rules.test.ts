/**
 * One test over all rules (as stylelint's and typescript-eslint's): registry and files agree, metadata
 * is complete, option schemas compile and accept the defaults, the docs are the generated ones (that
 * every message id is produced is derived from real runs in test/fixtures.test.ts), and each rule's
 * documented examples are fixture files that the fixture run shows do (and don't) trigger it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG, MARKER, markerItems } from '../src/docs/fixture-markers.js';
import { ruleDocFiles } from '../src/docs/rule-docs.js';
import { rules } from '../rules/index.js';

const repo = new URL('../', import.meta.url).pathname;
const readFixture = (path: string): string => readFileSync(`${repo}fixtures/${path}`, 'utf8');

/** The message ids of `id` a fixture file's markers expect. */
function markedIds(text: string, id: string): string[] {
  return text.split('\n').flatMap((line) => {
    const m = MARKER.exec(line);
    return m ? markerItems(m[2]!).flatMap((i) => (i.what.startsWith(`${id}/`) ? [i.what] : [])) : [];
  });
}

describe('rule registry', () => {
  it('lists every rule file exactly once, with unique ids', () => {
    // A rule is a file `rules/<id>.ts`, or a folder `rules/<id>/` whose `index.ts` is the rule.
    const files = readdirSync(`${repo}rules`, { withFileTypes: true })
      .filter(
        (f) =>
          (f.isFile() && f.name.endsWith('.ts') && f.name !== 'index.ts') ||
          (f.isDirectory() && existsSync(`${repo}rules/${f.name}/index.ts`)),
      )
      .map((f) => f.name.replace(/\.ts$/, ''))
      .sort();
    expect(rules.map((r) => r.meta.id).sort()).toEqual(files);
    expect(new Set(rules.map((r) => r.meta.id)).size).toBe(rules.length);
  });

  it('has committed docs identical to the generated ones (run `npm run docs`)', () => {
    for (const [path, text] of ruleDocFiles(rules, readFixture)) {
      expect(existsSync(`${repo}${path}`), `${path} is missing: run npm run docs`).toBe(true);
      expect(readFileSync(`${repo}${path}`, 'utf8'), `${path} is stale: run npm run docs`).toBe(text);
    }
  });
});

for (const rule of rules) {
  const { meta } = rule;
  describe(meta.id, () => {
    it('has complete metadata', () => {
      expect(meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(meta.description).toMatch(/^\S.*[^.]$/);
      expect(meta.description).not.toContain('\n');
      expect(['error', 'warn', 'off']).toContain(meta.defaultSeverity);
      expect(['problem', 'suggestion']).toContain(meta.type);
      expect(['security', 'correctness', 'portability']).toContain(meta.category);
      expect(meta.docs.rationale.length).toBeGreaterThan(80);
      expect(meta.docs.wrong.length).toBeGreaterThan(0);
      expect(meta.docs.right.length).toBeGreaterThan(0);
    });

    it('has an option schema that compiles, documents every option and accepts the defaults', () => {
      const ajv = new Ajv({ strict: false });
      const validate = ajv.compile(meta.schema);
      expect(validate(structuredClone(meta.defaultOptions)), JSON.stringify(validate.errors)).toBe(true);
      for (const [name, prop] of Object.entries((meta.schema.properties ?? {}) as Record<string, { description?: string }>)) {
        expect(prop.description, `option ${name} has no description`).toBeTruthy();
      }
    });

    it('documents fixtures: each "wrong" one marks a finding of the rule, no "right" one does, none has its own config', () => {
      for (const [list, wrong] of [
        [meta.docs.wrong, true],
        [meta.docs.right, false],
      ] as const) {
        for (const e of list) {
          const path = `${meta.id}/${e}`;
          expect(existsSync(`${repo}fixtures/${path}`), `fixtures/${path} is missing`).toBe(true);
          const text = readFixture(path);
          expect(markedIds(text, meta.id).length > 0, `fixtures/${path} ${wrong ? 'marks no' : 'marks a'} finding of ${meta.id}`).toBe(
            wrong,
          );
          expect(
            text.split('\n').some((l) => CONFIG.test(l)),
            `fixtures/${path} has a fixture-config the docs would not show`,
          ).toBe(false);
        }
      }
    });

    it('has a fixture folder', () => {
      expect(existsSync(`${repo}fixtures/${meta.id}`)).toBe(true);
    });
  });
}
