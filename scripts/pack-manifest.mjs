// The package.json that is packed carries no `scripts`: they name scripts/, which is not shipped, and
// npm 11 warns that a package with `prepare` "has install scripts" when it is installed. `prepack`
// (`strip`) builds lib/ (unless PORTLINT_PACK_NO_BUILD is set: the tests pack what they built) and
// writes package.json without `scripts`, keeping the original beside it; `postpack` (`restore`) puts
// it back. npm reads the lifecycle scripts it runs before prepack, so postpack still runs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = `${root}package.json`;
const kept = `${root}.package.json.prepack`;

const mode = process.argv[2];
if (mode === 'strip') {
  // A pack that failed before postpack left the original aside: put it back first.
  if (existsSync(kept)) renameSync(kept, manifest);
  if (!process.env.PORTLINT_PACK_NO_BUILD) execFileSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit' });
  const text = readFileSync(manifest, 'utf8');
  const packed = JSON.parse(text);
  delete packed.scripts;
  writeFileSync(kept, text);
  writeFileSync(manifest, JSON.stringify(packed, null, 2) + '\n');
} else if (mode === 'restore') {
  if (existsSync(kept)) renameSync(kept, manifest);
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
