/**
 * The Linter's handling of suppressions and per-file rules, with small test rules: suppressions
 * are applied to findings after the rules ran, a loc-only report carries its object by `objectId`,
 * and a project-scope rule runs once per distinct setting over every file.
 */
import { describe, expect, it } from 'vitest';
import { safeParse } from '../src/api.js';
import { Linter } from '../src/engine/linter.js';
import { resolveRules } from '../src/config/rule-options.js';
import { createRule, type AnyRule, type ResolvedRule } from '../src/engine/rule.js';

/** Reports every declaration, and each workload once at its name (a loc-only report). */
const everyPort = createRule<{ tag: string }, 'port' | 'workload'>({
  meta: {
    id: 'every-port',
    description: 'Test rule',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'file',
    schema: { type: 'object', properties: { tag: { type: 'string', description: 'x' } }, additionalProperties: false },
    defaultOptions: { tag: 'File' },
    messages: { port: '{{tag}} {{port}}', workload: 'Workload {{name}}' },
    docs: { rationale: '', wrong: [], right: [] },
  },
  check(context) {
    for (const d of context.declarations) context.report({ messageId: 'port', decl: d, data: { tag: context.options.tag, port: d.raw } });
    for (const w of context.facts.workloads)
      context.report({ messageId: 'workload', loc: { file: w.file, ...w.loc }, data: { name: w.name ?? '' } });
  },
});

/** Sees every file; reports each file's declaration count in that file. */
const seen: string[][] = [];
const projectCount = createRule<{ tag: string }, 'count'>({
  meta: {
    id: 'project-count',
    description: 'Test rule',
    type: 'problem',
    defaultSeverity: 'warn',
    category: 'correctness',
    scope: 'project',
    schema: { type: 'object', properties: { tag: { type: 'string', description: 'x' } }, additionalProperties: false },
    defaultOptions: { tag: 'default' },
    messages: { count: '{{tag}}: {{n}} files seen' },
    docs: { rationale: '', wrong: [], right: [] },
  },
  check(context) {
    seen.push(context.files.map((f) => f.file));
    for (const f of context.files) {
      context.report({
        messageId: 'count',
        loc: { file: f.file, line: 1, column: 1, endLine: 1, endColumn: 2 },
        data: { tag: context.options.tag, n: context.files.length },
      });
    }
  },
});

const ALL: AnyRule[] = [everyPort, projectCount];
const rules = (settings: Parameters<typeof resolveRules>[1] = {}): ResolvedRule[] => resolveRules(ALL, settings);

const POD = (name: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${extra}spec:\n  containers:\n    - name: c\n      image: x\n      ports:\n        - containerPort: 8080\n`;

function lint(
  files: Record<string, string>,
  perFile?: (file: string) => ResolvedRule[],
  options: ConstructorParameters<typeof Linter>[1] = {},
): string[] {
  const linter = new Linter(rules(), { knownRuleIds: ALL.map((r) => r.meta.id), ...options });
  for (const [file, text] of Object.entries(files)) linter.add(safeParse(text, file, {}), perFile ? { rules: perFile(file) } : {});
  return linter.finish().flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId ?? m.messageId}: ${m.message}`));
}

describe('Linter', () => {
  it('keeps working with one rule set for every file ', () => {
    const linter = new Linter(rules({ 'project-count': 'off' }));
    linter.add(safeParse(POD('a'), 'a.yaml', {}));
    expect(linter.finish()[0]!.messages.map((m) => m.message)).toEqual(['Workload a', 'File 8080']);
  });

  it('applies comment directives and the annotation to findings, including loc-only ones by objectId', () => {
    const annotated = POD('a', '  annotations:\n    portlint.dev/ignore: every-port\n');
    const commented = POD('b').replace('- containerPort: 8080', '- containerPort: 8080 # portlint-disable-line every-port');
    expect(lint({ 'a.yaml': annotated, 'b.yaml': commented }, () => rules({ 'project-count': 'off' }))).toEqual([
      'b.yaml:4 every-port: Workload b',
    ]);
  });

  it('runs a project-scope rule once per distinct setting, over all files, keeping findings of the files it is on for', () => {
    seen.length = 0;
    const perFile = (file: string): ResolvedRule[] =>
      file.startsWith('off')
        ? rules({ 'every-port': 'off', 'project-count': 'off' })
        : rules({ 'every-port': 'off', 'project-count': ['warn', { tag: file.startsWith('x') ? 'x' : 'y' }] });
    const found = lint({ 'x1.yaml': POD('a'), 'x2.yaml': POD('b'), 'y.yaml': POD('c'), 'off.yaml': POD('d') }, perFile);
    expect(found).toEqual([
      'x1.yaml:1 project-count: x: 4 files seen',
      'x2.yaml:1 project-count: x: 4 files seen',
      'y.yaml:1 project-count: y: 4 files seen',
    ]);
    expect(seen).toHaveLength(2);
    for (const files of seen) expect(files).toEqual(['x1.yaml', 'x2.yaml', 'y.yaml', 'off.yaml']);
  });

  it('reports unused directives at the severity asked for, and unknown ids always', () => {
    const text = POD('a').replace('- containerPort: 8080', '- containerPort: 8080 # portlint-disable-line project-count, evry-port');
    expect(lint({ 'a.yaml': text }, () => rules({ 'project-count': 'off' }), { reportUnusedDisableDirectives: 1 })).toEqual([
      'a.yaml:4 every-port: Workload a',
      'a.yaml:10 every-port: File 8080',
      'a.yaml:10 unknown-rule: Unknown rule "evry-port" in portlint-disable-line comment (did you mean "every-port"?)',
      'a.yaml:10 unused-directive: Unused portlint-disable-line directive (no problems were reported from "project-count")',
    ]);
  });
});
