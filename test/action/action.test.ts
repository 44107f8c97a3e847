/**
 * Runs the committed bundle exactly as the runner does: `node dist/index.js` in the workspace, inputs
 * as `INPUT_<NAME>` variables (hyphens kept), the event payload in `GITHUB_EVENT_PATH`, outputs and
 * the job summary written to the files `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` name. The workspace
 * is a real git repository with a base commit and a pull-request head commit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createBaseline, lintFiles, writeBaseline } from '../../src/api.js';

const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const ACTION_YML = fileURLToPath(new URL('../../action.yml', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const FTP_COMPOSE = `services:
  ftp:
    image: stilliard/pure-ftpd
    ports:
      - "21:21"
      - "30000-30009:30000-30009"
`;
const LEGACY_FTP_COMPOSE = `services:
  oldftp:
    image: stilliard/pure-ftpd
    ports:
      - "2121:21"
`;
const CLEAN_COMPOSE = (port: number): string => `services:
  web:
    image: nginx
    ports:
      - "127.0.0.1:${port}:8080"
`;
const HOST_PORT_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: 8080
              hostPort: 8080
`;

interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  annotations: Annotation[];
  outputs: Record<string, string>;
  summary: string;
}

/** The inputs action.yml declares, with their defaults: the runner sets every one. */
function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(ACTION_YML, 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(Object.entries(action.inputs).map(([name, i]) => [name, String(i.default ?? '')]));
}

/** Undo the workflow-command escaping of `::name k=v,k=v::message`. */
function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => {
          const i = kv.indexOf('=');
          return [kv.slice(0, i), unescape(kv.slice(i + 1))];
        }),
    );
    out.push({ level: m[1]!, properties, message: unescape(m[3]!) });
  }
  return out;
}

