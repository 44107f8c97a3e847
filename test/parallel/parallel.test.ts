import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules as allRules } from '../../rules/index.js';
import { lintFiles, type LintOptions } from '../../src/api.js';
import { CONFIG_FILE_NAMES } from '../../src/config/load.js';
import { ConfigResolver } from '../../src/config/resolve.js';
import { resolveRules } from '../../src/config/rule-options.js';
import type { LinterOptions } from '../../src/engine/linter.js';
import { discover } from '../../src/files.js';
import { lintPaths, PARALLEL_MIN_FILES, workerCountFor, type ParallelLintOptions } from '../../src/parallel/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

let scratch: string;
let workerUrl: URL;

// The worker runs bundled JavaScript, as in lib/: bundle it from the current sources.
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'portlint-parallel-'));
  await build({
    entryPoints: [join(ROOT, 'src/parallel/worker.ts')],
    outfile: join(scratch, 'worker.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  workerUrl = pathToFileURL(join(scratch, 'worker.js'));
}, 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1
          ports:
            - name: http
              containerPort: 8080
              hostPort: 80
`;

const service = (name: string, targetPort: string, directive = ''): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: web}
  ports:
    - port: 80
${directive}      targetPort: ${targetPort}
`;

/** A project with every kind of outcome: findings of file- and project-scope rules, suppressions, bad files, a config with overrides. */
const PROJECT: Record<string, string | Buffer> = {
  '.portlintrc.yaml':
    'rules:\n  unbound-host-interface: warn\noverrides:\n  - files: ["compose/**"]\n    rules:\n      unbound-host-interface: "off"\n',
  'k8s/deploy.yaml': DEPLOYMENT,
  'k8s/svc.yaml': service('web', 'metrics'),
  // A suppression that silences a project-scope finding, and one that silences nothing.
  'k8s/svc-quiet.yaml':
    service('quiet', 'metrics', '      # portlint-disable-next-line unresolved-port-reference\n') +
    '# portlint-disable-next-line privileged-port\n',
  'k8s/ignored-by-annotation.yaml': service('annotated', 'metrics').replace(
    '  name: annotated',
    '  name: annotated\n  annotations: {portlint.dev/ignore: unresolved-port-reference}',
  ),
  'compose/docker-compose.yml': 'services:\n  ftp:\n    image: ftp\n    ports: ["21:21", "8080:80"]\n',
  'docker-compose.yml':
    'services:\n  web:\n    image: web\n    ports:\n      - "8080:80"\n      - "21:21" # portlint-disable-line insecure-protocol\n',
  'app/Dockerfile': 'FROM alpine\nEXPOSE 23 99999\n',
  'app/.env': 'PORT=70000\nDB_URL=postgres://db:5432/x\n',
  'binary.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x31]),
  'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n',
  // Named on the command line: its YAML error is reported; found by the walk only, it is not.
  'k8s/notes.yaml': 'title: [unclosed\n',
  'values/broken.yaml': 'title: [unclosed\n',
};

/** The parallel counterpart of `lintFiles(patterns, options)`: discovery and config as lintFiles does them. */
async function lintFilesInParallel(
  cwd: string,
  patterns: string[],
  options: LintOptions,
  parallel: Partial<ParallelLintOptions> = {},
): Promise<Awaited<ReturnType<typeof lintFiles>>['results']> {
  const { files, errors, named } = await discover(
    patterns,
    cwd,
    options.ignore,
    options.errorOnUnmatchedPattern === undefined ? {} : { errorOnUnmatchedPattern: options.errorOnUnmatchedPattern },
  );
  const resolver = new ConfigResolver({ cwd, rules: allRules, ...(options.rules && { cliRules: options.rules }) });
  const unused = options.reportUnusedDisableDirectives;
  const linterOptions: LinterOptions = {
    allowInlineConfig: options.allowInlineConfig,
    reportUnusedDisableDirectives: unused === true || unused === 'error' ? 2 : unused === 'warn' ? 1 : undefined,
    knownRuleIds: allRules.map((r) => r.meta.id),
  };
  return lintPaths(files, {
    cwd,
    maxFileSize: options.maxFileSize ?? 10 * 1024 * 1024,
    rulesFor: (file) => {
      if (CONFIG_FILE_NAMES.includes(basename(file) as never)) return undefined;
      const config = resolver.forFile(file);
      return config.ignored ? undefined : config.rules;
    },
    linterOptions,
    errors,
    named,
    workers: 2,
    workerUrl,
    ...parallel,
  });
}

describe('lintPaths', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portlint-parallel-project-'));
    write(dir, PROJECT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives exactly the single-threaded results: findings, order, suppressions, config overrides, bad files', async () => {
    const options: LintOptions = { cwd: dir, reportUnusedDisableDirectives: 'warn', errorOnUnmatchedPattern: false };
    const expected = (await lintFiles(['.', 'missing.yaml', 'k8s/notes.yaml'], options)).results;
    const actual = await lintFilesInParallel(dir, ['.', 'missing.yaml', 'k8s/notes.yaml'], options);
    expect(actual).toEqual(expected);
    // The fixture exercises what it claims to (so equality above is not trivially true).
    const rulesOf = (file: string): (string | null)[] => expected.find((r) => r.filePath === file)?.messages.map((m) => m.ruleId) ?? [];
    expect(rulesOf('k8s/svc.yaml')).toContain('unresolved-port-reference');
    expect(rulesOf('k8s/svc-quiet.yaml')).not.toContain('unresolved-port-reference');
    expect(rulesOf('k8s/svc-quiet.yaml')).toContain('unused-directive');
    expect(rulesOf('k8s/ignored-by-annotation.yaml')).not.toContain('unresolved-port-reference');
    expect(rulesOf('compose/docker-compose.yml')).toContain('insecure-protocol');
    expect(rulesOf('compose/docker-compose.yml')).not.toContain('unbound-host-interface');
    expect(rulesOf('docker-compose.yml')).toContain('unbound-host-interface');
    expect(rulesOf('docker-compose.yml')).not.toContain('insecure-protocol');
    // What suppressions silenced is kept (file- and project-scope, comment and annotation), the same on both paths.
    const suppressedOf = (file: string): (string | null)[] =>
      expected.find((r) => r.filePath === file)?.suppressedMessages?.map((m) => m.ruleId) ?? [];
    expect(suppressedOf('k8s/svc-quiet.yaml')).toContain('unresolved-port-reference');
    expect(suppressedOf('k8s/ignored-by-annotation.yaml')).toContain('unresolved-port-reference');
    expect(suppressedOf('docker-compose.yml')).toContain('insecure-protocol');
    expect(expected.map((r) => r.filePath)).toEqual(expect.arrayContaining(['binary.yaml', 'broken.yaml', 'k8s/notes.yaml']));
    // Found by the walk, YAML that is neither Kubernetes nor Compose is left out, broken or not.
    expect(expected.map((r) => r.filePath)).not.toContain('values/broken.yaml');
    expect(expected.map((r) => r.filePath)).not.toContain('.portlintrc.yaml');
  });

  it('does not depend on batch size or worker count', async () => {
    const options: LintOptions = { cwd: dir, rules: { 'privileged-port': 'warn' } };
    const expected = (await lintFiles(['.'], options)).results;
    for (const [workers, batchSize] of [
      [0, 5],
      [1, 100],
      [3, 1],
      [2, 2],
    ] as [number, number][]) {
      expect(await lintFilesInParallel(dir, ['.'], options, { workers, batchSize })).toEqual(expected);
    }
  });

  it('honours per-file rule sets, and leaves out files without one', async () => {
    const everything = resolveRules(allRules, {});
    const withoutDockerRules = resolveRules(allRules, { 'insecure-protocol': 'off', 'invalid-port': 'off', 'privileged-port': 'off' });
    const results = await lintPaths(['app/Dockerfile', 'compose/docker-compose.yml', 'k8s/deploy.yaml'], {
      cwd: dir,
      maxFileSize: 1 << 20,
      rulesFor: (file) => (file.startsWith('app/') ? withoutDockerRules : file.startsWith('k8s/') ? undefined : everything),
      workers: 2,
      workerUrl,
    });
    expect(results.map((r) => r.filePath)).toEqual(['app/Dockerfile', 'compose/docker-compose.yml']);
    expect(results[0]!.messages.map((m) => m.ruleId)).toEqual([]);
    expect(results[1]!.messages.map((m) => m.ruleId)).toContain('insecure-protocol');
  });

  it('reports discovery errors as fatal results', async () => {
    const results = await lintPaths([], {
      cwd: dir,
      maxFileSize: 1 << 20,
      rulesFor: () => [],
      errors: [{ file: 'gone.yaml', message: 'gone.yaml: no such file or directory' }],
      workers: 2,
      workerUrl,
    });
    expect(results).toEqual([
      expect.objectContaining({
        filePath: 'gone.yaml',
        errorCount: 1,
        fatalErrorCount: 1,
        messages: [expect.objectContaining({ fatal: true, ruleId: 'file-error' })],
      }),
    ]);
  });

  it('lints on the main thread the task of a worker that ran out of heap', async () => {
    // Each file (1,500 Deployments) needs more heap to lint than the worker's 24 MB, so a worker
    // ends on the first task it claims; the main thread lints it once the others are done.
    const big = mkdtempSync(join(scratch, 'oom-'));
    const deployment = DEPLOYMENT.replace('name: web\n', 'name: web-{{i}}\n');
    const text = Array.from({ length: 1500 }, (_, i) => deployment.replace('{{i}}', String(i))).join('---\n');
    const files = ['a.yaml', 'b.yaml', 'c.yaml'];
    write(big, Object.fromEntries(files.map((f) => [f, text])));
    const options = { cwd: big, maxFileSize: 1 << 22, rulesFor: () => resolveRules(allRules, {}), workerUrl, batchSize: 1 };
    const expected = await lintPaths(files, { ...options, workers: 0 });
    expect(expected.flatMap((r) => r.messages).length).toBeGreaterThan(1000);
    expect(await lintPaths(files, { ...options, workers: 2, workerHeapMb: 24 })).toEqual(expected);
  }, 60_000);

  it('rejects when a worker dies, instead of hanging', async () => {
    const crashing = join(scratch, 'crash.js');
    writeFileSync(crashing, "throw new Error('boom');\n");
    const files = ['app/Dockerfile', 'app/.env'];
    const run = lintPaths(files, {
      cwd: dir,
      maxFileSize: 1 << 20,
      rulesFor: () => [],
      workers: 1,
      batchSize: 1,
      workerUrl: pathToFileURL(crashing),
    });
    await expect(run).rejects.toThrow(/lint worker failed: .*boom/s);
  });
});

