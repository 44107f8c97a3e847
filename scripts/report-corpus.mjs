// `npm run report:corpus`: lint ../shared/corpus with every rule on (off-by-default ones too) and print
// finding counts per rule with a sample of each, so a person can judge precision by reading them.
// Usage: node scripts/report-corpus.mjs [--sample N] [--rule ID] [--defaults] [--random N --seed S] [corpus-dir]
//   --defaults   rules at their default severities (what a user sees), not every rule on
//   --random N   instead of the per-rule samples, N findings drawn at random (seeded by --seed) from all
//                rules together, for judging precision by hand
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lintFiles, rules } from '../lib/api.js';

const { values, positionals } = parseArgs({
  options: {
    sample: { type: 'string', default: '8' },
    rule: { type: 'string' },
    seed: { type: 'string', default: '1' },
    random: { type: 'string' },
    defaults: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const corpus = resolve(positionals[0] ?? new URL('../../shared/corpus', import.meta.url).pathname);
const sampleSize = Number(values.sample);

const enableAll = Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.defaultSeverity === 'off' ? 'warn' : r.meta.defaultSeverity]));
const started = performance.now();
const { results } = await lintFiles(['.'], values.defaults ? { cwd: corpus } : { cwd: corpus, rules: enableAll });
const seconds = (performance.now() - started) / 1000;

const byRule = new Map();
let files = 0;
for (const r of results) {
  files++;
  for (const m of r.messages) {
    const id = m.ruleId ?? (m.fatal ? '(parse problem, fatal)' : '(parse problem)');
    if (!byRule.has(id)) byRule.set(id, []);
    byRule.get(id).push({ file: r.filePath, ...m });
  }
}

// Deterministic sample spread over the list (every k-th finding), so repeated runs show the same lines.
function sample(list, n) {
  if (list.length <= n) return list;
  const step = list.length / n;
  return Array.from({ length: n }, (_, i) => list[Math.floor(i * step + Number(values.seed) - 1) % list.length]);
}

function lineOf(file, line) {
  try {
    const lines = readFileSync(resolve(corpus, file), 'utf8').split(/\r\n|\r|\n/);
    return lines[line - 1]?.trim().slice(0, 100) ?? '';
  } catch {
    return '';
  }
}

console.log(`# portlint on ${corpus}\n\n${files} files linted in ${seconds.toFixed(1)} s\n`);
console.log('| rule | findings | files |\n| --- | ---: | ---: |');
const ids = [...byRule.keys()].sort();
for (const id of ids) console.log(`| ${id} | ${byRule.get(id).length} | ${new Set(byRule.get(id).map((f) => f.file)).size} |`);
if (values.random) {
  // mulberry32: a small seeded generator, so the same seed draws the same findings.
  let state = Number(values.seed) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const all = ids.flatMap((id) => byRule.get(id));
  const pool = values.rule ? all.filter((f) => f.ruleId === values.rule) : all;
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  console.log(`\n## ${Math.min(Number(values.random), pool.length)} of ${pool.length} findings at random (seed ${values.seed})\n`);
  pool.slice(0, Number(values.random)).forEach((f, i) => {
    console.log(`${i + 1}. ${f.file}:${f.line}:${f.column} ${f.ruleId ?? '(parse)'}: ${f.message}\n    > ${lineOf(f.file, f.line)}`);
  });
}
for (const id of values.random ? [] : ids) {
  if (values.rule && id !== values.rule) continue;
  console.log(`\n## ${id} (${byRule.get(id).length})\n`);
  for (const f of sample(byRule.get(id), sampleSize)) {
    console.log(`- ${f.file}:${f.line}:${f.column} ${f.message}\n    > ${lineOf(f.file, f.line)}`);
  }
}
