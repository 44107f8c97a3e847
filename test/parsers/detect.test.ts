import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kindFromContent, kindFromPath, type FileKind } from '../../src/parsers/detect.js';
import { corpusPresent } from '../support/corpus.js';
import { sharedPath } from '../support/shared.js';

function expectKinds(kind: FileKind, names: string[]): void {
  for (const name of names) {
    expect(kindFromPath(name), name).toBe(kind);
    // The directory never matters, with either separator.
    expect(kindFromPath(`deploy/.env.d/Dockerfile.d/${name}`), `in a directory: ${name}`).toBe(kind);
    expect(kindFromPath(`C:\\src\\app\\${name}`), `windows path: ${name}`).toBe(kind);
  }
}

describe('kindFromPath', () => {
  it('YAML by extension, whatever the name', () => {
    expectKinds('yaml', [
      'deployment.yaml', 'docker-compose.yml', 'compose.yaml', 'values.YML', 'environment.yml',
      '.env.yml', '.env.production.yaml', 'Dockerfile.yml', 'app.env.yaml', '.gitlab-ci.yml',
    ]);
  });

  it('Dockerfiles by their naming conventions', () => {
    expectKinds('dockerfile', [
      'Dockerfile', 'dockerfile', 'DOCKERFILE', 'Containerfile',
      'Dockerfile.alpine', 'Dockerfile.arm64', 'Dockerfile.3.9', 'Dockerfile.with_tides',
      'Dockerfile-alpine', 'Dockerfile-1.0.47', 'Dockerfile-WINDOWS_LTSC2022', 'Dockerfile_dev',
      'base.dockerfile', 'android.Dockerfile', 'clickhouse-odbc.Dockerfile', 'app.containerfile',
      'Containerfile.fedora', 'Containerfile-rhel9',
      // The Dockerfile.<variant> convention wins over the *.env suffix.
      'Dockerfile.env',
    ]);
  });

  it('env files by their naming conventions', () => {
    expectKinds('env', [
      '.env', '.env.production', '.env.example', '.env.local', '.env.override.with.default', '.env.raw',
      '.ENV', '.env-example', '.env_sample', 'env.example', 'env.sample', 'env-example', 'env.list',
      'defaults.env', 'app.env', 'utf8-bom.env', 'docker.env', 'app.env.example', 'prod.env.local',
    ]);
  });

  it('nothing for names that only look alike', () => {
    expectKinds(null, [
      '.envrc', '.envrc.example', 'environment', 'env', 'env.sh', '.env.js', '.env.json', 'config.env.ts',
      'env.d.ts', '.env.d', 'Dockerfile.dockerignore', '.dockerignore', 'Dockerfile.template', 'Dockerfile.j2',
      'Dockerfile.md', 'Dockerfiles', 'MyDockerfile', 'docker-compose', 'README.md', 'Makefile', 'values.yaml.golden',
      'full-example.yaml.golden', 'composefile', 'Procfile', 'env.example.json',
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
    const rows = readFileSync(MANIFEST, 'utf8').trim().split('\n').slice(1).map((r) => r.split('\t'));
    const misses = rows
      .filter(([, , path, kind]) => kindFromPath(path) !== family[kind])
      .map(([repo, , path, kind]) => `${kind} ${repo}/${path}`);
    // The one known miss is a test "golden" file named `*.yaml.golden`: not a naming convention.
    expect(misses).toEqual(['compose docker/cli/cli/compose/loader/testdata/full-example.yaml.golden']);
    expect(rows.length).toBeGreaterThan(4000);
  });
});
