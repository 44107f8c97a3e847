/**
 * `extends:` (files, npm packages, presets), its errors (cycles, missing targets, JavaScript), and
 * `noInlineDisable` through the whole lint, on one thread and in the worker pool.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calculateConfigForFile, lintFiles } from '../../src/api.js';
import { splitPackage } from '../../src/config/extends.js';
import { OPT_IN_OPTIONS, RELAXING_OPTIONS } from '../../src/config/presets.js';
import { ConfigResolver } from '../../src/config/resolve.js';
import { rules } from '../../rules/index.js';

let root: string;

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const resolver = (): ConfigResolver => new ConfigResolver({ cwd: root, rules });
const setting = (file: string, id: string): unknown => calculateConfigForFile(file, { cwd: root }).rules[id];
const configError = (file: string): string => {
  try {
    resolver().forFile(file);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'portlint-extends-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('extends: files', () => {
  it('layers the extended config under the file: a severity alone keeps the options below', () => {
    write({
      'org/base.yaml':
        'rules:\n  host-port: off\n  nodeport-range: [warn, { range: { start: 20000, end: 22000 } }]\nsettings:\n  dynamicPortRange: linux\n',
      'app/.portlintrc.yaml': 'extends: ../org/base.yaml\nrules:\n  nodeport-range: error\n',
    });
    expect(setting('app/deploy.yaml', 'host-port')).toBe('off');
    expect(setting('app/deploy.yaml', 'nodeport-range')).toEqual(['error', { range: { start: 20000, end: 22000 } }]);
    expect(setting('app/deploy.yaml', 'dynamic-port-range')).toEqual(['warn', { range: 'linux', containerPorts: false }]);
    expect(calculateConfigForFile('app/deploy.yaml', { cwd: root }).extends).toEqual(['org/base.yaml']);
  });

  it('expands nested extends depth-first, each relative to its own file, and takes their ignorePatterns and overrides', async () => {
    write({
      'org/root.json': '{"rules": {"host-port": "off"}}',
      'org/mid.yaml':
        'extends: [./root.json]\nignorePatterns: [generated/]\noverrides:\n  - files: legacy/**\n    rules: { insecure-protocol: off }\n',
      '.portlintrc.yaml': 'extends: ./org/mid.yaml\n',
      'generated/compose.yaml': "services:\n  a:\n    ports: ['21:21']\n",
      'legacy/compose.yaml': "services:\n  a:\n    ports: ['21:21']\n",
    });
    expect(calculateConfigForFile('x.yaml', { cwd: root }).extends).toEqual(['org/root.json', 'org/mid.yaml']);
    expect(setting('x.yaml', 'host-port')).toBe('off');
    const { results } = await lintFiles(['generated', 'legacy'], { cwd: root });
    expect(results.map((r) => [r.filePath, r.messages.filter((m) => m.ruleId === 'insecure-protocol').length])).toEqual([
      ['legacy/compose.yaml', 0],
    ]);
  });
});

describe('extends: npm packages', () => {
  it('finds a package from the config file’s folder up, and reads its portlint.yaml', () => {
    write({
      'node_modules/@acme/portlint-config/package.json': '{"name": "@acme/portlint-config", "main": "index.js"}',
      'node_modules/@acme/portlint-config/portlint.yaml': 'rules:\n  host-port: error\n',
      'node_modules/@acme/portlint-config/strict.json': '{"rules": {"privileged-port": "error"}}',
      'services/api/.portlintrc.yaml': 'extends:\n  - "@acme/portlint-config"\n  - "@acme/portlint-config/strict.json"\n',
    });
    expect(setting('services/api/pod.yaml', 'host-port')).toEqual(['error', { daemonSets: false }]);
    expect((setting('services/api/pod.yaml', 'privileged-port') as unknown[])[0]).toBe('error');
    expect(calculateConfigForFile('services/api/pod.yaml', { cwd: root }).extends).toEqual([
      'node_modules/@acme/portlint-config/portlint.yaml',
      'node_modules/@acme/portlint-config/strict.json',
    ]);
  });

  it('reads the "portlint" key of the package’s package.json when it has no portlint.yaml', () => {
    write({
      'node_modules/portlint-config-acme/package.json': '{"name": "portlint-config-acme", "portlint": {"rules": {"host-port": "off"}}}',
      '.portlintrc.json': '{"extends": "portlint-config-acme"}',
    });
    expect(setting('pod.yaml', 'host-port')).toBe('off');
  });

  it('says which package is missing, from where, and how to install it', () => {
    write({ 'app/.portlintrc.yaml': 'rules: {}\nextends:\n  - portlint:recommended\n  - "@acme/portlint-config"\n' });
    expect(configError('app/pod.yaml')).toBe(
      `app/.portlintrc.yaml:4:5: extends "@acme/portlint-config": cannot find package "@acme/portlint-config" from ${join(root, 'app')} (install it: npm install --save-dev @acme/portlint-config)`,
    );
  });

  it('splits scoped and plain names from a path inside the package', () => {
    expect(splitPackage('@acme/portlint-config/strict.yaml')).toEqual({ name: '@acme/portlint-config', subpath: 'strict.yaml' });
    expect(splitPackage('portlint-config-acme')).toEqual({ name: 'portlint-config-acme', subpath: '' });
  });
});

describe('extends: configs are data', () => {
  it('refuses a .js target with a clear error, and never runs it', () => {
    write({
      'base.js': `require('fs').writeFileSync(${JSON.stringify(join(root, 'ran'))}, 'x'); module.exports = { rules: {} };`,
      '.portlintrc.yaml': 'extends: ./base.js\n',
    });
    expect(configError('pod.yaml')).toBe(
      `.portlintrc.yaml:1:10: extends "./base.js": ${join(root, 'base.js')} is not a YAML or JSON file. portlint configs are data and portlint never runs JavaScript from a config; extend a .yaml, .yml or .json file`,
    );
    expect(existsSync(join(root, 'ran'))).toBe(false);
  });

  it('never loads a package’s JavaScript: a package with only a main script has no config', () => {
    write({
      'node_modules/evil-config/package.json': '{"name": "evil-config", "main": "index.js"}',
      'node_modules/evil-config/index.js': `require('fs').writeFileSync(${JSON.stringify(join(root, 'ran'))}, 'x');`,
      '.portlintrc.yaml': 'extends: evil-config\n',
    });
    expect(configError('pod.yaml')).toContain(
      '.portlintrc.yaml:1:10: extends "evil-config": node_modules/evil-config/package.json has no "portlint" key',
    );
    write({ '.portlintrc.yaml': 'extends: evil-config/index.js\n' });
    expect(configError('pod.yaml')).toContain('is not a YAML or JSON file');
    expect(existsSync(join(root, 'ran'))).toBe(false);
  });
});

describe('extends: errors', () => {
  it('a cycle names the entry and the chain', () => {
    write({ '.portlintrc.yaml': 'extends: ./a.yaml\n', 'a.yaml': 'extends: ./b.yaml\n', 'b.yaml': 'rules: {}\nextends: [./a.yaml]\n' });
    expect(configError('pod.yaml')).toBe('b.yaml:2:11: extends "./a.yaml" makes a cycle: a.yaml → b.yaml → a.yaml');
  });

  it('a missing file, an unknown preset and a bad entry in the extended file name their file and line', () => {
    write({ '.portlintrc.yaml': 'extends: ./nope.yaml\n' });
    expect(configError('pod.yaml')).toBe(`.portlintrc.yaml:1:10: extends "./nope.yaml": no such file ${join(root, 'nope.yaml')}`);
    write({ '.portlintrc.yaml': 'extends: portlint:strict\n' });
    expect(configError('pod.yaml')).toBe(
      '.portlintrc.yaml:1:10: extends "portlint:strict": no such preset (use portlint:recommended or portlint:all)',
    );
    write({ '.portlintrc.yaml': 'extends: ./base.yaml\n', 'base.yaml': 'rules:\n  host-prot: off\n' });
    expect(configError('pod.yaml')).toBe('base.yaml:2:3: rules: unknown rule "host-prot" (did you mean "host-port"?)');
    write({ '.portlintrc.yaml': 'extends: 3\n' });
    expect(configError('pod.yaml')).toBe('.portlintrc.yaml:1:10: extends: must be a config or a list of configs; got number 3');
  });
});

describe('presets', () => {
  it('portlint:recommended is the defaults; portlint:all turns every rule and opt-in on', () => {
    write({ 'rec/.portlintrc.yaml': 'extends: portlint:recommended\n', 'all/.portlintrc.yaml': 'extends: portlint:all\n' });
    const defaults = calculateConfigForFile('x.yaml', { cwd: root, useConfigFiles: false }).rules;
    expect(calculateConfigForFile('rec/x.yaml', { cwd: root }).rules).toEqual(defaults);
    const all = calculateConfigForFile('all/x.yaml', { cwd: root }).rules;
    for (const r of rules) expect(all[r.meta.id], r.meta.id).not.toBe('off');
    expect(all['unbound-host-interface']).toEqual(['warn', { reportWildcard: true }]);
    expect(all['privileged-port']).toEqual(['warn', { rootlessDocker: true, unprivilegedPods: false }]);
  });

  it('every boolean option that is off by default is placed: an opt-in of portlint:all or a relaxation', () => {
    for (const r of rules) {
      const properties = (r.meta.schema.properties ?? {}) as Record<string, { type?: string }>;
      for (const [name, schema] of Object.entries(properties)) {
        if (schema.type !== 'boolean' || (r.meta.defaultOptions as Record<string, unknown>)[name] !== false) continue;
        const placed = OPT_IN_OPTIONS[r.meta.id]?.[name] === true || RELAXING_OPTIONS[r.meta.id]?.includes(name);
        expect(placed, `${r.meta.id}.${name}`).toBe(true);
      }
    }
  });
});

describe('noInlineDisable', () => {
  const SUPPRESSED =
    "services:\n  ftp:\n    image: ftp\n    ports:\n      # portlint-disable-next-line insecure-protocol, exposed-sensitive-port -- legacy\n      - '21:21'\n      # portlint-disable-next-line insecure-protocol, exposed-sensitive-port\n      - '3306:3306'\n";

  async function found(concurrency: 'off' | number): Promise<string[]> {
    const { results } = await lintFiles(['app', 'free'], { cwd: root, concurrency });
    return results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}`));
  }

  it('keeps findings of mandated rules whatever inline comments say, on one thread and in workers', async () => {
    write({
      'org.yaml': 'noInlineDisable: [insecure-protocol]\n',
      'app/.portlintrc.yaml': 'extends: ../org.yaml\n',
      'app/compose.yaml': SUPPRESSED,
      'free/compose.yaml': SUPPRESSED,
    });
    // Mandated insecure-protocol is reported in app/; exposed-sensitive-port stays suppressed; free/ is not under the org config.
    const expected = ['app/compose.yaml:6 insecure-protocol', 'app/compose.yaml:8 insecure-protocol'];
    expect(await found('off')).toEqual(expected);
    expect(await found(2)).toEqual(expected);
    expect(calculateConfigForFile('app/compose.yaml', { cwd: root }).noInlineDisable).toEqual(['insecure-protocol']);
  });

  it('adds up over extends: a config cannot take back what it extends', () => {
    write({
      'org.yaml': 'noInlineDisable: [insecure-protocol]\n',
      '.portlintrc.yaml': 'extends: ./org.yaml\nnoInlineDisable: [host-port]\n',
    });
    expect(calculateConfigForFile('x.yaml', { cwd: root }).noInlineDisable.sort()).toEqual(['host-port', 'insecure-protocol']);
  });

  it('names an unknown rule', () => {
    write({ '.portlintrc.yaml': 'noInlineDisable: [insecure-protocl]\n' });
    expect(configError('x.yaml')).toMatch(
      /^\.portlintrc\.yaml:1:19: noInlineDisable\[0\]: value must be .*\(did you mean "insecure-protocol"\?\)$/,
    );
  });
});
