/**
 * Test support for what a fixture cannot express (option validation, facts edited after parsing,
 * severity, message text): parse small inline files with the real parsers (the file name picks the
 * parser, as in the CLI) and run one rule through the real engine, options validated. Everything
 * of the form "this config gives these findings" is a fixture under fixtures/<rule>/.
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

/** Parse one inline file with the parser its name selects. */
export function parseSource(src: Source): ParseResult {
  const base = src.file.split('/').pop() ?? src.file;
  if (/^Dockerfile|\.dockerfile$/i.test(base)) return parseDockerfile(src.text, src.file);
  if (/^\.env|\.env$/.test(base)) return parseEnvFile(src.text, src.file);
  if (/compose/.test(base)) return parseCompose(src.text, src.file, src.dotenv === undefined ? {} : { dotenv: src.dotenv });
  return parseKubernetes(src.text, src.file);
}

/** Run one rule (with options, validated by the engine) over inline files: the engine's messages as they are (severity, messageId, message). */
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
