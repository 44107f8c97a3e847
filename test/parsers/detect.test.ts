import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { kindFromContent, kindFromPath, LINTABLE_NAME_GLOBS, notDotenv, yamlKindOf, type FileKind } from '../../src/parsers/detect.js';
import { CORPUS, corpusPresent } from '../support/corpus.js';
import { sharedPath } from '../support/shared.js';

/** Whether a directory walk asks for the path (`LINTABLE_NAME_GLOBS`, matched as fast-glob does with `dot`). */
const walkAsksFor = picomatch([...LINTABLE_NAME_GLOBS], { dot: true });

function expectKinds(kind: FileKind, names: string[]): void {
  for (const name of names) {
    expect(kindFromPath(name), name).toBe(kind);
    if (kind !== null) expect(walkAsksFor(`deploy/.env.d/${name}`), `a walk asks for ${name}`).toBe(true);
    // The directory never matters, with either separator.
    expect(kindFromPath(`deploy/.env.d/Dockerfile.d/${name}`), `in a directory: ${name}`).toBe(kind);
    expect(kindFromPath(`C:\\src\\app\\${name}`), `windows path: ${name}`).toBe(kind);
  }
}

describe('kindFromPath', () => {
  it('YAML by extension, whatever the name', () => {
    expectKinds('yaml', [
      'deployment.yaml',
      'docker-compose.yml',
      'compose.yaml',
      'values.YML',
      'environment.yml',
      '.env.yml',
      '.env.production.yaml',
      'Dockerfile.yml',
      'app.env.yaml',
      '.gitlab-ci.yml',
    ]);
  });

  it('Dockerfiles by their naming conventions', () => {
    expectKinds('dockerfile', [
      'Dockerfile',
      'dockerfile',
      'DOCKERFILE',
      'Containerfile',
      'Dockerfile.alpine',
      'Dockerfile.arm64',
      'Dockerfile.3.9',
      'Dockerfile.with_tides',
      'Dockerfile-alpine',
      'Dockerfile-1.0.47',
      'Dockerfile-WINDOWS_LTSC2022',
      'Dockerfile_dev',
      'base.dockerfile',
      'android.Dockerfile',
      'clickhouse-odbc.Dockerfile',
      'app.containerfile',
      'Containerfile.fedora',
      'Containerfile-rhel9',
      // The Dockerfile.<variant> convention wins over the *.env suffix.
      'Dockerfile.env',
    ]);
  });

  it('env files by their naming conventions', () => {
    expectKinds('env', [
      '.env',
      '.env.production',
      '.env.example',
      '.env.local',
      '.env.override.with.default',
      '.env.raw',
      '.ENV',
      '.env-example',
      '.env_sample',
      'env.example',
      'env.sample',
      'env-example',
      'env.list',
      'defaults.env',
      'app.env',
      'utf8-bom.env',
      'docker.env',
      'app.env.example',
      'prod.env.local',
    ]);
  });

  it('nothing for names that only look alike', () => {
    expectKinds(null, [
      '.envrc',
      '.envrc.example',
      'environment',
      'env',
      'env.sh',
      '.env.js',
      '.env.json',
      'config.env.ts',
      'env.d.ts',
      '.env.d',
      'Dockerfile.dockerignore',
      '.dockerignore',
      'Dockerfile.template',
      'Dockerfile.j2',
      'Dockerfile.md',
      'Dockerfiles',
      'MyDockerfile',
      'docker-compose',
      'README.md',
      'Makefile',
      'values.yaml.golden',
      'full-example.yaml.golden',
      'composefile',
      'Procfile',
      'env.example.json',
    ]);
  });

  it('nothing for an empty path or a directory path', () => {
    expect(kindFromPath('')).toBeNull();
    expect(kindFromPath('/')).toBeNull();
    expect(kindFromPath('images/Dockerfile/')).toBe('dockerfile');
  });
});

describe('kindFromContent', () => {
  it('recognises a Dockerfile by its FROM (ARG and comments may come first)', () => {
    expect(kindFromContent('FROM alpine\nEXPOSE 80\n')).toBe('dockerfile');
    expect(kindFromContent('# syntax=docker/dockerfile:1\nARG V=1\n\nfrom node:${V}\n')).toBe('dockerfile');
    expect(kindFromContent('\uFEFFFROM scratch\r\n')).toBe('dockerfile');
  });

  it('recognises env content by its KEY= lines', () => {
    expect(kindFromContent('PORT=8080\n# comment\nexport DB_PORT=5432\nNAME="a b"\n')).toBe('env');
    expect(kindFromContent('A=1\n')).toBe('env');
  });

  it('falls back to YAML', () => {
    expect(kindFromContent('apiVersion: v1\nkind: Service\n')).toBe('yaml');
    expect(kindFromContent('services:\n  web:\n    image: x\n')).toBe('yaml');
    expect(kindFromContent('')).toBe('yaml');
    // An embedded Dockerfile in a ConfigMap is still YAML.
    expect(kindFromContent('kind: ConfigMap\ndata:\n  Dockerfile: |\n    FROM alpine\n')).toBe('yaml');
    // One KEY= line among YAML is not an env file.
    expect(kindFromContent('A=1\nkey: value\nother: x\n')).toBe('yaml');
    // An ARG line without any FROM is not a Dockerfile.
    expect(kindFromContent('ARG X=1\n')).not.toBe('dockerfile');
  });
});

const MANIFEST = sharedPath('corpus');

