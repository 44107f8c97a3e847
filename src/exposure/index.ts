/**
 * One exposure model: how far each port a process listens on can be reached, derived from
 * everything that points at it. Kubernetes: the pod network only; the cluster (a Service, limited
 * by a NetworkPolicy or not); every node (hostPort, hostNetwork, a NodePort Service); a load
 * balancer (internal, with source ranges, or the internet); an Ingress, Gateway API route or
 * OpenShift Route (with or without TLS). Compose and Docker: the container network, loopback, one
 * host interface, every interface, the host network.
 *
 * Pure: declarations and facts in, one `Reach` (the widest) per listening declaration out. The
 * `ports` inventory shows it; nothing here reports.
 */
import { formatRange, isLoopback, isWildcardHost, overlaps } from '../engine/ports.js';
import {
  describeObject,
  portRange,
  sameProtocol,
  targetRange,
  valueName,
  type Facts,
  type GatewayFact,
  type ListenerFact,
  type PortDeclaration,
  type IngressFact,
  type ObjectRef,
  type RouteFact,
  type ServiceFact,
  type WorkloadFact,
} from '../model.js';
import { ListMemo } from '../util/list-memo.js';
import { pathFrom } from '../util/paths.js';
import {
  buildsOf,
  gatewaysOf,
  nearest,
  ownNamespace,
  policyWorkloads,
  reachable,
  selectedWorkloads,
  selects,
  servicesNamed,
} from '../references.js';

/** How far a port reaches, narrowest first: the order is the ranking. */
export const SCOPES = ['private', 'loopback', 'cluster', 'host', 'node', 'edge', 'internet'] as const;
export type Scope = (typeof SCOPES)[number];

/** One object on the way in, and the file it is written in. */
export interface Hop {
  /** `Service db-public (LoadBalancer, no source ranges)`, `HTTPRoute db`. */
  text: string;
  file: string;
}

/** One way a port is reached: how far, and through what. */
export interface Reach {
  scope: Scope;
  /** From the outside in, short: `Service db-public (LoadBalancer, no source ranges)`, `every interface`, `127.0.0.1`. */
  path: string;
  /** The Kubernetes objects of the path, outside in (none for compose, Docker and pod-only reach). */
  hops: Hop[];
  /**
   * `edge` known to stay on private networks: an internal load balancer, source ranges, private
   * externalIPs, an internal Gateway or Ingress class. Not set where `edge` means only that the
   * way in is outside the cluster and how far is unknown (a Gateway not in the run).
   */
  internal?: true;
}

/** `internet: Service db-public (LoadBalancer, no source ranges)`, for the inventory. */
export function describeReach(r: Reach): string {
  return `${r.scope}: ${r.path}`;
}

/** How far, as messages say it: `from the internet`, `from outside the cluster`, `on every node`. */
export const REACH_WORDS: Record<Scope, string> = {
  private: 'nowhere beyond its pods',
  loopback: 'on loopback only',
  cluster: 'inside the cluster',
  host: 'from beyond its host',
  node: 'on every node IP',
  edge: 'from outside the cluster',
  internet: 'from the internet',
};

/**
 * The path for a message about something in `from`: each object in another file is followed by
 * that file, relative to `from`'s folder (`Service db-public (svc.yaml)`), so a link across files
 * is never a mystery.
 */
export function describePath(r: Reach, from: string): string {
  if (r.hops.length === 0) return r.path;
  return r.hops.map((h) => (h.file === from ? h.text : `${h.text} in ${pathFrom(from, h.file)}`)).join(' → ');
}

/**
 * How far a port reaches, as a clause for a message about it in `from`: `on the pod network
 * only`, `on loopback only (127.0.0.1)`, `on every interface as 2121` (published), `reachable
 * from the internet through Service ftp (LoadBalancer, no source ranges)`. Undefined for an image's
 * EXPOSE, which reaches nothing until it is run.
 */
