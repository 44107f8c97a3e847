// Builds lib/, what the package ships (run by `npm install` (prepare) and `npm test`):
// - the CLI, the API and the worker, bundled with esbuild with every dependency inside (plain JavaScript:
//   `node bin/portlint.js` needs no TypeScript loader, and the package has no dependencies to install);
// - lib/THIRD-PARTY-LICENSES.txt: the license of every package bundled in;
// - lib/types/: the API's declarations (tsc), only the files src/api.d.ts reaches, which import nothing
//   outside lib/types (the bundled dependencies are not installed beside the package);
// - lib/require.cjs: what `require('portlint')` loads where Node cannot require an ES module.
// No source maps: the sources they would point at are not shipped.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LIB = join(ROOT, 'lib');
const TYPES = join(LIB, 'types');
const TYPES_ENTRY = join(TYPES, 'src/api.d.ts');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

// A fresh lib/ each time: split chunks carry content hashes, and stale ones would pile up.
rmSync(LIB, { recursive: true, force: true });

const bundle = build({
  absWorkingDir: ROOT,
  entryPoints: { cli: 'src/cli/index.ts', api: 'src/api.ts', 'docs-gen': 'src/docs/generate.ts', worker: 'src/parallel/worker.ts' },
  outdir: 'lib',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  define: { __PORTLINT_VERSION__: JSON.stringify(pkg.version) },
  // yaml's ES module build, not the CommonJS one Node's "node" condition picks: the same code, but as
  // ESM esbuild joins its modules into direct calls, with no interop getter on every `isMap()`.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __portlintCreateRequire } from 'node:module'; const require = __portlintCreateRequire(import.meta.url);",
  },
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const declarations = promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: ROOT }).catch((error) => {
  throw new Error(`tsc -p tsconfig.types.json failed:\n${error.stdout}${error.stderr}`);
});

const [{ metafile }] = await Promise.all([bundle, declarations]);
writeFileSync(join(LIB, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(metafile));
pruneDeclarations();
writeFileSync(
  join(LIB, 'require.cjs'),
  "'use strict';\n// `require('portlint')` where Node cannot require an ES module (package.json exports: module-sync first).\n" +
    "throw new Error(\"portlint is an ES module: use `import { lintFiles } from 'portlint'` (or `await import('portlint')` from CommonJS)\");\n",
);

/** The license text of every package in node_modules that the bundle took code from. */
function thirdPartyLicenses({ inputs }) {
  const packages = new Map();
  for (const input of Object.keys(inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match && !packages.has(match[1])) packages.set(match[1], JSON.parse(readFileSync(join(ROOT, match[1], 'package.json'), 'utf8')));
  }
  const sections = [...packages]
    .sort(([, a], [, b]) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
    .map(([dir, p]) => {
      const file = readdirSync(join(ROOT, dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
      if (!p.license) throw new Error(`${p.name}@${p.version} is bundled into lib/ but states no license`);
      const text = file
        ? readFileSync(join(ROOT, dir, file), 'utf8').trim()
        : `(the package ships no license file; package.json: ${p.license})`;
      return `${p.name}@${p.version} (${p.license})\n\n${text}\n`;
    });
  return `portlint bundles these packages into lib/; their licenses follow.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

/**
 * tsc declares every module of the program; keep only those src/api.d.ts reaches. The rest (parsers
 * that name yaml's types) would import packages a consumer does not have. A reached file importing
 * anything but a relative path is an error: the consumer's tsc could not resolve it.
 */
function pruneDeclarations() {
  const reached = new Set();
  const stack = [TYPES_ENTRY];
  while (stack.length > 0) {
    const file = stack.pop();
    if (reached.has(file)) continue;
    if (!existsSync(file)) throw new Error(`lib/types: ${relative(ROOT, file)} is imported but was not emitted`);
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)) {
      if (!spec.startsWith('.'))
        throw new Error(`lib/types: ${relative(ROOT, file)} imports '${spec}', which a consumer of the package cannot resolve`);
      stack.push(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')));
    }
  }
  (function prune(dir) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        prune(path);
        if (readdirSync(path).length === 0) rmdirSync(path);
      } else if (!reached.has(path)) rmSync(path);
    }
  })(TYPES);
  mkdirSync(TYPES, { recursive: true });
}
