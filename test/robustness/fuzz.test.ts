/**
 * Property-based robustness: arbitrary text and mutated real corpus files never make a parser or a
 * rule throw, and every reported position lies inside the file. `npm test` runs a bounded number of
 * cases; `npm run fuzz` runs many more (FUZZ_RUNS).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { Linter } from '../../src/engine/linter.js';
import { resolveRules } from '../../src/config/rule-options.js';
import type { LintResult } from '../../src/engine/results.js';
import { parseFile } from '../../src/parsers/index.js';
import { corpusRows, readCorpusFile } from '../support/corpus.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const allRules = resolveRules(rules, Object.fromEntries(rules.map((r) => [r.meta.id, 'warn' as const])));

const FORMATS = [
  { name: 'compose.yaml', kinds: ['compose'] },
  { name: 'deploy.yaml', kinds: ['k8s'] },
  { name: 'Dockerfile', kinds: ['dockerfile'] },
  { name: '.env', kinds: ['env'] },
] as const;

/** A spread of real files per corpus kind (every n-th row of the manifest, deterministic). */
function seeds(kind: string, count: number): string[] {
  const rows = corpusRows({ kind, smallerThan: 20_000 });
  const step = Math.max(1, Math.floor(rows.length / count));
  return rows
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((r) => readCorpusFile(r.file));
}

/** Tokens that stress these grammars: YAML structure, anchors, merges, interpolation, escapes, ranges. */
const NASTY = [
  ':',
  ': ',
  '- ',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '<<: *a',
  '{{ .Values.port }}',
  '${',
  '${PORT:-',
  '$$',
  '\\',
  '\\\n',
  '`',
  '#',
  ' # x',
  '\t',
  '\r',
  '\r\n',
  '\n',
  '\u0000',
  '\ufeff',
  '-',
  '65536',
  '0',
  '99999999999999999999',
  '1-',
  '/udp',
  '/sctp',
  'EXPOSE ',
  'ARG P=',
  'ports:',
  'containerPort: ',
  'hostPort: ',
  '- "',
  '::',
  '[::1]:',
  'ftp://',
  'http://a:',
  '%',
  '!!binary ',
  '!Ref ',
  '? ',
  '|',
  '>-',
  '---\n',
  '...\n',
];

type Mutation = { op: 'flip' | 'cut' | 'dup' | 'insert'; at: number; len: number; token: number };

function mutate(text: string, ms: Mutation[]): string {
  let s = text;
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    switch (m.op) {
      case 'flip':
        s = s.slice(0, at) + String.fromCharCode((s.charCodeAt(at) || 32) ^ (1 << (m.len % 7))) + s.slice(at + 1);
        break;
      case 'cut':
        s = s.slice(0, at) + s.slice(at + m.len);
        break;
      case 'dup': {
        const lines = s.split('\n');
        const i = m.at % Math.max(1, lines.length);
        lines.splice(i, 0, ...lines.slice(i, i + 1 + (m.len % 3)));
        s = lines.join('\n');
        break;
      }
      case 'insert':
        s = s.slice(0, at) + NASTY[m.token % NASTY.length] + s.slice(at);
        break;
    }
  }
  return s;
}

const mutation = fc.record({
  op: fc.constantFrom('flip', 'cut', 'dup', 'insert') as fc.Arbitrary<Mutation['op']>,
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  token: fc.nat(),
});

/** Lint one text with every rule; return problems with the invariant it broke (empty when fine). */
function check(text: string, file: string): string[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const parsed = parseFile(text, file, { readSibling: () => 'PORT=8080\n' });
  const broken: string[] = [];
  const inside = (what: string, line: number, column: number): void => {
    if (!(line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1]!.length + 1))
      broken.push(`${what} at ${line}:${column} outside the file`);
  };
  for (const d of parsed.declarations) inside(`declaration ${d.raw}`, d.line, d.column);
  for (const p of parsed.problems) inside(`problem "${p.message}"`, p.line, p.column);
  const linter = new Linter(allRules);
  linter.add(parsed);
  const results: LintResult[] = linter.finish();
  for (const m of results.flatMap((r) => r.messages)) {
    if (m.message.startsWith('internal error')) broken.push(m.message);
    inside(`finding ${m.ruleId}`, m.line, m.column);
  }
  return broken;
}

describe('fuzz: parsers and rules never throw and keep positions inside the file', () => {
  // Counterexamples earlier fuzz runs found, kept as regressions.
  it.each([
    ['compose.yaml', '{[}\r\n'], // a YAML error at the "\n" of a CRLF was placed past the end of its line
    ['deploy.yaml', '\r{{ .Values.port }}'], // a lone CR before a Helm marker
  ])('%s: %j', (name, text) => {
    expect(check(text, name)).toEqual([]);
  });

  for (const { name, kinds } of FORMATS) {
    const real = kinds.flatMap((k) => seeds(k, 40));

    it(`${name}: arbitrary text`, () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(...NASTY)), { maxLength: 60 }), (parts) => {
          expect(check(parts.join(''), name)).toEqual([]);
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });

    it.skipIf(real.length === 0)(`${name}: mutated corpus files`, () => {
      fc.assert(
        fc.property(fc.nat({ max: Math.max(0, real.length - 1) }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (i, ms) => {
          expect(check(mutate(real[i]!, ms), name)).toEqual([]);
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });
  }
});
