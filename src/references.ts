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
import { ListMemo } from './util/list-memo.js';

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

/**
 * Normalized paths by path: references compare the folders of the same few files over and over.
 * Emptied when it grows large, so a long-lived process keeps only the recent ones.
 */
const normalized = new Map<string, string>();

/** `a/b/../c/./d` → `a/c/d`, with `/` separators. */
function normalize(path: string): string {
  let known = normalized.get(path);
  if (known === undefined) {
    if (normalized.size >= 10_000) normalized.clear();
    normalized.set(path, (known = normalizeOnce(path)));
  }
  return known;
}

function normalizeOnce(path: string): string {
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

/** The folders of a file path, normalized (`a/./b/../c/x.yaml` → `['a', 'c']`); joined, they are `dirOf(normalize(file))`. */
function foldersOf(file: string): string[] {
  const parts = normalize(file).split('/');
  parts.pop();
  return parts;
}

/** The files and folders (normalized paths) one kustomize build takes in. */
interface Build {
  files: Set<string>;
  dirs: Set<string>;
}

const NO_IDS: readonly number[] = [];

/**
 * Which files are built together by kustomize: each kustomization's files, followed through the
 * folders it takes in (and their kustomizations). Files of one build may refer to each other.
 */
export class KustomizeBuilds {
  private readonly builds: Build[] = [];
  /** Build ids by the file they take in, and by the folder whose files they take in. */
  private readonly byFile = new Map<string, number[]>();
  private readonly byDir = new Map<string, number[]>();
  /** `buildsWith` by path as written: a run asks about the same few thousand paths over and over. */
  private readonly withCache = new Map<string, readonly number[]>();

  constructor(kustomizations: readonly KustomizationFact[]) {
    const byDir = new Map(kustomizations.map((k) => [dirOf(normalize(k.file)), k]));
    for (const k of kustomizations) {
      const build: Build = { files: new Set<string>(), dirs: new Set<string>() };
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
      const id = this.builds.push(build) - 1;
      for (const f of build.files) push(this.byFile, f, id);
      for (const d of build.dirs) push(this.byDir, d, id);
    }
  }

  /** The ids of the builds that take in `file` (by its path, or its folder), ascending. */
  buildsWith(file: string): readonly number[] {
    if (this.builds.length === 0) return NO_IDS;
    let ids = this.withCache.get(file);
    if (ids === undefined) {
      const f = normalize(file);
      ids = union([this.byFile.get(f) ?? NO_IDS, this.byDir.get(dirOf(f)) ?? NO_IDS]);
      this.withCache.set(file, ids);
    }
    return ids;
  }

  /** The files and folders build `id` takes in. */
  build(id: number): Readonly<Build> {
    return this.builds[id]!;
  }

  /** True when one kustomize build takes in both files. */
  together(a: string, b: string): boolean {
    const x = this.buildsWith(a);
    if (x.length === 0) return false;
    const y = this.buildsWith(b);
    return x.some((id) => y.includes(id));
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

/** Where a reference is made: its file, and the namespace it looks in (none: any namespace is near only by folder or build). */
export interface From {
  file: string;
  namespace?: string | undefined;
}

/** How a candidate's namespace is read. Pass one of the two below: the index of a candidate list is kept per accessor. */
export type NamespaceOf<T> = (c: T) => string | undefined;

/** The namespace of a fact that carries one (a Service, a workload). */
export const ownNamespace: NamespaceOf<{ file: string }> = (c) =>
  'namespace' in c && typeof c.namespace === 'string' ? c.namespace : undefined;

/** The namespace of a fact's object (a Gateway, a NetworkPolicy, a ServiceEntry). */
export const objectNamespace: NamespaceOf<{ object: ObjectRef }> = (c) => c.object.namespace;

/**
 * The candidates a reference in `from` may resolve to, nearest first: those in the same file if
 * any, else in the same folder, else those one kustomize build takes in with it, or in the same
 * (written) namespace within `MAX_LEVELS_UP` folders. A sibling sample that reuses a name or label
 * (`quickstarts/hello-app-tls` beside `quickstarts/hello-app`) is never matched. Only candidates
 * `where` accepts count (as if the list were filtered first); results keep the order of `candidates`.
 *
 * Pass a run's whole list (`facts.services`) and say what is wanted in `where`: a long list is
 * indexed once (see "The scope index" below), so a lookup costs what is in scope, not the run.
 */
export function nearest<T extends { file: string }>(
  from: From,
  candidates: readonly T[],
  builds: KustomizeBuilds = NO_BUILDS,
  namespaceOf: NamespaceOf<T> = ownNamespace,
  where?: (c: T) => boolean,
): T[] {
  if (candidates.length <= SCAN_AT_MOST) return scanNearest(from, candidates, builds, namespaceOf, where);
  return scopeIndex(candidates, namespaceOf).nearest(from, builds, where);
}

/**
 * Every candidate within reach of `from` at all (in any of `nearest`'s scopes, not only the
 * nearest one that has some), in the order of `candidates`. Reach is symmetric: `c` is within
 * reach of `from` exactly when `from` is within reach of `c`.
 */
export function reachable<T extends { file: string }>(
  from: From,
  candidates: readonly T[],
  builds: KustomizeBuilds = NO_BUILDS,
  namespaceOf: NamespaceOf<T> = ownNamespace,
  where?: (c: T) => boolean,
): T[] {
  if (candidates.length <= SCAN_AT_MOST) return candidates.filter((c) => (!where || where(c)) && reaches(from, c, builds, namespaceOf));
  return scopeIndex(candidates, namespaceOf).reachable(from, builds, where);
}

/** True when `c` is in the same folder as `from`, or one kustomize build takes both in, or it is in its namespace nearby. */
function reaches<T extends { file: string }>(from: From, c: T, builds: KustomizeBuilds, namespaceOf: NamespaceOf<T>): boolean {
  return dirOf(normalize(c.file)) === dirOf(normalize(from.file)) || far(from, c, builds, namespaceOf);
}

/** The last of `nearest`'s scopes: one kustomize build, or the same written namespace within `MAX_LEVELS_UP` folders. */
function far<T extends { file: string }>(from: From, c: T, builds: KustomizeBuilds, namespaceOf: NamespaceOf<T>): boolean {
  return (
    builds.together(from.file, c.file) ||
    (from.namespace !== undefined &&
      namespaceOf(c) === from.namespace &&
      levelsUp(from.file, c.file) <= MAX_LEVELS_UP &&
      levelsUp(c.file, from.file) <= MAX_LEVELS_UP)
  );
}

/** `nearest` by reading every candidate: the definition, used for short lists (and by tests, as what the index must match). */
export function scanNearest<T extends { file: string }>(
  from: From,
  all: readonly T[],
  builds: KustomizeBuilds = NO_BUILDS,
  namespaceOf: NamespaceOf<T> = ownNamespace,
  where?: (c: T) => boolean,
): T[] {
  const candidates = where ? all.filter(where) : all;
  const file = from.file;
  const sameFile = candidates.filter((c) => c.file === file);
  if (sameFile.length > 0) return sameFile;
  const sameDir = candidates.filter((c) => dirOf(normalize(c.file)) === dirOf(normalize(file)));
  if (sameDir.length > 0) return sameDir;
  return candidates.filter((c) => far(from, c, builds, namespaceOf));
}

// ---------------------------------------------------------------------------------------------
// The scope index: a long candidate list, indexed once per list (and namespace accessor) by file,
// folder and namespace, and per kustomize build when first asked, so that `nearest` reads only
// the candidates in scope. Lists are the run's facts, built before rules look things up; a list
// that has grown since it was indexed is indexed again.

/** Up to this many candidates are scanned: indexing a short list costs more than reading it. */
const SCAN_AT_MOST = 16;

/** The scope indexes of each namespace accessor, by candidate list (`ListMemo`: again once a list has grown). */
const indexes = new Map<NamespaceOf<never>, ListMemo<readonly object[], unknown>>();

function scopeIndex<T extends { file: string }>(candidates: readonly T[], namespaceOf: NamespaceOf<T>): ScopeIndex<T> {
  let memo = indexes.get(namespaceOf);
  if (!memo) indexes.set(namespaceOf, (memo = new ListMemo()));
  return memo.get(candidates, () => new ScopeIndex(candidates, namespaceOf)) as ScopeIndex<T>;
}

/**
 * The key of the namespace scope. Two folder paths `a` and `b` are at most `MAX_LEVELS_UP` (2)
 * levels from their common folder exactly when they share the first `max(|a|, |b|) - 2` folders.
 * So a candidate at depth `d` is filed under its first `d - 2`, `d - 1` and `d` folders, and a
 * lookup from depth `D` reads, for each depth `d` from `D - 2` to `D + 2`, the key with its own
 * first `max(D, d) - 2` folders: every candidate found is in scope, and every one in scope is found.
 */
function namespaceKey(namespace: string, depth: number, folders: readonly string[], shared: number): string {
  return `${namespace}\n${depth}\n${folders.slice(0, Math.max(0, shared)).join('/')}`;
}

class ScopeIndex<T extends { file: string }> {
  /** Candidate positions by file as written (the same-file scope), by folder, and by normalized file (what builds list). */
  private readonly byFile = new Map<string, number[]>();
  private readonly byDir = new Map<string, number[]>();
  private readonly byPath = new Map<string, number[]>();
  /** Candidate positions by `namespaceKey`. */
  private readonly byNamespace = new Map<string, number[]>();
  /** Candidate positions per kustomize build, filled when a build is first asked about. */
  private readonly byBuild = new WeakMap<KustomizeBuilds, Map<number, readonly number[]>>();

  constructor(
    private readonly candidates: readonly T[],
    namespaceOf: NamespaceOf<T>,
  ) {
    candidates.forEach((c, i) => {
      const path = normalize(c.file);
      const folders = path.split('/').slice(0, -1);
      push(this.byFile, c.file, i);
      push(this.byDir, folders.join('/'), i);
      push(this.byPath, path, i);
      const namespace = namespaceOf(c);
      if (namespace === undefined) return;
      const d = folders.length;
      const keys = new Set([d - 2, d - 1, d].map((shared) => namespaceKey(namespace, d, folders, shared)));
      for (const key of keys) push(this.byNamespace, key, i);
    });
  }

  nearest(from: From, builds: KustomizeBuilds, where: ((c: T) => boolean) | undefined): T[] {
    const sameFile = this.pick(this.byFile.get(from.file), where);
    if (sameFile.length > 0) return sameFile;
    const folders = foldersOf(from.file);
    const sameDir = this.pick(this.byDir.get(folders.join('/')), where);
    if (sameDir.length > 0) return sameDir;
    return this.pick(this.far(from, folders, builds), where);
  }

  reachable(from: From, builds: KustomizeBuilds, where: ((c: T) => boolean) | undefined): T[] {
    const folders = foldersOf(from.file);
    return this.pick(union([this.byDir.get(folders.join('/')) ?? NO_IDS, this.far(from, folders, builds)]), where);
  }

  /** Positions in the far scope of `from` (`far`): its builds' candidates and its namespace's nearby ones. */
  private far(from: From, folders: readonly string[], builds: KustomizeBuilds): readonly number[] {
    const lists = builds.buildsWith(from.file).map((id) => this.inBuild(builds, id));
    if (from.namespace !== undefined) {
      const D = folders.length;
      for (let d = Math.max(0, D - MAX_LEVELS_UP); d <= D + MAX_LEVELS_UP; d++) {
        const list = this.byNamespace.get(namespaceKey(from.namespace, d, folders, Math.max(D, d) - MAX_LEVELS_UP));
        if (list) lists.push(list);
      }
    }
    return union(lists);
  }

  /** Positions of the candidates build `id` takes in (by file or folder). */
  private inBuild(builds: KustomizeBuilds, id: number): readonly number[] {
    let byId = this.byBuild.get(builds);
    if (!byId) this.byBuild.set(builds, (byId = new Map()));
    let list = byId.get(id);
    if (!list) {
      const build = builds.build(id);
      const lists = [...build.files].map((f) => this.byPath.get(f) ?? NO_IDS);
      for (const d of build.dirs) lists.push(this.byDir.get(d) ?? NO_IDS);
      byId.set(id, (list = union(lists)));
    }
    return list;
  }

  private pick(positions: readonly number[] | undefined, where: ((c: T) => boolean) | undefined): T[] {
    const out: T[] = [];
    for (const i of positions ?? NO_IDS) {
      const c = this.candidates[i]!;
      if (!where || where(c)) out.push(c);
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Ascending positions without repeats, from ascending lists. */
function union(lists: readonly (readonly number[])[]): readonly number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? NO_IDS;
  return [...new Set(nonEmpty.flat())].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Lookups by key: a Service by its name, the workloads a selector may pick by its labels. In one
// file of thousands of objects (`helm template` output) every candidate is in the nearest scope,
// so testing each one against each reference was quadratic: 8,000 Deployments and their Services
// in one file took 9.6 s. A lookup whose `where` accepts only candidates filed under a key passes
// `nearest` those candidates alone, in their order: its scopes and `where` then give the same.

/**
 * The keys a candidate is filed under (a function of the candidate), with the filing of each list
 * by them, made once per list (`ListMemo`: again once a list has grown). Use the constants below.
 */
export class KeysOf<T> {
  private readonly filings = new ListMemo<readonly T[], Map<string, T[]>>();

  constructor(private readonly keysOf: (c: T) => readonly string[]) {}

  /** `candidates` by key, each list in their order. */
  filing(candidates: readonly T[]): Map<string, T[]> {
    return this.filings.get(candidates, () => {
      const byKey = new Map<string, T[]>();
      for (const c of candidates) for (const key of new Set(this.keysOf(c))) push(byKey, key, c);
      return byKey;
    });
  }
}

const NO_CANDIDATES: readonly never[] = [];

/**
 * The candidates `keysOf` files under `key`, in the order of `candidates`; given several keys, the
 * shortest such list (for a `where` that accepts only candidates filed under every one). A short
 * list, or no key, gives `candidates` as they are.
 */
export function filedUnder<T>(candidates: readonly T[], keysOf: KeysOf<T>, keys: readonly string[]): readonly T[] {
  if (candidates.length <= SCAN_AT_MOST || keys.length === 0) return candidates;
  const filing = keysOf.filing(candidates);
  let shortest: readonly T[] | undefined;
  for (const key of keys) {
    const list = filing.get(key) ?? NO_CANDIDATES;
    if (shortest === undefined || list.length < shortest.length) shortest = list;
  }
  return shortest ?? candidates;
}

/** A Service by its name. */
export const byServiceName = new KeysOf<ServiceFact>((s) => (s.name === undefined ? [] : [s.name]));

/** A Gateway by its object's name. */
const byGatewayName = new KeysOf<GatewayFact>((g) => (g.object.name === undefined ? [] : [g.object.name]));

/** A workload by each of its pods' labels (`labelKeys`). */
export const byPodLabels = new KeysOf<WorkloadFact>((w) => labelKeys(w.podLabels));

/** The keys of labels, or of the labels an equality selector asks for: one per label, `name=value`. */
export function labelKeys(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

/**
 * The candidates in the nearest scope of `from` (as `nearest`) that `where` accepts, for objects
 * that conflict rather than refer: an Istio Gateway's servers against those of other Gateways on
 * the same pods.
 */
export function inScope<T extends { file: string; object: ObjectRef }>(
  from: T,
  candidates: readonly T[],
  builds: KustomizeBuilds = NO_BUILDS,
  where?: (c: T) => boolean,
): T[] {
  return nearest({ file: from.file, namespace: from.object.namespace }, candidates, builds, objectNamespace, where);
}

/** The Services named `name` in `namespace` nearest to `from`. */
export function servicesNamed(facts: Facts, from: ObjectRef, name: string, namespace: string | undefined): ServiceFact[] {
  return nearest(
    { file: from.file, namespace },
    filedUnder(facts.services, byServiceName, [name]),
    buildsOf(facts),
    ownNamespace,
    (s) => s.name === name && sameNamespace(s.namespace, namespace),
  );
}

/** The workloads of the run whose pods a Service selects (none for a Service without selector), nearest first. */
export function selectedWorkloads(service: ServiceFact, workloads: readonly WorkloadFact[], builds?: KustomizeBuilds): WorkloadFact[] {
  const selector = service.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return [];
  return nearest(
    service,
    filedUnder(workloads, byPodLabels, labelKeys(selector)),
    builds,
    ownNamespace,
    (w) => sameNamespace(service.namespace, w.namespace) && selects(selector, w.podLabels),
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
    filedUnder(workloads, byPodLabels, labelKeys(selector.matchLabels)),
    builds,
    ownNamespace,
    (w) => sameNamespace(policy.namespace, w.namespace) && labelSelectorMatches(selector, w.podLabels),
  );
}

/** The Gateways a route's parentRef names (Gateway API, or an Istio VirtualService's `gateways`), nearest first. */
export function gatewaysOf(facts: Facts, from: ObjectRef, parent: ParentRefFact): GatewayFact[] {
  if (parent.name === undefined || parent.kind !== 'Gateway') return [];
  const api = parent.group === 'networking.istio.io' ? 'istio' : parent.group === 'gateway.networking.k8s.io' ? 'gateway-api' : undefined;
  if (api === undefined) return [];
  const namespace = parent.namespace ?? from.namespace;
  return nearest(
    { file: from.file, namespace },
    filedUnder(facts.gateways, byGatewayName, [parent.name]),
    buildsOf(facts),
    objectNamespace,
    (g) => g.api === api && g.object.name === parent.name && sameNamespace(g.object.namespace, namespace),
  );
}