export function reachClause(r: Reach, from: string): string | undefined {
  switch (r.scope) {
    case 'private':
      return r.hops.length === 0 && /network$/.test(r.path) ? `on the ${r.path} only` : undefined;
    case 'loopback':
      return `on loopback only (${r.path})`;
    case 'host':
      return r.path === 'network_mode: host'
        ? 'on every interface of its host (network_mode: host)'
        : `reachable ${REACH_WORDS.host} on ${r.path}`;
    default:
      return `reachable ${REACH_WORDS[r.scope]} through ${describePath(r, from)}`;
  }
}

function wider(a: Reach, b: Reach): Reach {
  return SCOPES.indexOf(b.scope) > SCOPES.indexOf(a.scope) ? b : a;
}

function widest(scopes: readonly Scope[]): Scope {
  return scopes.reduce<Scope>((a, b) => (SCOPES.indexOf(b) > SCOPES.indexOf(a) ? b : a), 'private');
}

function reach(scope: Scope, path: string, hops: Hop[] = []): Reach {
  return { scope, path, hops };
}

/** One path of hops, as the inventory shows it: `Gateway public (TCP listener) → TCPRoute db → Service db`. */
function along(scope: Scope, hops: Hop[], internal = false): Reach {
  return { scope, path: hops.map((h) => h.text).join(' → '), hops, ...(internal && scope === 'edge' ? { internal: true } : {}) };
}

/**
 * Annotations that make a LoadBalancer internal on the big clouds, with the value that does: on a
 * Service, or on a Gateway's `spec.infrastructure.annotations` (which the controller copies onto
 * the Service it makes). AWS: the in-tree `aws-load-balancer-internal` (any value but false, the
 * docs long wrote `0.0.0.0/0`) and the AWS Load Balancer Controller's `aws-load-balancer-scheme:
 * internal`; Azure, GKE (both spellings) and OCI their `internal` annotations.
 */
const INTERNAL_LOAD_BALANCER: readonly [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
];

function hasInternalAnnotation(annotations: Record<string, string>): boolean {
  return INTERNAL_LOAD_BALANCER.some(([key, value]) => value.test(annotations[key] ?? ''));
}

export function isInternalLoadBalancer(service: ServiceFact): boolean {
  return hasInternalAnnotation(service.annotations);
}

/**
 * GKE GatewayClasses that make an internal Application Load Balancer (reachable from the VPC, not
 * the internet): regional `gke-l7-rilb`, its multi-cluster `-mc`, and the cross-regional one.
 */
const INTERNAL_GATEWAY_CLASSES = new Set(['gke-l7-rilb', 'gke-l7-rilb-mc', 'gke-l7-cross-regional-internal-managed-mc']);

/**
 * An Ingress whose load balancer is internal: GKE's `gce-internal` class, and the AWS Load
 * Balancer Controller's `alb` class, whose `alb.ingress.kubernetes.io/scheme` is `internal` unless
 * it says `internet-facing`.
 */
function isInternalIngress(ingress: IngressFact): boolean {
  if (ingress.className === 'gce-internal') return true;
  const scheme = ingress.annotations['alb.ingress.kubernetes.io/scheme'];
  if (scheme !== undefined) return scheme.toLowerCase() === 'internal';
  return ingress.className === 'alb';
}

/** `Service ns/name`. */
function serviceName(service: ServiceFact): string {
  return describeObject(service.object);
}

/**
 * How far a Service port reaches by the Service's type and its `externalIPs`; `how` is the type
 * and what qualifies it (`LoadBalancer, internal`; `ClusterIP, externalIPs 203.0.113.7`).
 *
 * The nodes accept traffic for a Service's `externalIPs` on its ports whatever its type, so such
 * a port is reachable from outside the cluster: `internet` when any of the addresses is public,
 * `edge` when all are private, link-local or loopback ones (RFC 1918, RFC 4193: reachable from the
 * networks routed to the nodes, not from the internet). The wider of this and the type's reach wins.
 * A ClusterIP Service's path is its name alone (`cluster` says the type).
 */
