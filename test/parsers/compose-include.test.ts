/**
 * compose `include:` and `extends:` across files: where each path resolves, which variables each
 * file is interpolated with, and what is said when a file cannot be followed.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, lintText, listPorts } from '../../src/api.js';
import { includedProject, isRemote, type ReadFile } from '../../src/parsers/compose-files.js';
import { dirOf, relativePath, resolvePath } from '../../src/util/paths.js';
import { parseCompose } from '../../src/parsers/compose.js';

/** A `ReadFile` over an in-memory tree, recording what was asked for. */
function tree(files: Record<string, string>): ReadFile & { asked: string[] } {
  const asked: string[] = [];
  const read = ((path: string) => {
    asked.push(path);
    const text = files[path];
    return text === undefined ? { ok: false as const, reason: 'no such file or directory' } : { ok: true as const, text };
  }) as ReadFile & { asked: string[] };
  read.asked = asked;
  return read;
}

describe('resolvePath', () => {
  it('joins and normalises, keeping a leading .. and absolute paths', () => {
    expect(resolvePath('a/b', '../c/./d.yaml')).toBe('a/c/d.yaml');
    expect(resolvePath('.', 'db/compose.yaml')).toBe('db/compose.yaml');
    expect(resolvePath('.', '../x/compose.yaml')).toBe('../x/compose.yaml');
    expect(resolvePath('../shared/corpus/app', 'adminer/compose.yml')).toBe('../shared/corpus/app/adminer/compose.yml');
    expect(resolvePath('/srv/app', '../db/.env')).toBe('/srv/db/.env');
    expect(resolvePath('a', '/etc/compose.yaml')).toBe('/etc/compose.yaml');
    expect(resolvePath('/', '..')).toBe('/');
    expect(resolvePath('a', '..')).toBe('.');
  });
  it('dirOf and relativePath are its inverses', () => {
    expect(dirOf('compose.yaml')).toBe('.');
    expect(dirOf('a/b/compose.yaml')).toBe('a/b');
    expect(dirOf('/compose.yaml')).toBe('/');
    expect(relativePath('a/caddy', 'a/apache2/compose.yml')).toBe('../apache2/compose.yml');
    expect(relativePath('.', 'db/compose.yaml')).toBe('db/compose.yaml');
    expect(relativePath('a', 'a')).toBe('.');
  });
  it('tells remote resources from paths', () => {
    expect(isRemote('oci://docker.io/example/app:1')).toBe(true);
    expect(isRemote('https://github.com/example/app.git#main:compose.yaml')).toBe(true);
    expect(isRemote('git@github.com:example/app.git')).toBe(true);
    expect(isRemote('remote:nested/compose.yaml')).toBe(true);
    expect(isRemote('C:\\app\\compose.yaml')).toBe(false);
    expect(isRemote('../db/compose.yaml')).toBe(false);
  });
});

describe('includedProject', () => {
  const parent = { dir: 'app', vars: new Map([['SHARED', 'from-parent']]) };
  it('defaults the project directory to the first file’s folder and reads its .env', () => {
    const read = tree({ 'app/db/.env': 'DB_PORT=5432\nSHARED=from-db\n' });
    const p = includedProject({ paths: ['db/compose.yaml', 'db/compose.override.yaml'] }, parent, read);
    expect(p.files).toEqual(['app/db/compose.yaml', 'app/db/compose.override.yaml']);
    expect(p.dir).toBe('app/db');
    expect(p.envFiles).toEqual(['app/db/.env']);
    // The including project's variables win (compose-go merges with Mapping.Merge).
    expect(Object.fromEntries(p.vars)).toEqual({ SHARED: 'from-parent', DB_PORT: '5432' });
    expect(p.missingEnvFile).toBeUndefined();
  });
  it('resolves project_directory and env_file against the including project, later env files winning', () => {
    const read = tree({ 'app/env/a.env': 'PORT=1\nA=a\n', 'app/env/b.env': 'PORT=2\nB=${A}-b\n', 'app/.env': 'NOT=read\n' });
    const p = includedProject({ paths: ['svc/compose.yml'], projectDirectory: '.', envFiles: ['env/a.env', 'env/b.env'] }, parent, read);
    expect(p.dir).toBe('app');
    expect(p.envFiles).toEqual(['app/env/a.env', 'app/env/b.env']);
    expect(Object.fromEntries(p.vars)).toEqual({ SHARED: 'from-parent', PORT: '2', A: 'a', B: '-b' });
    expect(read.asked).not.toContain('app/.env');
  });
  it('says which named env file is missing; a missing default .env is fine', () => {
    const read = tree({});
    expect(includedProject({ paths: ['db/compose.yaml'] }, parent, read).missingEnvFile).toBeUndefined();
    expect(includedProject({ paths: ['db/compose.yaml'], envFiles: ['db.env'] }, parent, read).missingEnvFile).toEqual({
      path: 'app/db.env',
      reason: 'no such file or directory',
    });
  });
});

