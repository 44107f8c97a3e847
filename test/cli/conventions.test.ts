/**
 * ESLint's CLI conventions where they fit: unmatched patterns, colors, --max-warnings, -o, the
 * summary line, --debug, `ports --help`, absolute paths in json, and the missing-lib/ hint.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { useColor } from '../../src/cli/color.js';
import { ESC, runCli, useProject } from './helpers.js';

const project = useProject();
const cli = (args: string[], options = {}) => runCli(project.root, args, options);

const FTP_COMPOSE = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n";
/** One warning (host-port) and nothing else. */
const HOST_PORT =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n';

describe('a pattern, path or directory that matches no file', () => {
  it('exits 2 with "No files matching" for a glob typo, an empty directory or a missing path', async () => {
    project.write({ 'deploy/app.yaml': HOST_PORT, 'empty/README.md': '# nothing here\n' });
    for (const pattern of ['deploy/*.yml', 'empty', 'deploi/app.yaml']) {
      const run = await cli([pattern]);
      expect(run, pattern).toEqual({ code: 2, stdout: '', stderr: `portlint: No files matching '${pattern}'\n` });
    }
    const ports = await cli(['ports', 'deploy/*.yml']);
    expect(ports.code).toBe(2);
    expect(ports.stderr).toBe("portlint: No files matching 'deploy/*.yml'\n");
  });

  it('--no-error-on-unmatched-pattern lints what the other patterns match', async () => {
    project.write({ 'deploy/app.yaml': HOST_PORT });
    const run = await cli(['-f', 'compact', '--no-error-on-unmatched-pattern', 'deploy/*.yml', 'deploy']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^deploy\/app\.yaml:11:\d+: warning host-port /m);
  });
});

describe('--as-walk (the pre-commit hook: files named one by one, judged as a walk would)', () => {
  it('leaves alone YAML that is not Kubernetes or Compose, and reads a chart once for its templates', async () => {
    const tpl = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n';
    project.write({
      'testdata/broken.yaml': 'key: [unclosed\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'chart/templates/a.yaml': tpl,
      'chart/templates/b.yaml': tpl,
      'compose.yaml': FTP_COMPOSE,
    });
    const files = ['testdata/broken.yaml', 'chart/templates/a.yaml', 'chart/templates/b.yaml', 'compose.yaml'];
    const named = await cli(['-f', 'compact', ...files]);
    expect(named.stdout).toContain('testdata/broken.yaml');
    expect(named.stdout).toContain('chart/templates/a.yaml');
    const walk = await cli(['-f', 'compact', '--as-walk', ...files]);
    expect(walk.code).toBe(1);
    expect(walk.stdout).not.toContain('testdata/broken.yaml');
    expect(walk.stdout).not.toContain('templates/');
    expect(walk.stdout.match(/^chart\/Chart\.yaml:.* skipped-file/gm)).toHaveLength(1);
    expect(walk.stdout).toMatch(/^compose\.yaml:5:\d+: error insecure-protocol /m);
  });
});

describe('Go templates outside a Helm chart', () => {
  it('are called templates, not Helm templates; a walk leaves alone those without literal apiVersion and kind', async () => {
    project.write({
      'kust/svc.template.yaml': 'apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: {{ .Port }}\n',
      'kust/patch.template.yaml': 'apiVersion: {{ .Api }}\nkind: {{ .Kind }}\nspec:\n  ports:\n    - port: {{ .Port }}\n',
    });
    const named = await cli(['-f', 'compact', 'kust/svc.template.yaml']);
    expect(named.stdout).toContain('skipped-file');
    expect(named.stdout).toContain('a template ({{ }} where values are read)');
    expect(named.stdout).not.toContain('Helm');
    const walk = await cli(['-f', 'compact', 'kust']);
    expect(walk.stdout).toContain('kust/svc.template.yaml');
    expect(walk.stdout).not.toContain('patch.template.yaml');
  });
});

