/**
 * The built-in ids: every message that is not a rule finding has one, used as its `ruleId`. Config
 * (`rules:`), `--rule parse-error:off` and suppressions that name the id address them as rule ids;
 * they run no check of their own (`formats: []`): the parsers, the file reader and the suppression
 * pass produce their messages.
 *
 * A message's own severity is kept as a ceiling: a parse problem the parser reports as a warning
 * stays a warning when `parse-error` is at `error` (as a rule's softer message id does).
 */
import { toMessageSeverity } from '../severity.js';
import { createRule, type AnyRule, type ResolvedRule } from './rule.js';

export type BuiltinId = 'parse-error' | 'skipped-file' | 'file-error' | 'unused-directive' | 'unknown-rule';

function builtin(id: BuiltinId, description: string, defaultSeverity: 'error' | 'warn' | 'off', rationale: string): AnyRule {
  return createRule<Record<string, never>, 'message'>({
    meta: {
      id,
      builtin: true,
      type: 'problem',
      description,
      defaultSeverity,
      category: 'correctness',
      scope: 'file',
      formats: [],
      schema: { type: 'object', properties: {}, additionalProperties: false },
      defaultOptions: {},
      messages: { message: '{{message}}' },
      docs: { rationale, wrong: [], right: [] },
    },
    check() {},
  });
}

export const BUILTIN_RULES: readonly AnyRule[] = [
  builtin(
    'parse-error',
    'A file (or part of it) that could not be parsed, or has a shape its tool would refuse',
    'error',
    'What could not be parsed was not linted: fix the syntax, or turn the id off for files that are not meant to parse.',
  ),
  builtin(
    'skipped-file',
    'A file that was not linted: an unrendered Helm (or other Go) template, a binary file, a file over --max-file-size',
    'warn',
    "Lint the rendered output instead (`helm template . | portlint -`; a template outside a Helm chart, such as kustomize's `*.template.yaml`, through the tool that renders it; a directory walk leaves one alone unless it has literal top-level apiVersion and kind lines), or raise --max-file-size.",
  ),
  builtin(
    'file-error',
    'A file that could not be read (permissions) or a path that matches nothing; a file that is not valid UTF-8',
    'error',
    'Nothing of an unreadable file was linted. A file with an invalid UTF-8 byte is reported at that byte and still linted, decoded with replacement characters, so what follows the stray byte is checked.',
  ),
  builtin(
    'unused-directive',
    'A suppression comment or portlint.dev/ignore annotation that silences nothing (off unless --report-unused-disable-directives)',
    'off',
    'A suppression that hides nothing would hide the next real finding there: remove it.',
  ),
  builtin(
    'unknown-rule',
    'A suppression comment or annotation naming an id that is not a rule',
    'warn',
    'The directive silences nothing for a misspelt id; the message suggests the nearest id.',
  ),
];

export const BUILTIN_IDS: ReadonlySet<string> = new Set(BUILTIN_RULES.map((r) => r.meta.id));

export function isBuiltin(id: string | null | undefined): boolean {
  return id !== null && id !== undefined && BUILTIN_IDS.has(id);
}

const DEFAULTS = new Map(
  BUILTIN_RULES.map((r) => [r.meta.id, r.meta.defaultSeverity === 'off' ? 0 : toMessageSeverity(r.meta.defaultSeverity)] as const),
);

/** The severity of a built-in id in a file's rules (0: off); its default when the rules do not say. */
export function builtinSeverity(id: BuiltinId, rules: readonly ResolvedRule[]): 0 | 1 | 2 {
  for (const r of rules) if (r.rule.meta.id === id) return r.severity;
  return DEFAULTS.get(id) ?? 0;
}