/** The GITHUB_OUTPUT file format: `name<<DELIMITER`, the value, the delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^\n<]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2\n/gm;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    outputs[m[1]!] = m[3]!;
    consumed += m[0].length;
  }
  expect(consumed, 'GITHUB_OUTPUT holds only delimited values').toBe(text.length);
  return outputs;
}

let tmp: string;
let repo: string;
let base: string;
let head: string;
let runs = 0;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

function pullRequestEvent(baseSha: string, headSha: string): object {
  return {
    action: 'synchronize',
    number: 42,
    pull_request: {
      number: 42,
      base: { ref: 'main', sha: baseSha, repo: { full_name: 'acme/shop' } },
      head: { ref: 'feature', sha: headSha, repo: { full_name: 'acme/shop' } },
    },
    repository: { full_name: 'acme/shop' },
  };
}

/** Run dist/index.js as the runner would, for one step. */
function runAction(
  inputs: Record<string, string>,
  event: { name: string; payload: object } = { name: 'pull_request', payload: pullRequestEvent(base, head) },
  workspace = repo,
): ActionRun {
  const dir = join(tmp, `run-${++runs}`);
  mkdirSync(dir);
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
  };
  writeFileSync(files.GITHUB_OUTPUT, '');
  writeFileSync(files.GITHUB_STEP_SUMMARY, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(event.payload));
  // Start from a clean slate: when this test itself runs in GitHub Actions, the job's own GITHUB_* must not leak in.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_)/.test(k)),
  );
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, files, {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: head,
  });
  const child = spawnSync(process.execPath, [DIST], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
  return {
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    annotations: parseAnnotations(child.stdout),
    outputs: parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

/** `file:line rule level` for the finding annotations of a run (not notices or the failure message). */
function findings(run: ActionRun): string[] {
  return run.annotations
    .filter((a) => a.properties.file)
    .map((a) => `${a.properties.file}:${a.properties.line} ${a.properties.title} ${a.level}`)
    .sort();
}

/** The same strings from the engine itself, for the given files. */
async function engineFindings(files?: readonly string[]): Promise<string[]> {
  const { results } = await lintFiles(['.'], { cwd: repo });
  return results
    .filter((r) => !files || files.includes(r.filePath))
    .flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId} ${m.severity === 2 ? 'error' : 'warning'}`))
    .sort();
}

beforeAll(() => {
  expect(existsSync(DIST), 'dist/index.js is missing: run "npm run build:action"').toBe(true);
  tmp = mkdtempSync(join(tmpdir(), 'portlint-action-'));
  repo = join(tmp, 'workspace');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'ci');
  git('config', 'commit.gpgsign', 'false');
  write('legacy/compose.yaml', LEGACY_FTP_COMPOSE);
  write('web/compose.yaml', CLEAN_COMPOSE(8080));
  write('web/Dockerfile', 'FROM nginx\nEXPOSE 8080\n');
  write('README.md', '# shop\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  base = git('rev-parse', 'HEAD');
  git('checkout', '-qb', 'feature');
  write('ftp/compose.yaml', FTP_COMPOSE);
  write('web/compose.yaml', CLEAN_COMPOSE(8081));
  write('warn/deploy.yaml', HOST_PORT_DEPLOYMENT);
  write('docs/notes.md', 'not linted\n');
  git('rm', '-q', 'README.md');
  git('add', '-A');
  git('commit', '-qm', 'head');
  head = git('rev-parse', 'HEAD');
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const CHANGED = ['ftp/compose.yaml', 'warn/deploy.yaml', 'web/compose.yaml'];

describe('the bundled Action on a pull request', () => {
  let run: ActionRun;
  beforeAll(() => {
    run = runAction({ 'only-changed': 'true', 'sarif-file': 'reports/portlint.sarif' });
  });

  it('annotates the FTP port with the rule, file and exact range', () => {
    expect(run.stdout).toContain(
      '::error title=insecure-protocol,file=ftp/compose.yaml,line=5,endLine=5,col=13,endColumn=15::Container port 21 of service "ftp" is FTP',
    );
    expect(run.annotations.find((a) => a.properties.file === 'ftp/compose.yaml' && a.properties.line === '6')).toMatchObject({
      level: 'error',
      properties: { title: 'insecure-protocol', endLine: '6', col: '22', endColumn: '33' },
    });
    expect(run.annotations.find((a) => a.properties.file === 'warn/deploy.yaml')).toMatchObject({
      level: 'warning',
      properties: { title: 'host-port', line: '17' },
    });
  });

  it('with only-changed, reports exactly the findings of the files the pull request changes', async () => {
    const expected = await engineFindings(CHANGED);
    expect(expected.length).toBe(3);
    expect(findings(run)).toEqual(expected);
    expect(run.stdout).not.toContain('legacy/compose.yaml');
    expect(run.stdout).toContain('only-changed: the pull request changes 4 files; 3 of them are linted by portlint.');
  });

  it('writes the counts and the SARIF path to GITHUB_OUTPUT', () => {
    expect(run.outputs).toEqual({ 'error-count': '2', 'warning-count': '1', 'sarif-file': join(repo, 'reports/portlint.sarif') });
  });

  it('writes every finding of the whole tree as SARIF (code scanning does its own diffing)', async () => {
    const sarif = JSON.parse(readFileSync(join(repo, 'reports/portlint.sarif'), 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { name: string } };
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.tool.driver.name).toBe('portlint');
    const fromSarif = sarif.runs[0]!.results.map(
      (r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine} ${r.ruleId}`,
    ).sort();
    const all = (await engineFindings()).map((f) => f.replace(/ (error|warning)$/, ''));
    expect(all.some((f) => f.startsWith('legacy/compose.yaml:5'))).toBe(true);
    expect(fromSarif).toEqual(all);
  });

  it('writes the full table and totals per rule to the job summary', () => {
    expect(run.summary).toContain('**3 problems** (2 errors, 1 warning) in 2 files (5 files linted).');
    expect(run.summary).toContain('only-changed: only files the pull request changes are reported (3 files).');
    expect(run.summary).toContain(
      '| [insecure-protocol](https://github.com/portlint/portlint/blob/main/docs/rules/insecure-protocol.md) | 2 | 0 |',
    );
    expect(run.summary).toContain('| [host-port](https://github.com/portlint/portlint/blob/main/docs/rules/host-port.md) | 0 | 1 |');
    const rows = run.summary
      .split('\n')
      .filter((l) => l.startsWith(`| [ftp/compose.yaml](https://github.com/acme/shop/blob/${head}/ftp/compose.yaml#L`));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^\| \[ftp\/compose\.yaml\]\(.*#L5\) \| 5 \| error \| \[insecure-protocol\]\(.*\) \| Container port 21 of service "ftp" is FTP/,
    );
    expect(run.summary).not.toContain('legacy/compose.yaml');
  });

  it('prints the log format with workflow commands stopped around it, and fails the step', () => {
    const stop = /^::stop-commands::([0-9a-f-]{36})$/m.exec(run.stdout);
    expect(stop).not.toBeNull();
    const log = run.stdout.slice(stop!.index, run.stdout.indexOf(`::${stop![1]}::`));
    expect(log).toContain('ftp/compose.yaml:5:13: error insecure-protocol Container port 21');
    expect(log).toContain('3 problems (2 errors, 1 warning)');
    expect(run.annotations.at(-1)).toEqual({ level: 'error', properties: {}, message: 'portlint found 2 errors (fail-on: error)' });
    expect(run.status).toBe(1);
  });
});

