/**
 * Config files are validated as a whole against the generated schema; every problem is reported
 * with the file, line and column, the path inside the file and what is allowed.
 */
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { rules } from '../../rules/index.js';

function problems(text: string, file = '.portlintrc.yaml'): string[] {
  try {
    parseConfigText(text, file, rules);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.split('\n');
  }
  throw new Error('the config was accepted');
}

describe('valid configs', () => {
  it('accepts every documented key, and returns the data', () => {
    const text = [
      '# yaml-language-server: $schema=../schema/portlintrc.schema.json',
      'rules:',
      '  host-port: off',
      '  privileged-port: [warn]',
      '  dynamic-port-range: [error, { range: linux, containerPorts: true }]',
      'settings:',
      '  dynamicPortRange: linux',
      '  nodePortRange: { start: 20000, end: 22767 }',
      'ignorePatterns: [vendor/, "!vendor/keep.yaml"]',
      'overrides:',
      '  - files: "k8s/dev/**"',
      '    excludedFiles: [k8s/dev/prod-like.yaml]',
      '    rules: { host-port: warn }',
      '    settings: { dynamicPortRange: iana }',
      '',
    ].join('\n');
    expect(parseConfigText(text, '.portlintrc.yaml', rules)).toEqual({
      rules: { 'host-port': 'off', 'privileged-port': ['warn'], 'dynamic-port-range': ['error', { range: 'linux', containerPorts: true }] },
      settings: { dynamicPortRange: 'linux', nodePortRange: { start: 20000, end: 22767 } },
      ignorePatterns: ['vendor/', '!vendor/keep.yaml'],
      overrides: [
        {
          files: 'k8s/dev/**',
          excludedFiles: ['k8s/dev/prod-like.yaml'],
          rules: { 'host-port': 'warn' },
          settings: { dynamicPortRange: 'iana' },
        },
      ],
    });
  });

  it('treats an empty file as an empty config, and reads JSON', () => {
    expect(parseConfigText('', '.portlintrc.yaml', rules)).toEqual({});
    expect(parseConfigText('# nothing yet\n', '.portlintrc.yml', rules)).toEqual({});
    expect(parseConfigText('{"rules": {"host-port": "warn"}}', '.portlintrc.json', rules)).toEqual({ rules: { 'host-port': 'warn' } });
  });

  it('reads the portlint key of package.json, and ignores a package.json without one', () => {
    expect(parseConfigText('{"name": "x", "portlint": {"rules": {"host-port": "off"}}}', 'package.json', rules)).toEqual({
      rules: { 'host-port': 'off' },
    });
    expect(parseConfigText('{"name": "x"}', 'package.json', rules)).toBeUndefined();
  });
});

