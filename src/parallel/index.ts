/**
 * The one lint pipeline for files on disk, on one thread or several. The main thread and any
 * workers each claim batches of files, one at a time from a counter they share, and take them
 * through the per-file phase (`lintFile`: read, parse, file-scope rules, suppressions; each file
 * with its own rules, resolved here and sent to workers by value); the project phase
 * (`ProjectPhase`, on the main thread) keeps only what project-scope rules read, runs them at the
 * end and merges their findings in. With no workers it is the serial path; with workers the
 * results are the same, in the same order: batches are committed in input order whatever order
 * they finish in.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { LintResult } from '../engine/results.js';
import type { LinterOptions } from '../engine/linter.js';
import { ProjectPhase, type FileOutcome, type ReadAs } from '../engine/phases.js';
import type { ResolvedRule } from '../engine/rule.js';
import type { HeapBudget } from './heap-budget.js';
import { lintTask } from './lint-file.js';
import { toSpecs, type FromWorker, type RuleSpec, type Task, type ToWorker, type WorkerSetup } from './protocol.js';

/**
 * How many threads lint: `'auto'` (all cores for large inputs), `'off'` (the main thread only), or
 * N threads (the main thread and N - 1 workers).
 */
export type Concurrency = 'auto' | 'off' | number;

/**
 * Below this many files `'auto'` lints on the main thread alone. A worker loads the bundle, warms up
 * its own JIT and heap, and its results cross threads by copy: about 1 s of CPU more on a 2-core
 * machine. With tasks claimed from a shared counter (no idle worker) and the CLI's larger TurboFan
 * budget, the corpus (4,140 files) took 3.5-3.8 s of wall with a worker against 4.3-4.5 s without,
 * measured side by side at a load average of about 4; 3,000 files 2.3-2.5 s of main-thread CPU
 * against 3.0-3.5 s; 2,000 files were no faster with it (1.5-1.8 s of main-thread CPU against
 * 2.2-2.3, but 15-35% more CPU in all, which a busy machine pays in wall time).
 */
export const PARALLEL_MIN_FILES = 3000;

/** `'auto'` starts one worker per this many files at most, so a medium run does not pay for idle workers. */
const FILES_PER_WORKER = 3000;

/**
 * Runs of fewer files than this never reach the heap budget (the corpus's 4,140 files peak at about
 * 50 MB of heap in use, the budget is 192 MB): they do not load it (node:v8 and node:vm) at all.
 */
const HEAP_BUDGET_MIN_FILES = 2000;

/**
 * Runs of fewer files than this start their workers without a heap limit (`workerHeapLimitMb`):
 * their peak is far from any bound (291 MB at 20,000 files in the default mode), and the limit
 * cost the corpus (4,140 files) some 4% more CPU and wall time (paired rounds in both orders),
 * though its workers collected no more often.
 */
const WORKER_HEAP_LIMIT_MIN_FILES = 20_000;

/** Files per message: large enough that messaging is cheap, small enough to balance the load at the end. */
const DEFAULT_BATCH_SIZE = 32;

/**
 * The old generation a worker's heap may grow to, in MB, when the largest file it may be given is
 * `maxFileSize` bytes. V8 lets a heap whose limit is large (the process's: 4 GB here) grow to up
 * to four times what is live before a full collection; under a limit of 256 MB to 2 GB it grows by
 * 1.3 to 2 times. A worker holds 10-25 MB live between tasks, yet at 100,000 files its heap took
 * 100-130 MB; under this limit (640 MB for the default 10 MB) the run's peak fell from 384-435 MB
 * (nine runs) to 380-387 (eight). A 10 MB Kubernetes file needs some 400 MB to lint, so the limit
 * is 64 times the file size, 512 MB at least; a worker that runs out of heap anyway gives its task
 * back to the main thread (`runTasks`), whose heap has the process's limit.
 */
export function workerHeapLimitMb(maxFileSize: number): number {
  return Math.max(512, Math.ceil((64 * maxFileSize) / 1024 ** 2));
}

/**
 * Where the bundled worker entry is: `lib/worker.js`, beside the bundle. This module is itself in
 * `lib/` or, when esbuild splits it into a shared chunk, in `lib/chunks/`.
 */
export function bundledWorkerUrl(): URL {
  const here = import.meta.url;
  return /\/chunks\/[^/]+$/.test(here) ? new URL('../worker.js', here) : new URL('./worker.js', here);
}

/**
 * How many worker threads to lint `fileCount` files with, besides the main thread (0: the main
 * thread alone). `'auto'` uses every available core for `PARALLEL_MIN_FILES` files or more.
 * Without a bundled worker (running from source) it is always 0.
 */
export function workerCountFor(fileCount: number, concurrency: Concurrency = 'auto', workerUrl: URL = bundledWorkerUrl()): number {
  if (concurrency === 'off' || fileCount === 0 || !existsSync(fileURLToPath(workerUrl))) return 0;
  if (typeof concurrency === 'number') return Number.isFinite(concurrency) ? Math.max(0, Math.floor(concurrency) - 1) : 0;
  const cores = availableParallelism();
  if (cores < 2 || fileCount < PARALLEL_MIN_FILES) return 0;
  return Math.min(cores - 1, Math.floor(fileCount / FILES_PER_WORKER));
}

