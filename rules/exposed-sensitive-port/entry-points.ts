/**
 * exposed-sensitive-port, entry points (issue 13): the paths into a cluster that are not a Service
 * type or a host port — a gateway listener that passes raw TCP or UDP through, a Gateway API route
 * to a Service, an OpenShift Route without TLS (or that still accepts plain HTTP), and a
 * NetworkPolicy ingress rule that lets a port in from everywhere.
 *
 * Each finding names the path, from the outside in. Objects are resolved within the file the rule
 * is given (the rule runs per file): a route whose Service is elsewhere is judged by its own port.
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
import { sameNamespace } from '../../src/references.js';
import { routeAttachments } from '../../src/exposure/index.js';

/** What the entry-point checks report: the message, the data, and where. */
export interface EntryFinding {
  messageId: 'gatewayListener' | 'gatewayRoute' | 'openshiftRoute' | 'networkPolicy';
  /** The ports that identify the service behind the path (the Service's target, else its port). */
  identity: PortRange;
  protocol: string;
  data: Record<string, string>;
  decl?: PortDeclaration;
  loc?: Loc & { file: string };
  /** With `loc`: the object the finding is about (for its fingerprint). */
  object?: { ref: ObjectRef };
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
  isSensitive: (range: PortRange, protocol: string) => boolean,
): EntryFinding[] {
  const out: EntryFinding[] = [];
  const flagged = new Set<ListenerFact>();
  const servicePorts = new Map<ServiceFact, PortDeclaration[]>();
  for (const d of decls) {
    if (d.owner.kind === 'service' && d.role === 'service') {
      const list = servicePorts.get(d.owner.service) ?? [];
      list.push(d);
      servicePorts.set(d.owner.service, list);
    }
  }

  // A listener with routes attached in the file is judged by where they lead; one without, by its own number.
  const routed = new Set<ListenerFact>();
  for (const route of facts.routes) for (const a of routeAttachments(route, facts)) for (const l of a.listeners) routed.add(l);
  for (const d of decls) {
    const range = portRange(d);
    if (d.role !== 'listener' || d.owner.kind !== 'listener' || !range || !passesThrough(d.owner.listener)) continue;
    if (d.owner.gateway.api === 'gateway-api' && routed.has(d.owner.listener)) continue;
    const protocol = typeof d.protocol === 'string' ? d.protocol : 'tcp';
    if (isSensitive(range, protocol)) flagged.add(d.owner.listener);
    out.push({ messageId: 'gatewayListener', identity: range, protocol, data: { kind: d.owner.listener.protocol.toUpperCase() }, decl: d });
  }

  for (const d of decls) {
    const owner = d.owner;
    const range = portRange(d);
    if (d.role !== 'backendRef' || owner.kind !== 'route' || owner.route.api !== 'gateway-api' || !owner.backend || !range) continue;
    const backend = owner.backend;
    if (backend.group !== '' || backend.kind !== 'Service' || backend.name === undefined) continue;
    const attached = routeAttachments(owner.route, facts);
    if (attached.length === 0 || attached.some((a) => a.listeners.some((l) => flagged.has(l)))) continue;
    const service = findService(facts, backend.name, backend.namespace ?? owner.object.namespace, owner.object.file);
    const port = service ? (servicePorts.get(service) ?? []).find((p) => portRange(p)?.port === range.port) : undefined;
    const identity = port ? serviceIdentity(port) : range;
    const protocol = port && typeof port.protocol === 'string' ? port.protocol : 'tcp';
    const via = attached.map((a) => a.text).join('; ');
    out.push({
      messageId: 'gatewayRoute',
      identity,
      protocol,
      data: {
        service: `Service ${namespaced(backend.namespace ?? owner.object.namespace, backend.name)}`,
        path: `${describeObject(owner.object)} on ${via}`,
      },
      decl: d,
    });
  }

  for (const route of facts.routes) {
    if (route.api !== 'openshift') continue;
    const tls = route.tls;
    const plain = tls === undefined || tls.termination === undefined;
    const allow = !plain && tls?.insecureEdgeTerminationPolicy?.toLowerCase() === 'allow';
    if (!plain && !allow) continue;
    const backend = route.backends[0];
    if (!backend || backend.kind !== 'Service' || backend.name === undefined) continue;
    const service = findService(facts, backend.name, backend.namespace, route.file);
    if (!service) continue;
    const targetDecl = decls.find((d) => d.owner.kind === 'route' && d.owner.route === route && d.role === 'backendRef');
    const ports = (servicePorts.get(service) ?? []).filter((p) => targetDecl === undefined || routeTargets(targetDecl, p));
    const how = allow ? 'which still serves plain HTTP (insecureEdgeTerminationPolicy: Allow)' : 'without TLS';
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
        identity: serviceIdentity(p),
        protocol: typeof p.protocol === 'string' ? p.protocol : 'tcp',
        data: { service: describeObject(service.object), path: describeObject(route.object), how },
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

/** An OpenShift Route targetPort picks a Service port by its name, or by the number on the pods. */
function routeTargets(target: PortDeclaration, p: PortDeclaration): boolean {
  const name = valueName(target.value);
  if (target.value.kind === 'name') return p.name === name;
  const port = portRange(target)?.port;
  return port !== undefined && (serviceIdentity(p).port === port || portRange(p)?.port === port);
}

function findService(facts: Facts, name: string, namespace: string | undefined, file: string): ServiceFact | undefined {
  return facts.services.find((s) => s.file === file && s.name === name && sameNamespace(s.namespace, namespace));
}
