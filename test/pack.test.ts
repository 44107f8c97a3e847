/**
 * The published package, as a user installs it: `npm pack` this repository, install the tarball into a
 * new project offline with an empty npm cache (it has no dependencies: they are bundled into lib/), and
 * use it there: the CLI through npx (every formatter, a config with rule options, the worker pool), the
 * API from ESM and CommonJS, and its types under tsc with NodeNext and Bundler resolution. Catches a
 * `files` list that leaves out what the bin needs, a dependency the bundle still loads from
 * node_modules, declarations that are missing or name packages the consumer does not have, and a bin
 * that only works inside the repository.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarball, npm, npx, packInto, ROOT, run, type Packed } from './support/pack.js';

const FTP_COMPOSE = `services:
  ftp:
    image: stilliard/pure-ftpd
    ports:
      - "21:21"
`;

interface Manifest {
  version: string;
  engines: { node: string };
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
  exports: Record<string, Record<string, string>>;
}

let tmp: string;
let project: string;
let packed: Packed;
/** The installed package. */
let installed: string;

/** `npx portlint …` in the project, as a user runs it. */
const npxPortlint = (args: string[], input?: string) =>
  run(project, npx, ['--no', '--', 'portlint', ...args], input === undefined ? {} : { input });
/** The installed bin without npx's start-up, for the many runs. */
const portlint = (args: string[]) => run(project, process.execPath, [join(project, 'node_modules/.bin/portlint'), ...args]);
const nodeIn = (args: string[]) => run(project, process.execPath, args);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'portlint-pack-'));
  packed = packInto(tmp);
  project = join(tmp, 'project');
  const install = installTarball(project, packed.tarball);
  expect(install.status, `npm install --offline of the tarball failed:\n${install.stderr}`).toBe(0);
  installed = join(project, 'node_modules/portlint');
  writeFileSync(join(project, 'compose.yaml'), FTP_COMPOSE);
  mkdirSync(join(project, 'clean'));
  writeFileSync(join(project, 'clean', 'Dockerfile'), 'FROM nginx\nEXPOSE 8080\n');
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the bin, the bundle, the types, the docs, the schema and the licenses; no sources, tests or maps', () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/portlint.js',
        'lib/cli.js',
        'lib/api.js',
        'lib/worker.js',
        'lib/require.cjs',
        'lib/types/src/api.d.ts',
        'lib/THIRD-PARTY-LICENSES.txt',
        'docs/github-action.md',
        'docs/rules/README.md',
        'schema/portlintrc.schema.json',
      ]),
    );
    expect(
      packed.files.filter(
        (f) => /^(src|test|rules|fixtures|dist|scripts|bench|node_modules)\//.test(f) || (/\.(map|ts)$/.test(f) && !f.endsWith('.d.ts')),
      ),
    ).toEqual([]);
    expect(packed.files).not.toContain('lib/docs-gen.js');
  });

  it('has no scripts (no lifecycle scripts: npm installs it without "has install scripts"), and the repository keeps its own', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest & { scripts?: Record<string, string> };
    expect(pkg.scripts).toBeUndefined();
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(own.scripts).toMatchObject({ prepare: 'node scripts/build.mjs', prepack: expect.any(String), postpack: expect.any(String) });
    expect(existsSync(join(ROOT, '.package.json.prepack'))).toBe(false);
    const again = join(tmp, 'again');
    const install = run(tmp, npm, ['install', '--offline', '--no-audit', '--no-fund', '--prefix', again, packed.tarball], {
      env: { npm_config_cache: join(tmp, 'npm-cache-again') },
    });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout + install.stderr).not.toMatch(/install script/i);
  });

  it('has no dependencies: the install holds portlint alone', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['portlint']);
  });

  it('loads nothing but Node built-ins and its own files, all of them shipped', () => {
    const builtins = new Set(builtinModules);
    const outside: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        // require.cjs is one error message, which names 'portlint' in its text.
        else if (/\.c?js$/.test(entry.name) && path !== join(installed, 'lib/require.cjs')) {
          // Static and dynamic imports and require() calls with a literal specifier (a specifier has no
          // spaces, commas or parentheses: `"from" : "to"` in code is not an import).
          for (const [, spec] of readFileSync(path, 'utf8').matchAll(
            /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'\s(),]+)["']/g,
          )) {
            // ajv's code generator writes require("ajv/dist/runtime/…") into the source of standalone
            // validators; portlint never generates standalone code, so those strings are never loaded.
            if (spec!.startsWith('.') ? existsSync(resolve(dirname(path), spec!)) : spec!.startsWith('node:') || builtins.has(spec!))
              continue;
            if (spec!.startsWith('ajv/dist/runtime/')) continue;
            outside.push(`${path.slice(installed.length + 1)}: ${spec}`);
          }
        }
      }
    };
    walk(join(installed, 'lib'));
    walk(join(installed, 'bin'));
    expect(outside).toEqual([]);
  });

  it('states an engines.node floor that the Node running these tests meets', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
    const floor = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(floor, pkg.engines.node).not.toBeNull();
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major! > Number(floor![1]) || (major === Number(floor![1]) && minor! >= Number(floor![2]))).toBe(true);
  });
});

