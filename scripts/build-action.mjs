// Bundles the GitHub Action (src/action/index.ts and everything it imports, @actions/core included)
// into the single ESM file dist/index.js that action.yml runs, so the runner needs no `npm install`.
// The output is committed; it is deterministic (paths relative to the repository, no timestamps, no
// source map) so test/action/dist.test.ts can rebuild it in memory and compare bytes.
//
//   node scripts/build-action.mjs          write dist/
//   node scripts/build-action.mjs --check  exit 1 when the committed dist/ differs from a fresh build
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root: esbuild's working directory, so every path it writes is relative to it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The esbuild options of the Action bundle. */
export function actionBuildOptions() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return {
    absWorkingDir: ROOT,
    entryPoints: ['src/action/index.ts'],
    outfile: 'dist/index.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Runs on node24 (action.yml) and on Node 20.
    target: 'node20',
    sourcemap: false,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
    define: { __PORTLINT_VERSION__: JSON.stringify(pkg.version) },
    // yaml's ES module build, as in lib/ (scripts/build.mjs says why).
    alias: { yaml: './node_modules/yaml/browser/index.js' },
    // Bundled CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __portlintCreateRequire } from 'node:module'; const require = __portlintCreateRequire(import.meta.url);",
    },
  };
}

/**
 * Build the Action. With `write: false` nothing touches the disk; either way the result maps each
 * output path, relative to the repository root with `/` separators, to its bytes.
 */
export async function buildAction({ write = true } = {}) {
  const result = await build({ ...actionBuildOptions(), write });
  const files = new Map();
  if (write) {
    files.set('dist/index.js', readFileSync(new URL('../dist/index.js', import.meta.url)));
  } else {
    for (const f of result.outputFiles) files.set(relative(ROOT, f.path).split('\\').join('/'), f.contents);
  }
  return files;
}

/**
 * Where a fresh build first differs from the committed file: the line, and the source module esbuild
 * marks with a `// path` comment above it. Undefined when the two are equal.
 */
export function describeDifference(built, committed) {
  const a = Buffer.from(built).toString('utf8').split('\n');
  const b = Buffer.from(committed).toString('utf8').split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  let module = 'the bundle header';
  for (let j = Math.min(i, a.length - 1); j >= 0; j--) {
    const m = /^\/\/ ((?:src|rules|node_modules)\/\S+)$/.exec(a[j]);
    if (m) {
      module = m[1];
      break;
    }
  }
  return `first difference at line ${i + 1}, in the code bundled from ${module}`;
}

/** Committed files that differ from a fresh in-memory build, each with where it first differs. */
export async function staleDistFiles() {
  const stale = [];
  for (const [path, bytes] of await buildAction({ write: false })) {
    let committed;
    try {
      committed = readFileSync(new URL(`../${path}`, import.meta.url));
    } catch {
      stale.push(`${path} (missing)`);
      continue;
    }
    const difference = describeDifference(bytes, committed);
    if (difference) stale.push(`${path} (${difference})`);
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = await staleDistFiles();
    if (stale.length > 0) {
      console.error(`dist/ is out of date (${stale.join(', ')}): run "npm run build:action" and commit the result.`);
      process.exitCode = 1;
    }
  } else {
    await buildAction();
  }
}