export interface ParallelLintOptions {
  /** Directory the file paths are relative to. */
  cwd: string;
  /** Files larger than this many bytes are skipped with a warning. */
  maxFileSize: number;
  /** Variables for compose interpolation (`--env-from-process`). */
  env?: ReadonlyMap<string, string> | undefined;
  /**
   * The rules for one file (from the config that applies to it), or undefined when its config
   * ignores it. Called on the main thread, once per file; rule sets go to the workers by value.
   */
  rulesFor: (file: string) => readonly ResolvedRule[] | undefined;
  /** Suppression options, as for `new Linter()`. */
  linterOptions?: LinterOptions | undefined;
  /** Paths that could not be linted at all (discovery errors): fatal errors, as `Linter.addError`. */
  errors?: readonly { file: string; message: string }[] | undefined;
  /** Files the user named one by one (linted whatever their content); the others were found by a walk. */
  named?: ReadonlySet<string> | undefined;
  /** Called with what each file was read as, in input order (`--debug`). */
  onFile?: ((read: ReadAs) => void) | undefined;
  /** Called as files are linted: files done of all files (a progress indicator). */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** How many worker threads besides the main thread (see `workerCountFor`). */
  workers: number;
  /** The worker entry (default: `bundledWorkerUrl()`). */
  workerUrl?: URL | undefined;
  /** Files per message to a worker. */
  batchSize?: number | undefined;
  /** The old generation a worker's heap may grow to, in MB (default: `workerHeapLimitMb(maxFileSize)` for long runs, none for others). */
  workerHeapMb?: number | undefined;
  /**
   * Bytes the main thread's heap may reach before a collection is asked for (`HeapBudget`; default
   * `HEAP_BUDGET`, for runs of `HEAP_BUDGET_MIN_FILES` files or more). Given, it applies to a run of any size.
   */
  heapBudget?: number | undefined;
}

/** Rule sets by value, each under a small number, with the files of each task pointing at theirs. */
interface Plan {
  tasks: Task[];
  specs: RuleSpec[][];
  rules: (readonly ResolvedRule[])[];
  /** Whether any file's rules include a project-scope rule. */
  project: boolean;
  /** How many files the tasks hold. */
  files: number;
}

function plan(files: readonly string[], options: ParallelLintOptions): Plan {
  const out: Plan = { tasks: [], specs: [], rules: [], project: false, files: 0 };
  const keyOf = new Map<readonly ResolvedRule[], number>();
  const keyOfSpecs = new Map<string, number>();
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let task: Task = { files: [], ruleSets: [] };
  for (const file of files) {
    const rules = options.rulesFor(file);
    if (rules === undefined) continue;
    let key = keyOf.get(rules);
    if (key === undefined) {
      const specs = toSpecs(rules);
      const text = JSON.stringify(specs);
      key = keyOfSpecs.get(text);
      if (key === undefined) {
        key = out.specs.length;
        out.specs.push(specs);
        out.rules.push(rules);
        keyOfSpecs.set(text, key);
        if (rules.some((r) => r.rule.meta.scope === 'project')) out.project = true;
      }
      keyOf.set(rules, key);
    }
    task.files.push(file);
    task.ruleSets.push(key);
    out.files++;
    if (task.files.length === size) {
      out.tasks.push(task);
      task = { files: [], ruleSets: [] };
    }
  }
  if (task.files.length > 0) out.tasks.push(task);
  return out;
}

/** Feeds the project phase the outcomes of a task, file by file with the rules of each. */
function accept(phase: ProjectPhase, plan: Plan, task: Task, outcomes: readonly FileOutcome[]): void {
  outcomes.forEach((outcome, i) => phase.accept(outcome, plan.rules[task.ruleSets[i]!]!));
}

/**
 * Lint `files` (relative to `options.cwd`, in the order results should follow) on the main thread
 * and `options.workers` worker threads (none: the serial path). Resolves with ESLint-shaped results sorted by path,
 * identical to a single-threaded run; rejects if a worker dies.
 */
