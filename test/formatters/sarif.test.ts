/**
 * SARIF output is validated against the official SARIF 2.1.0 schema (draft-04, with ajv-draft-04),
 * and checked for what GitHub code scanning needs: rule metadata, relative locations with
 * %SRCROOT%, levels, regions, and stable partial fingerprints.
 */
import { REGISTRY } from '../../src/registry.js';
import { readFileSync } from 'node:fs';
import AjvDraft04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { lintText, rulesMeta } from '../../src/api.js';
import type { LintResult } from '../../src/engine/results.js';
import sarif, { FINGERPRINT_KEY, sarifRuleId } from '../../src/formatters/sarif.js';
import { rules } from '../../rules/index.js';
import { hasShared, sharedPath } from '../support/shared.js';

// A CommonJS module: under NodeNext its default import is `module.exports`, whose `default` is the class.
const AjvDraft04 = AjvDraft04Module.default;
// The official schema lives in ../shared; without it (locally) every check below runs but the schema's.
// Formats (uri, date-time) are not checked by ajv without ajv-formats; URIs are checked below.
const validate = hasShared('sarifSchema')
  ? new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
      JSON.parse(readFileSync(sharedPath('sarifSchema'), 'utf8')),
    )
  : undefined;

const cwd = '/work/project';
const context = { rulesMeta: rulesMeta(), cwd };

function render(results: LintResult[]): any {
  const text = sarif(results, context);
  const log = JSON.parse(text);
  if (validate) expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return log;
}

const compose = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n      - '2222:22'\n";

function lintCompose(path = 'deploy/compose.yaml'): LintResult[] {
  return lintText(compose, { filePath: path, useConfigFiles: false, cwd });
}

