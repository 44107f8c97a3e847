/**
 * The CLI through `main()` with a fake IO: config discovery and errors, suppressions, baselines,
 * output formats and exit codes.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';

let root: string;

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], options: { stdin?: string; isTTY?: boolean; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    cwd: options.cwd ?? root,
    isTTY: options.isTTY ?? false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'portlint-cli-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const FTP = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n";
/** One warning (host-port) and nothing else. */
const HOST_PORT =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n';

describe('exit codes', () => {
  it('0 when clean, 1 with error-level findings', async () => {
    write({ 'ok/compose.yaml': 'services:\n  web:\n    image: nginx\n', 'bad/compose.yaml': FTP });
    expect(await cli(['ok'])).toEqual({ code: 0, stdout: '1 file checked, no problems\n', stderr: '' });
    const bad = await cli(['bad']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('bad/compose.yaml:5:13: error insecure-protocol');
  });

  it('warnings alone exit 0, unless over --max-warnings; --quiet hides them', async () => {
    write({ 'pod.yaml': HOST_PORT });
    const warned = await cli(['pod.yaml']);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('warning host-port');
    expect(await cli(['pod.yaml', '--max-warnings', '1'])).toMatchObject({ code: 0 });
    const over = await cli(['pod.yaml', '--max-warnings', '0']);
    expect(over).toMatchObject({ code: 1, stderr: 'portlint: 1 warnings exceed --max-warnings 0\n' });
    expect(await cli(['pod.yaml', '--quiet'])).toEqual({
      code: 0,
      stdout: '1 file checked, no problems (1 warning not shown: --quiet)\n',
      stderr: '',
    });
  });

  it('2 for bad usage', async () => {
    expect(await cli(['--bogus'])).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--bogus'") });
    expect(await cli(['--format', 'xml'])).toMatchObject({
      code: 2,
      stderr:
        'portlint: unknown --format "xml" (use one of: pretty, compact, json, sarif, github, gitlab, junit, checkstyle, rdjson)\nRun "portlint --help" for usage.\n',
    });
    expect(await cli(['--config', 'a.yaml', '--no-config'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--config and --no-config cannot be used together'),
    });
    expect(await cli(['--baseline', 'a.json', '--write-baseline', 'a.json'])).toMatchObject({ code: 2 });
    expect(await cli(['--rule', 'host-prot:off'])).toMatchObject({
      code: 2,
      stderr: 'portlint: --rule: unknown rule "host-prot" (did you mean "host-port"?)\n',
    });
    expect((await cli(['missing.yaml'])).code).toBe(2);
  });

  it('2 for a bad config, with every message on stderr and nothing on stdout', async () => {
    write({ '.portlintrc.yaml': 'rules:\n  host-port: warning\n  privleged-port: off\n', 'compose.yaml': FTP });
    expect(await cli(['.', '--format', 'sarif'])).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'portlint: .portlintrc.yaml:2:14: rules.host-port: severity must be "off", "warn" or "error", or a list [severity, options]; got string "warning" (did you mean "warn"?)',
        'portlint: .portlintrc.yaml:3:3: rules: unknown rule "privleged-port" (did you mean "privileged-port"?)',
        '',
      ].join('\n'),
    });
  });

  it('2 for a YAML syntax error in the config, with line and column', async () => {
    write({ 'sub/.portlintrc.yml': 'rules: [\n', 'sub/compose.yaml': FTP });
    const run = await cli(['sub']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^portlint: sub\/\.portlintrc\.yml:2:1: YAML syntax error: /);
  });
});