describe('bad configs', () => {
  it('names an unknown rule with "did you mean", at the key', () => {
    expect(problems('rules:\n  host-port: warn\n  privleged-port: warn\n')).toEqual([
      '.portlintrc.yaml:3:3: rules: unknown rule "privleged-port" (did you mean "privileged-port"?)',
    ]);
  });

  it('lists the known rules when nothing is close', () => {
    expect(problems('rules:\n  no-such-thing: warn\n')).toEqual([
      `.portlintrc.yaml:2:3: rules: unknown rule "no-such-thing"; known rules: ${rules.map((r) => r.meta.id).join(', ')}`,
    ]);
  });

  it('explains severities, with a suggestion', () => {
    expect(problems('rules:\n  host-port: warning\n  privileged-port: [of]\n  invalid-port: 2\n')).toEqual([
      '.portlintrc.yaml:2:14: rules.host-port: severity must be "off", "warn" or "error", or a list [severity, options]; got string "warning" (did you mean "warn"?)',
      '.portlintrc.yaml:3:21: rules.privileged-port[0]: severity must be "off", "warn" or "error"; got string "of" (did you mean "off"?)',
      '.portlintrc.yaml:4:17: rules.invalid-port: severity must be "off", "warn" or "error", or a list [severity, options]; got number 2',
    ]);
  });

  it("checks options against the rule's own schema", () => {
    expect(
      problems(
        [
          'rules:',
          '  dynamic-port-range: [warn, { range: bsd, containerPort: true }]',
          '  nodeport-range: [error, { range: { start: 30000 } }]',
          '  invalid-port: [error, { strict: true }]',
          '  host-port: [error, {}, extra]',
          '  privileged-port: [warn, yes]',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '.portlintrc.yaml:2:39: rules.dynamic-port-range[1].range: value must be "iana" or "linux"; got string "bsd"',
      '.portlintrc.yaml:2:44: rules.dynamic-port-range[1]: unknown option "containerPort" of rule "dynamic-port-range" (did you mean "containerPorts"?); allowed: range, containerPorts',
      '.portlintrc.yaml:3:36: rules.nodeport-range[1].range: missing required key "end"',
      '.portlintrc.yaml:4:27: rules.invalid-port[1]: unknown option "strict": rule "invalid-port" has no options',
      '.portlintrc.yaml:5:14: rules.host-port: must be a severity, [severity] or [severity, options]; got a list of 3',
      '.portlintrc.yaml:6:27: rules.privileged-port[1]: must be a mapping; got string "yes"',
    ]);
  });

  it('checks numbers in options', () => {
    expect(problems('rules:\n  nodeport-range: [error, { range: { start: 0, end: 70000 } }]\n')).toEqual([
      '.portlintrc.yaml:2:45: rules.nodeport-range[1].range.start: must be >= 1; got number 0 (see nodeport-range options)',
      '.portlintrc.yaml:2:53: rules.nodeport-range[1].range.end: must be <= 65535; got number 70000 (see nodeport-range options)',
    ]);
  });

  it('names unknown top-level keys, settings and override keys', () => {
    expect(problems('rule:\n  host-port: off\nsettings:\n  dynamicRange: linux\noverrides:\n  - file: "*.yaml"\n')).toEqual([
      '.portlintrc.yaml:1:1: unknown key "rule" (did you mean "rules"?); allowed: $schema, extends, noInlineDisable, rules, settings, ignorePatterns, overrides',
      '.portlintrc.yaml:4:3: settings: unknown key "dynamicRange" (did you mean "dynamicPortRange"?); allowed: dynamicPortRange, nodePortRange',
      '.portlintrc.yaml:6:5: overrides[0]: missing required key "files"',
      '.portlintrc.yaml:6:5: overrides[0]: unknown key "file" (did you mean "files"?); allowed: files, excludedFiles, rules, settings',
    ]);
  });

  it('checks types of globs and lists', () => {
    expect(problems('ignorePatterns: vendor\noverrides:\n  - files: 7\n  - files: []\n  - files: [ok, 3]\n')).toEqual([
      '.portlintrc.yaml:1:17: ignorePatterns: must be a list; got string "vendor"',
      '.portlintrc.yaml:3:12: overrides[0].files: must be a glob or a list of globs; got number 7',
      '.portlintrc.yaml:4:12: overrides[1].files: must be a glob or a list of globs; got a list',
      '.portlintrc.yaml:5:12: overrides[2].files: must be a glob or a list of globs; got a list',
    ]);
  });

  it('names rules inside overrides', () => {
    expect(problems('overrides:\n  - files: "*.env"\n    rules:\n      insecure-protcol: off\n')).toEqual([
      '.portlintrc.yaml:4:7: overrides[0].rules: unknown rule "insecure-protcol" (did you mean "insecure-protocol"?)',
    ]);
  });

  it('a config that is not a mapping', () => {
    expect(problems('- rules\n')).toEqual(['.portlintrc.yaml:1:1: must be a mapping; got a list']);
    expect(problems('"just text"\n')).toEqual(['.portlintrc.yaml:1:1: must be a mapping; got string "just text"']);
  });

  it('YAML syntax errors: file, line and column', () => {
    expect(problems('rules:\n  host-port: off\n bad: [\n')).toEqual([
      '.portlintrc.yaml:3:1: YAML syntax error: All mapping items must start at the same column',
    ]);
    expect(problems('rules:\n  host-port: off\n  host-port: warn\n')).toEqual([
      '.portlintrc.yaml:3:3: YAML syntax error: Map keys must be unique',
    ]);
  });

  it('JSON syntax errors: file, line and column', () => {
    const [message] = problems('{\n  "rules": {\n    "host-port": "off",\n  }\n}\n', '.portlintrc.json');
    expect(message).toMatch(/^\.portlintrc\.json:4:3: JSON syntax error: /);
  });

  it('package.json: the path inside the file starts at "portlint"', () => {
    expect(problems('{\n  "name": "x",\n  "portlint": {"rules": {"host-port": "of"}}\n}\n', 'package.json')).toEqual([
      'package.json:3:39: portlint.rules.host-port: severity must be "off", "warn" or "error", or a list [severity, options]; got string "of" (did you mean "off"?)',
    ]);
  });
});
