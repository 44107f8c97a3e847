// Bundles the CLI and the API into lib/ with esbuild (plain JavaScript: `node bin/portlint.js` needs no
// TypeScript loader). Run by `npm install` (prepare) and `npm test`.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __PORTLINT_VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __portlintCreateRequire } from 'node:module'; const require = __portlintCreateRequire(import.meta.url);" },
};

// A fresh lib/ each time: split chunks carry content hashes, and stale ones would pile up.
rmSync(new URL('../lib', import.meta.url), { recursive: true, force: true });

await build({
  ...common,
  entryPoints: { cli: 'src/cli/index.ts', api: 'src/api.ts', 'docs-gen': 'src/docs/generate.ts', worker: 'src/parallel/worker.ts' },
  outdir: 'lib',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
