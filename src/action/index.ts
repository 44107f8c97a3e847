/** Entry point of the GitHub Action (bundled to dist/index.js). */
import { tuneJitForLintRun } from '../util/jit.js';

tuneJitForLintRun();
const { run } = await import('./run.js');
await run();
