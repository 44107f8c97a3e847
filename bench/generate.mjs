#!/usr/bin/env node
/**
 * The synthetic monorepo: `total` files made from corpus files, laid out in shards of `shardSize`
 * files (`shard-00/`, `shard-01/`, …) so that the first N shards are a slice of the same tree.
 *
 * The corpus is copied cycle after cycle; in each cycle the corpus repositories come in a seeded
 * random order (a repository's files stay together, so cross-file references still resolve) under
 * a varied directory name. Cycle c > 0 also shifts unprivileged port numbers by a per-cycle amount
 * and puts Kubernetes objects in per-cycle namespaces, so every cycle is a new project rather than
 * a duplicate of the last one. Same seed, same tree, byte for byte.
 *
 *   node bench/generate.mjs --out DIR [--files 100000] [--shard 10000] [--seed 7] [--list corpus-list.txt]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** A small deterministic PRNG (mulberry32): same seed, same sequence. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const ADJECTIVES = [
  'amber',
  'brisk',
  'calm',
  'dusty',
  'eager',
  'fuzzy',
  'gentle',
  'hollow',
  'icy',
  'jolly',
  'keen',
  'lucky',
  'misty',
  'noble',
  'odd',
  'plain',
  'quiet',
  'rapid',
  'sandy',
  'tidy',
];
const NOUNS = [
  'otter',
  'falcon',
  'harbor',
  'meadow',
  'comet',
  'badger',
  'canyon',
  'ember',
  'fjord',
  'glacier',
  'heron',
  'island',
  'jaguar',
  'kestrel',
  'lagoon',
  'maple',
  'nebula',
  'orchid',
  'pebble',
  'quarry',
];

/** First port shifted by the generator: lower ones keep their meaning (21 is FTP, 80 is HTTP). */
const SHIFT_FROM = 1024;
const PORT_LINE = /port|expose/i;
// A compose short-syntax item made only of digits, dots, colons and dashes: `- "127.0.0.1:8080:80/tcp"`.
const SHORT_MAPPING = /^\s*-\s*["']?[\d.:[\]-]+(?:\/\w+)?["']?\s*(?:#.*)?$/;

/** Shift every unprivileged port-like number on port lines by `delta`, wrapping within 1024–65535. */
export function shiftPorts(text, delta) {
  if (delta === 0) return text;
  const span = 65536 - SHIFT_FROM;
  return text
    .split('\n')
    .map((line) =>
      PORT_LINE.test(line) || SHORT_MAPPING.test(line)
        ? line.replace(/\b\d{4,5}\b/g, (n) => {
            const port = Number(n);
            return port >= SHIFT_FROM && port <= 65535 ? String(((port - SHIFT_FROM + delta) % span) + SHIFT_FROM) : n;
          })
        : line,
    )
    .join('\n');
}

const NAMESPACE_LINE = /^(\s*(?:-\s+)?namespace:\s*)(["']?)([a-z0-9][a-z0-9.-]*)\2(\s*(?:#.*)?)$/;

/**
 * Put every Kubernetes object in a namespace of its own cycle: suffix written namespaces, and give
 * a top-level `metadata:` block without one `namespace: default-<suffix>`.
 */
export function varyNamespaces(text, suffix) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    out.push(line.replace(NAMESPACE_LINE, (_, key, q, value, rest) => `${key}${q}${value}-${suffix}${q}${rest}`));
    if (/^metadata:\s*$/.test(line)) {
      const indent = blockIndent(lines, i + 1);
      if (indent && !hasKeyAtIndent(lines, i + 1, indent, 'namespace')) out.push(`${indent}namespace: default-${suffix}`);
    }
  }
  return out.join('\n');
}

function blockIndent(lines, from) {
  for (let j = from; j < lines.length; j++) {
    if (/^\s*(#.*)?$/.test(lines[j])) continue;
    const m = /^(\s+)\S/.exec(lines[j]);
    return m ? m[1] : undefined;
  }
  return undefined;
}

function hasKeyAtIndent(lines, from, indent, key) {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j];
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (!line.startsWith(indent)) return false;
    if (line.startsWith(`${indent}${key}:`)) return true;
  }
  return false;
}

/** A project directory name not yet used in this cycle (two projects must not share one: their files would collide). */
function uniqueName(used, random, cycle) {
  for (;;) {
    const name = `${ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]}-${NOUNS[Math.floor(random() * NOUNS.length)]}-c${cycle}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** The variant of one corpus file for cycle `cycle`. */
export function variant(text, path, cycle) {
  if (cycle === 0) return text;
  let out = shiftPorts(text, cycle * 37);
  if (/\.ya?ml$/i.test(path)) out = varyNamespaces(out, `c${cycle}`);
  return out;
}

/**
 * Write the monorepo. `corpusFiles` are the corpus files to draw from (paths under `corpusRoot`).
 * Returns the shards, each with its directory and the absolute paths of its files, in order.
 * @param {{ out: string, corpusRoot: string, corpusFiles: string[], total: number, shardSize: number, seed?: number }} options
 */
export function generateMonorepo({ out, corpusRoot, corpusFiles, total, shardSize, seed = 7 }) {
  const random = prng(seed);
  const byRepo = new Map();
  for (const file of corpusFiles) {
    const rel = relative(corpusRoot, file).split(sep).join('/');
    const repo = rel.slice(0, rel.indexOf('/'));
    if (!byRepo.has(repo)) byRepo.set(repo, []);
    byRepo.get(repo).push(rel.slice(repo.length + 1));
  }
  const texts = new Map();
  const read = (repo, path) => {
    const key = `${repo}/${path}`;
    if (!texts.has(key)) texts.set(key, readFileSync(join(corpusRoot, repo, path), 'utf8'));
    return texts.get(key);
  };
  const shards = [];
  const made = new Set();
  let written = 0;
  for (let cycle = 0; written < total; cycle++) {
    const names = new Set();
    for (const repo of shuffle([...byRepo.keys()].sort(), random)) {
      const project = uniqueName(names, random, cycle);
      for (const path of byRepo.get(repo)) {
        if (written >= total) break;
        const shardIndex = Math.floor(written / shardSize);
        if (!shards[shardIndex]) shards[shardIndex] = { dir: join(out, `shard-${String(shardIndex).padStart(2, '0')}`), files: [] };
        const target = join(shards[shardIndex].dir, project, path);
        const dir = dirname(target);
        if (!made.has(dir)) {
          mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        writeFileSync(target, variant(read(repo, path), path, cycle));
        shards[shardIndex].files.push(target);
        written++;
      }
    }
  }
  return shards;
}

function cli() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      files: { type: 'string', default: '100000' },
      shard: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '7' },
      list: { type: 'string' },
      corpus: { type: 'string', default: '../shared/corpus' },
    },
  });
  if (!values.out)
    throw new Error('usage: node bench/generate.mjs --out DIR [--files N] [--shard N] [--seed N] [--list FILE] [--corpus DIR]');
  const corpusRoot = resolve(values.corpus);
  const corpusFiles = values.list
    ? readFileSync(values.list, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((f) => resolve(f))
    : readFileSync(join(corpusRoot, 'MANIFEST.tsv'), 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((row) => row.split('\t'))
        .map(([repo, , path]) => join(corpusRoot, repo.replace('/', '__'), path));
  const shards = generateMonorepo({
    out: resolve(values.out),
    corpusRoot,
    corpusFiles,
    total: Number(values.files),
    shardSize: Number(values.shard),
    seed: Number(values.seed),
  });
  process.stdout.write(`${shards.reduce((n, s) => n + s.files.length, 0)} files in ${shards.length} shards under ${values.out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) cli();
