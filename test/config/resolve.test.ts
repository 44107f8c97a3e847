/**
 * Which config applies to which file (walk-up, nearest wins, no cascading), overrides and
 * ignorePatterns by glob, settings mapped onto rule options, layering with --rule, caching, and
 * per-file configs through the whole lint (including a project-scope rule).
 */
import { REGISTRY } from '../../src/registry.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calculateConfigForFile, lintFiles } from '../../src/api.js';
import { ConfigResolver, layerRules } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/errors.js';
import { rules } from '../../rules/index.js';

let root: string;

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function resolver(
  options: { configFile?: string; useConfigFiles?: boolean; cliRules?: Record<string, never> } = {},
  cwd = root,
): ConfigResolver {
  return new ConfigResolver({ cwd, rules, ...options });
}

/** `id:severity` of the enabled rules, sorted. */
function enabled(r: ConfigResolver, file: string): string[] {
  return r
    .forFile(file)
    .rules.map((x) => `${x.rule.meta.id}:${x.severity === 2 ? 'error' : 'warn'}`)
    .sort();
}

function optionsOf(r: ConfigResolver, file: string, id: string): unknown {
  return r.forFile(file).rules.find((x) => x.rule.meta.id === id)?.options;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'portlint-config-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const DEFAULTS = rules
  .filter((r) => r.meta.defaultSeverity !== 'off')
  .map((r) => `${r.meta.id}:${r.meta.defaultSeverity}`)
  .sort();

describe('finding the config', () => {
  it('walks up from the linted file to the nearest config', () => {
    write({ '.portlintrc.yaml': 'rules:\n  host-port: off\n' });
    const r = resolver();
    expect(r.forFile('k8s/prod/deploy.yaml').configFile).toBe('.portlintrc.yaml');
    expect(enabled(r, 'k8s/prod/deploy.yaml')).not.toContain('host-port:warn');
    expect(enabled(r, 'k8s/prod/deploy.yaml')).toEqual(DEFAULTS.filter((d) => !d.startsWith('host-port:')));
  });

  it('the nearest config wins and does not cascade', () => {
    write({ '.portlintrc.yaml': 'rules:\n  host-port: off\n', 'legacy/.portlintrc.yml': 'rules:\n  privileged-port: off\n' });
    const r = resolver();
    expect(r.forFile('legacy/deploy.yaml').configFile).toBe('legacy/.portlintrc.yml');
    const legacy = enabled(r, 'legacy/deploy.yaml');
    expect(legacy.some((d) => d.startsWith('host-port:'))).toBe(true);
    expect(legacy.some((d) => d.startsWith('privileged-port:'))).toBe(false);
  });

  it('takes the first name in a directory, and skips a package.json without "portlint"', () => {
    write({
      '.portlintrc.json': '{"rules": {"host-port": "error"}}',
      'portlint.config.yaml': 'rules:\n  host-port: off\n',
      'app/package.json': '{"name": "app"}',
      'lib/package.json': '{"name": "lib", "portlint": {"rules": {"host-port": "off"}}}',
    });
    const r = resolver();
    expect(r.forFile('deploy.yaml').configFile).toBe('.portlintrc.json');
    expect(r.forFile('app/deploy.yaml').configFile).toBe('.portlintrc.json');
    expect(r.forFile('lib/deploy.yaml').configFile).toBe('lib/package.json');
    expect(enabled(r, 'lib/deploy.yaml').some((d) => d.startsWith('host-port:'))).toBe(false);
  });

  it('passes over a directory that has a config file’s name', () => {
    write({
      'svc/.portlintrc.yaml/notes.txt': 'not a config\n',
      'svc/package.json': '{"name": "svc", "portlint": {"rules": {"host-port": "off"}}}',
      'svc/deep/.portlintrc.yml/notes.txt': 'not a config\n',
    });
    const r = resolver();
    expect(r.forFile('svc/deploy.yaml').configFile).toBe('svc/package.json');
    expect(r.forFile('svc/deep/deploy.yaml').configFile).toBe('svc/package.json');
  });

  it('--config replaces the search; --no-config ignores config files', () => {
    write({ '.portlintrc.yaml': 'rules:\n  host-port: off\n', 'ci/strict.yaml': 'rules:\n  host-port: error\n' });
    expect(enabled(resolver({ configFile: 'ci/strict.yaml' }), 'deploy.yaml')).toContain('host-port:error');
    expect(resolver({ configFile: 'ci/strict.yaml' }).forFile('deploy.yaml').configFile).toBe('ci/strict.yaml');
    expect(enabled(resolver({ useConfigFiles: false }), 'deploy.yaml')).toEqual(DEFAULTS);
    expect(resolver({ useConfigFiles: false }).forFile('deploy.yaml').configFile).toBeUndefined();
  });

  it('a missing --config file is a config error', () => {
    expect(() => resolver({ configFile: 'nope.yaml' })).toThrow(new ConfigError('nope.yaml: cannot read config file: no such file'));
  });

  it('a bad config stops resolution with its messages', () => {
    write({ 'sub/.portlintrc.yaml': 'rules:\n  hostport: off\n' });
    const r = resolver();
    expect(() => r.forFile('sub/x.yaml')).toThrow('sub/.portlintrc.yaml:2:3: rules: unknown rule "hostport" (did you mean "host-port"?)');
  });

  it('reports unknown --rule ids up front', () => {
    expect(() => new ConfigResolver({ cwd: root, rules, cliRules: { 'host-prot': 'off' } })).toThrow(
      '--rule: unknown rule "host-prot" (did you mean "host-port"?)',
    );
  });
});

describe('overrides and ignorePatterns', () => {
  it('overrides match globs relative to the config file, in order', () => {
    write({
      'repo/.portlintrc.yaml': [
        'rules:',
        '  host-port: error',
        'overrides:',
        '  - files: "k8s/**"',
        '    rules: { host-port: warn }',
        '  - files: ["*.env", "k8s/dev/*.yaml"]',
        '    excludedFiles: k8s/dev/keep.yaml',
        '    rules: { host-port: off }',
        '',
      ].join('\n'),
    });
    const r = resolver();
    expect(enabled(r, 'repo/deploy.yaml')).toContain('host-port:error');
    expect(enabled(r, 'repo/k8s/deploy.yaml')).toContain('host-port:warn');
    expect(enabled(r, 'repo/other/k8s/deploy.yaml')).toContain('host-port:error');
    expect(enabled(r, 'repo/k8s/dev/a.yaml').some((d) => d.startsWith('host-port'))).toBe(false);
    expect(enabled(r, 'repo/k8s/dev/keep.yaml')).toContain('host-port:warn');
    expect(enabled(r, 'repo/svc/.env').some((d) => d.startsWith('host-port'))).toBe(false);
  });

  it('with --config, globs are relative to the working directory', () => {
    write({ 'configs/portlint.yaml': 'overrides:\n  - files: "k8s/**"\n    rules: { host-port: off }\n' });
    const r = resolver({ configFile: 'configs/portlint.yaml' });
    expect(enabled(r, 'k8s/deploy.yaml').some((d) => d.startsWith('host-port'))).toBe(false);
    expect(enabled(r, 'configs/k8s/deploy.yaml').some((d) => d.startsWith('host-port'))).toBe(true);
  });

  it('ignorePatterns mark files ignored, relative to the config file', () => {
    write({ 'repo/.portlintrc.yaml': 'ignorePatterns: [vendor/, "/generated.yaml", "!vendor/ours.yaml"]\n' });
    const r = resolver();
    expect(r.forFile('repo/vendor/x/deploy.yaml').ignored).toBe(true);
    expect(r.forFile('repo/vendor/ours.yaml').ignored).toBe(false);
    expect(r.forFile('repo/generated.yaml').ignored).toBe(true);
    expect(r.forFile('repo/sub/generated.yaml').ignored).toBe(false);
  });

  it('caches the resolved rules per config and set of matching overrides', () => {
    write({ '.portlintrc.yaml': 'overrides:\n  - files: "k8s/**"\n    rules: { host-port: off }\n' });
    const r = resolver();
    expect(r.forFile('k8s/a.yaml').rules).toBe(r.forFile('k8s/b/c.yaml').rules);
    expect(r.forFile('a.yaml').rules).toBe(r.forFile('b/c.yaml').rules);
    expect(r.forFile('a.yaml').rules).not.toBe(r.forFile('k8s/a.yaml').rules);
    // Each config file is read once per run.
    write({ '.portlintrc.yaml': 'rules: { nope: off }\n' });
    expect(() => r.forFile('x/y/z.yaml')).not.toThrow();
  });
});

describe('settings and layering', () => {
  it('settings set the mapped rule options; explicit options win', () => {
    write({
      '.portlintrc.yaml': [
        'settings:',
        '  dynamicPortRange: linux',
        '  nodePortRange: { start: 20000, end: 22767 }',
        'overrides:',
        '  - files: "lab/**"',
        '    rules:',
        '      dynamic-port-range: [warn, { range: iana }]',
        '  - files: "edge/**"',
        '    settings: { dynamicPortRange: iana }',
        '',
      ].join('\n'),
    });
    const r = resolver();
    expect(optionsOf(r, 'a.yaml', 'dynamic-port-range')).toEqual({ range: 'linux', containerPorts: false });
    expect(optionsOf(r, 'a.yaml', 'nodeport-range')).toEqual({ range: { start: 20000, end: 22767 } });
    expect(optionsOf(r, 'lab/a.yaml', 'dynamic-port-range')).toEqual({ range: 'iana', containerPorts: false });
    expect(optionsOf(r, 'edge/a.yaml', 'dynamic-port-range')).toEqual({ range: 'iana', containerPorts: false });
  });

  it('a severity alone keeps the options set below it; [severity, options] replaces them', () => {
    const layered = layerRules(rules, {}, [
      { 'dynamic-port-range': ['warn', { containerPorts: true }] },
      { 'dynamic-port-range': 'error' },
    ]);
    expect(layered['dynamic-port-range']).toEqual(['error', { containerPorts: true }]);
    const replaced = layerRules(rules, {}, [
      { 'dynamic-port-range': ['warn', { containerPorts: true }] },
      { 'dynamic-port-range': ['error', { range: 'linux' }] },
    ]);
    expect(replaced['dynamic-port-range']).toEqual(['error', { range: 'linux' }]);
  });

  it('settings alone keep the default severity, even of a rule that is off by default', () => {
    const layered = layerRules(rules, { nodePortRange: { start: 1, end: 2 } }, []);
    expect(layered['nodeport-range']).toEqual([
      rules.find((r) => r.meta.id === 'nodeport-range')!.meta.defaultSeverity,
      { range: { start: 1, end: 2 } },
    ]);
  });

  it('--rule wins over config and overrides', () => {
    write({ '.portlintrc.yaml': 'rules:\n  host-port: off\noverrides:\n  - files: "*.yaml"\n    rules: { host-port: off }\n' });
    const r = new ConfigResolver({ cwd: root, rules, cliRules: { 'host-port': 'error' } });
    expect(enabled(r, 'deploy.yaml')).toContain('host-port:error');
  });

  it('calculateConfigForFile shows the file, config, overrides, settings and every rule', () => {
    write({ '.portlintrc.yaml': 'settings: { dynamicPortRange: linux }\noverrides:\n  - files: "*.env"\n    rules: { host-port: off }\n' });
    const c = calculateConfigForFile('app/.env', { cwd: root });
    expect(c).toMatchObject({
      file: 'app/.env',
      configFile: '.portlintrc.yaml',
      ignored: false,
      overrides: [0],
      settings: { dynamicPortRange: 'linux' },
    });
    expect(c.rules['host-port']).toBe('off');
    expect(c.rules['dynamic-port-range']).toEqual(['warn', { range: 'linux', containerPorts: false }]);
    expect(Object.keys(c.rules).sort()).toEqual(REGISTRY.map((r) => r.meta.id).sort());
  });
});

describe('per-file config through lintFiles', () => {
  const DEPLOY =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          ports:\n            - containerPort: 8080\n              name: web\n';
  const SVC = (name: string) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n`;

  it('skips ignored files and applies overrides per file, for project-scope rules too', async () => {
    write({
      '.portlintrc.yaml': 'ignorePatterns: [generated/]\noverrides:\n  - files: legacy/**\n    rules: { unresolved-port-reference: off }\n',
      'deploy.yaml': DEPLOY,
      'svc.yaml': SVC('a'),
      'legacy/svc.yaml': SVC('b'),
      'generated/svc.yaml': SVC('c'),
    });
    const { results } = await lintFiles(['.'], { cwd: root });
    expect(results.map((r) => r.filePath)).toEqual(['deploy.yaml', 'legacy/svc.yaml', 'svc.yaml']);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}`));
    expect(found).toEqual(['svc.yaml:9 unresolved-port-reference']);
  });

  it('a project-scope rule with different options per file runs once per setting', async () => {
    write({
      '.portlintrc.yaml':
        'overrides:\n  - files: strict/**\n    rules: { unresolved-port-reference: [warn, { checkNumericTargetPorts: true }] }\n',
      'deploy.yaml': DEPLOY,
      'svc.yaml': SVC('a'),
      'strict/svc.yaml': SVC('b'),
      // One kustomize build, so the Service in strict/ meets the Deployment at the root.
      'kustomization.yaml': 'resources: [deploy.yaml, svc.yaml, strict/svc.yaml]\n',
    });
    const { results } = await lintFiles(['.'], { cwd: root });
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId} ${m.severity}`));
    expect(found).toEqual(['strict/svc.yaml:9 unresolved-port-reference 1', 'svc.yaml:9 unresolved-port-reference 2']);
  });
});
