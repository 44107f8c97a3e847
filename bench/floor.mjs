#!/usr/bin/env node
/**
 * The floor portlint is measured against: walk the tree, read every file portlint lints, and parse
 * the YAML ones with `yaml` (with a LineCounter, as any linter that reports positions must). No
 * detection, no model, no rules: what is left is the cost we cannot beat without a faster parser.
 *
 *   node bench/floor.mjs <list-file> <root>...
 *
 * `list-file` holds the paths to read, one a line (relative to the current directory); each root
 * is walked once, as portlint walks the directories it is given. Prints
 * `{ files, bytes, yamlFiles, documents }` as JSON.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The `yaml` portlint bundles (the repository's, not the copy a peer brought into bench/node_modules),
// and the build it bundles: the ES module one (`browser/`), a little faster than the CommonJS one
// Node's "node" condition picks.
const requireFromRoot = createRequire(new URL('../package.json', import.meta.url));
const yamlDir = dirname(requireFromRoot.resolve('yaml/package.json'));
const { LineCounter, parseAllDocuments } = await import(pathToFileURL(join(yamlDir, 'browser/index.js')).href);

const [listFile, ...roots] = process.argv.slice(2);
if (!listFile || roots.length === 0) {
  process.stderr.write('usage: node bench/floor.mjs <list-file> <root>...\n');
  process.exit(2);
}

// Discovery has a cost too: the cheapest walk node has.
for (const root of roots) readdirSync(root, { recursive: true, withFileTypes: true });

const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
let bytes = 0;
let yamlFiles = 0;
let documents = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  if (/\.ya?ml$/i.test(file)) {
    yamlFiles++;
    documents += parseAllDocuments(text, { lineCounter: new LineCounter() }).length ?? 0;
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, bytes, yamlFiles, documents })}\n`);
