/**
 * exposed-sensitive-port, entry points (issue 13): the paths into a cluster that are not a Service
 * type or a host port — a gateway listener that passes raw TCP or UDP through, a Gateway API route
 * to a Service, an OpenShift Route without TLS (or that still accepts plain HTTP), and a
 * NetworkPolicy ingress rule that lets a port in from everywhere.
 *
 * Each finding names the path from the exposure model, from the outside in, and the workload
 * behind it. Objects are resolved across the run as references are (`src/references.ts`: the same
 * file, else the same folder, a kustomize build or the namespace nearby), so a route, its Gateway,
 * its Service and the Deployment may each be in a file of their own; a route whose Service is not
 * in the run is judged by its own port.
 */
import {
  describeObject,
  portRange,
  targetRange,
  valueName,
  type Facts,
  type ListenerFact,
  type Loc,
  type ObjectRef,
  type PortDeclaration,
  type PortRange,
  type ServiceFact,
} from '../../src/model.js';
import { servicesNamed } from '../../src/references.js';
import { describePath, REACH_WORDS, routeAttachments, type ExposureModel, type Reach } from '../../src/exposure/index.js';

/** What the entry-point checks report: the message, the data, and where. */
export interface EntryFinding {
  messageId: 'gatewayListener' | 'gatewayRoute' | 'ingressRoute' | 'openshiftRoute' | 'networkPolicy';
  /** The ports that identify the service behind the path (the Service's target, else its port). */
  identity: PortRange;
  /** Judged by this when `identity` hits nothing: a Service's own port behind a named targetPort. */
  fallback?: PortRange;
  protocol: string;
  data: Record<string, string>;
  decl?: PortDeclaration;
  loc?: Loc & { file: string };
  /** With `loc`: the object the finding is about (for its fingerprint). */
  object?: { ref: ObjectRef };
  /** The path is known to stay on private networks (`Reach.internal`): reported as `internal`, a warning. */
  internal?: boolean;
}

/** Protocols of a listener that hand clients the backend's own protocol: raw TCP/UDP, and Istio's MongoDB-aware proxy. */
const PASS_THROUGH = new Set(['TCP', 'UDP', 'MONGO']);

export function passesThrough(listener: ListenerFact): boolean {
  return PASS_THROUGH.has(listener.protocol.toUpperCase());
}

/**
 * Every entry-point exposure of one file's declarations and facts. `isSensitive` says whether a
 * port range carries a sensitive service, so a listener already reported for its own number
 * keeps the routes behind it from being reported again.
 */
export function entryExposures(
  decls: readonly PortDeclaration[],
  facts: Facts,
  model: ExposureModel,
  isSensitive: (range: PortRange, protocol: string) => boolean,
): EntryFinding[] {
  const out: EntryFinding[] = [];
  const flagged = new Set<ListenerFact>();

  // A listener with routes attached in the file is judged by where they lead; one without, by its own number.
  const routed = new Set<ListenerFact>();
  for (const route of facts.routes) for (const a of routeAttachments(route, facts)) for (const l of a.listeners) routed.add(l);
  for (const d of decls) {
    const range = portRange(d);
    if (d.role !== 'listener' || d.owner.kind !== 'listener' || !range || !passesThrough(d.owner.listener)) continue;
    if (d.owner.gateway.api === 'gateway-api' && routed.has(d.owner.listener)) continue;
    const protocol = typeof d.protocol === 'string' ? d.protocol : 'tcp';
    if (isSensitive(range, protocol)) flagged.add(d.owner.listener);
    const scope = model.reachOf(d)?.scope ?? 'edge';
    const data = { kind: d.owner.listener.protocol.toUpperCase(), reach: REACH_WORDS[scope] };
    out.push({ messageId: 'gatewayListener', identity: range, protocol, data, decl: d });
  }

  // Gateway API routes and Istio VirtualServices bound to a gateway, and Ingress backends.
  for (const d of decls) {
    const owner = d.owner;
    const range = portRange(d);
    if (
      range &&
      d.role === 'backendRef' &&
      owner.kind === 'route' &&
      owner.backend &&
      (owner.route.api === 'gateway-api' || owner.route.api === 'istio')
    ) {
      const backend = owner.backend;
      if (backend.group !== '' || backend.kind !== 'Service' || backend.name === undefined) continue;
      const attached = routeAttachments(owner.route, facts);
      if (attached.length === 0 || attached.some((a) => a.listeners.some((l) => flagged.has(l)))) continue;
      const service = servicesNamed(facts, owner.object, backend.name, backend.namespace ?? owner.object.namespace)[0];
      const port = service ? model.portsOf(service).find((p) => portRange(p)?.port === range.port) : undefined;
      // A Service not in the run: the path ends at the route, and the Gateways say how far.
      const reach: Reach = service
        ? model.routeReach(owner.route, service)
        : {
            scope: attached.some((a) => a.scope === 'internet') ? 'internet' : 'edge',
            ...(attached.every((a) => a.internal) ? { internal: true } : {}),
            path: `${attached.map((a) => a.text).join('; ')} → ${describeObject(owner.object)}`,
            hops: [],
          };
      out.push(behind(d, model, service, port, range, reach, 'gatewayRoute'));
    } else if (d.role === 'ingressBackend' && owner.kind === 'ingress' && d.source.format === 'kubernetes' && 'service' in d.source) {
      const name = d.source.service;
      if (name === undefined) continue;
      const service = servicesNamed(facts, owner.object, name, owner.object.namespace)[0];
      if (!service) continue;
      const byName = d.value.kind === 'name' ? d.value.name : undefined;
      const port = model.portsOf(service).find((p) => (byName !== undefined ? p.name === byName : portRange(p)?.port === range?.port));
      const own = port && portRange(port);
      if (!port || !own) continue;
      out.push(behind(d, model, service, port, own, model.ingressReach(owner.object, owner.ingress, service, owner.host), 'ingressRoute'));
    }
  }

  for (const route of facts.routes) {
    if (route.api !== 'openshift') continue;
    const tls = route.tls;
    const plain = tls === undefined || tls.termination === undefined;
    const allow = !plain && tls?.insecureEdgeTerminationPolicy?.toLowerCase() === 'allow';
    if (!plain && !allow) continue;
    const backend = route.backends[0];
    if (!backend || backend.kind !== 'Service' || backend.name === undefined) continue;
    const service = servicesNamed(facts, route.object, backend.name, backend.namespace ?? route.object.namespace)[0];
    if (!service) continue;
    const targetDecl = decls.find((d) => d.owner.kind === 'route' && d.owner.route === route && d.role === 'backendRef');
    const ports = model.portsOf(service).filter((p) => targetDecl === undefined || routeTargets(targetDecl, p));
    const reach = model.routeReach(route, service);
    const object = { ref: route.object };
    const where =
      allow && tls
        ? { loc: { ...tls.loc, file: route.file }, object }
        : targetDecl
          ? { decl: targetDecl }
          : { loc: { ...backend.loc, file: route.file }, object };
    for (const p of ports) {
      out.push({
        messageId: 'openshiftRoute',
        ...judgedBy(p, model),
        protocol: typeof p.protocol === 'string' ? p.protocol : 'tcp',
        data: { process: model.processOf(service, route.file), reach: REACH_WORDS[reach.scope], path: describePath(reach, route.file) },
        ...where,
      });
    }
  }

  for (const d of decls) {
    const owner = d.owner;
    const range = portRange(d);
    if (d.role !== 'policyPort' || owner.kind !== 'networkPolicy' || owner.rule.direction !== 'ingress' || !range) continue;
    const peers = owner.rule.peers;
    const everywhere =
      peers === undefined
        ? 'every source (the rule has no "from")'
        : peers.some((p) => isEverywhere(p.ipBlock))
          ? 'every address (ipBlock 0.0.0.0/0)'
          : undefined;
    if (everywhere === undefined) continue;
    const protocol = typeof d.protocol === 'string' ? d.protocol : 'tcp';
    out.push({ messageId: 'networkPolicy', identity: range, protocol, data: { from: everywhere }, decl: d });
  }
  return out;
}

