/**
 * V8 tuning for a process that runs one lint: the CLI and the GitHub Action set it at start-up,
 * once the engine's modules are loaded and before it runs; the API leaves the flags of the
 * process that loads it alone.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * How much bytecode a function runs before V8 compiles it with TurboFan (V8's default in Node 20:
 * 67,584). A lint run is seconds long and runs hundreds of functions hot enough to reach that
 * default: on the corpus TurboFan then took about 2.4 s of CPU on background threads, a third of
 * the run (each worker isolate compiles them again). Four times the budget leaves the functions
 * that stay hot (the YAML parser's) optimised, a little later, and the rest in baseline code:
 * 19% less CPU on the corpus, the main thread's own time 3.5% more (measured side by side,
 * `--concurrency off`). Workers inherit it.
 */
const INTERRUPT_BUDGET = 4 * 67_584;

/** Raise the TurboFan budget for this process: call once its modules are loaded, before the engine runs. */
export function tuneJitForLintRun(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
