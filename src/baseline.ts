/**
 * Baselines: accept today's findings and report only new ones. A finding is recorded by its
 * engine fingerprint (rule, file, resource context, port; never the line), so edits elsewhere in a
 * file do not invalidate it, with a count, so of two identical findings with one baselined, one is
 * still reported. File paths are stored relative to the baseline file's directory, so the baseline
 * works from any working directory. Messages without a fingerprint (parse problems, unreadable
 * files, directive reports) are never baselined.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigError } from './errors.js';
import { recount, type LintMessage, type LintResult } from './engine/results.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  /** Path relative to the baseline file's directory, with `/`. */
  file: string;
  /** The fingerprint without its rule and file parts: the resource context and the port. */
  fingerprint: string;
  count: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

export interface BaselineLocation {
  /** Directory the results' paths are relative to. */
  cwd: string;
  /** The baseline file (its directory anchors the stored paths). */
  file: string;
}

/** A result's path as stored in the baseline: relative to the baseline file's directory. */
function storedPath(filePath: string, at: BaselineLocation): string {
  if (filePath.startsWith('<')) return filePath; // <stdin>
  const abs = isAbsolute(filePath) ? filePath : resolve(at.cwd, filePath);
  return relative(dirname(resolve(at.cwd, at.file)), abs)
    .split(sep)
    .join('/');
}

/** The identity of one message, or undefined when it cannot be baselined. */
function keyOf(filePath: string, m: LintMessage, at: BaselineLocation): { rule: string; file: string; fingerprint: string } | undefined {
  if (m.ruleId === null || m.fingerprint === undefined || m.fatal) return undefined;
  const prefix = `${m.ruleId}|${filePath}|`;
  const fingerprint = m.fingerprint.startsWith(prefix) ? m.fingerprint.slice(prefix.length) : m.fingerprint;
  return { rule: m.ruleId, file: storedPath(filePath, at), fingerprint };
}

const joinKey = (k: { rule: string; file: string; fingerprint: string }): string => `${k.rule}\0${k.file}\0${k.fingerprint}`;

/** Record every baselinable finding of the results. */
export function createBaseline(results: readonly LintResult[], at: BaselineLocation): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const r of results) {
    for (const m of r.messages) {
      const k = keyOf(r.filePath, m, at);
      if (!k) continue;
      const id = joinKey(k);
      const entry = counts.get(id);
      if (entry) entry.count++;
      else counts.set(id, { ...k, count: 1 });
    }
  }
  const findings = [...counts.values()].sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint));
  return { version: BASELINE_VERSION, findings };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface BaselineOutcome {
  /** The results without baselined findings (counts recomputed). */
  results: LintResult[];
  /** How many findings the baseline matched. */
  matched: number;
  /** How many baselined findings of the linted files no longer occur (the baseline can be rewritten smaller). */
  stale: number;
}

/** Drop the findings the baseline accepts, count-aware. */
export function applyBaseline(results: readonly LintResult[], baseline: Baseline, at: BaselineLocation): BaselineOutcome {
  const left = new Map(baseline.findings.map((e) => [joinKey(e), e.count]));
  let matched = 0;
  const out = results.map((r) => {
    const messages = r.messages.filter((m) => {
      const k = keyOf(r.filePath, m, at);
      if (!k) return true;
      const id = joinKey(k);
      const n = left.get(id) ?? 0;
      if (n === 0) return true;
      left.set(id, n - 1);
      matched++;
      return false;
    });
    return messages.length === r.messages.length ? r : recount({ ...r, messages });
  });
  // Only entries of files that were linted can tell that a finding is gone.
  const linted = new Set(results.map((r) => storedPath(r.filePath, at)));
  const stale = baseline.findings.reduce((n, e) => n + (linted.has(e.file) ? (left.get(joinKey(e)) ?? 0) : 0), 0);
  return { results: out, matched, stale };
}

/** Serialize a baseline (stable order, one finding per line-ish, diff-friendly). */
export function renderBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Write a baseline file, creating its directory. */
export function writeBaseline(file: string, baseline: Baseline, cwd: string): void {
  const abs = resolve(cwd, file);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, renderBaseline(baseline));
  } catch (err) {
    throw new ConfigError(`${file}: cannot write baseline: ${(err as Error).message}`);
  }
}

/** Read and check a baseline file; problems throw `ConfigError` naming the file. */
export function readBaseline(file: string, cwd: string): Baseline {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `${file}: cannot read baseline: ${code === 'ENOENT' ? 'no such file (create it with --write-baseline)' : (err as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: baseline is not valid JSON: ${(err as Error).message}`);
  }
  const problem = checkBaseline(data);
  if (problem) throw new ConfigError(`${file}: not a portlint baseline: ${problem}`);
  return data as Baseline;
}

function checkBaseline(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'expected an object with "version" and "findings"';
  const b = data as Record<string, unknown>;
  if (b.version !== BASELINE_VERSION) return `"version" must be ${BASELINE_VERSION}, got ${JSON.stringify(b.version)}`;
  if (!Array.isArray(b.findings)) return '"findings" must be a list';
  for (const [i, e] of b.findings.entries()) {
    const ok =
      e !== null &&
      typeof e === 'object' &&
      typeof e.rule === 'string' &&
      typeof e.file === 'string' &&
      typeof e.fingerprint === 'string' &&
      Number.isInteger(e.count) &&
      e.count > 0;
    if (!ok) return `findings[${i}] must have "rule", "file", "fingerprint" (strings) and "count" (a positive integer)`;
  }
  return undefined;
}