describe('compose include:', () => {
  const main = [
    'include:',
    '  - db/compose.yaml',
    '  - path: cache/compose.yaml',
    '    env_file: cache.env',
    'services:',
    '  web:',
    '    image: nginx',
    '    ports:',
    '      - "8080:80"',
    '',
  ].join('\n');
  const files = {
    'db/compose.yaml': 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "${DB_PORT}:5432"\n',
    'db/.env': 'DB_PORT=15432\n',
    'cache/compose.yaml':
      '# portlint-disable-next-line exposed-sensitive-port\nservices:\n  cache:\n    ports:\n      - "${CACHE_PORT:-6379}:6379"\n',
    'cache.env': 'CACHE_PORT=16379\n',
  };

  it('lints the included services with their entry’s variables, on their own lines, after reading them first', () => {
    const r = parseCompose(main, 'compose.yaml', { readFile: tree(files) });
    expect(r.problems).toEqual([]);
    const hosts = r.declarations.filter((d) => d.role === 'host').map((d) => [d.file, d.line, d.raw, d.value]);
    expect(hosts).toEqual([
      ['db/compose.yaml', 5, '${DB_PORT}:5432', { kind: 'port', port: 15432, endPort: 15432 }],
      ['cache/compose.yaml', 5, '${CACHE_PORT:-6379}:6379', { kind: 'port', port: 16379, endPort: 16379 }],
      ['compose.yaml', 9, '8080:80', { kind: 'port', port: 8080, endPort: 8080 }],
    ]);
    expect(r.facts.composeServices.map((s) => [s.file, s.name])).toEqual([
      ['db/compose.yaml', 'db'],
      ['cache/compose.yaml', 'cache'],
      ['compose.yaml', 'web'],
    ]);
    expect(r.included?.map((f) => [f.file, f.comments.length, f.problems.length])).toEqual([
      ['db/compose.yaml', 0, 0],
      ['cache/compose.yaml', 1, 0],
    ]);
  });

  it('the including project’s .env wins over the included one, as in compose', () => {
    const r = parseCompose(main, 'compose.yaml', { readFile: tree(files), dotenv: 'DB_PORT=25432\n' });
    expect(r.declarations.find((d) => d.file === 'db/compose.yaml' && d.role === 'host')?.value).toMatchObject({ port: 25432 });
  });

  /** The problems of a main file (at its entries) for an include list. */
  const problems = (include: string, read: ReadFile = tree(files)) =>
    parseCompose(`include:\n${include}\nservices: {}\n`, 'compose.yaml', { readFile: read }).problems.map((p) => [
      p.line,
      p.column,
      p.message,
    ]);

  it('says at the entry why a file is not followed', () => {
    expect(problems('  - missing/compose.yaml')).toEqual([
      [2, 5, 'include: cannot read "missing/compose.yaml": no such file or directory; its services are not linted'],
    ]);
    expect(problems('  - path: ${STACK}/compose.yaml')).toEqual([
      [2, 11, 'include: path "${STACK}/compose.yaml" uses unset variable STACK, so it is not followed'],
    ]);
    expect(problems('  - oci://docker.io/example/stack:1')).toEqual([
      [2, 5, 'include: "oci://docker.io/example/stack:1" is a remote resource; portlint does not fetch it, so its services are not linted'],
    ]);
    expect(problems('  - project_directory: db')).toEqual([[2, 5, 'include: the entry has no "path", so nothing is included']]);
    expect(problems('  - path: db/compose.yaml\n    env_file: db/missing.env')).toEqual([
      [
        3,
        15,
        'include: env_file "db/missing.env" cannot be read (no such file or directory); docker compose refuses the project, and its variables are left unset here',
      ],
    ]);
    expect(parseCompose('include: db/compose.yaml\n', 'compose.yaml', { readFile: tree(files) }).problems.map((p) => p.message)).toEqual([
      '"include" must be a list of paths or of mappings with "path"',
    ]);
    expect(problems('  - bad.yaml', tree({ 'bad.yaml': 'services: [\n' }))).toEqual([
      [2, 5, 'include: "bad.yaml" is not valid YAML, so its services are not linted with this project'],
    ]);
  });

  it('reports a cycle where it closes, in the file that closes it', () => {
    const read = tree({ 'a/compose.yaml': 'include:\n  - ../compose.yaml\nservices:\n  a:\n    expose: ["9000"]\n' });
    const r = parseCompose('include:\n  - a/compose.yaml\nservices: {}\n', 'compose.yaml', { readFile: read });
    expect(r.problems).toEqual([]);
    expect(r.included?.[0]?.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [
        2,
        5,
        'include: "../compose.yaml" makes a cycle (../compose.yaml → compose.yaml → ../compose.yaml); docker compose refuses it, so it is not followed again',
      ],
    ]);
    // A file including itself.
    expect(problems('  - compose.yaml', tree({}))).toEqual([
      [2, 5, 'include: "compose.yaml" makes a cycle (compose.yaml → compose.yaml); docker compose refuses it, so it is not followed again'],
    ]);
  });

  it('stops a chain nested too deeply, saying where', () => {
    const chain: Record<string, string> = {};
    for (let i = 1; i <= 12; i++) chain[`l${i}.yaml`] = `include:\n  - l${i + 1}.yaml\nservices:\n  s${i}:\n    expose: ["${9000 + i}"]\n`;
    const r = parseCompose('include:\n  - l1.yaml\n', 'compose.yaml', { readFile: tree(chain) });
    const said = r.included?.flatMap((f) => f.problems.map((p) => `${f.file}:${p.line} ${p.message}`));
    expect(said).toEqual(['l8.yaml:2 include: "l9.yaml" is nested more than 8 includes deep, so it is not followed']);
    expect(r.facts.composeServices.map((s) => s.name)).toEqual(['s8', 's7', 's6', 's5', 's4', 's3', 's2', 's1']);
  });

  it('reads a file included twice once', () => {
    const read = tree(files);
    const r = parseCompose('include:\n  - db/compose.yaml\n  - ./db/compose.yaml\n', 'compose.yaml', { readFile: read });
    expect(r.problems).toEqual([]);
    expect(r.facts.composeServices.map((s) => s.name)).toEqual(['db']);
  });

  it('merges the files of one path: list as overrides: every part of a service gets the merged facts', () => {
    const read = tree({
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n',
      'db/compose.host.yaml': 'services:\n  db:\n    network_mode: host\n    environment: { PGPORT: "5433" }\n',
    });
    const r = parseCompose('include:\n  - path: [db/compose.yaml, db/compose.host.yaml]\n', 'compose.yaml', { readFile: read });
    expect(r.facts.composeServices.map((s) => [s.file, s.image, s.networkMode, s.environment])).toEqual([
      ['db/compose.yaml', 'postgres:16', 'host', { PGPORT: '5433' }],
      ['db/compose.host.yaml', 'postgres:16', 'host', { PGPORT: '5433' }],
    ]);
    const port = r.declarations.find((d) => d.role === 'container');
    expect(port?.owner).toMatchObject({ kind: 'composeService', service: { networkMode: 'host' } });
  });

  it('resolves an included file’s own paths against its project directory', () => {
    const read = tree({
      'stack/svc/compose.yml': 'services:\n  svc:\n    extends: { file: svc/base.yml, service: base }\n    ports: ["${SVC_PORT}"]\n',
      'stack/svc/base.yml': 'services:\n  base:\n    network_mode: host\n',
      'stack/svc/defaults.env': 'SVC_PORT=6379\n',
    });
    const r = parseCompose(
      'include:\n  - path: svc/compose.yml\n    project_directory: .\n    env_file: svc/defaults.env\n',
      'stack/compose.yaml',
      { readFile: read },
    );
    expect(r.included?.flatMap((f) => f.problems)).toEqual([]);
    expect(r.facts.composeServices[0]).toMatchObject({ file: 'stack/svc/compose.yml', name: 'svc', networkMode: 'host' });
    expect(read.asked).toContain('stack/svc/base.yml');
    expect(r.declarations.find((d) => d.role === 'container')?.value).toMatchObject({ port: 6379 });
  });
});

