/**
 * Resolving references between Kubernetes objects of a run: a Service by name, the workloads a
 * selector picks, a Gateway by a route's parentRef. Nearest first: objects in the same file, else
 * the same folder, else up to two folders away (a kustomize overlay and its base), so an
 * unrelated app elsewhere in a monorepo that reuses a name or label is never matched.
 */
import type { Facts, GatewayFact, LabelSelectorFact, ObjectRef, ParentRefFact, ServiceFact, WorkloadFact } from './model.js';

/** Namespaces match when equal, or when either side does not say (manifests applied with `-n`). */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** True when every selector label is on the pods (a Service selector is an equality-based subset match). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A LabelSelector (`matchLabels` and `matchExpressions`) against labels; an empty selector selects everything. */
export function labelSelectorMatches(selector: LabelSelectorFact, labels: Record<string, string>): boolean {
  if (!selects(selector.matchLabels, labels)) return false;
  return selector.matchExpressions.every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        return value !== undefined && e.values.includes(value);
      case 'NotIn':
        return value === undefined || !e.values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
}

function dirsOf(file: string): string[] {
  return file.split(/[\\/]/).slice(0, -1);
}

/** How many directory levels above `from`'s folder the nearest folder holding `to` is. */
export function levelsUp(from: string, to: string): number {
  const a = dirsOf(from);
  const b = dirsOf(to);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common;
}

/** How far apart a file may be from the one referring to it: kustomize `overlays/<env>` → `base` is two levels. */
export const MAX_LEVELS_UP = 2;

/** The candidates nearest to the referring file (same file, else same folder, else within two levels). */
export function nearest<T extends { file: string }>(file: string, candidates: readonly T[]): T[] {
  const sameFile = candidates.filter((c) => c.file === file);
  if (sameFile.length > 0) return sameFile;
  const sameDir = candidates.filter((c) => levelsUp(file, c.file) === 0);
  if (sameDir.length > 0) return sameDir;
  return candidates.filter((c) => levelsUp(file, c.file) <= MAX_LEVELS_UP);
}

/** The Services named `name` in `namespace` nearest to `from`. */
export function servicesNamed(facts: Facts, from: ObjectRef, name: string, namespace: string | undefined): ServiceFact[] {
  return nearest(from.file, facts.services.filter((s) => s.name === name && sameNamespace(s.namespace, namespace)));
}

/** The workloads of the run whose pods a Service selects (none for a Service without selector), nearest first. */
export function selectedWorkloads(service: ServiceFact, workloads: readonly WorkloadFact[]): WorkloadFact[] {
  const selector = service.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return [];
  return nearest(service.file, workloads.filter((w) => sameNamespace(service.namespace, w.namespace) && selects(selector, w.podLabels)));
}

/** The workloads whose pods a NetworkPolicy's `podSelector` selects in its namespace, nearest first. */
export function policyWorkloads(selector: LabelSelectorFact, policy: ObjectRef, workloads: readonly WorkloadFact[]): WorkloadFact[] {
  return nearest(policy.file, workloads.filter((w) => sameNamespace(policy.namespace, w.namespace) && labelSelectorMatches(selector, w.podLabels)));
}

/** The Gateways a route's parentRef names (Gateway API, or an Istio VirtualService's `gateways`), nearest first. */
export function gatewaysOf(facts: Facts, from: ObjectRef, parent: ParentRefFact): GatewayFact[] {
  if (parent.name === undefined || parent.kind !== 'Gateway') return [];
  const api = parent.group === 'networking.istio.io' ? 'istio' : parent.group === 'gateway.networking.k8s.io' ? 'gateway-api' : undefined;
  if (api === undefined) return [];
  const namespace = parent.namespace ?? from.namespace;
  return nearest(from.file, facts.gateways.filter((g) => g.api === api && g.object.name === parent.name && sameNamespace(g.object.namespace, namespace)));
}