export function serviceReach(service: ServiceFact): Reach & { how: string } {
  const byType = typeReach(service);
  const ips = service.type === 'ExternalName' ? [] : (service.externalIPs ?? []);
  if (ips.length === 0) return byType;
  const how = `${byType.how}, externalIPs ${ips.join(', ')}`;
  const scope: Scope = widest([byType.scope, ips.some((ip) => !isPrivateAddress(ip)) ? 'internet' : 'edge']);
  const text = `${serviceName(service)} (${how})`;
  // Private addresses keep it private unless its type reaches further (a NodePort: every node IP).
  const internal = scope === 'edge' && (byType.internal === true || SCOPES.indexOf(byType.scope) <= SCOPES.indexOf('cluster'));
  return { scope, how, path: text, hops: [{ text, file: service.file }], ...(internal ? { internal: true } : {}) };
}

function typeReach(service: ServiceFact): Reach & { how: string } {
  const at = (scope: Scope, how: string, shown = true): Reach & { how: string } => {
    const text = shown ? `${serviceName(service)} (${how})` : serviceName(service);
    return { scope, how, path: text, hops: [{ text, file: service.file }], ...(scope === 'edge' ? { internal: true as const } : {}) };
  };
  switch (service.type) {
    case 'NodePort':
      return at('node', 'NodePort');
    case 'LoadBalancer': {
      if (isInternalLoadBalancer(service)) return at('edge', 'LoadBalancer, internal');
      const ranges = service.loadBalancerSourceRanges ?? [];
      if (ranges.length > 0 && !ranges.includes('0.0.0.0/0')) return at('edge', `LoadBalancer, source ranges ${ranges.join(', ')}`);
      return at('internet', 'LoadBalancer, no source ranges');
    }
    case 'ExternalName':
      return at('private', 'ExternalName');
    default:
      return at('cluster', service.type, false);
  }
}

/**
 * How far a gateway takes what it listens on. Gateway API: an internal GKE class or an internal
 * load-balancer annotation in `spec.infrastructure` keeps it to the networks around the cluster
 * (`edge`); any other class is an internet-facing load balancer. Istio: its pods' Service, found
 * by the gateway's `selector` (nearest first), says how far (a ClusterIP ingress gateway Service
 * reaches only the cluster); without one in the run, `istio-ingressgateway` is a LoadBalancer by
 * default.
 */
export function gatewayReach(
  gateway: GatewayFact,
  facts: Facts,
  detail: readonly string[] = [],
): { scope: Scope; hops: Hop[]; internal?: true } {
  const hop = (qualifiers: readonly string[]): Hop => ({
    text: `${describeObject(gateway.object)}${qualifiers.length > 0 ? ` (${qualifiers.join(', ')})` : ''}`,
    file: gateway.file,
  });
  const name = hop(detail);
  if (gateway.api === 'gateway-api') {
    const internal =
      (gateway.className !== undefined && INTERNAL_GATEWAY_CLASSES.has(gateway.className)) ||
      hasInternalAnnotation(gateway.infrastructureAnnotations ?? {});
    return internal ? { scope: 'edge', hops: [hop(['internal', ...detail])], internal: true } : { scope: 'internet', hops: [name] };
  }
  const selector = gateway.selector ?? {};
  if (Object.keys(selector).length > 0) {
    const service = nearest(
      { file: gateway.file },
      facts.services,
      buildsOf(facts),
      ownNamespace,
      (s) =>
        s.selector !== undefined && Object.keys(s.selector).length > 0 && (selects(s.selector, selector) || selects(selector, s.selector)),
    )[0];
    if (service) {
      const r = serviceReach(service);
      return { scope: r.scope, hops: [...r.hops, name], ...(r.internal ? { internal: r.internal } : {}) };
    }
  }
  return { scope: 'internet', hops: [name] };
}

/**
 * An address not routed on the internet: IPv4 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier
 * NAT), 169.254/16, 127/8; IPv6 fc00::/7, fe80::/10, ::1. Anything else (public, or not an
 * address at all) counts as public, the safe side for a linter.
 */
export function isPrivateAddress(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip.trim());
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return (
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254)
    );
  }
  const v6 = ip.trim().toLowerCase();
  return v6 === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(v6) || /^fe[89ab][0-9a-f]?:/.test(v6);
}