describe('colors', () => {
  it('--color, --no-color, NO_COLOR and FORCE_COLOR, in that order; else only on a terminal', () => {
    expect(useColor(true, { NO_COLOR: '1' }, false)).toBe(true);
    expect(useColor(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor(undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor(undefined, { NO_COLOR: '' }, true)).toBe(true);
    expect(useColor(undefined, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColor(undefined, { FORCE_COLOR: '' }, false)).toBe(true);
    expect(useColor(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColor(undefined, { FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(useColor(undefined, {}, true)).toBe(true);
    expect(useColor(undefined, {}, false)).toBe(false);
  });

  it('no ANSI codes into a pipe, into an -o file on a terminal, or with NO_COLOR; colors with --color', async () => {
    project.write({ 'compose.yaml': FTP_COMPOSE });
    const piped = await cli(['-f', 'pretty']);
    expect(piped.stdout).toContain('insecure-protocol');
    expect(piped.stdout).not.toContain(ESC);
    const file = await cli(['-f', 'pretty', '-o', 'report.txt'], { isTTY: true, stderrIsTTY: true });
    const report = readFileSync(join(project.root, 'report.txt'), 'utf8');
    expect(report).toContain('insecure-protocol');
    expect(report).not.toContain(ESC);
    expect(file.stdout).toBe('');
    const noColor = await cli([], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toContain('insecure-protocol');
    expect(noColor.stdout).not.toContain(ESC);
    const terminal = await cli([], { isTTY: true });
    expect(terminal.stdout).toContain(`${ESC}[31m`);
    const forced = await cli(['-f', 'pretty', '--color']);
    expect(forced.stdout).toContain(`${ESC}[31m`);
    const forcedEnv = await cli(['-f', 'pretty'], { env: { FORCE_COLOR: '1' } });
    expect(forcedEnv.stdout).toContain(`${ESC}[31m`);
    const off = await cli(['-f', 'pretty', '--no-color'], { isTTY: true, env: { FORCE_COLOR: '1' } });
    expect(off.stdout).not.toContain(ESC);
  });
});

describe('--max-warnings', () => {
  it('counts warnings before --quiet hides them; -1 means no limit', async () => {
    project.write({ 'pod.yaml': HOST_PORT });
    const quiet = await cli(['-f', 'compact', '--quiet', '--max-warnings', '0']);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toMatch(/warning host-port/);
    expect(quiet.stderr).toContain('1 warnings exceed --max-warnings 0');
    expect((await cli(['-f', 'compact', '--max-warnings', '-1'])).code).toBe(0);
    expect((await cli(['-f', 'compact', '--max-warnings', '1'])).code).toBe(0);
    expect((await cli(['--max-warnings', '-2'])).code).toBe(2);
  });
});

describe('-o', () => {
  it('creates the folder it writes into', async () => {
    project.write({ 'compose.yaml': FTP_COMPOSE });
    const run = await cli(['-f', 'json', '-o', 'reports/lint/portlint.json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(readFileSync(join(project.root, 'reports/lint/portlint.json'), 'utf8'))).toHaveLength(1);
  });
});

describe('the summary line', () => {
  it('ends every run, clean ones included', async () => {
    project.write({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n', 'Dockerfile': 'FROM nginx\n' });
    expect(await cli([])).toEqual({ code: 0, stdout: '2 files checked, no problems\n', stderr: '' });
    project.write({ 'pod.yaml': HOST_PORT });
    const pretty = await cli(['-f', 'pretty']);
    expect(pretty.stdout.trimEnd().split('\n').at(-1)).toBe('3 files checked: 1 problem (0 errors, 1 warning)');
  });

  it('goes to stderr when stdout carries json, sarif or github output, or the report goes to a file', async () => {
    project.write({ 'compose.yaml': FTP_COMPOSE });
    for (const format of ['json', 'sarif', 'github']) {
      const run = await cli(['-f', format]);
      expect(run.stderr, format).toBe('1 file checked: 1 problem (1 error, 0 warnings)\n');
      if (format !== 'github') expect(() => JSON.parse(run.stdout)).not.toThrow();
    }
    const file = await cli(['-f', 'compact', '-o', 'out.txt']);
    expect(file.stdout).toBe('');
    expect(file.stderr).toBe('1 file checked: 1 problem (1 error, 0 warnings)\n');
  });

  it('says how many warnings --quiet hides', async () => {
    project.write({ 'pod.yaml': HOST_PORT });
    expect((await cli(['--quiet'])).stdout).toBe('1 file checked, no problems (1 warning not shown: --quiet)\n');
  });
});

describe('the progress indicator', () => {
  it('draws on a terminal after about two seconds, throttled, and clears itself', () => {
    let t = 0;
    let out = '';
    const progress = createProgress({ write: (s) => (out += s), terminal: true, env: {}, now: () => t });
    progress.update(1, 10);
    t = 1999;
    progress.update(2, 10);
    expect(out).toBe('');
    t = 2000;
    progress.update(3, 10);
    t = 2050;
    progress.update(4, 10);
    expect(out).toBe(`\r${ESC}[2Kportlint: 3/10 files`);
    progress.stop();
    expect(out.endsWith(`\r${ESC}[2K`)).toBe(true);
  });

  it('never in a pipe and never in CI', () => {
    let out = '';
    for (const [terminal, env] of [
      [false, {}],
      [true, { CI: 'true' }],
    ] as const) {
      const progress = createProgress({ write: (s) => (out += s), terminal, env, now: () => 1e9, delay: 0 });
      progress.update(1, 2);
      progress.stop();
    }
    expect(out).toBe('');
  });
});

describe('--debug', () => {
  it('lists each file with the format it was read as, and each skipped file with the reason', async () => {
    project.write({
      'compose.yaml': FTP_COMPOSE,
      'pod.yaml': HOST_PORT,
      '.env': 'PORT=80\n',
      'Dockerfile': 'FROM x\n',
      '.github/workflows/ci.yml': 'on: push\n',
      'big.yaml': `apiVersion: v1\nkind: ConfigMap\ndata:\n  x: "${'a'.repeat(2000)}"\n`,
    });
    const run = await cli(['-f', 'compact', '--debug', '--max-file-size', '1k']);
    const debug = run.stderr.split('\n').filter((l) => l.startsWith('portlint: debug: '));
    expect(debug).toEqual([
      'portlint: debug: .env: read as env',
      'portlint: debug: .github/workflows/ci.yml: skipped: YAML that is neither Kubernetes nor Compose',
      'portlint: debug: Dockerfile: read as dockerfile',
      expect.stringMatching(/^portlint: debug: big\.yaml: skipped: skipped: 2\.\d KiB is over the --max-file-size limit/),
      'portlint: debug: compose.yaml: read as compose',
      'portlint: debug: pod.yaml: read as kubernetes',
    ]);
    project.write({ '.portlintrc.yaml': 'ignorePatterns: [pod.yaml]\n' });
    const ignored = await cli(['-f', 'compact', '--debug']);
    expect(ignored.stderr).toContain('portlint: debug: .portlintrc.yaml: skipped: a portlint config file\n');
    expect(ignored.stderr).toContain('portlint: debug: pod.yaml: skipped: ignored by config (ignorePatterns)\n');
    const stdin = await cli(['-f', 'compact', '--debug', '-', '--stdin-filename', 'Dockerfile'], { stdin: 'FROM x\n' });
    expect(stdin.stderr).toContain('portlint: debug: Dockerfile: read as dockerfile\n');
  });
});

describe('portlint ports --help', () => {
  it("shows the inventory's own help", async () => {
    const run = await cli(['ports', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^portlint ports: list every port declaration/);
    expect(run.stdout).toContain('table (default) or json');
    expect(run.stdout).not.toContain('--max-warnings');
  });
});

describe('json', () => {
  it('writes absolute filePaths, as ESLint does; compact keeps them relative', async () => {
    project.write({ 'sub/compose.yaml': FTP_COMPOSE });
    const results = JSON.parse((await cli(['-f', 'json'])).stdout) as { filePath: string }[];
    expect(results.map((r) => r.filePath)).toEqual([join(project.root, 'sub/compose.yaml')]);
    expect((await cli(['-f', 'json', '-'], { stdin: FTP_COMPOSE })).stdout).toContain('"filePath":"<stdin>"');
    expect((await cli(['-f', 'compact'])).stdout).toMatch(/^sub\/compose\.yaml:/m);
  });
});

describe('bin/portlint.js without lib/', () => {
  it('says to run npm ci', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portlint-nolib-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(fileURLToPath(new URL('../../bin/portlint.js', import.meta.url)), join(dir, 'bin/portlint.js'));
      const run = spawnSync(process.execPath, [join(dir, 'bin/portlint.js'), '.'], { encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^portlint: lib\/ is missing \(not built yet\): run "npm ci" in .+ first\n$/);
      expect(existsSync(join(dir, 'lib'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs normally when lib/ is there', () => {
    expect(
      execFileSync(process.execPath, [fileURLToPath(new URL('../../bin/portlint.js', import.meta.url)), '--version'], { encoding: 'utf8' }),
    ).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('--ignore', () => {
  it('uses the dialect and matching of ignorePatterns: a name skips it at any depth, negated classes, braces', async () => {
    const files = {
      'a/vendor/x/compose.yaml': FTP_COMPOSE,
      'vendor/compose.yaml': FTP_COMPOSE,
      'k8s/pod.yaml': HOST_PORT,
      'k8s/prod.yaml': HOST_PORT,
      'deploy/compose.yml': FTP_COMPOSE,
    };
    project.write(files);
    const flags = await cli([
      '-f',
      'compact',
      '--ignore',
      'vendor',
      '--ignore',
      'k8s/[!p]*.yaml',
      '--ignore',
      'k8s/pod.{yaml,yml}',
      '--debug',
    ]);
    const linted = (run: { stdout: string }): string[] => [
      ...new Set(
        run.stdout
          .split('\n')
          .filter((l) => / (error|warning) /.test(l))
          .map((l) => l.split(':')[0]!),
      ),
    ];
    expect(linted(flags)).toEqual(['deploy/compose.yml', 'k8s/prod.yaml']);
    expect(flags.stderr).toContain('portlint: debug: a/vendor/x/compose.yaml: skipped: ignored by --ignore\n');
    project.write({ '.portlintrc.yaml': 'ignorePatterns: [vendor, "k8s/[!p]*.yaml", "k8s/pod.{yaml,yml}"]\n' });
    expect(linted(await cli(['-f', 'compact']))).toEqual(linted(flags));
  });
});