describe('config', () => {
  it('finds the config above the linted files, and --no-config ignores it', async () => {
    write({ '.portlintrc.yaml': 'rules:\n  insecure-protocol: off\n', 'app/compose.yaml': FTP });
    expect(await cli(['app'])).toEqual({ code: 0, stdout: '1 file checked, no problems\n', stderr: '' });
    expect((await cli(['app', '--no-config'])).code).toBe(1);
  });

  it('--config FILE is used instead; --rule wins over it', async () => {
    write({
      '.portlintrc.yaml': 'rules:\n  insecure-protocol: off\n',
      'ci/strict.yaml': 'rules:\n  insecure-protocol: warn\n',
      'compose.yaml': FTP,
    });
    const run = await cli(['compose.yaml', '--config', 'ci/strict.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warning insecure-protocol');
    expect((await cli(['compose.yaml', '-c', 'ci/strict.yaml', '--rule', 'insecure-protocol:error'])).code).toBe(1);
  });

  it('ignorePatterns skip files, for lint and ports', async () => {
    write({ '.portlintrc.yaml': 'ignorePatterns: [legacy/]\n', 'legacy/compose.yaml': FTP });
    expect(await cli(['.'])).toEqual({ code: 0, stdout: '0 files checked, no problems\n', stderr: '' });
    expect((await cli(['ports', '.'])).stdout).toBe('No port declarations found.\n');
  });

  it('uses the config for stdin by --stdin-filename', async () => {
    write({ 'k8s/.portlintrc.yaml': 'rules:\n  insecure-protocol: warn\n' });
    const run = await cli(['-', '--stdin-filename', 'k8s/compose.yaml'], { stdin: FTP });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('k8s/compose.yaml:5:13: warning insecure-protocol');
  });

  it('--print-config prints the effective config as JSON', async () => {
    write({ '.portlintrc.yaml': 'settings:\n  dynamicPortRange: linux\noverrides:\n  - files: "k8s/**"\n    rules: { host-port: off }\n' });
    const run = await cli(['--print-config', 'k8s/deploy.yaml']);
    expect(run.code).toBe(0);
    const config = JSON.parse(run.stdout);
    expect(config).toMatchObject({
      file: 'k8s/deploy.yaml',
      configFile: '.portlintrc.yaml',
      overrides: [0],
      settings: { dynamicPortRange: 'linux' },
    });
    expect(config.rules['host-port']).toBe('off');
    expect(config.rules['dynamic-port-range'][1].range).toBe('linux');
    expect((await cli(['--print-config', 'a.yaml', 'b.yaml'])).code).toBe(2);
  });
});

describe('suppressions', () => {
  it('--report-unused-disable-directives turns a needless directive into an error', async () => {
    write({ 'compose.yaml': 'services:\n  web:\n    image: nginx # portlint-disable-line host-port\n' });
    expect((await cli(['.'])).code).toBe(0);
    const run = await cli(['.', '--report-unused-disable-directives']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'compose.yaml:3:18: error unused-directive Unused portlint-disable-line directive (no problems were reported from "host-port")',
    );
  });

  it('--no-inline-config ignores suppression comments', async () => {
    write({ 'compose.yaml': "services:\n  ftp:\n    ports:\n      - '21:21' # portlint-disable-line\n" });
    expect((await cli(['.'])).code).toBe(0);
    expect((await cli(['.', '--no-inline-config'])).code).toBe(1);
  });
});

describe('baseline', () => {
  it('--write-baseline records the findings and exits 0; --baseline reports only new ones', async () => {
    write({ 'compose.yaml': FTP });
    const written = await cli(['.', '--write-baseline', '.portlint-baseline.json']);
    expect(written).toEqual({
      code: 0,
      stdout: '1 file checked, no problems\n',
      stderr: 'portlint: wrote 1 finding to baseline .portlint-baseline.json\n',
    });
    expect(existsSync(join(root, '.portlint-baseline.json'))).toBe(true);
    expect(await cli(['.', '--baseline', '.portlint-baseline.json'])).toEqual({
      code: 0,
      stdout: '1 file checked, no problems\n',
      stderr: '',
    });

    write({ 'compose.yaml': `${FTP}      - '23:23'\n` });
    const next = await cli(['.', '--baseline', '.portlint-baseline.json']);
    expect(next.code).toBe(1);
    expect(next.stdout.split('\n').filter((l) => l.includes('insecure-protocol'))).toEqual([
      expect.stringMatching(/^compose\.yaml:6:\d+: error insecure-protocol .*Telnet/),
    ]);

    write({ 'compose.yaml': 'services:\n  ftp:\n    image: ftp\n' });
    expect(await cli(['.', '--baseline', '.portlint-baseline.json'])).toEqual({
      code: 0,
      stdout: '1 file checked, no problems\n',
      stderr: 'portlint: 1 baselined finding is gone; run with --write-baseline .portlint-baseline.json to shrink the baseline\n',
    });
  });

  it('a missing baseline exits 2', async () => {
    expect(await cli(['.', '--baseline', 'nope.json'])).toMatchObject({
      code: 2,
      stderr: 'portlint: nope.json: cannot read baseline: no such file (create it with --write-baseline)\n',
    });
  });
});

describe('output formats', () => {
  it('compact by default when not a terminal, pretty on a terminal', async () => {
    write({ 'compose.yaml': FTP });
    const compact = await cli(['.']);
    expect(compact.stdout).toMatch(/^compose\.yaml:5:13: error insecure-protocol /);
    const pretty = await cli(['.'], { isTTY: true });
    expect(pretty.stdout).not.toBe(compact.stdout);
    expect(pretty.stdout).toContain('insecure-protocol');
  });

  it('sarif: only the SARIF document on stdout, even when warnings exceed --max-warnings', async () => {
    write({ 'pod.yaml': HOST_PORT });
    const run = await cli(['.', '--format', 'sarif', '--max-warnings', '0']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['host-port']);
    expect(run.stderr).toBe('1 file checked: 1 problem (0 errors, 1 warning)\nportlint: 1 warnings exceed --max-warnings 0\n');
  });

  it('sarif: a clean run has an empty results array', async () => {
    write({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    const run = await cli(['.', '-f', 'sarif']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).runs[0].results).toEqual([]);
  });

  it('github: workflow commands', async () => {
    write({ 'compose.yaml': FTP });
    const run = await cli(['.', '--format', 'github']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error file=compose\.yaml,line=5,col=13,endLine=5,endColumn=\d+,title=insecure-protocol::Container port 21/,
    );
  });

  it('--output-file writes the report to a file', async () => {
    write({ 'compose.yaml': FTP });
    const run = await cli(['.', '-f', 'json', '-o', 'report.json']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(readFileSync(join(root, 'report.json'), 'utf8'))[0].filePath).toBe(join(root, 'compose.yaml'));
  });

  it('--help documents the formats, config, suppressions and exit codes', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      'sarif',
      'github',
      '--config',
      '--no-config',
      '--print-config',
      '--baseline',
      '--write-baseline',
      '--report-unused-disable-directives',
      'portlint-disable-next-line',
      'Exit codes:',
    ]) {
      expect(run.stdout).toContain(text);
    }
  });
});