/** What reaches one Service port from the edge. */
interface Edge {
  service: ServiceFact;
  /** The Service port it names, by number or name; neither: every port of the Service. */
  port?: number;
  name?: string;
  reach: Reach;
}

/** The reach of every listening declaration of a run. */
export function reachability(decls: readonly PortDeclaration[], facts: Facts): Map<PortDeclaration, Reach> {
  const model = exposureModel(decls, facts);
  const out = new Map<PortDeclaration, Reach>();
  for (const d of decls) {
    const r = model.reachOf(d);
    if (r) out.set(d, r);
  }
  return out;
}

/**
 * The exposure model of a run, built once: the reach of any listening declaration, and the
 * reach of a Service port (the widest path into it from the edge), for rules that report at the
 * Service or the route rather than at the pod.
 */
export class ExposureModel {
  private readonly servicePorts = new Map<ServiceFact, PortDeclaration[]>();
  /** The Services with ports, in the order of `servicePorts` (one list, so lookups in it are indexed). */
  private readonly services: readonly ServiceFact[];
  private readonly edges: Edge[];
  private readonly hostPortOf: Map<PortDeclaration, PortDeclaration>;
  private readonly containerPorts = new Map<WorkloadFact, PortDeclaration[]>();
  private readonly publishedAs: Map<PortDeclaration, PortDeclaration[]>;

  constructor(
    decls: readonly PortDeclaration[],
    private readonly facts: Facts,
  ) {
    for (const d of decls) {
      if (d.owner.kind === 'podContainer' && d.role === 'container') listIn(this.containerPorts, d.owner.workload).push(d);
    }
    for (const d of decls) {
      if (d.owner.kind !== 'service' || d.role !== 'service') continue;
      listIn(this.servicePorts, d.owner.service).push(d);
    }
    this.services = [...this.servicePorts.keys()];
    this.edges = edgesOf(decls, facts, this.servicePorts);
    this.hostPortOf = hostPortsByContainerPort(decls);
    this.publishedAs = publishedPorts(decls);
  }

  /** The workloads whose pods a Service selects, nearest first. */
  workloadsOf(service: ServiceFact): WorkloadFact[] {
    return selectedWorkloads(service, this.facts.workloads, buildsOf(this.facts));
  }

  /** The container ports a Service port forwards to, on the pods it selects. */
  containerPortsOf(sp: PortDeclaration): PortDeclaration[] {
    if (sp.owner.kind !== 'service') return [];
    return this.workloadsOf(sp.owner.service).flatMap((w) => (this.containerPorts.get(w) ?? []).filter((c) => forwardsTo(sp, c)));
  }

  /**
   * Who listens behind a Service, for a message about something in `from`: `StatefulSet db`
   * (`StatefulSet db in db.yaml` from another file; `and 2 more`), or `the pods of Service db`
   * when none of its workloads is in the run.
   */
  processOf(service: ServiceFact, from: string): string {
    const workloads = this.workloadsOf(service);
    const first = workloads[0];
    // The path names the Service, and its file.
    if (!first) return `the pods of ${describeObject(service.object)}`;
    const name = `${describeObject(first.object)}${first.file === from ? '' : ` in ${pathFrom(from, first.file)}`}`;
    return workloads.length > 1 ? `${name} and ${workloads.length - 1} more` : name;
  }

  /** The way in through one route (or VirtualService, or OpenShift Route) to a Service. */
  routeReach(route: RouteFact, service: ServiceFact): Reach {
    return routeReach(route, service, this.facts);
  }

  /** The way in through one Ingress to a Service. */
  ingressReach(object: ObjectRef, ingress: IngressFact | undefined, service: ServiceFact, host?: string): Reach {
    return ingressReach(object, ingress, service, host);
  }

  /** The Service port declarations of a Service. */
  portsOf(service: ServiceFact): readonly PortDeclaration[] {
    return this.servicePorts.get(service) ?? [];
  }

