/**
 * Rule docs are generated from rule metadata, so they cannot drift: `npm run docs` writes
 * docs/rules/<id>.md and docs/rules/README.md, and a test fails when the committed files differ.
 * A rule's examples are fixture files (`meta.docs.wrong`/`right` name them under `fixtures/<id>/`),
 * shown with `# ← reported` where their markers expect a finding of the rule: the fixture run is
 * what checks them.
 */
import type { AnyRule, RuleDocExample } from '../engine/rule.js';
import { FORMATS } from '../model.js';
import { stripMarkers } from './fixture-markers.js';

/** Reads a fixture file, by its path under `fixtures/` (`privileged-port/k8s/web.yaml`). */
export type ReadFixture = (path: string) => string;

const FENCE: Record<string, string> = { yaml: 'yaml', yml: 'yaml', dockerfile: 'dockerfile', env: 'sh' };

function fenceFor(file: string): string {
  const base = file.split('/').pop() ?? file;
  if (/dockerfile|containerfile/i.test(base)) return 'dockerfile';
  if (/\.env|^env\./i.test(base)) return FENCE.env!;
  return FENCE[base.split('.').pop() ?? ''] ?? '';
}

function examples(title: string, id: string, list: readonly RuleDocExample[], read: ReadFixture): string[] {
  const shown = list.map((file) => ({ file, code: stripMarkers(read(`${id}/${file}`), id) }));
  return [`## ${title}`, '', ...shown.flatMap((e) => [`\`${e.file}\``, '', '```' + fenceFor(e.file), e.code.trimEnd(), '```', ''])];
}

interface SchemaProp {
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
}

function optionsSection(rule: AnyRule): string[] {
  const props = (rule.meta.schema.properties ?? {}) as Record<string, SchemaProp>;
  const names = Object.keys(props);
  const first = names[0];
  if (first === undefined) return ['## Options', '', 'This rule has no options.', ''];
  const defaults = rule.meta.defaultOptions as Record<string, unknown>;
  const rows = names.map((n) => {
    const p = props[n]!;
    const type = p.enum
      ? p.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ')
      : Array.isArray(p.type)
        ? p.type.join(' \\| ')
        : (p.type ?? '');
    const def = JSON.stringify(defaults[n]);
    const shown = def && def.length > 60 ? '(see below)' : `\`${def}\``;
    return `| \`${n}\` | ${type} | ${shown} | ${(p.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`;
  });
  const long = names.filter((n) => (JSON.stringify(defaults[n]) ?? '').length > 60);
  return [
    '## Options',
    '',
    '| option | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...long.flatMap((n) => [`Default \`${n}\`:`, '', '```json', JSON.stringify(defaults[n], null, 2), '```', '']),
    'Set options in the config file:',
    '',
    '```yaml',
    'rules:',
    `  ${rule.meta.id}: [${rule.meta.defaultSeverity === 'off' ? 'warn' : rule.meta.defaultSeverity}, { ${first}: ${JSON.stringify(defaults[first])?.slice(0, 40)} }]`,
    '```',
    '',
  ];
}

export function renderRuleDoc(rule: AnyRule, read: ReadFixture): string {
  const m = rule.meta;
  return [
    `<!-- Generated from rules/${m.id}.ts and fixtures/${m.id}/ by \`npm run docs\`. Do not edit by hand. -->`,
    `# ${m.id}`,
    '',
    m.description,
    '',
    `- Default severity: \`${m.defaultSeverity}\``,
    `- Category: ${m.category}`,
    `- Scope: ${m.scope === 'project' ? 'across all linted files' : 'each file on its own'}`,
    `- Reads: ${(m.formats ?? FORMATS).join(', ')}`,
    '',
    '## Why',
    '',
    m.docs.rationale.trim(),
    '',
    ...examples('Reported', m.id, m.docs.wrong, read),
    ...examples('Not reported', m.id, m.docs.right, read),
    ...optionsSection(rule),
    '## Silencing it',
    '',
    'Turn the rule off in config (`rules: { ' + m.id + ': off }`), or on the command line with `--rule ' + m.id + ':off`.',
    '',
  ].join('\n');
}

export function renderRuleIndex(rules: readonly AnyRule[]): string {
  return [
    '<!-- Generated from the rule registry by `npm run docs`. Do not edit by hand. -->',
    '# Rules',
    '',
    '| rule | default | category | what it flags |',
    '| --- | --- | --- | --- |',
    ...rules.map(
      (r) =>
        `| [\`${r.meta.id}\`](./${r.meta.id}.md) | ${r.meta.defaultSeverity} | ${r.meta.category} | ${r.meta.description.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ].join('\n');
}

/** Every generated docs file: path relative to the repository root → contents. */
export function ruleDocFiles(rules: readonly AnyRule[], read: ReadFixture): Map<string, string> {
  const files = new Map<string, string>([['docs/rules/README.md', renderRuleIndex(rules)]]);
  for (const r of rules) files.set(`docs/rules/${r.meta.id}.md`, renderRuleDoc(r, read));
  return files;
}

export const BUILTIN_DOC_PATH = 'docs/builtin.md';

/** `docs/builtin.md`: the ids of messages that are not rule findings, which config and suppressions address like rule ids. */
export function builtinDoc(builtins: readonly AnyRule[]): string {
  const lines = [
    '# Built-in ids',
    '',
    '<!-- Generated from src/engine/builtin.ts by `npm run docs`; do not edit. -->',
    '',
    'Every message that is not a rule finding has one of these ids as its `ruleId`, the same label in every',
    'output format. Config (`rules: { parse-error: off }`), `--rule skipped-file:off` and suppression comments',
    'that name the id address them like rule ids; a comment without ids does not silence them. A message keeps',
    'its own severity as a ceiling: a parse warning stays a warning with `parse-error: error`.',
    '',
  ];
  for (const r of builtins) {
    lines.push(`## ${r.meta.id}`, '', `${r.meta.description}. Default: \`${r.meta.defaultSeverity}\`.`, '', r.meta.docs.rationale, '');
  }
  return lines.join('\n');
}