export async function lintPaths(files: readonly string[], options: ParallelLintOptions): Promise<LintResult[]> {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const named = options.named && options.named.size > 0 ? [...options.named] : undefined;
  const setup: WorkerSetup = {
    cwd: options.cwd,
    maxFileSize: options.maxFileSize,
    env: options.env,
    linterOptions: options.linterOptions ?? {},
    project: false,
    named,
  };
  // Workers start before the plan is made (it resolves every file's config), so their start-up
  // overlaps it; a worker is never started for less than a task of its own.
  const count = Math.max(0, Math.min(options.workers, Math.ceil(files.length / size) - 1));
  // Loaded only when there are workers to start: a small run does not pay for the module.
  const { Worker } = count > 0 ? await import('node:worker_threads') : { Worker: undefined };
  const heapMb = options.workerHeapMb ?? (files.length >= WORKER_HEAP_LIMIT_MIN_FILES ? workerHeapLimitMb(options.maxFileSize) : undefined);
  const limits = heapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapMb } };
  const start = (): Worker[] =>
    Worker
      ? Array.from({ length: count }, () => new Worker(options.workerUrl ?? bundledWorkerUrl(), { workerData: setup, ...limits }))
      : [];
  let workers: Worker[] = [];
  try {
    const phase = new ProjectPhase(options.linterOptions ?? {});
    workers = start();
    const work = plan(files, options);
    // Known only once the plan is made: the workers get it with the work.
    setup.project = work.project;
    // Also between the project-scope rules' runs: each makes garbage of its own (indexes, reachability).
    // Its first collection is where the kept models start to be kept as compact copies.
    const heap =
      options.heapBudget !== undefined || work.files >= HEAP_BUDGET_MIN_FILES
        ? new (await import('./heap-budget.js')).HeapBudget(() => phase.compact(), options.heapBudget)
        : undefined;
    if (work.tasks.length > 0) {
      let done = 0;
      await runTasks(work, setup, workers, heap, (task, outcomes) => {
        accept(phase, work, task, outcomes);
        if (options.onFile) for (const o of outcomes) if (o.read) options.onFile(o.read);
        options.onProgress?.((done += outcomes.length), work.files);
      });
    }
    // Their work is done: their heaps (some 100 MB at 100,000 files) go before the project phase's peak.
    await Promise.all(workers.map((w) => w.terminate()));
    workers = [];
    // The results and their output are made after the models are released: collected then, their
    // room is the models' (at 100,000 files the heap held some 200 MB of garbage there, and the
    // output's 100 MB more went on top of it).
    return phase.finish(options.errors ?? [], { afterRun: () => heap?.check(), released: () => heap?.released() });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Lint every task on the main thread and the workers, each thread claiming the next task from a
 * shared counter (the main thread yields between its tasks, so worker replies are handled), and
 * commit finished tasks in order (checking the heap budget, for long runs, after each). Resolves
 * when every task is committed and every worker has said it is finished. A worker that runs out
 * of heap (`workerHeapLimitMb`) ends without its last task: once the other threads are done, the
 * main thread lints every task that never came back.
 */
function runTasks(
  work: Plan,
  setup: WorkerSetup,
  workers: readonly Worker[],
  heap: HeapBudget | undefined,
  commitTask: (task: Task, outcomes: readonly FileOutcome[]) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const claim = (): number => Atomics.add(next, 0, 1);
    const finished = new Map<number, FileOutcome[]>();
    let nextToCommit = 0;
    let running = workers.length;
    let mainDone = false;
    let failed = false;

    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const lintOnThisThread = (taskId: number): void => {
      finished.set(taskId, lintTask(work.tasks[taskId]!, work.rules, setup));
    };
    const settle = (): void => {
      if (failed || running > 0 || !mainDone) return;
      if (nextToCommit === work.tasks.length) return resolve();
      // Every thread is done: what is missing was claimed by a worker that ran out of heap.
      for (let taskId = nextToCommit; taskId < work.tasks.length; taskId++) if (!finished.has(taskId)) lintOnThisThread(taskId);
      commit();
    };
    const commit = (): void => {
      for (let done = finished.get(nextToCommit); done; done = finished.get(nextToCommit)) {
        finished.delete(nextToCommit);
        commitTask(work.tasks[nextToCommit]!, done);
        nextToCommit++;
        heap?.check();
      }
      settle();
    };
    const guarded = (step: () => void): void => {
      try {
        step();
      } catch (err) {
        fail(err);
      }
    };
    const lintOnMain = (): void => {
      if (failed) return;
      const taskId = claim();
      if (taskId >= work.tasks.length) {
        mainDone = true;
        return guarded(settle);
      }
      guarded(() => {
        lintOnThisThread(taskId);
        commit();
      });
      if (!failed) setImmediate(lintOnMain);
    };

    for (const worker of workers) {
      let workerFinished = false;
      const done = (): void => {
        workerFinished = true;
        running--;
        guarded(settle);
      };
      worker.on('message', (message: FromWorker) => {
        if (failed) return;
        if (message.type === 'finished') return done();
        finished.set(message.taskId, message.outcomes);
        guarded(commit);
      });
      worker.on('error', (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY' && !workerFinished) done();
        else fail(new Error(`portlint: a lint worker failed: ${err.stack ?? err.message}`));
      });
      worker.on('messageerror', (err) => fail(err));
      worker.on('exit', (code) => {
        if (!workerFinished) fail(new Error(`portlint: a lint worker exited (code ${code}) before its work was done`));
      });
      worker.postMessage({ type: 'work', tasks: work.tasks, ruleSets: work.specs, next, project: work.project } satisfies ToWorker);
    }
    lintOnMain();
  });
}
