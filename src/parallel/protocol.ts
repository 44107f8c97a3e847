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

/** Set once per worker (`workerData`). */
export interface WorkerSetup extends FileSetup {
  cwd: string;
  maxFileSize: number;
  /** Variables for compose interpolation (`--env-from-process`); absent when not allowed. */
  env?: ReadonlyMap<string, string> | undefined;
  /** Files the user named one by one: linted whatever their content (the others were found by a walk). */
  named?: string[] | undefined;
}

/** Main → worker: a rule set, sent once per worker before the first task that uses it. */
export interface RuleSetMessage {
  type: 'rules';
  key: number;
  specs: RuleSpec[];
}

/** Main → worker: lint these files, file `i` with rule set `ruleSets[i]`. */
export interface TaskMessage {
  type: 'lint';
  taskId: number;
  files: string[];
  ruleSets: number[];
}

export type ToWorker = RuleSetMessage | TaskMessage;

/** Worker → main. */
export type FromWorker = { type: 'done'; taskId: number; outcomes: FileOutcome[] };

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
