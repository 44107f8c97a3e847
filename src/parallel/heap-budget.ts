/**
 * A bound on the main thread's heap for long runs. V8 lets the old generation grow to a multiple of
 * what is live before a full collection, so a 100,000-file run peaked at over 600 MB of RSS with
 * some 250 MB live (the parse results project-scope rules keep, and every file's result). Between
 * batches, `HeapBudget.check()` asks for a full collection when the heap in use has grown past the
 * budget; the next threshold is what survived plus a quarter of the budget, so a run collects about
 * once per 48 MB of garbage that reached the old generation, never once a batch (at 100,000 files,
 * some 25 collections of up to 250 MB live: 3 s of a 90 s run, against 1.7 s with twice the room,
 * for a peak some 25 MB lower).
 *
 * The `gc` function comes from V8 itself (`--expose-gc` set at run time, read in a fresh context);
 * where that is not available the budget does nothing.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What the main thread's heap may grow to before a collection is asked for (bytes). */
export const HEAP_BUDGET = 192 * 1024 ** 2;

function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export class HeapBudget {
  private readonly gc = exposeGc();
  private threshold: number;

  /**
   * `beforeCollect` runs before each collection the budget asks for: the run can turn what it holds
   * into a more compact form there (the kept models), so that the collection frees the rest.
   */
  constructor(
    private readonly beforeCollect: () => void = () => {},
    private readonly budget: number = HEAP_BUDGET,
  ) {
    this.threshold = budget;
  }

  /** Collect when the heap in use has outgrown the threshold; cheap otherwise. */
  check(): void {
    if (getHeapStatistics().used_heap_size >= this.threshold) this.collect();
  }

  /**
   * Much of the heap has just become garbage (the kept models, released): collect it now, before
   * more is made on top of it, unless the heap in use is under half the budget (a run of a few
   * thousand files, whose peak this does not move).
   */
  released(): void {
    if (getHeapStatistics().used_heap_size >= this.budget / 2) this.collect();
  }

  private collect(): void {
    if (!this.gc) return;
    this.beforeCollect();
    this.gc();
    // Room for a quarter budget of garbage above what survived: a live set larger than the budget
    // is collected once per 48 MB of old garbage, not once a batch. The room is what a long run's
    // peak adds to its live set; each collection costs a fraction of a second there.
    this.threshold = getHeapStatistics().used_heap_size + this.budget / 4;
    if (process.env.PORTLINT_DEBUG_HEAP)
      process.stderr.write(`heap budget: collected, ${Math.round(getHeapStatistics().used_heap_size / 1e6)} MB live\n`);
  }
}