describe.skipIf(!corpusPresent)('kindFromPath over the corpus manifest', () => {
  it('puts every dockerfile, env, k8s, compose and other-yaml file in its family', () => {
    const family: Record<string, FileKind> = { dockerfile: 'dockerfile', env: 'env', k8s: 'yaml', compose: 'yaml', 'other-yaml': 'yaml' };
    const rows = readFileSync(MANIFEST, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((r) => r.split('\t'));
    const misses = rows
      .filter(([, , path, kind]) => kindFromPath(path!) !== family[kind!])
      .map(([repo, , path, kind]) => `${kind} ${repo}/${path}`);
    // The one known miss is a test "golden" file named `*.yaml.golden`: not a naming convention.
    expect(misses).toEqual(['compose docker/cli/cli/compose/loader/testdata/full-example.yaml.golden']);
    expect(rows.length).toBeGreaterThan(4000);
    // A directory walk asks for every path of the corpus that portlint reads.
    const unasked = rows.map((r) => `${r[0]}/${r[2]}`).filter((path) => kindFromPath(path) !== null && !walkAsksFor(path));
    expect(unasked).toEqual([]);
  });
});

describe('yamlKindOf: the format of a YAML file before it is parsed', () => {
  it('Kubernetes by top-level apiVersion and kind, in any document', () => {
    expect(yamlKindOf('apiVersion: v1\nkind: Service\n', 'svc.yaml')).toBe('kubernetes');
    expect(yamlKindOf('# c\n---\nfoo: 1\n---\n"apiVersion": apps/v1\nkind: Deployment\n', 'x.yml')).toBe('kubernetes');
    // Nested or in a block scalar, they do not count.
    expect(yamlKindOf('spec:\n  apiVersion: v1\n  kind: Pod\n', 'x.yaml')).toBeNull();
    expect(yamlKindOf('doc: |\n  apiVersion: v1\n  kind: Pod\n', 'x.yaml')).toBeNull();
  });

  it('Compose by name or by a top-level services key', () => {
    expect(yamlKindOf('x: [broken\n', 'docker-compose.prod.yml')).toBe('compose');
    expect(yamlKindOf('', 'compose.yaml')).toBe('compose');
    expect(yamlKindOf('services:\n  web:\n    image: nginx\n', 'stack.yml')).toBe('compose');
  });

  it('a Helm chart by its Chart.yaml', () => {
    expect(yamlKindOf('apiVersion: v2\nname: podinfo\nversion: 1.0.0\n', 'charts/podinfo/Chart.yaml')).toBe('helm-chart');
    expect(yamlKindOf('apiVersion: v2\nname: podinfo\n', 'charts/podinfo/chart.yaml')).toBeNull();
  });

  it('anything else is none of ours: workflows, OpenAPI, CI configs, values, test data', () => {
    expect(yamlKindOf('name: CI\non: [push]\njobs:\n  build:\n    services:\n      db: {}\n', '.github/workflows/ci.yml')).toBeNull();
    expect(yamlKindOf('openapi: 3.0.0\npaths: {}\n', 'api.yaml')).toBeNull();
    expect(yamlKindOf('replicaCount: 1\nservice:\n  port: 80\n', 'values.yaml')).toBeNull();
    expect(yamlKindOf('parts:\n  kompose:\n    {{ broken\n', 'snap/snapcraft.yaml')).toBeNull();
  });
});

describe('notDotenv: a file named like an env file whose content is something else', () => {
  it('a unified diff', () => {
    const diff =
      'diff --git i/.env.example w/.env.example\nindex d3c..94a 100644\n--- i/.env.example\n+++ w/.env.example\n@@ -66,7 +66,7 @@ NGINX_PORT=80\n NGINX_SSLPORT=443\n-A=1\n+A=2\n';
    expect(notDotenv(diff)).toEqual({ readsAs: 'a unified diff', line: 1 });
  });

  it('a shell script: a #! line, control structures or functions', () => {
    expect(notDotenv('#!/bin/bash\nexport A=1\n')).toEqual({ readsAs: 'a shell script', line: 1 });
    expect(notDotenv('export A=1\nif [ -z "$B" ]; then\n  B=2\nfi\n')).toEqual({ readsAs: 'a shell script', line: 2 });
    expect(notDotenv('A=1\nsetup() {\n  echo hi\n}\n')).toEqual({ readsAs: 'a shell script', line: 2 });
  });

  it('a template', () => {
    expect(notDotenv('{% for k, v in env.items() %}\n{{ k }}={{ v }}\n{% endfor %}\n')).toEqual({ readsAs: 'a template', line: 1 });
  });

  it('dotenv stays dotenv, even with a malformed line or keys that look like shell words', () => {
    expect(notDotenv('# comment\nexport PORT=8080\ndone=1\nfor_real=2\nbroken line\nURL="http://x:1"\n')).toBeUndefined();
    expect(notDotenv('A=1\n--- not a diff alone\n')).toBeUndefined();
  });

  it.skipIf(!corpusPresent)('no env file of the corpus is taken for something else, and every corpus manifest is recognised', () => {
    const rows = readFileSync(MANIFEST, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    const text = (row: string[]): string => readFileSync(join(CORPUS, row[0]!.replace('/', '__'), row[2]!), 'utf8');
    const env = rows.filter((r) => r[3] === 'env');
    expect(env.length).toBeGreaterThan(100);
    expect(env.filter((r) => notDotenv(text(r)) !== undefined).map((r) => r[2])).toEqual([]);
    const missed = rows
      .filter(
        (r) =>
          (r[3] === 'k8s' && yamlKindOf(text(r), r[2]!) !== 'kubernetes') ||
          (r[3] === 'compose' && yamlKindOf(text(r), r[2]!) !== 'compose'),
      )
      .map((r) => r[2]);
    expect(missed).toEqual([]);
  });
});