  /** The widest way into one Service port: its type, and the Ingresses, routes and gateways in front of it. */
  servicePortReach(sp: PortDeclaration): Reach | undefined {
    if (sp.owner.kind !== 'service') return undefined;
    const service = sp.owner.service;
    let best: Reach = serviceReach(service);
    for (const e of this.edges) {
      if (e.service !== service) continue;
      const hit = e.name !== undefined ? e.name === sp.name : e.port === undefined || e.port === portRange(sp)?.port;
      if (hit) best = wider(best, e.reach);
    }
    return best;
  }

  /** How far a declaration is reached, when it is a listening port. */
  reachOf(d: PortDeclaration): Reach | undefined {
    const owner = d.owner;
    if (owner.kind === 'podContainer' && d.role === 'container') return this.podReach(d, owner.workload);
    if (owner.kind === 'composeService') {
      const own = composeReach(d, owner.service.networkMode === 'host');
      // A container port is reached as far as the published ports that forward to it.
      const published = (this.publishedAs.get(d) ?? []).flatMap((h) => {
        const r = composeReach(h, false);
        const range = portRange(h);
        return r && range ? [{ ...r, path: `${r.path} as ${formatRange(range)}` }] : [];
      });
      return published.reduce<Reach | undefined>((best, r) => (best ? wider(best, r) : r), own);
    }
    if (owner.kind === 'listener' && d.role === 'listener') {
      const g = gatewayReach(owner.gateway, this.facts, [`${owner.listener.protocol || '?'} listener`]);
      return along(g.scope, g.hops, g.internal);
    }
    if (owner.kind === 'stage' && d.role === 'container') return reach('private', 'EXPOSE only (docker run -P: every interface)');
    return undefined;
  }

  private podReach(d: PortDeclaration, workload: WorkloadFact): Reach {
    if (workload.hostNetwork) return reach('node', 'every node IP (hostNetwork)');
    let best = reach('private', 'pod network');
    const h = this.hostPortOf.get(d);
    const hr = h && hostPortReach(h);
    if (hr) best = wider(best, hr);
    const builds = buildsOf(this.facts);
    // The Services selecting the workload, in the order of `servicePorts`: only those within its reach can.
    const selecting = reachable(workload, this.services, builds, ownNamespace, (s) =>
      selectedWorkloads(s, [workload], builds).includes(workload),
    );
    for (const service of selecting) {
      for (const sp of this.servicePorts.get(service) ?? []) {
        if (!forwardsTo(sp, d)) continue;
        let r = this.servicePortReach(sp)!;
        if (r.scope === 'cluster' && limitedBy(workload, this.facts)) {
          const hops = r.hops.map((hop, i) => (i === r.hops.length - 1 ? { ...hop, text: `${hop.text} (NetworkPolicy-limited)` } : hop));
          r = along('cluster', hops);
        }
        best = wider(best, r);
      }
    }
    return best;
  }
}

/** A pod's hostPort: `hostPort 8080 on every node IP`, `on node IP 10.0.0.5`, `on 127.0.0.1` (loopback). */
export function hostPortReach(h: PortDeclaration): Reach | undefined {
  const r = portRange(h);
  if (!r || r.port === 0) return undefined;
  if (isLoopback(h.hostIp)) return reach('loopback', `hostPort ${r.port} on ${h.hostIp}`);
  if (isWildcardHost(h.hostIp)) return reach('node', `hostPort ${r.port} on every node IP`);
  return reach('node', `hostPort ${r.port} on node IP ${h.hostIp}`);
}

/**
 * The hostPort of each container port: the host declaration of the same `ports[]` entry, which the
 * parser reads right after its containerPort (same owner, forwarding to that number, nearest below).
 */
function hostPortsByContainerPort(decls: readonly PortDeclaration[]): Map<PortDeclaration, PortDeclaration> {
  const out = new Map<PortDeclaration, PortDeclaration>();
  const byOwner = new Map<object, PortDeclaration[]>();
  for (const c of decls) if (c.role === 'container' && c.owner.kind === 'podContainer') listIn(byOwner, c.owner).push(c);
  for (const h of decls) {
    if (h.role !== 'host' || h.owner.kind !== 'podContainer') continue;
    const target = targetRange(h)?.port;
    let best: PortDeclaration | undefined;
    for (const c of byOwner.get(h.owner) ?? []) {
      if (c.file !== h.file || portRange(c)?.port !== target || c.line > h.line) continue;
      if (!best || c.line > best.line) best = c;
    }
    if (best && !out.has(best)) out.set(best, h);
  }
  return out;
}

