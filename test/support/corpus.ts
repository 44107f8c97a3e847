/**
 * The shared corpus of real, public config (`../shared/corpus` beside the repository) for tests:
 * where it is, whether it is there, its manifest rows, its files, and a parse cache per parser.
 * Every function returns nothing (no rows) when the corpus is absent, so tests can skip cleanly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseResult } from '../../src/model.js';

/** Absolute path of the corpus folder. */
export const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

const MANIFEST = join(CORPUS, 'MANIFEST.tsv');

/** Whether the corpus (its manifest) is present. */
export const corpusPresent = existsSync(MANIFEST);

/** One manifest row: the corpus-relative `file` (`owner__repo/path`), its `kind` and size in bytes. */
export interface CorpusRow {
  file: string;
  kind: string;
  bytes: number;
}

/** Which manifest rows to list: one kind (all when absent), and only files smaller than some bytes. */
export interface CorpusFilter {
  kind?: string;
  smallerThan?: number;
}

/** The manifest rows in manifest order, filtered; none when the corpus is absent. */
export function corpusRows(filter: CorpusFilter = {}): CorpusRow[] {
  if (!corpusPresent) return [];
  return readFileSync(MANIFEST, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map(([repo, , path, kind, bytes]) => ({ file: `${repo.replace('/', '__')}/${path}`, kind, bytes: Number(bytes) }))
    .filter((row) => filter.kind === undefined || row.kind === filter.kind)
    .filter((row) => filter.smallerThan === undefined || row.bytes < filter.smallerThan);
}

/** Corpus-relative paths of every file of one kind (`k8s`, `compose`, `dockerfile`, `env`). */
export function corpusFiles(kind: string): string[] {
  return corpusRows({ kind }).map((row) => row.file);
}

/** The text of a corpus file, by its corpus-relative path. */
export function readCorpusFile(file: string): string {
  return readFileSync(join(CORPUS, file), 'utf8');
}

/** The text of a file named `name` in the same folder as a corpus file, or undefined if there is none. */
export function readCorpusSibling(file: string, name: string): string | undefined {
  const path = join(CORPUS, dirname(file), name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** A corpus file's text and what a parser made of it. */
export interface ParsedCorpusFile<R = ParseResult> {
  text: string;
  result: R;
}

/** A reader that parses each corpus file once with `parse` and returns the cached text and result after. */
export function parseCache<R = ParseResult>(parse: (text: string, file: string) => R): (file: string) => ParsedCorpusFile<R> {
  const cache = new Map<string, ParsedCorpusFile<R>>();
  return (file) => {
    let entry = cache.get(file);
    if (!entry) {
      const text = readCorpusFile(file);
      entry = { text, result: parse(text, file) };
      cache.set(file, entry);
    }
    return entry;
  };
}