describe('sarif formatter', () => {
  it('emits a valid log with every rule described', () => {
    const log = render(lintCompose());
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('portlint');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(REGISTRY.map((r) => r.meta.id));
    const insecure = run.tool.driver.rules.find((r: { id: string }) => r.id === 'insecure-protocol');
    const meta = rules.find((r) => r.meta.id === 'insecure-protocol')!.meta;
    expect(insecure).toMatchObject({
      name: 'InsecureProtocol',
      shortDescription: { text: meta.description },
      fullDescription: { text: `${meta.description}.` },
      helpUri: 'https://github.com/portlint/portlint/blob/main/docs/rules/insecure-protocol.md',
      defaultConfiguration: { level: meta.defaultSeverity === 'error' ? 'error' : 'warning' },
      properties: { tags: [meta.category, 'ports'] },
    });
    expect(insecure.help.markdown).toContain(meta.docs.rationale.trim().slice(0, 40));
    expect(insecure.help.text).toContain(meta.description);
  });

  it('gives security rules a security-severity, and marks rules that are off by default as disabled', () => {
    const log = render([]);
    for (const d of log.runs[0].tool.driver.rules) {
      const meta = REGISTRY.find((r) => r.meta.id === d.id)!.meta;
      expect(d.properties['security-severity'] !== undefined).toBe(meta.category === 'security' && !meta.builtin);
      expect(d.defaultConfiguration.enabled === false).toBe(meta.defaultSeverity === 'off');
    }
  });

  it('writes results with rule index, level, message, relative location, region and fingerprint', () => {
    const results = lintCompose();
    const messages = results[0]!.messages;
    const log = render(results);
    const run = log.runs[0];
    expect(run.results).toHaveLength(messages.length);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/project/');
    run.results.forEach((r: any, i: number) => {
      const m = messages[i]!;
      expect(r.ruleId).toBe(m.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(m.ruleId);
      expect(r.level).toBe(m.severity === 2 ? 'error' : 'warning');
      expect(r.message.text).toBe(m.message);
      expect(r.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: 'deploy/compose.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
      });
      expect(r.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('keeps fingerprints across line moves, and distinct for identical findings', () => {
    const a = render(lintCompose()).runs[0].results;
    const moved = lintText(`# header\n\n${compose}`, { filePath: 'deploy/compose.yaml', useConfigFiles: false, cwd });
    const b = render(moved).runs[0].results;
    expect(b.map((r: any) => r.partialFingerprints)).toEqual(a.map((r: any) => r.partialFingerprints));
    expect(b[0].locations[0].physicalLocation.region.startLine).toBe(a[0].locations[0].physicalLocation.region.startLine + 2);
    const twice = render(lintText('FROM alpine\nEXPOSE 23\nEXPOSE 23\n', { filePath: 'Dockerfile', useConfigFiles: false, cwd })).runs[0]
      .results;
    const telnet = twice.filter((r: any) => r.ruleId === 'insecure-protocol');
    expect(telnet).toHaveLength(2);
    expect(telnet[0].partialFingerprints[FINGERPRINT_KEY]).not.toBe(telnet[1].partialFingerprints[FINGERPRINT_KEY]);
  });

  it('includes suppressed findings only when asked, with SARIF suppressions that validate', () => {
    const text =
      "services:\n  ftp:\n    image: ftp\n    ports:\n      # portlint-disable-next-line insecure-protocol -- FTPS only -- see RFC 4217\n      - '21:21'\n      - '23:23' # portlint-disable-line\n";
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    portlint.dev/ignore: host-port\nspec:\n  containers:\n    - name: web\n      image: web\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n';
    const results = [
      ...lintText(text, { filePath: 'compose.yaml', useConfigFiles: false, cwd }),
      ...lintText(pod, { filePath: 'pod.yaml', useConfigFiles: false, cwd }),
    ];
    type Result = {
      ruleId: string;
      ruleIndex: number;
      suppressions?: unknown[];
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    };
    expect((render(results).runs[0].results as Result[]).filter((r) => r.suppressions)).toEqual([]);
    const log = sarif(results, { ...context, sarifIncludeSuppressed: true });
    const parsed = JSON.parse(log);
    if (validate) expect(validate(parsed), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const all = parsed.runs[0].results as Result[];
    const suppressed = all.filter((r) => r.suppressions);
    const at = (r: Result): string =>
      `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`;
    const byPlace = new Map<string, unknown[]>();
    for (const r of suppressed) byPlace.set(`${at(r)} ${r.ruleId}`, r.suppressions ?? []);
    // The reason as written (a second " -- " belongs to it); none given: no justification.
    expect(byPlace.get('compose.yaml:6 insecure-protocol')).toEqual([{ kind: 'inSource', justification: 'FTPS only -- see RFC 4217' }]);
    expect(
      [...byPlace].filter(([k]) => k.startsWith('compose.yaml:7 ')).every(([, v]) => JSON.stringify(v) === '[{"kind":"inSource"}]'),
    ).toBe(true);
    expect([...byPlace.keys()].some((k) => k.startsWith('compose.yaml:7 '))).toBe(true);
    expect(byPlace.get('pod.yaml:13 host-port')).toEqual([{ kind: 'inSource' }]);
    // Every suppressed result names a described rule, and has a fingerprint of its own.
    for (const r of suppressed) expect(parsed.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const prints = all.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('a clean run still has a results array', () => {
    const log = render([
      {
        filePath: 'ok.yaml',
        messages: [],
        errorCount: 0,
        warningCount: 0,
        fatalErrorCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ]);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('gives parse problems and directive reports a rule of their own', () => {
    const broken = lintText('services:\n  web:\n    ports: [\n', { filePath: 'compose.yaml', useConfigFiles: false, cwd });
    const unused = lintText('services:\n  web:\n    image: x # portlint-disable-line host-port\n', {
      filePath: 'compose.yaml',
      useConfigFiles: false,
      cwd,
      reportUnusedDisableDirectives: true,
    });
    const log = render([...broken, ...unused.map((r) => ({ ...r, filePath: 'b/compose.yaml' }))]);
    const run = log.runs[0];
    const byRule = new Set(run.results.map((r: any) => r.ruleId));
    expect(byRule).toEqual(new Set(['parse-error', 'unused-directive']));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(run.tool.driver.rules.find((d: any) => d.id === 'parse-error').helpUri).toMatch(/docs\/builtin\.md#parse-error$/);
    expect(sarifRuleId({ ruleId: null })).toBe('parse-error');
  });

  it('encodes paths as URIs, and files outside the working directory as file: URIs', () => {
    const result = (filePath: string): LintResult[] => [
      {
        filePath,
        messages: [{ ruleId: 'host-port', severity: 1, message: 'm', line: 1, column: 1 }],
        errorCount: 0,
        warningCount: 1,
        fatalErrorCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ];
    const loc = (filePath: string) => render(result(filePath)).runs[0].results[0].locations[0].physicalLocation;
    expect(loc('my dir/a#b.yaml').artifactLocation).toEqual({ uri: 'my%20dir/a%23b.yaml', uriBaseId: '%SRCROOT%' });
    expect(loc('../other/x.yaml').artifactLocation).toEqual({ uri: 'file:///work/other/x.yaml' });
    expect(loc('my dir/a#b.yaml').region).toEqual({ startLine: 1, startColumn: 1 });
    expect(() => new URL(loc('my dir/a#b.yaml').artifactLocation.uri, 'file:///root/')).not.toThrow();
  });

  it('output is the SARIF document alone', () => {
    const text = sarif(lintCompose(), context);
    expect(text.trimStart().startsWith('{')).toBe(true);
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it.skipIf(!validate)('the schema check can fail (a broken log is rejected)', () => {
    const log = JSON.parse(sarif(lintCompose(), context));
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    expect(validate!(log)).toBe(false);
  });
});