describe('fail-on', () => {
  it.each([
    ['error', 1],
    ['warning', 1],
    ['never', 0],
  ])('on errors and warnings, fail-on %s exits %i', (failOn, status) => {
    const run = runAction({ 'only-changed': 'true', 'fail-on': failOn });
    expect(run.outputs['error-count']).toBe('2');
    expect(run.status).toBe(status);
  });

  it.each([
    ['error', 0],
    ['warning', 1],
    ['never', 0],
  ])('on warnings only, fail-on %s exits %i', (failOn, status) => {
    const run = runAction({ paths: 'warn', 'fail-on': failOn });
    expect(run.outputs).toMatchObject({ 'error-count': '0', 'warning-count': '1' });
    expect(run.status).toBe(status);
    if (status === 1) expect(run.stdout).toContain('::error::portlint found 0 errors and 1 warning (fail-on: warning)');
  });

  it('rejects an unknown value and fails the step', () => {
    const run = runAction({ 'fail-on': 'sometimes' });
    expect(run.stdout).toContain(
      '::error::input "fail-on" must be one of error, warning, never (or warn, as the CLI spells warning), not "sometimes"',
    );
    expect(run.status).toBe(1);
  });
});

describe('the bundled Action on other events', () => {
  it('without only-changed, reports every file', async () => {
    const run = runAction({});
    expect(findings(run)).toEqual(await engineFindings());
    expect(run.outputs).toMatchObject({ 'error-count': '3', 'warning-count': '1' });
    expect(run.outputs['sarif-file']).toBe('');
  });

  it('falls back to every file with a notice when the event is not a pull request', async () => {
    const run = runAction({ 'only-changed': 'true' }, { name: 'push', payload: { before: base, after: head } });
    expect(run.annotations).toContainEqual({
      level: 'notice',
      properties: { title: 'portlint' },
      message:
        'only-changed: cannot tell which files the pull request changes (the "push" event is not a pull request); reporting every file.',
    });
    expect(findings(run)).toEqual(await engineFindings());
    expect(run.summary).toContain('only-changed: every file is reported (the "push" event is not a pull request).');
  });

  it('falls back with a notice naming fetch-depth when the base commit is missing', async () => {
    const run = runAction(
      { 'only-changed': 'true' },
      { name: 'pull_request', payload: pullRequestEvent('0123456789abcdef0123456789abcdef01234567', head) },
    );
    const notice = run.annotations.find((a) => a.level === 'notice');
    expect(notice?.message).toMatch(
      /^only-changed: cannot tell which files the pull request changes \(git diff 0123456\.\.\..+ failed .*fetch-depth: 0/,
    );
    expect(findings(run)).toEqual(await engineFindings());
  });

  it('passes on clean files, with empty counts and a summary that says so', () => {
    const run = runAction({ paths: 'web', 'fail-on': 'warning' });
    expect(run.status).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({ 'error-count': '0', 'warning-count': '0', 'sarif-file': '' });
    expect(run.stdout).toContain('portlint: 2 files checked, no problems\n');
    expect(run.summary).toContain('No problems found (2 files linted).');
  });

  it('lints several paths given one per line', async () => {
    const run = runAction({ paths: 'ftp\nwarn/deploy.yaml\n', 'fail-on': 'never' });
    expect(findings(run)).toEqual(await engineFindings(['ftp/compose.yaml', 'warn/deploy.yaml']));
    expect(run.status).toBe(0);
  });

  it('fails, whatever fail-on says, when a path does not exist', () => {
    const run = runAction({ paths: 'web missing-dir', 'fail-on': 'never' });
    expect(run.stdout).toContain("::error::No files matching 'missing-dir'");
    expect(run.status).toBe(1);
  });
});

describe('config and baseline', () => {
  it('uses the config file the config input names', () => {
    write('ci/portlint.yaml', 'rules:\n  insecure-protocol: warn\n');
    const run = runAction({ 'only-changed': 'true', config: 'ci/portlint.yaml' });
    expect(run.outputs).toMatchObject({ 'error-count': '0', 'warning-count': '3' });
    expect(run.annotations.find((a) => a.properties.title === 'insecure-protocol')?.level).toBe('warning');
    expect(run.status).toBe(0);
  });

  it('fails the step with the config error when the config is wrong', () => {
    write('ci/bad.yaml', 'rules:\n  insecure-protocols: warn\n');
    const run = runAction({ config: 'ci/bad.yaml' });
    expect(run.annotations.at(-1)?.message).toMatch(/ci\/bad\.yaml.*unknown rule "insecure-protocols".*did you mean "insecure-protocol"/s);
    expect(run.status).toBe(1);
  });

  it('reports only findings the baseline does not accept, and says how many it accepted', async () => {
    const { results } = await lintFiles(['legacy'], { cwd: repo });
    writeBaseline('ci/baseline.json', createBaseline(results, { cwd: repo, file: 'ci/baseline.json' }), repo);
    const run = runAction({ baseline: 'ci/baseline.json', 'sarif-file': 'baselined.sarif' });
    expect(findings(run)).toEqual((await engineFindings()).filter((f) => !f.startsWith('legacy/')));
    expect(run.outputs).toMatchObject({ 'error-count': '2', 'warning-count': '1' });
    expect(run.summary).toContain('Baseline ci/baseline.json: 1 accepted finding not reported.');
    const sarif = JSON.parse(readFileSync(join(repo, 'baselined.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(3);
  });

  it('gives the SARIF run the sarif-category input as its category', () => {
    runAction({ 'sarif-file': 'categorised.sarif', 'sarif-category': 'portlint/charts' });
    const sarif = JSON.parse(readFileSync(join(repo, 'categorised.sarif'), 'utf8')) as { runs: { automationDetails: { id: string } }[] };
    expect(sarif.runs[0]?.automationDetails).toEqual({ id: 'portlint/charts/' });
  });

  it('writes suppressed findings to SARIF, marked suppressed, only with sarif-include-suppressed', () => {
    const workspace = join(tmp, 'suppressed-workspace');
    mkdirSync(workspace);
    writeFileSync(
      join(workspace, 'compose.yaml'),
      "services:\n  ftp:\n    image: ftp\n    ports:\n      # portlint-disable-next-line insecure-protocol -- legacy\n      - '21:21'\n",
    );
    type Log = { runs: { results: { ruleId: string; suppressions?: unknown }[] }[] };
    const sarifOf = (inputs: Record<string, string>): Log => {
      const run = runAction({ ...inputs, 'sarif-file': 'out.sarif' }, undefined, workspace);
      expect(run.annotations.map((a) => a.properties.title)).not.toContain('insecure-protocol');
      return JSON.parse(readFileSync(join(workspace, 'out.sarif'), 'utf8')) as Log;
    };
    expect(sarifOf({}).runs[0]!.results.filter((r) => r.ruleId === 'insecure-protocol')).toEqual([]);
    const included = sarifOf({ 'sarif-include-suppressed': 'true' }).runs[0]!.results.filter((r) => r.ruleId === 'insecure-protocol');
    expect(included.map((r) => r.suppressions)).toEqual([[{ kind: 'inSource', justification: 'legacy' }]]);
  });

  it('fails when the baseline file is missing', () => {
    const run = runAction({ baseline: 'ci/none.json' });
    expect(run.annotations.at(-1)?.message).toContain('ci/none.json: cannot read baseline');
    expect(run.status).toBe(1);
  });
});

describe("the fixtures this repository's CI runs the Action on", () => {
  it('fail on test/action/fixtures/failing', () => {
    const run = runAction({ paths: 'test/action/fixtures/failing' }, { name: 'push', payload: {} }, REPO_ROOT);
    expect(Number(run.outputs['error-count'])).toBeGreaterThan(0);
    expect(run.status).toBe(1);
  });

  it('pass on test/action/fixtures/clean, even with fail-on: warning', () => {
    const run = runAction({ paths: 'test/action/fixtures/clean', 'fail-on': 'warning' }, { name: 'push', payload: {} }, REPO_ROOT);
    expect(run.outputs).toEqual({ 'error-count': '0', 'warning-count': '0', 'sarif-file': '' });
    expect(run.status).toBe(0);
  });
});
