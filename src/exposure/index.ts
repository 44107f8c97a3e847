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
import { isLoopback, isWildcardHost } from '../engine/ports.js';
import {
  describeObject,
  portRange,
  targetRange,
  valueName,
  type Facts,
  type GatewayFact,
  type ListenerFact,
  type PortDeclaration,
  type RouteFact,
  type ServiceFact,
  type WorkloadFact,
} from '../model.js';
import { gatewaysOf, policyWorkloads, sameNamespace, selectedWorkloads } from '../references.js';

/** How far a port reaches, narrowest first: the order is the ranking. */
export const SCOPES = ['private', 'loopback', 'cluster', 'host', 'node', 'edge', 'internet'] as const;
export type Scope = (typeof SCOPES)[number];

/** One way a port is reached: how far, and through what. */
export interface Reach {
  scope: Scope;
  /** From the outside in: `Service db-public (LoadBalancer, no source ranges)`, `every host interface`. */
  path: string;
}

/** `internet: Service db-public (LoadBalancer, no source ranges)`, for the inventory. */
export function describeReach(r: Reach): string {
  return `${r.scope}: ${r.path}`;
}

function wider(a: Reach, b: Reach): Reach {
  return SCOPES.indexOf(b.scope) > SCOPES.indexOf(a.scope) ? b : a;
}

/** Annotations that make a LoadBalancer Service internal on the big clouds, with the value that does. */
const INTERNAL_LOAD_BALANCER: readonly [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
];

export function isInternalLoadBalancer(service: ServiceFact): boolean {
  return INTERNAL_LOAD_BALANCER.some(([key, value]) => value.test(service.annotations[key] ?? ''));
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
 */
export function serviceReach(service: ServiceFact): Reach & { how: string } {
  const byType = typeReach(service);
  const ips = service.type === 'ExternalName' ? [] : (service.externalIPs ?? []);
  if (ips.length === 0) return byType;
  const how = `${byType.how}, externalIPs ${ips.join(', ')}`;
  const scope: Scope = ips.some((ip) => !isPrivateAddress(ip)) ? 'internet' : 'edge';
  return {
    scope: SCOPES.indexOf(byType.scope) > SCOPES.indexOf(scope) ? byType.scope : scope,
    how,
    path: `${serviceName(service)} (${how})`,
  };
}

function typeReach(service: ServiceFact): Reach & { how: string } {
  const at = (scope: Scope, how: string): Reach & { how: string } => ({ scope, how, path: `${serviceName(service)} (${how})` });
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
      return at('cluster', service.type);
  }
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
  /** The Service port it names, by number or name. */
  port?: number;
  name?: string;
  reach: Reach;
}

