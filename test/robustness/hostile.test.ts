/**
 * Hostile and broken input, one case each, with the expected result: never crash, never hang,
 * never pass silently. Each case is built in a temporary directory so that file-system oddities
 * (symlink loops, vanished paths, directories named like files) are real.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, type LintMessage } from '../../src/api.js';
import { main } from '../../src/cli/main.js';
import { readLintFile } from '../../src/files.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'portlint-hostile-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

async function lint(dir: string, paths = ['.']): Promise<{ byFile: Record<string, LintMessage[]>; usage: number }> {
  const { results, usageErrors } = await lintFiles(paths, { cwd: dir });
  return { byFile: Object.fromEntries(results.map((r) => [r.filePath, r.messages])), usage: usageErrors.length };
}

async function cli(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    cwd: dir,
    isTTY: false,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => '',
  });
  return { code, out, err };
}

const DEPLOY = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: c
      image: x
      ports:
        - containerPort: 21
`;

describe('malformed input gives a fatal finding with a position, and the rest is still linted', () => {
  it('a multi-document file with one broken document', async () => {
    const dir = tree({ 'k8s.yaml': `${DEPLOY}---\nkind: [unclosed\n---\n${DEPLOY.replace('name: p', 'name: q')}` });
    const { byFile } = await lint(dir);
    const msgs = byFile['k8s.yaml'];
    expect(msgs).toBeDefined();
    const fatal = msgs!.filter((m) => m.fatal);
    expect(fatal.length).toBeGreaterThan(0);
    expect(fatal[0]!.line).toBeGreaterThanOrEqual(11);
    // Both good documents are still linted: FTP on 21 in each.
    expect(msgs!.filter((m) => m.ruleId === 'insecure-protocol').map((m) => m.line)).toEqual([9, 21]);
  });

  it('a broken file does not stop the other files', async () => {
    const dir = tree({ 'a/compose.yaml': 'services: [\n', 'b/Dockerfile': 'FROM x\nEXPOSE 21\n' });
    const { byFile } = await lint(dir);
    expect(byFile['a/compose.yaml']?.some((m) => m.fatal && m.line >= 1)).toBe(true);
    expect(byFile['b/Dockerfile']?.some((m) => m.ruleId === 'insecure-protocol')).toBe(true);
  });
});

describe('bounded time and memory', () => {
  it('a YAML alias bomb (billion laughs) in a compose file', async () => {
    const lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `x-${i}: &a${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*a${i - 1}`)
          .join(',')}]`,
      );
    lines.push('services:', '  web:', '    image: x', '    ports: *a11');
    const merges = ['x-m0: &m0 { image: x }'];
    for (let i = 1; i < 12; i++)
      merges.push(
        `x-m${i}: &m${i} { <<: [${Array(9)
          .fill(`*m${i - 1}`)
          .join(', ')}] }`,
      );
    const dir = tree({
      'compose.yaml': lines.join('\n') + '\n',
      'merge/compose.yaml': `${merges.join('\n')}\nservices:\n  s:\n    <<: *m11\n    ports: ["8080:80"]\n`,
    });
    const { byFile } = await lint(dir);
    expect(byFile['compose.yaml']).toBeDefined();
    expect(byFile['merge/compose.yaml']?.filter((m) => m.fatal)).toEqual([]);
  });

  it('very deep nesting and a very long line', async () => {
    const deep = `services:\n  web:\n    x: ${'['.repeat(20000)}${']'.repeat(20000)}\n    ports: ["8080:80"]\n`;
    const long = `FROM x\nEXPOSE ${Array.from({ length: 50000 }, (_, i) => 1024 + (i % 60000)).join(' ')}\n`;
    const dir = tree({ 'compose.yaml': deep, Dockerfile: long, 'deep.yaml': `a: ${'{b: '.repeat(5000)}1${'}'.repeat(5000)}\n` });
    const { byFile } = await lint(dir);
    // deep.yaml is neither Kubernetes nor Compose: found by a walk, it is not parsed at all.
    expect(Object.keys(byFile).sort()).toEqual(['Dockerfile', 'compose.yaml']);
    const named = await lint(dir, ['deep.yaml']);
    expect(Object.keys(named.byFile)).toEqual(['deep.yaml']);
  });

  it('a file over --max-file-size is reported as skipped, not silently ignored', async () => {
    const dir = tree({ 'big.yaml': `# ${'x'.repeat(2048)}\n` });
    const { code, out } = await cli(dir, ['--max-file-size', '1k', '--format', 'compact', '.']);
    expect(out).toMatch(/big\.yaml:1:1: warning .*skipped: 2\.0 KiB is over the --max-file-size limit of 1\.0 KiB/);
    expect(code).toBe(0);
  });
});

describe('encodings, line endings and empty files', () => {
  it('binary is a clear skip; invalid UTF-8 is an error with a position, and the file is still linted', async () => {
    const dir = tree({
      'bin.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x02]),
      'latin1.env': Buffer.from('A=1\nFTP_HOST=caf\xe9\nUPLOAD_URL=ftp://files.example.com/in\n', 'latin1'),
    });
    const { byFile } = await lint(dir);
    expect(byFile['bin.yaml']).toEqual([expect.objectContaining({ severity: 1, fatal: true, message: expect.stringMatching(/binary/) })]);
    expect(byFile['latin1.env']).toEqual([
      expect.objectContaining({ ruleId: 'file-error', severity: 2, line: 2, message: expect.stringMatching(/Not valid UTF-8/) }),
      expect.objectContaining({ ruleId: 'insecure-protocol', line: 3 }),
    ]);
    expect(byFile['latin1.env']?.[0]?.fatal).toBeFalsy();
  });

  it('a BOM, CRLF and lone CR keep lines and columns right', async () => {
    const text = 'services:\n  ftp:\n    image: x\n    ports:\n      - "21:21"\n';
    const dir = tree({
      'bom/compose.yaml': `\ufeff${text}`,
      'crlf/compose.yaml': text.replace(/\n/g, '\r\n'),
      'cr/Dockerfile': 'FROM x\rEXPOSE 8080 21\r',
    });
    const { byFile } = await lint(dir);
    for (const f of ['bom/compose.yaml', 'crlf/compose.yaml']) {
      const m = byFile[f]?.find((x) => x.ruleId === 'insecure-protocol');
      expect(m, f).toMatchObject({ line: 5 });
      expect(m!.column, f).toBeGreaterThanOrEqual(10);
    }
    expect(byFile['cr/Dockerfile']?.find((x) => x.ruleId === 'insecure-protocol')).toMatchObject({ line: 2, column: 13 });
  });

  it('empty files and comment-only files are fine and clean', async () => {
    const dir = tree({ 'compose.yaml': '', 'k.yaml': '# nothing\n', Dockerfile: '# just a comment\n', '.env': '\n\n# c\n' });
    const { byFile } = await lint(dir);
    expect(byFile['compose.yaml'] ?? []).toEqual([]);
    expect(byFile['k.yaml'] ?? []).toEqual([]);
    expect((byFile['.env'] ?? []).filter((m) => m.severity === 2)).toEqual([]);
  });
});

describe('file-system oddities', () => {
  it('a symlink loop inside a walked directory does not hang or crash', async () => {
    const dir = tree({ 'a/Dockerfile': 'FROM x\nEXPOSE 21\n' });
    symlinkSync(join(dir, 'a'), join(dir, 'a', 'loop'));
    symlinkSync(join(dir, 'self.yaml'), join(dir, 'self.yaml'));
    const { byFile } = await lint(dir);
    expect(byFile['a/Dockerfile']?.some((m) => m.ruleId === 'insecure-protocol')).toBe(true);
  });

  it('a symlink loop named explicitly is an error for that path, exit 2', async () => {
    const dir = tree({ 'Dockerfile': 'FROM x\n' });
    symlinkSync(join(dir, 'loop.yaml'), join(dir, 'loop.yaml'));
    const { code, out } = await cli(dir, ['--format', 'compact', 'loop.yaml', 'Dockerfile']);
    expect(out).toMatch(/loop\.yaml:1:1: error .*too many levels of symbolic links/);
    expect(code).toBe(2);
  });

  it('a missing path named explicitly matches no file: exit 2 before linting (ESLint), or skipped with --no-error-on-unmatched-pattern', async () => {
    const dir = tree({ 'Dockerfile': 'FROM x\nEXPOSE 21\n' });
    const { code, out, err } = await cli(dir, ['--format', 'compact', 'nope.yaml', 'Dockerfile']);
    expect(err).toContain("No files matching 'nope.yaml'");
    expect(out).toBe('');
    expect(code).toBe(2);
    const lenient = await cli(dir, ['--format', 'compact', '--no-error-on-unmatched-pattern', 'nope.yaml', 'Dockerfile']);
    expect(lenient.out).toMatch(/Dockerfile:2:\d+: error insecure-protocol/);
    expect(lenient.code).toBe(1);
  });

  it('a named pipe is never opened (reading it would block forever)', async () => {
    const dir = tree({ 'Dockerfile': 'FROM x\nEXPOSE 21\n' });
    execFileSync('mkfifo', [join(dir, 'compose.yaml')]);
    const { byFile } = await lint(dir);
    expect(Object.keys(byFile)).toEqual(['Dockerfile']);
    const { code, out } = await cli(dir, ['--format', 'compact', 'compose.yaml']);
    expect(out).toMatch(/compose\.yaml:1:1: error .*not a regular file or directory/);
    expect(code).toBe(2);
  });

  // Root reads everything, so as root the CLI is run as "nobody" (setpriv) to meet a real EACCES.
  const root = process.getuid?.() === 0;
  const setpriv = root ? ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p)) : undefined;
  it.skipIf(root && !setpriv)('an unreadable file is an error for that path, and the others are linted', () => {
    const dir = tree({ 'secret/compose.yaml': 'services: {}\n', 'Dockerfile': 'FROM x\nEXPOSE 21\n' });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'secret'), 0o755);
    chmodSync(join(dir, 'secret/compose.yaml'), 0);
    const bin = fileURLToPath(new URL('../../bin/portlint.js', import.meta.url));
    const argv = [process.execPath, bin, '--format', 'compact', '.'];
    const [cmd, ...args] = setpriv ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups', ...argv] : argv;
    const run = spawnSync(cmd!, args, { cwd: dir, encoding: 'utf8' });
    expect(run.stdout).toMatch(/secret\/compose\.yaml:1:1: error file-error permission denied/);
    expect(run.stdout).toMatch(/Dockerfile:2:8: error insecure-protocol/);
    expect(run.status).toBe(1);
  });

  it('a directory named like a file is walked as a directory', async () => {
    const dir = tree({ 'compose.yaml/Dockerfile': 'FROM x\nEXPOSE 21\n' });
    const { byFile } = await lint(dir);
    expect(byFile['compose.yaml/Dockerfile']?.some((m) => m.ruleId === 'insecure-protocol')).toBe(true);
  });

  it('a path that vanishes between discovery and reading is a clear error for that path', () => {
    const dir = tree({ 'gone.yaml': 'a: 1\n' });
    rmSync(join(dir, 'gone.yaml'));
    expect(readLintFile('gone.yaml', dir, 1e6)).toEqual({ ok: false, id: 'file-error', severity: 2, message: 'no such file or directory' });
  });

  it('a directory read as a file is a clear error for that path, and an empty file is read as empty', () => {
    const dir = tree({ 'compose.yaml/Dockerfile': 'FROM x\n', 'empty.yaml': '' });
    expect(readLintFile('compose.yaml', dir, 1e6)).toEqual({ ok: false, id: 'file-error', severity: 2, message: 'is a directory' });
    expect(readLintFile('empty.yaml', dir, 1e6)).toEqual({ ok: true, text: '' });
    expect(readLintFile('compose.yaml/Dockerfile', dir, 1e6)).toEqual({ ok: true, text: 'FROM x\n' });
  });
});

describe('nothing leaks and output is deterministic', () => {
  it('interpolation does not read the process environment unless asked', async () => {
    process.env.PORTLINT_TEST_SECRET = 's3cr3t-value';
    try {
      const dir = tree({ 'compose.yaml': 'services:\n  a:\n    image: x\n    ports:\n      - "${PORTLINT_TEST_SECRET}:80"\n' });
      const without = await cli(dir, ['ports', '--format', 'json', '.']);
      expect(without.out).not.toContain('s3cr3t-value');
      expect(JSON.parse(without.out)[0]).toMatchObject({ unresolved: ['PORTLINT_TEST_SECRET'] });
    } finally {
      delete process.env.PORTLINT_TEST_SECRET;
    }
  });

  it('the same input gives byte-identical output whatever the creation order', async () => {
    const files: Record<string, string> = {
      'b/compose.yaml': 'services:\n  a:\n    image: x\n    ports: ["21:21", "5432:5432"]\n',
      'a/Dockerfile': 'FROM x\nEXPOSE 22 21\n',
      'c/.env': 'FTP_URL=ftp://x\n',
    };
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    // json paths are absolute (as ESLint's): compare them below each tree.
    const [first, second] = [tree(files), tree(reversed)];
    const one = await cli(first, ['--format', 'json', '.']);
    const two = await cli(second, ['--format', 'json', '.']);
    expect(one.out.replaceAll(first, '<root>')).toBe(two.out.replaceAll(second, '<root>'));
    expect(one.out.length).toBeGreaterThan(100);
  });
});