describe('the installed CLI', () => {
  it('reports the FTP port and exits 1', () => {
    const r = npxPortlint(['--format', 'compact', 'compose.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^compose\.yaml:5:13: error insecure-protocol Container port 21 of service "ftp" is FTP/m);
    expect(r.status).toBe(1);
  });

  it('exits 0 on a clean directory', () => {
    const r = npxPortlint(['clean']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1 file checked, no problems\n');
    expect(r.status).toBe(0);
  });

  it('loads every formatter from the bundle', () => {
    for (const format of ['pretty', 'compact', 'json', 'sarif', 'github']) {
      const r = portlint(['--format', format, 'compose.yaml']);
      // The summary line goes to stderr when stdout carries a machine-read report.
      expect(r.stderr, format).toBe(['pretty', 'compact'].includes(format) ? '' : '1 file checked: 1 problem (1 error, 0 warnings)\n');
      expect(r.stdout, format).toContain('insecure-protocol');
      expect(r.status, format).toBe(1);
    }
  });

  it('checks rule options in a config file (ajv, loaded lazily)', () => {
    const dir = join(project, 'configured');
    mkdirSync(dir);
    writeFileSync(join(dir, '.portlintrc.yaml'), 'rules:\n  dynamic-port-range: [warn, { range: nowhere }]\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM nginx\nEXPOSE 8080\n');
    const r = portlint(['configured']);
    expect(r.stderr).toMatch(/dynamic-port-range/);
    expect(r.status).toBe(2);
  });

  it('lints in a worker thread (lib/worker.js) with the same findings', () => {
    const dir = join(project, 'pool');
    mkdirSync(dir);
    for (let i = 0; i < 8; i++) writeFileSync(join(dir, `compose-${i}.yaml`), FTP_COMPOSE);
    const single = portlint(['--format', 'compact', '--concurrency', 'off', 'pool']);
    const pooled = portlint(['--format', 'compact', '--concurrency', '2', 'pool']);
    expect(single.stdout.match(/insecure-protocol/g)).toHaveLength(8);
    expect(pooled.stderr).toBe('');
    expect(pooled.stdout).toBe(single.stdout);
    expect(pooled.status).toBe(1);
  });

  it('reads stdin, as in `helm template … | portlint -`', () => {
    const r = npxPortlint(['--format', 'compact', '-'], FTP_COMPOSE);
    expect(r.stdout).toMatch(/^<stdin>:5:13: error insecure-protocol /m);
    expect(r.status).toBe(1);
  });

  it('knows its version', () => {
    const r = portlint(['--version']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(r.status).toBe(0);
  });
});

describe('the installed API', () => {
  it('is imported from ESM', () => {
    const script =
      "import { lintText } from 'portlint'; const [r] = lintText(process.argv[1], { filePath: 'compose.yaml' }); console.log(r.messages.map((m) => m.ruleId).join());";
    const r = nodeIn(['--input-type=module', '-e', script, FTP_COMPOSE]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('insecure-protocol');
  });

  it('is required from CommonJS where Node can require ES modules, and says to use import where it cannot', () => {
    writeFileSync(join(project, 'require.cjs'), "const { lintText } = require('portlint'); console.log(typeof lintText);\n");
    const r = nodeIn(['require.cjs']);
    if (process.features.require_module) {
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('function');
    } else {
      expect(r.stderr).toMatch(/portlint is an ES module: use `import/);
    }
    // What `require` resolves to without require(esm) (the `module-sync` condition comes first): one line.
    const stub = nodeIn(['-e', `require(${JSON.stringify(join(installed, 'lib/require.cjs'))})`]);
    expect(stub.status).not.toBe(0);
    expect(stub.stderr).toMatch(
      /^Error: portlint is an ES module: use `import \{ lintFiles \} from 'portlint'` \(or `await import\('portlint'\)` from CommonJS\)$/m,
    );
  });

  const CONSUMER = `import { lintFiles, lintText, listPorts, portEntry, type LintResult, type PortDeclaration, type PortEntry } from 'portlint';

export async function main(): Promise<unknown[]> {
  const results: LintResult[] = lintText('services: {}\\n', { filePath: 'compose.yaml' });
  const first: number = results.length === 0 ? 0 : results[0]!.errorCount;
  const report = await lintFiles(['.'], { rules: { 'host-port': 'off' }, concurrency: 'off' });
  const paths: string[] = report.results.map((r) => r.filePath);
  const inventory = await listPorts(['.']);
  const declarations: PortDeclaration[] = inventory.declarations;
  const ports: (number | undefined)[] = declarations.map((d) => (d.value.kind === 'port' ? d.value.port : undefined));
  const flat: PortEntry[] = declarations.map(portEntry);
  // The types are real: each misuse below must be an error (else tsc reports the directive unused).
  // @ts-expect-error filePath is a string
  const wrong: number = results[0]!.filePath;
  // @ts-expect-error lintText needs options with a filePath
  lintText('x');
  // @ts-expect-error no such option
  await lintFiles(['.'], { noSuchOption: true });
  return [first, paths, ports, flat, wrong];
}
`;

  // Concurrent: each tsc takes seconds, mostly reading @types/node.
  it.concurrent.each([
    ['NodeNext', 'NodeNext'],
    ['ESNext', 'Bundler'],
    ['CommonJS', 'Node10'],
  ])('type-checks a consumer under module %s, moduleResolution %s (no skipLibCheck)', async (module, moduleResolution) => {
    const dir = join(project, `ts-${moduleResolution}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    // A Node project has @types/node (the declarations name URL); the repository's stands in for the consumer's.
    const compilerOptions = {
      module,
      moduleResolution,
      target: 'ES2022',
      lib: ['ES2022'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: project }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(r.stdout + r.stderr).toBe('');
  });
});