/** The reach of every listening declaration of a run. */
export function reachability(decls: readonly PortDeclaration[], facts: Facts): Map<PortDeclaration, Reach> {
  const servicePorts = new Map<ServiceFact, PortDeclaration[]>();
  for (const d of decls) {
    if (d.owner.kind !== 'service' || d.role !== 'service') continue;
    servicePorts.set(d.owner.service, [...(servicePorts.get(d.owner.service) ?? []), d]);
  }
  const edges = edgesOf(decls, facts);
  const hostPortOf = hostPortsByContainerPort(decls);
  const out = new Map<PortDeclaration, Reach>();

  const podReach = (d: PortDeclaration, workload: WorkloadFact): Reach => {
    let best: Reach = { scope: 'private', path: 'the pod network only' };
    if (workload.hostNetwork) return { scope: 'node', path: `the node network (hostNetwork: true of ${describeObject(workload.object)})` };
    const h = hostPortOf.get(d);
    const hr = h && portRange(h);
    if (h && hr && hr.port !== 0) {
      best = wider(
        best,
        isLoopback(h.hostIp)
          ? { scope: 'loopback', path: `hostPort ${hr.port} on ${h.hostIp}` }
          : { scope: 'node', path: `hostPort ${hr.port}` },
      );
    }
    for (const [service, ports] of servicePorts) {
      if (!selectedWorkloads(service, [workload]).includes(workload)) continue;
      for (const sp of ports) {
        if (!forwardsTo(sp, d)) continue;
        let reach: Reach = serviceReach(service);
        if (reach.scope === 'cluster' && limitedBy(workload, facts))
          reach = { ...reach, path: `${reach.path}, limited by a NetworkPolicy` };
        best = wider(best, reach);
        for (const e of edges) {
          if (e.service === service && (e.name !== undefined ? e.name === sp.name : e.port === portRange(sp)?.port))
            best = wider(best, e.reach);
        }
      }
    }
    return best;
  };

  for (const d of decls) {
    const owner = d.owner;
    if (owner.kind === 'podContainer' && d.role === 'container') out.set(d, podReach(d, owner.workload));
    else if (owner.kind === 'composeService') {
      const r = composeReach(d, owner.service.networkMode === 'host');
      if (r) out.set(d, r);
    } else if (owner.kind === 'listener' && d.role === 'listener') {
      out.set(d, { scope: 'edge', path: `${describeObject(owner.object)} (${owner.listener.protocol || '?'} listener)` });
    } else if (owner.kind === 'stage' && d.role === 'container') {
      out.set(d, { scope: 'private', path: 'image metadata (docker run -P publishes it on every host interface)' });
    }
  }
  return out;
}

/**
 * The hostPort of each container port: the host declaration of the same `ports[]` entry, which the
 * parser reads right after its containerPort (same owner, forwarding to that number, nearest below).
 */
function hostPortsByContainerPort(decls: readonly PortDeclaration[]): Map<PortDeclaration, PortDeclaration> {
  const out = new Map<PortDeclaration, PortDeclaration>();
  const byOwner = new Map<object, PortDeclaration[]>();
  for (const c of decls)
    if (c.role === 'container' && c.owner.kind === 'podContainer') byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), c]);
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

/** A Service port forwards to container port `d`: by name, by number, or (no targetPort) by its own number. */
function forwardsTo(sp: PortDeclaration, d: PortDeclaration): boolean {
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
    return ingress && policyWorkloads(p.podSelector, p.object, [workload]).length > 0;
  });
}

function composeReach(d: PortDeclaration, hostNetwork: boolean): Reach | undefined {
  const expose = d.source.format === 'compose' && d.source.field === 'expose';
  if (hostNetwork) return d.role === 'container' && !expose ? { scope: 'host', path: 'the host network (network_mode: host)' } : undefined;
  if (d.role === 'container') return { scope: 'private', path: 'the compose network only' };
  if (d.role !== 'host') return undefined;
  if (isLoopback(d.hostIp)) return { scope: 'loopback', path: `loopback (${d.hostIp})` };
  if (isWildcardHost(d.hostIp)) return { scope: 'host', path: 'every host interface' };
  return { scope: 'host', path: `host interface ${d.hostIp}` };
}