/** The compose published ports that forward to each container port: same service, protocol and file, target overlapping. */
function publishedPorts(decls: readonly PortDeclaration[]): Map<PortDeclaration, PortDeclaration[]> {
  const out = new Map<PortDeclaration, PortDeclaration[]>();
  const containers = new Map<object, PortDeclaration[]>();
  for (const c of decls) {
    if (c.role === 'container' && c.owner.kind === 'composeService') listIn(containers, c.owner.service).push(c);
  }
  for (const h of decls) {
    if (h.role !== 'host' || h.owner.kind !== 'composeService' || !portRange(h)) continue;
    const target = targetRange(h);
    if (!target) continue;
    for (const c of containers.get(h.owner.service) ?? []) {
      const r = portRange(c);
      if (c.file !== h.file || !r || !sameProtocol(c.protocol, h.protocol) || !overlaps(r, target)) continue;
      if (c.source.format === 'compose' && c.source.field === 'expose') continue;
      listIn(out, c).push(h);
    }
  }
  return out;
}

/** The list kept under `key`, added empty when there is none yet. */
function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

const models = new ListMemo<readonly PortDeclaration[], ExposureModel>();

/**
 * The exposure model of a run's declarations and facts. The rules of a run are handed the same
 * arrays (src/engine/run-rule.ts) and only read the model, so it is built once for them, not per rule.
 */
export function exposureModel(decls: readonly PortDeclaration[], facts: Facts): ExposureModel {
  return models.get(decls, () => new ExposureModel(decls, facts), facts);
}

/** A Service port forwards to container port `d`: by name, by number, or (no targetPort) by its own number. */
export function forwardsTo(sp: PortDeclaration, d: PortDeclaration): boolean {
  const name = valueName(sp.target);
  if (sp.target?.kind === 'name') return name !== undefined && d.name === name;
  const t = targetRange(sp) ?? portRange(sp);
  const r = portRange(d);
  return t !== undefined && r !== undefined && r.port <= t.port && t.port <= r.endPort;
}

/** True when a NetworkPolicy selects the workload's pods for ingress. */
function limitedBy(workload: WorkloadFact, facts: Facts): boolean {
  return facts.networkPolicies.some((p) => {
    const ingress = p.policyTypes.length === 0 || p.policyTypes.includes('Ingress');
    return ingress && policyWorkloads(p.podSelector, p.object, [workload], buildsOf(facts)).length > 0;
  });
}

/** Compose: `every interface`, `interface 10.0.0.5`, `127.0.0.1`, the compose network, the host network. */
function composeReach(d: PortDeclaration, hostNetwork: boolean): Reach | undefined {
  const expose = d.source.format === 'compose' && d.source.field === 'expose';
  if (hostNetwork) return d.role === 'container' && !expose ? reach('host', 'network_mode: host') : undefined;
  if (d.role === 'container') return reach('private', 'compose network');
  if (d.role !== 'host') return undefined;
  if (isLoopback(d.hostIp)) return reach('loopback', d.hostIp ?? '127.0.0.1');
  if (isWildcardHost(d.hostIp)) return reach('host', 'every interface');
  return reach('host', `interface ${d.hostIp}`);
}

/** The Services a route or Ingress in `from` names, nearest first (`servicesNamed`). */
function findServices(facts: Facts, from: ObjectRef, name: string, namespace: string | undefined): ServiceFact[] {
  const found = servicesNamed(facts, from, name, namespace);
  return found.length > 0 ? [found[0]!, ...found.slice(1).filter((s) => s.file === found[0]!.file)] : [];
}

