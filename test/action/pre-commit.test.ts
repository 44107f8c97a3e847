/**
 * The pre-commit hook's `files` regex must select exactly the files portlint reads: portlint lints
 * every file it is handed, so a regex wider than `isLintable` would lint a README as a Dockerfile.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isLintable } from '../../src/parsers/index.js';
import { corpusPresent } from '../support/corpus.js';
import { sharedPath } from '../support/shared.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(new URL('../../.pre-commit-hooks.yaml', import.meta.url), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'portlint');

/** pre-commit compiles `files` with Python's `re` and calls `search`; `(?i)` becomes the `i` flag here. */
function hookRegex(): RegExp {
  const source = hook!.files;
  expect(source.startsWith('(?i)')).toBe(true);
  return new RegExp(source.slice(4), 'i');
}

const NAMES = [
  'compose.yaml', 'docker-compose.yml', 'k8s/deploy.YAML', 'chart/templates/svc.yaml', 'a.yaml.bak',
  'Dockerfile', 'dockerfile', 'Containerfile', 'Dockerfile.prod', 'Dockerfile-alpine', 'Dockerfile_dev', 'api.Dockerfile',
  'build/web.containerfile', 'Dockerfile.dockerignore', 'Dockerfile.template', 'Dockerfile.md', 'Dockerfile.env', 'Dockerfiles/x',
  'docs/Dockerfile.j2', 'MyDockerfile', 'Dockerfile.', 'Dockerfile..', '.env', '.env.production', '.env.example', '.env-example',
  '.env_sample', '.env.', '.envrc', '.envrc.local', 'app.env', 'defaults.env', 'app.env.example', 'env.list', 'env-example',
  'env.example', 'env', 'environment.yml', '.env.js', 'config.env.ts', 'app.env.json', '.env.d', 'README.md', 'package.json',
  'src/main.ts', 'Makefile', 'x/.env/y', '.env/x.txt', 'env.sh', 'a.envy', 'envfile',
];

describe('.pre-commit-hooks.yaml', () => {
  it('runs the portlint bin as a node hook, all files in one run', () => {
    expect(hook).toMatchObject({ entry: 'portlint', language: 'node', require_serial: true });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hook!.entry);
  });

  it('selects exactly the files portlint reads, by name', () => {
    const re = hookRegex();
    for (const name of NAMES) expect(re.test(name), name).toBe(isLintable(name));
    expect(NAMES.filter((n) => isLintable(n)).length).toBeGreaterThan(20);
    expect(NAMES.filter((n) => !isLintable(n)).length).toBeGreaterThan(20);
  });

  it.skipIf(!corpusPresent)('agrees with isLintable on every path of the real-world corpus', () => {
    const re = hookRegex();
    const paths = readFileSync(sharedPath('corpus'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[2]);
    const disagree = paths.filter((p) => re.test(p) !== isLintable(p));
    expect(disagree).toEqual([]);
  });

  it('agrees with isLintable on generated names', () => {
    const re = hookRegex();
    const part = fc.constantFrom('docker', 'Docker', 'container', 'file', 'File', 'env', 'ENV', 'rc', 'yaml', 'yml', 'example', 'prod', 'md', 'json', 'js', 'd', 'j2', 'x', 'app');
    const sep = fc.constantFrom('.', '-', '_', '', '/');
    const name = fc.array(fc.tuple(sep, part), { minLength: 1, maxLength: 5 }).map((xs) => xs.map(([s, p]) => s + p).join(''));
    fc.assert(
      fc.property(name, (n) => re.test(n) === isLintable(n)),
      { numRuns: 5000 },
    );
  });
});