describe('compose extends: across files', () => {
  it('resolves each level from the file that names it, interpolated with the project’s variables', () => {
    const read = tree({
      'shared/base/cache.yaml': 'services:\n  cache:\n    extends:\n      file: ../common/images.yaml\n      service: redis\n',
      'shared/common/images.yaml': 'services:\n  redis:\n    image: ${CACHE_IMAGE:-redis:7}\n    user: "999"\n',
      'common/images.yaml': 'services:\n  redis:\n    image: wrong/resolved-from-the-first-file\n',
    });
    const r = parseCompose(
      'services:\n  sessions:\n    extends:\n      file: ../shared/base/cache.yaml\n      service: cache\n',
      'app/compose.yaml',
      { readFile: read, dotenv: 'CACHE_IMAGE=redis:7.4\n' },
    );
    expect(r.problems).toEqual([]);
    expect(r.facts.composeServices[0]).toMatchObject({ name: 'sessions', image: 'redis:7.4', user: '999' });
    expect(read.asked).toEqual(['shared/base/cache.yaml', 'shared/common/images.yaml']);
  });

  it('says at file: when the base cannot be read', () => {
    const r = parseCompose('services:\n  web:\n    extends:\n      file: common.yml\n      service: base\n', 'app/compose.yaml', {
      readFile: tree({}),
    });
    expect(r.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [4, 13, 'extends: cannot read "common.yml": no such file or directory; the service is linted without what it extends'],
    ]);
  });
});

