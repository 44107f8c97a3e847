/** Entry point of the GitHub Action (bundled to dist/index.js). */
import { tuneJitForLintRun } from '../util/jit.js';

// After the modules load, before any of it runs (see src/cli/index.ts).
const { run } = await import('./run.js');
tuneJitForLintRun();
await run();
