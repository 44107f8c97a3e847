/**
 * Resolving references between Kubernetes objects of a run: a Service by name, the workloads a
 * selector picks, a Gateway by a route's parentRef. Nearest first: objects in the same file, else
 * the same folder, else files one kustomize build takes in together, or of the same namespace up
 * to two folders away, so an unrelated app elsewhere in a monorepo that reuses a name or label is
 * never matched.
 */
import type {
  Facts,
  GatewayFact,
  KustomizationFact,
  LabelSelectorFact,
  ObjectRef,
  ParentRefFact,
  ServiceFact,
  WorkloadFact,
} from './model.js';

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

/** The folder of a file path (`a/b/c.yaml` → `a/b`; `c.yaml` → ``). */
function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : file.slice(0, i);
}

/** `a/b/../c/./d` → `a/c/d`, with `/` separators. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** How many directory levels above `from`'s folder the nearest folder holding `to` is. */
export function levelsUp(from: string, to: string): number {
  const a = dirOf(normalize(from)).split('/').filter(Boolean);
  const b = dirOf(normalize(to)).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common;
}

/** How far apart two files in one namespace may be: a kustomize `overlays/<env>` → `base` is two levels. */
export const MAX_LEVELS_UP = 2;

/**
 * Which files are built together by kustomize: each kustomization's files, followed through the
 * folders it takes in (and their kustomizations). Files of one build may refer to each other.
 */
export class KustomizeBuilds {
  private readonly builds: { files: Set<string>; dirs: Set<string> }[] = [];

  constructor(kustomizations: readonly KustomizationFact[]) {
    const byDir = new Map(kustomizations.map((k) => [dirOf(normalize(k.file)), k]));
    for (const k of kustomizations) {
      const build = { files: new Set<string>(), dirs: new Set<string>() };
      const visit = (kust: KustomizationFact, depth: number): void => {
        const base = dirOf(normalize(kust.file));
        for (const ref of kust.references) {
          const path = normalize(base === '' ? ref : `${base}/${ref}`);
          const inner = byDir.get(path);
          if (/\.ya?ml$/i.test(path)) build.files.add(path);
          else if (!build.dirs.has(path)) {
            build.dirs.add(path);
            if (inner && depth < 16) visit(inner, depth + 1);
          }
        }
      };
      visit(k, 0);
      this.builds.push(build);
    }
  }

  private has(build: { files: Set<string>; dirs: Set<string> }, file: string): boolean {
    const f = normalize(file);
    return build.files.has(f) || build.dirs.has(dirOf(f));
  }

  /** True when one kustomize build takes in both files. */
  together(a: string, b: string): boolean {
    return this.builds.some((build) => this.has(build, a) && this.has(build, b));
  }
}

const NO_BUILDS = new KustomizeBuilds([]);
const buildsByFacts = new WeakMap<readonly KustomizationFact[], KustomizeBuilds>();

/** The kustomize builds of a run's facts (computed once per facts). */
export function buildsOf(facts: Pick<Facts, 'kustomizations'>): KustomizeBuilds {
  let builds = buildsByFacts.get(facts.kustomizations);
  if (!builds) buildsByFacts.set(facts.kustomizations, (builds = new KustomizeBuilds(facts.kustomizations)));
  return builds;
}

/**
 * The candidates a reference in `from` may resolve to, nearest first: those in the same file if
 * any, else in the same folder, else those one kustomize build takes in with it, or in the same
 * (written) namespace within `MAX_LEVELS_UP` folders. A sibling sample that reuses a name or label
 * (`quickstarts/hello-app-tls` beside `quickstarts/hello-app`) is never matched.
 */
export function nearest<T extends { file: string }>(
  from: { file: string; namespace?: string | undefined },
  candidates: readonly T[],
  builds: KustomizeBuilds = NO_BUILDS,
  namespaceOf: (c: T) => string | undefined = (c) => ('namespace' in c && typeof c.namespace === 'string' ? c.namespace : undefined),
): T[] {
  const file = from.file;
  const sameFile = candidates.filter((c) => c.file === file);
  if (sameFile.length > 0) return sameFile;
  const sameDir = candidates.filter((c) => dirOf(normalize(c.file)) === dirOf(normalize(file)));
  if (sameDir.length > 0) return sameDir;
  return candidates.filter(
    (c) =>
      builds.together(file, c.file) ||
      (from.namespace !== undefined &&
        namespaceOf(c) === from.namespace &&
        levelsUp(file, c.file) <= MAX_LEVELS_UP &&
        levelsUp(c.file, file) <= MAX_LEVELS_UP),
  );
}

/**
 * The candidates in the nearest scope of `from` (as `nearest`), for objects that conflict rather
 * than refer: an Istio Gateway's servers against those of other Gateways on the same pods.
 */
export function inScope<T extends { file: string; object: ObjectRef }>(
  from: T,
  candidates: readonly T[],
  builds: KustomizeBuilds = NO_BUILDS,
): T[] {
  return nearest({ file: from.file, namespace: from.object.namespace }, candidates, builds, (c) => c.object.namespace);
}

/** The Services named `name` in `namespace` nearest to `from`. */
export function servicesNamed(facts: Facts, from: ObjectRef, name: string, namespace: string | undefined): ServiceFact[] {
  return nearest(
    { file: from.file, namespace },
    facts.services.filter((s) => s.name === name && sameNamespace(s.namespace, namespace)),
    buildsOf(facts),
  );
}

/** The workloads of the run whose pods a Service selects (none for a Service without selector), nearest first. */
export function selectedWorkloads(service: ServiceFact, workloads: readonly WorkloadFact[], builds?: KustomizeBuilds): WorkloadFact[] {
  const selector = service.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return [];
  return nearest(
    service,
    workloads.filter((w) => sameNamespace(service.namespace, w.namespace) && selects(selector, w.podLabels)),
    builds,
  );
}

/** The workloads whose pods a NetworkPolicy's `podSelector` selects in its namespace, nearest first. */
export function policyWorkloads(
  selector: LabelSelectorFact,
  policy: ObjectRef,
  workloads: readonly WorkloadFact[],
  builds?: KustomizeBuilds,
): WorkloadFact[] {
  return nearest(
    policy,
    workloads.filter((w) => sameNamespace(policy.namespace, w.namespace) && labelSelectorMatches(selector, w.podLabels)),
    builds,
  );
}

/** The Gateways a route's parentRef names (Gateway API, or an Istio VirtualService's `gateways`), nearest first. */
export function gatewaysOf(facts: Facts, from: ObjectRef, parent: ParentRefFact): GatewayFact[] {
  if (parent.name === undefined || parent.kind !== 'Gateway') return [];
  const api = parent.group === 'networking.istio.io' ? 'istio' : parent.group === 'gateway.networking.k8s.io' ? 'gateway-api' : undefined;
  if (api === undefined) return [];
  const namespace = parent.namespace ?? from.namespace;
  const gateways = facts.gateways.filter(
    (g) => g.api === api && g.object.name === parent.name && sameNamespace(g.object.namespace, namespace),
  );
  return nearest({ file: from.file, namespace }, gateways, buildsOf(facts), (g) => g.object.namespace);
}