describe('lint runs with include:', () => {
  const dir = new URL('../../fixtures/exposed-sensitive-port/include/', import.meta.url).pathname;
  const findings = async (patterns: string[]) =>
    (await lintFiles(patterns, { cwd: dir, useConfigFiles: false })).results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId}/${m.messageId ?? ''}`),
    );

  it('naming only the including file reports the included services in their files, as a walk does', async () => {
    const named = await findings(['compose.yaml']);
    expect(named).toEqual([
      'admin/compose.yml:10:10 exposed-sensitive-port/composeHostNetwork',
      'cache/compose.yaml:7:10 exposed-sensitive-port/published',
      'db/compose.yaml:6:10 exposed-sensitive-port/published',
    ]);
    // The walk adds only what admin/compose.yml says on its own (its extends file is not under admin/).
    expect((await findings(['.'])).filter((f) => !named.includes(f))).toEqual(['admin/compose.yml:6:13 parse-error/']);
  });

  it('an included file linted on its own is read with its own .env', async () => {
    expect(await findings(['cache/compose.yaml'])).toEqual(['cache/compose.yaml:7:10 exposed-sensitive-port/publishedFromVariable']);
  });

  it('the ports inventory lists each included port once, with the project’s values', async () => {
    const report = await listPorts(['.'], { cwd: dir, useConfigFiles: false });
    const cache = report.declarations.filter((d) => d.file === 'cache/compose.yaml');
    expect(cache.map((d) => [d.role, d.value])).toEqual([
      ['host', { kind: 'port', port: 6379, endPort: 6379 }],
      ['container', { kind: 'port', port: 6379, endPort: 6379 }],
    ]);
    expect(report.facts.composeServices.filter((s) => s.name === 'cache')).toHaveLength(1);
  });
});

describe('included files in a lint run', () => {
  const root = mkdtempSync(join(tmpdir(), 'portlint-include-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(root, 'p-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };
  const lint = async (dir: string, patterns: string[]) =>
    (await lintFiles(patterns, { cwd: dir, useConfigFiles: false })).results.map((r) => ({
      file: r.filePath,
      found: r.messages.map((m) => `${m.line}:${m.ruleId}/${m.messageId ?? ''}`),
      suppressed: (r.suppressedMessages ?? []).map((m) => `${m.line}:${m.ruleId}/${m.messageId ?? ''}`),
    }));

  it('an included file’s own suppression comments apply to what its project finds there', async () => {
    const dir = write({
      'compose.yaml': 'include:\n  - db/compose.yaml\n',
      'db/compose.yaml': [
        'services:',
        '  db:',
        '    image: postgres:16',
        '    ports:',
        '      # portlint-disable-next-line exposed-sensitive-port -- dev only, firewalled',
        '      - "5432:5432"',
        '      - "15432:5432"',
        '',
      ].join('\n'),
    });
    expect(await lint(dir, ['compose.yaml'])).toEqual([
      { file: 'compose.yaml', found: [], suppressed: [] },
      { file: 'db/compose.yaml', found: ['7:exposed-sensitive-port/published'], suppressed: ['6:exposed-sensitive-port/published'] },
    ]);
    expect(await lint(dir, ['.'])).toEqual(await lint(dir, ['compose.yaml']));
  });

  it('with two includers that read a file alike, its findings are said once', async () => {
    const dir = write({
      'a/compose.yaml': 'include:\n  - ../db/compose.yaml\n',
      'b/compose.yaml': 'include:\n  - ../db/compose.yaml\n',
      'db/compose.yaml': 'services:\n  db:\n    image: redis:7\n    ports:\n      - "6379:6379"\n',
    });
    const results = await lint(dir, ['.']);
    expect(results.find((r) => r.file === 'db/compose.yaml')?.found).toEqual(['5:exposed-sensitive-port/published']);
  });
});

describe('project-scope findings on included files', () => {
  // exposed-sensitive-port is a project-scope rule: it runs once over the whole run, so what it
  // finds on an included file's lines must come from the includer's view, like a file-scope rule's.
  const root = mkdtempSync(join(tmpdir(), 'portlint-include-project-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const CACHE = [
    'services:',
    '  cache:',
    '    image: redis:7',
    '    ports:',
    '      - "${REDIS_PORT}:6379"',
    '      # portlint-disable-next-line exposed-sensitive-port -- sessions, firewalled',
    '      - "16379:6379"',
    '',
  ].join('\n');
  // More files than one batch (32), so `concurrency: 2` hands a task to a worker.
  const filler = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`fill/${String(i).padStart(2, '0')}/Dockerfile`, 'FROM scratch\n']),
  );
  const write = (name: string, files: Record<string, string>): string => {
    const dir = join(root, name);
    for (const [file, text] of Object.entries({ ...filler, ...files })) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return dir;
  };
  const lint = async (dir: string, patterns: string[], concurrency: 'off' | number, report?: (file: string) => boolean) =>
    (await lintFiles(patterns, { cwd: dir, useConfigFiles: false, concurrency, ...(report ? { report } : {}) })).results
      .filter((r) => r.filePath.endsWith('compose.yaml'))
      .map((r) => ({
        file: r.filePath,
        found: r.messages.map((m) => `${m.line}:${m.ruleId}/${m.messageId ?? ''}`),
        suppressed: (r.suppressedMessages ?? []).map((m) => `${m.line}:${m.ruleId}/${m.messageId ?? ''}`),
      }));

  it('an included published Redis is found with the includer’s variables, named alone or walked, serial or in workers', async () => {
    const dir = write('one', {
      'compose.yaml': 'include:\n  - cache/compose.yaml\n',
      '.env': 'REDIS_PORT=6379\n',
      'cache/compose.yaml': CACHE,
    });
    const cache = {
      file: 'cache/compose.yaml',
      found: ['5:exposed-sensitive-port/published'],
      suppressed: ['7:exposed-sensitive-port/published'],
    };
    const expected = [cache, { file: 'compose.yaml', found: [], suppressed: [] }];
    expect(await lint(dir, ['compose.yaml'], 'off')).toEqual(expected);
    expect(await lint(dir, ['.'], 'off')).toEqual(expected);
    expect(await lint(dir, ['.'], 2)).toEqual(expected);
    // A shard that reports only the included file says what the whole run says of it.
    expect(await lint(dir, ['.'], 'off', (f) => f === 'cache/compose.yaml')).toEqual([cache]);
    expect(await lint(dir, ['.'], 2, (f) => f === 'cache/compose.yaml')).toEqual([cache]);
    // On its own, without the includer's .env, the host port is an unset variable.
    expect((await lint(dir, ['cache/compose.yaml'], 'off'))[0]?.found).toEqual(['5:exposed-sensitive-port/publishedFromVariable']);
  });

  it('two includers that read a file alike say its project-scope findings once', async () => {
    const dir = write('two', {
      'a/compose.yaml': 'include:\n  - ../cache/compose.yaml\n',
      'b/compose.yaml': 'include:\n  - ../cache/compose.yaml\n',
      'cache/.env': 'REDIS_PORT=6379\n',
      'cache/compose.yaml': CACHE,
    });
    for (const concurrency of ['off', 2] as const) {
      const cache = (await lint(dir, ['.'], concurrency)).find((r) => r.file === 'cache/compose.yaml');
      expect(cache, String(concurrency)).toEqual({
        file: 'cache/compose.yaml',
        found: ['5:exposed-sensitive-port/published'],
        suppressed: ['7:exposed-sensitive-port/published'],
      });
    }
  });
});

describe('include: in one text (stdin)', () => {
  it('is not followed, and says so at the entry; the .env handed in still interpolates', () => {
    const text = 'include:\n  - db/compose.yaml\nservices:\n  web:\n    ports: ["${WEB_PORT}:6379"]\n';
    const [result] = lintText(text, { filePath: 'compose.yaml', dotenv: 'WEB_PORT=16379\n', useConfigFiles: false });
    expect(result?.messages.map((m) => [m.line, m.column, m.ruleId, m.message])).toEqual([
      [
        2,
        5,
        'parse-error',
        'include: cannot read "db/compose.yaml": only the text itself is read when linting one text; its services are not linted',
      ],
      [5, 14, 'exposed-sensitive-port', expect.stringContaining('16379') as unknown as string],
    ]);
  });
});