/** Ingress backends, Gateway API routes, Istio VirtualServices and OpenShift Routes, by the Service port they name. */
function edgesOf(decls: readonly PortDeclaration[], facts: Facts, servicePorts: ReadonlyMap<ServiceFact, PortDeclaration[]>): Edge[] {
  const out: Edge[] = [];
  const portsOf = (s: ServiceFact): PortDeclaration[] => servicePorts.get(s) ?? [];
  for (const d of decls) {
    const owner = d.owner;
    const port = portRange(d)?.port;
    const name = d.value.kind === 'name' ? d.value.name : undefined;
    if (owner.kind === 'ingress' && d.source.format === 'kubernetes' && 'service' in d.source && d.source.service !== undefined) {
      for (const service of findServices(facts, owner.object, d.source.service, owner.object.namespace)) {
        out.push({ service, ...opt(port, name), reach: ingressReach(owner.object, owner.ingress, service, owner.host) });
      }
    } else if (owner.kind === 'route' && owner.backend && owner.backend.kind === 'Service' && owner.backend.name !== undefined) {
      const route = owner.route;
      const namespace = owner.backend.namespace ?? owner.object.namespace;
      if (route.api === 'istio') {
        // A VirtualService bound to no gateway (or to `mesh` only) routes inside the mesh.
        if (route.parents.length === 0) continue;
        for (const service of findServices(facts, route.object, owner.backend.name, namespace)) {
          out.push({ service, ...opt(port, undefined), reach: routeReach(route, service, facts) });
        }
        continue;
      }
      // A route attached to a Service (GAMMA, the mesh) carries traffic inside the cluster, not into it.
      if (route.api === 'gateway-api' && routeAttachments(route, facts).length === 0) continue;
      for (const service of findServices(facts, route.object, owner.backend.name, namespace)) {
        if (route.api === 'openshift' && port !== undefined) {
          // A numeric Route targetPort is the port on the pods: it names the Service port that forwards there.
          for (const sp of portsOf(service)) {
            if ((targetRange(sp) ?? portRange(sp))?.port === port || portRange(sp)?.port === port) {
              out.push({ service, ...opt(portRange(sp)?.port, undefined), reach: routeReach(route, service, facts) });
            }
          }
          continue;
        }
        out.push({ service, ...opt(port, name), reach: routeReach(route, service, facts) });
      }
    }
  }
  // An OpenShift Route without a targetPort sends traffic to every port of its Service.
  for (const route of facts.routes) {
    const backend = route.backends[0];
    if (route.api !== 'openshift' || !backend || backend.hasPort || backend.name === undefined) continue;
    for (const service of findServices(facts, route.object, backend.name, route.object.namespace)) {
      out.push({ service, reach: routeReach(route, service, facts) });
    }
  }
  return out;
}

/**
 * `Ingress web (TLS) → Service web`; the internet unless its load balancer is internal. TLS is
 * served for a rule's host when a `spec.tls` entry names it (`*.example.com` covers one label) or
 * names no hosts (the controller's default certificate); a rule for every host, or the default
 * backend, only by an entry without hosts.
 */
function ingressReach(object: ObjectRef, ingress: IngressFact | undefined, service: ServiceFact, host?: string): Reach {
  const internal = ingress !== undefined && isInternalIngress(ingress);
  const tls =
    ingress !== undefined && (host === undefined ? ingress.tlsHosts.includes('*') : ingress.tlsHosts.some((h) => coversHost(h, host)));
  const how = [internal ? 'internal' : undefined, tls ? 'TLS' : host !== undefined && ingress?.tls ? `no TLS for ${host}` : 'no TLS']
    .filter((x) => x !== undefined)
    .join(', ');
  return along(
    internal ? 'edge' : 'internet',
    [
      { text: `${describeObject(object)} (${how})`, file: object.file },
      { text: serviceName(service), file: service.file },
    ],
    internal,
  );
}

/** A TLS host entry covers a rule host: the same name, `*` (no hosts), or a wildcard for one more label. */
function coversHost(entry: string, host: string): boolean {
  if (entry === '*' || entry === host) return true;
  return entry.startsWith('*.') && host.endsWith(entry.slice(1)) && host.split('.').length === entry.split('.').length;
}