/** `ns/name`, or `name` when the namespace is not known. */
function namespaced(namespace: string | undefined, name: string): string {
  return namespace !== undefined ? `${namespace}/${name}` : name;
}

/** An ipBlock of every IPv4 or IPv6 address with nothing carved out. */
function isEverywhere(block: { cidr: string; except: string[] } | undefined): boolean {
  return block !== undefined && (block.cidr === '0.0.0.0/0' || block.cidr === '::/0') && block.except.length === 0;
}

/** The ports a Service port forwards to: its numeric targetPort, else its own port (a named target is judged by the port). */
function serviceIdentity(p: PortDeclaration): PortRange {
  const t = targetRange(p);
  const own = portRange(p) ?? { port: 0, endPort: 0 };
  return t !== undefined && t.port > 0 ? { port: t.port, endPort: t.port } : own;
}

/**
 * What a Service port is judged by: its numeric targetPort, else its port; a named targetPort by
 * the container port of that name on the pods it selects (anywhere in the run), and by its own
 * port when that hits nothing.
 */
function judgedBy(p: PortDeclaration, model: ExposureModel): { identity: PortRange; fallback?: PortRange } {
  const own = serviceIdentity(p);
  if (p.target?.kind !== 'name') return { identity: own };
  const resolved = model.containerPortsOf(p).flatMap((c) => portRange(c) ?? [])[0];
  return resolved ? { identity: resolved, fallback: own } : { identity: own };
}

/**
 * The finding for a way in to a Service port: judged by what the port forwards to (or by the
 * reference's own port when the Service is not in the run), naming the workload and the path.
 */
function behind(
  d: PortDeclaration,
  model: ExposureModel,
  service: ServiceFact | undefined,
  port: PortDeclaration | undefined,
  range: PortRange,
  reach: Reach,
  messageId: 'gatewayRoute' | 'ingressRoute',
): EntryFinding {
  const judged = port ? judgedBy(port, model) : { identity: range };
  const protocol = port && typeof port.protocol === 'string' ? port.protocol : 'tcp';
  let process: string;
  if (service) process = model.processOf(service, d.file);
  else {
    const backend = d.owner.kind === 'route' ? d.owner.backend : undefined;
    const namespace = backend?.namespace ?? (d.owner.kind === 'route' ? d.owner.object.namespace : undefined);
    process = `Service ${namespaced(namespace, backend?.name ?? '?')}`;
  }
  const data = { process, reach: REACH_WORDS[reach.scope], path: describePath(reach, d.file) };
  return { messageId, ...judged, protocol, data, decl: d, internal: reach.internal === true };
}

/** An OpenShift Route targetPort picks a Service port by its name, or by the number on the pods. */
function routeTargets(target: PortDeclaration, p: PortDeclaration): boolean {
  const name = valueName(target.value);
  if (target.value.kind === 'name') return p.name === name;
  const port = portRange(target)?.port;
  return port !== undefined && (serviceIdentity(p).port === port || portRange(p)?.port === port);
}
