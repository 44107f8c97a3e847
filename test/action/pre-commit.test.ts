/**
 * The pre-commit hook: it runs the project's own portlint (`language: system`, npx without installs),
 * and Debian's real pre-commit, run with `try-repo` on a throwaway repository that installed the
 * packed tarball, fails on an FTP port and passes on a clean file. Without `pre-commit` on PATH that
 * test skips (one line says so), except under CI, where it fails.
 *
 * Its `files` regex must select exactly the files portlint reads: portlint lints every file it is
 * handed, so a regex wider than `isLintable` would lint a README as a Dockerfile.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLintable } from '../../src/parsers/index.js';
import { corpusPresent } from '../support/corpus.js';
import { installTarball, packInto, ROOT, run } from '../support/pack.js';
import { inCI, sharedPath } from '../support/shared.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
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
  'compose.yaml',
  'docker-compose.yml',
  'k8s/deploy.YAML',
  'chart/templates/svc.yaml',
  'a.yaml.bak',
  'Dockerfile',
  'dockerfile',
  'Containerfile',
  'Dockerfile.prod',
  'Dockerfile-alpine',
  'Dockerfile_dev',
  'api.Dockerfile',
  'build/web.containerfile',
  'Dockerfile.dockerignore',
  'Dockerfile.template',
  'Dockerfile.md',
  'Dockerfile.env',
  'Dockerfiles/x',
  'docs/Dockerfile.j2',
  'MyDockerfile',
  'Dockerfile.',
  'Dockerfile..',
  '.env',
  '.env.production',
  '.env.example',
  '.env-example',
  '.env_sample',
  '.env.',
  '.envrc',
  '.envrc.local',
  'app.env',
  'defaults.env',
  'app.env.example',
  'env.list',
  'env-example',
  'env.example',
  'env',
  'environment.yml',
  '.env.js',
  'config.env.ts',
  'app.env.json',
  '.env.d',
  'README.md',
  'package.json',
  'src/main.ts',
  'Makefile',
  'x/.env/y',
  '.env/x.txt',
  'env.sh',
  'a.envy',
  'envfile',
];

describe('.pre-commit-hooks.yaml', () => {
  it("runs the project's own portlint bin (system hook, npx never installs), all files in one run", () => {
    expect(hook).toMatchObject({ entry: 'npx --no-install portlint', args: ['--as-walk'], language: 'system', require_serial: true });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hook!.entry.split(' ').at(-1));
  });

  it('is configured as docs/github-action.md shows', () => {
    const docs = readFileSync(new URL('../../docs/github-action.md', import.meta.url), 'utf8');
    const block = /```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)```/.exec(docs);
    expect(block, 'a ```yaml block starting with # .pre-commit-config.yaml').not.toBeNull();
    const config = parse(block![1]!) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    expect(config.repos[0]).toMatchObject({ repo: 'https://github.com/portlint/portlint', hooks: [{ id: hook!.id }] });
  });

  it('selects exactly the files portlint reads, by name', () => {
    const re = hookRegex();
    for (const name of NAMES) expect(re.test(name), name).toBe(isLintable(name));
    expect(NAMES.filter((n) => isLintable(n)).length).toBeGreaterThan(20);
    expect(NAMES.filter((n) => !isLintable(n)).length).toBeGreaterThan(20);
  });

  it.skipIf(!corpusPresent)('agrees with isLintable on every path of the real-world corpus', () => {
    const re = hookRegex();
    const paths = readFileSync(sharedPath('corpus'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[2]!);
    const disagree = paths.filter((p) => re.test(p) !== isLintable(p));
    expect(disagree).toEqual([]);
  });

  it('agrees with isLintable on generated names', () => {
    const re = hookRegex();
    const part = fc.constantFrom(
      'docker',
      'Docker',
      'container',
      'file',
      'File',
      'env',
      'ENV',
      'rc',
      'yaml',
      'yml',
      'example',
      'prod',
      'md',
      'json',
      'js',
      'd',
      'j2',
      'x',
      'app',
    );
    const sep = fc.constantFrom('.', '-', '_', '', '/');
    const name = fc.array(fc.tuple(sep, part), { minLength: 1, maxLength: 5 }).map((xs) => xs.map(([s, p]) => s + p).join(''));
    fc.assert(
      fc.property(name, (n) => re.test(n) === isLintable(n)),
      { numRuns: 5000 },
    );
  });
});

/** Whether Debian's (or any) `pre-commit` is on PATH. */
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!preCommit) {
  if (inCI) throw new Error('pre-commit is not installed, and CI is set: .ci/run installs it (apt-get install pre-commit)');
  console.warn('portlint tests: pre-commit is not on PATH: the pre-commit try-repo test is skipped');
}

describe.skipIf(!preCommit)('pre-commit try-repo on a throwaway repository', () => {
  let tmp: string;
  let repo: string;
  const write = (path: string, text: string) => writeFileSync(join(repo, path), text);
  const git = (...args: string[]) => expect(run(repo, 'git', args).status, `git ${args.join(' ')}`).toBe(0);
  /** `pre-commit try-repo <this repository> portlint --all-files`, with a pre-commit home of its own. */
  const tryRepo = () =>
    run(repo, 'pre-commit', ['try-repo', ROOT, 'portlint', '--all-files', '--color', 'never'], {
      env: { PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'), npm_config_cache: join(tmp, 'npx-cache') },
    });

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'portlint-pre-commit-'));
    repo = join(tmp, 'repo');
    // The project installs portlint (here: the packed tarball, offline); the hook runs that one.
    const install = installTarball(repo, packInto(tmp).tarball);
    expect(install.status, install.stderr).toBe(0);
    git('init', '-q');
    write('.gitignore', 'node_modules/\n');
    write('README.md', 'ports: "21:21" is not linted here\n');
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('fails on a compose file that publishes FTP', () => {
    write('compose.yaml', 'services:\n  ftp:\n    image: stilliard/pure-ftpd\n    ports:\n      - "21:21"\n');
    git('add', '-A');
    const r = tryRepo();
    expect(r.stdout).toMatch(/^portlint\.+Failed$/m);
    expect(r.stdout).toContain('compose.yaml');
    expect(r.stdout).toContain('insecure-protocol');
    expect(r.status).toBe(1);
  });

  it('leaves alone broken YAML that is not Kubernetes or Compose, and still fails on FTP', () => {
    mkdirSync(join(repo, 'testdata'), { recursive: true });
    write('testdata/broken.yaml', 'key: [unclosed\n  - : :\n');
    write('compose.yaml', 'services:\n  ftp:\n    image: stilliard/pure-ftpd\n    ports:\n      - "21:21"\n');
    git('add', '-A');
    const r = tryRepo();
    expect(r.stdout).not.toContain('broken.yaml');
    expect(r.stdout).toContain('insecure-protocol');
    expect(r.status).toBe(1);
    write('compose.yaml', 'services:\n  web:\n    image: nginx\n    expose:\n      - "8080"\n');
    git('add', '-A');
    const clean = tryRepo();
    expect(clean.stdout).toMatch(/^portlint\.+Passed$/m);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
  });

  it('passes on a clean one', () => {
    write('compose.yaml', 'services:\n  web:\n    image: nginx\n    expose:\n      - "8080"\n');
    git('add', '-A');
    const r = tryRepo();
    expect(r.stdout).toMatch(/^portlint\.+Passed$/m);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
