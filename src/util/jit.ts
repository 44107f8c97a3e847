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

/**
 * The V8 flags for a lint run under V8 `version` (`process.versions.v8`). Only V8 before 12 (Node
 * 20) has `--interrupt-budget`: V8 12 and later (Node 22, 24) count invocations instead and print
 * an error for the old flag. There the defaults are kept: four times `--invocation-count-for-turbofan`
 * (or for Maglev) made no difference on the corpus under Node 24, and no Maglev cost 14% more CPU.
 */
export function jitFlagsFor(version: string): string[] {
  const major = Number.parseInt(version, 10);
  return major < 12 ? [`--interrupt-budget=${INTERRUPT_BUDGET}`] : [];
}

/** Tune the JIT for this process: call once its modules are loaded, before the engine runs. */
export function tuneJitForLintRun(): void {
  for (const flag of jitFlagsFor(process.versions.v8)) setFlagsFromString(flag);
}
