/**
 * What the main thread and the lint workers say to each other. Everything here crosses a thread
 * boundary by structured clone: plain data only (no functions, no rule objects, no class instances).
 */
import type { FileOutcome, FileSetup } from '../engine/phases.js';
import type { AnyRule, ResolvedRule } from '../engine/rule.js';

/** A rule as resolved and validated on the main thread, by value: its id, severity and complete options. */
export interface RuleSpec {
  id: string;
  severity: 0 | 1 | 2;
  options: unknown;
  noInlineDisable?: boolean;
}

/** Set once per worker (`workerData`), but for `project`, which comes with the work. */
export interface WorkerSetup extends FileSetup {
  cwd: string;
  maxFileSize: number;
  /** Variables for compose interpolation (`--env-from-process`); absent when not allowed. */
  env?: ReadonlyMap<string, string> | undefined;
  /** Files the user named one by one: linted whatever their content (the others were found by a walk). */
  named?: string[] | undefined;
}

/** A batch of files: file `i` is linted with rule set `ruleSets[i]`. */
export interface Task {
  files: string[];
  ruleSets: number[];
}

/**
 * Main → worker, once: every task of the run and the rule sets they use (by index). No task is
 * assigned to a thread: each thread, the main one included, claims the next task to lint with
 * `Atomics.add(next, 0, 1)` on the counter they share, so a worker never waits for the main
 * thread to hand it work, and a slow task on one thread never leaves another idle.
 */
export interface WorkMessage {
  type: 'work';
  tasks: Task[];
  ruleSets: RuleSpec[][];
  /** Whether any rule set holds a project-scope rule (`FileSetup.project`, known once the tasks are planned). */
  project: boolean;
  /** The index of the next task to claim, shared by every thread (a view of a `SharedArrayBuffer`). */
  next: Int32Array;
}

export type ToWorker = WorkMessage;

/** Worker → main: the outcomes of a task it claimed, one per file in order; then, when no task is left, `finished`. */
export type FromWorker = { type: 'done'; taskId: number; outcomes: FileOutcome[] } | { type: 'finished' };

/** The serialisable form of resolved rules. */
export function toSpecs(rules: readonly ResolvedRule[]): RuleSpec[] {
  return rules.map((r) => ({
    id: r.rule.meta.id,
    severity: r.severity,
    options: r.options,
    ...(r.noInlineDisable ? { noInlineDisable: true } : {}),
  }));
}

/** Resolved rules back from their specs, looking the rules up by id in `registry`. */
export function fromSpecs(specs: readonly RuleSpec[], registry: readonly AnyRule[]): ResolvedRule[] {
  const byId = new Map(registry.map((r) => [r.meta.id, r]));
  return specs.map((s) => {
    const rule = byId.get(s.id);
    if (!rule) throw new Error(`lint worker: unknown rule "${s.id}"`);
    return { rule, severity: s.severity, options: s.options, ...(s.noInlineDisable ? { noInlineDisable: true } : {}) };
  });
}
