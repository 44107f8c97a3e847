/**
 * Test support for rule tests: parse small inline files with the real parsers (the file name picks
 * the parser, as in the CLI) and run one rule through the real engine, options validated.
 */
import { Linter } from '../../src/engine/linter.js';
import { resolveRules } from '../../src/config/rule-options.js';
import type { LintMessage } from '../../src/engine/results.js';
import type { AnyRule, Severity } from '../../src/engine/rule.js';
import type { ParseResult } from '../../src/model.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';
import { parseEnvFile } from '../../src/parsers/env.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';

export interface Source {
  file: string;
  text: string;
  /** For compose files: the `.env` beside it. */
  dotenv?: string | undefined;
}

/**
 * A finding with its file, as the tests compare them: by message id and position, never by the
 * sentence (wording lives in the rule's `messages`, checked by test/messages.test.ts).
 */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
  messageId: string;
}

/** Parse one inline file with the parser its name selects. */
export function parseSource(src: Source): ParseResult {
  const base = src.file.split('/').pop() ?? src.file;
  if (/^Dockerfile|\.dockerfile$/i.test(base)) return parseDockerfile(src.text, src.file);
  if (/^\.env|\.env$/.test(base)) return parseEnvFile(src.text, src.file);
  if (/compose/.test(base)) return parseCompose(src.text, src.file, src.dotenv === undefined ? {} : { dotenv: src.dotenv });
  return parseKubernetes(src.text, src.file);
}

/** Run one rule (with options, validated by the engine) over inline files; findings in file and line order. */
export function lintWith(rule: AnyRule, sources: Source[], options?: Record<string, unknown>, severity: Severity = 'warn'): Finding[] {
  const setting = options ? ([severity, options] as [Severity, Record<string, unknown>]) : severity;
  const linter = new Linter(resolveRules([rule], { [rule.meta.id]: setting }));
  for (const src of sources) linter.add(parseSource(src));
  return linter.finish().flatMap((r) => r.messages.filter((m) => m.ruleId === rule.meta.id).map((m) => toFinding(r.filePath, m)));
}

/** Like `lintWith`, but the engine's messages as they are (severity, messageId), for assertions by id. */
export function lintMessages(
  rule: AnyRule,
  sources: Source[],
  options?: Record<string, unknown>,
  severity: Severity = 'warn',
): LintMessage[] {
  const setting = options ? ([severity, options] as [Severity, Record<string, unknown>]) : severity;
  const linter = new Linter(resolveRules([rule], { [rule.meta.id]: setting }));
  for (const src of sources) linter.add(parseSource(src));
  return linter.finish().flatMap((r) => r.messages.filter((m) => m.ruleId === rule.meta.id));
}

/** Resolve a rule's options through the engine (throws `ConfigError` on invalid ones). */
export function resolveOptions(rule: AnyRule, options: Record<string, unknown>): unknown {
  return resolveRules([rule], { [rule.meta.id]: ['warn', options] })[0]?.options;
}

function toFinding(file: string, m: LintMessage): Finding {
  return { file, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, messageId: m.messageId ?? '' };
}

/** `file:line:column` of each finding: a compact form for position assertions. */
export function positions(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}`);
}
