#!/usr/bin/env node
import('../lib/cli.js').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('/lib/cli.js')) throw err;
  process.stderr.write(`portlint: lib/ is missing (not built yet): run "npm ci" in ${new URL('..', import.meta.url).pathname} first\n`);
  process.exitCode = 2;
});