/** Ingress backends, Gateway API routes and OpenShift Routes, by the Service port they name. */
function edgesOf(decls: readonly PortDeclaration[], facts: Facts): Edge[] {
  const out: Edge[] = [];
  const findServices = (name: string, namespace: string | undefined, file: string): ServiceFact[] =>
    facts.services.filter((s) => s.name === name && sameNamespace(s.namespace, namespace) && s.file === file);
  for (const d of decls) {
    const owner = d.owner;
    const port = portRange(d)?.port;
    const name = d.value.kind === 'name' ? d.value.name : undefined;
    if (owner.kind === 'ingress' && d.source.format === 'kubernetes' && 'service' in d.source && d.source.service !== undefined) {
      for (const service of findServices(d.source.service, owner.object.namespace, d.file)) {
        out.push({
          service,
          ...opt(port, name),
          reach: { scope: 'edge', path: `${describeObject(owner.object)} to ${serviceName(service)}` },
        });
      }
    } else if (
      owner.kind === 'route' &&
      owner.backend &&
      owner.backend.kind === 'Service' &&
      owner.backend.name !== undefined &&
      owner.route.api !== 'istio'
    ) {
      const route = owner.route;
      // A route attached to a Service (GAMMA, the mesh) carries traffic inside the cluster, not into it.
      if (route.api === 'gateway-api' && routeAttachments(route, facts).length === 0) continue;
      for (const service of findServices(owner.backend.name, owner.backend.namespace ?? owner.object.namespace, d.file)) {
        if (route.api === 'openshift' && port !== undefined) {
          // A numeric Route targetPort is the port on the pods: it names the Service port that forwards there.
          for (const sp of decls.filter((p) => p.owner.kind === 'service' && p.owner.service === service && p.role === 'service')) {
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
    for (const service of findServices(backend.name, route.object.namespace, route.file)) {
      for (const sp of decls.filter((p) => p.owner.kind === 'service' && p.owner.service === service && p.role === 'service')) {
        out.push({ service, ...opt(portRange(sp)?.port, undefined), reach: routeReach(route, service, facts) });
      }
    }
  }
  return out;
}

function routeReach(route: RouteFact, service: ServiceFact, facts: Facts): Reach {
  if (route.api === 'openshift') {
    const tls = route.tls?.termination;
    const how =
      tls === undefined
        ? 'no TLS'
        : route.tls?.insecureEdgeTerminationPolicy?.toLowerCase() === 'allow'
          ? `TLS ${tls}, plain HTTP allowed`
          : `TLS ${tls}`;
    return { scope: 'edge', path: `${describeObject(route.object)} (${how}) to ${serviceName(service)}` };
  }
  const via = routeAttachments(route, facts).map((a) => a.text);
  return {
    scope: 'edge',
    path: `${describeObject(route.object)}${via.length > 0 ? ` on ${[...new Set(via)].join('; ')}` : ''} to ${serviceName(service)}`,
  };
}

function opt(port: number | undefined, name: string | undefined): { port?: number; name?: string } {
  return { ...(port !== undefined ? { port } : {}), ...(name !== undefined ? { name } : {}) };
}

/** `listener "postgres", TCP 15432`; `server "mongo", MONGO 27017`. */
function describeListener(gateway: GatewayFact, l: ListenerFact): string {
  const what = gateway.api === 'istio' ? 'server' : 'listener';
  return `${what} ${l.name !== undefined ? `"${l.name}", ` : ''}${l.protocol || '?'} ${l.port ?? '?'}`;
}

/** A route's way in: the Gateway listeners it attaches to (none known when the Gateway is in another file), described. */
export interface Attachment {
  listeners: ListenerFact[];
  /** `Gateway public (listener "postgres", TCP 15432)`, or `Gateway public`. */
  text: string;
}

/**
 * The Gateway API Gateways a route attaches to, in its file, with the listeners its parentRefs
 * pick (by sectionName and port). A Gateway not in the file counts by its name alone; a parentRef
 * that picks no listener of a Gateway that is there does not attach.
 */
export function routeAttachments(route: RouteFact, facts: Facts): Attachment[] {
  const out: Attachment[] = [];
  for (const parent of route.parents) {
    if (parent.kind !== 'Gateway' || parent.group !== 'gateway.networking.k8s.io' || parent.name === undefined) continue;
    const gateway = gatewaysOf(facts, route.object, parent).find((g) => g.file === route.file);
    const name = `Gateway ${parent.name}`;
    if (!gateway) {
      out.push({ listeners: [], text: name });
      continue;
    }
    const listeners = gateway.listeners.filter(
      (l) => (parent.sectionName === undefined || l.name === parent.sectionName) && (parent.port === undefined || l.port === parent.port),
    );
    if (listeners.length > 0) out.push({ listeners, text: `${name} (${listeners.map((l) => describeListener(gateway, l)).join(', ')})` });
  }
  return out;
}
