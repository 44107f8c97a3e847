#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+: keep V8's compiled code of the bundle between runs (under the OS temp directory, as
// tsc does): a one-file run under Node 24 took 0.08 s instead of 0.115. NODE_DISABLE_COMPILE_CACHE=1
// turns it off; older Node has no such function.
module.enableCompileCache?.();

import('../lib/cli.js').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('/lib/cli.js')) throw err;
  process.stderr.write(`portlint: lib/ is missing (not built yet): run "npm ci" in ${new URL('..', import.meta.url).pathname} first\n`);
  process.exitCode = 2;
});