function routeReach(route: RouteFact, service: ServiceFact, facts: Facts): Reach {
  const to: Hop = { text: serviceName(service), file: service.file };
  const self = (how?: string): Hop => ({ text: `${describeObject(route.object)}${how ? ` (${how})` : ''}`, file: route.file });
  if (route.api === 'openshift') {
    const tls = route.tls?.termination;
    const how =
      tls === undefined
        ? 'no TLS'
        : route.tls?.insecureEdgeTerminationPolicy?.toLowerCase() === 'allow'
          ? `TLS ${tls}, plain HTTP allowed`
          : `TLS ${tls}`;
    // The OpenShift router is an internet-facing load balancer unless the cluster is set up otherwise.
    return along('internet', [self(how), to]);
  }
  const via = routeAttachments(route, facts);
  const scope = via.length > 0 ? widest(via.map((a) => a.scope)) : 'edge';
  const gateways = via.flatMap((a) => a.hops);
  return along(scope, [...dedupe(gateways), self(), to], via.length > 0 && via.every((a) => a.internal));
}

function dedupe(hops: readonly Hop[]): Hop[] {
  const seen = new Set<string>();
  return hops.filter((h) => !seen.has(h.text + '\0' + h.file) && (seen.add(h.text + '\0' + h.file), true));
}

function opt(port: number | undefined, name: string | undefined): { port?: number; name?: string } {
  return { ...(port !== undefined ? { port } : {}), ...(name !== undefined ? { name } : {}) };
}

/** `listener "postgres", TCP 15432`; `server "mongo", MONGO 27017`. */
function describeListener(gateway: GatewayFact, l: ListenerFact): string {
  const what = gateway.api === 'istio' ? 'server' : 'listener';
  const tls = l.tls !== undefined && !/^(HTTPS|TLS)$/i.test(l.protocol) ? ` TLS ${l.tls}` : '';
  return `${what} ${l.name !== undefined ? `"${l.name}", ` : ''}${l.protocol || '?'} ${l.port ?? '?'}${tls}`;
}

/** A route's way in: the Gateway listeners it attaches to (none known when the Gateway is not in the run), described. */
export interface Attachment {
  listeners: ListenerFact[];
  /** `Gateway public (listener "postgres", TCP 15432)`, or `Gateway public`. */
  text: string;
  /** How far the Gateway reaches, and the objects in front (an Istio gateway's Service, the Gateway). */
  scope: Scope;
  hops: Hop[];
  /** The Gateway is known to be internal (`Reach.internal`). */
  internal?: true;
}

/**
 * The Gateways a route attaches to (Gateway API parentRefs, Istio VirtualService `gateways`),
 * nearest first as references resolve (`gatewaysOf`), with the listeners its parentRefs pick (by
 * sectionName and port; an Istio VirtualService takes every server). A Gateway not in the run
 * counts by its name alone (reaching `edge`: outside the cluster, how far unknown); a parentRef that
 * picks no listener of a Gateway that is there does not attach.
 */
export function routeAttachments(route: RouteFact, facts: Facts): Attachment[] {
  const out: Attachment[] = [];
  const group = route.api === 'istio' ? 'networking.istio.io' : 'gateway.networking.k8s.io';
  for (const parent of route.parents) {
    if (parent.kind !== 'Gateway' || parent.group !== group || parent.name === undefined) continue;
    const gateway = gatewaysOf(facts, route.object, parent)[0];
    const name = `Gateway ${parent.namespace !== undefined ? `${parent.namespace}/` : ''}${parent.name}`;
    if (!gateway) {
      out.push({ listeners: [], text: name, scope: 'edge', hops: [{ text: name, file: route.file }] });
      continue;
    }
    const listeners = gateway.listeners.filter(
      (l) => (parent.sectionName === undefined || l.name === parent.sectionName) && (parent.port === undefined || l.port === parent.port),
    );
    if (listeners.length === 0 && route.api !== 'istio') continue;
    const g = gatewayReach(gateway, facts, route.api === 'istio' ? [] : listeners.map((l) => describeListener(gateway, l)));
    out.push({
      listeners,
      text: g.hops[g.hops.length - 1]!.text,
      scope: g.scope,
      hops: g.hops,
      ...(g.internal ? { internal: g.internal } : {}),
    });
  }
  return out;
}