describe('workerCountFor', () => {
  it('uses workers only when asked, or for large inputs on several cores', () => {
    const url = workerUrl;
    expect(workerCountFor(100_000, 'off', url)).toBe(0);
    expect(workerCountFor(100_000, 1, url)).toBe(0);
    expect(workerCountFor(0, 4, url)).toBe(0);
    expect(workerCountFor(10, 3, url)).toBe(2); // N threads: the main thread and N - 1 workers
    expect(workerCountFor(PARALLEL_MIN_FILES - 1, 'auto', url)).toBe(0);
    expect(workerCountFor(100_000, 'auto', url)).toBe(availableParallelism() - 1);
  });

  it('is 0 when there is no bundled worker (running from source)', () => {
    expect(workerCountFor(100_000, 4, new URL('./no-such-worker.js', workerUrl))).toBe(0);
  });
});

describe.skipIf(!existsSync(CORPUS))('on the corpus', () => {
  it('gives byte-for-byte the single-threaded results', async () => {
    const cwd = join(CORPUS, '..');
    const expected = (await lintFiles(['corpus'], { cwd })).results;
    const actual = await lintFilesInParallel(cwd, ['corpus'], {});
    expect(actual.length).toBeGreaterThan(4000);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    // With a heap budget the run outgrows early, its kept models become compact copies part way
    // through (some from the workers): the results are the same.
    const compacted = await lintFilesInParallel(cwd, ['corpus'], {}, { heapBudget: 48 * 1024 ** 2 });
    expect(JSON.stringify(compacted)).toBe(JSON.stringify(expected));
  }, 300_000);
});
