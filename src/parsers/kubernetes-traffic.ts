/**
 * The Kubernetes objects through which traffic enters a cluster or is allowed to move in it, and
 * the ports they name: Gateway API `Gateway`s and routes (`HTTPRoute`, `GRPCRoute`, `TCPRoute`,
 * `TLSRoute`, `UDPRoute`; v1, v1beta1 and v1alpha2), Istio `Gateway`, `VirtualService`,
 * `ServiceEntry`, `Sidecar` and `EnvoyFilter`, OpenShift `Route`s and `NetworkPolicy`s.
 *
 * Each object becomes facts (a `GatewayFact` with its listeners, a `RouteFact` with its parent and
 * backend references, a `NetworkPolicyFact` with its rules) and one declaration per port value it
 * writes, owned by the listener, route, policy rule or mesh object that writes it. References
 * without a port (a backendRef to a Service with no `port`) are facts only: there is no value.
 *
 * The kubernetes parser hands every object here first (`readTrafficObject`); field semantics follow
 * the APIs' reference docs, cited per reader.
 */
import { isMap, type Document, type Node } from 'yaml';
import {
  type BackendRefFact,
  type GatewayFact,
  type LabelSelectorFact,
  type ListenerFact,
  type Loc,
  type NetworkPolicyFact,
  type ObjectRef,
  type Owner,
  type ParentRefFact,
  type ParseResult,
  type PolicyPeerFact,
  type PolicyRuleFact,
  type PortValue,
  type Protocol,
  type Role,
  type RouteFact,
  type Source,
  invalidValue,
  portValue,
} from '../model.js';
import { get, items, locOf, str, stringMap, type YamlFile } from './yaml.js';

/** Which kinds of value a port field accepts (as the kubernetes parser's). */
export type PortMode = 'number' | 'name' | 'numberOrName';

/** What the kubernetes parser lends this module: the file being read and its way of declaring. */
export interface TrafficReader {
  file: string;
  y: YamlFile;
  doc: Document.Parsed;
  result: ParseResult;
  readPortValue(node: Node, mode: PortMode): PortValue | undefined;
  declare(node: Node, role: Role, source: Source, value: PortValue, owner: Owner, extra: TrafficExtra): void;
}

export interface TrafficExtra {
  protocol?: Protocol | undefined;
  protocolText?: string | undefined;
  protocolLoc?: Loc | undefined;
  name?: string | undefined;
  nameLoc?: Loc | undefined;
}

/** The identity of the object being read. */
export interface TrafficObject {
  node: Node;
  kind: string;
  apiVersion: string;
  ref: ObjectRef;
  loc: Loc;
}

const GATEWAY_API = /^gateway\.networking\.k8s\.io\//;
const ISTIO_NETWORKING = /^networking\.istio\.io\//;
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** Read `obj` when it is one of the kinds of this module; false when it is not (the caller reads it). */
export function readTrafficObject(r: TrafficReader, obj: TrafficObject): boolean {
  const { kind, apiVersion } = obj;
  if (GATEWAY_API.test(apiVersion)) {
    if (kind === 'Gateway') return (readGatewayApiGateway(r, obj), true);
    if (ROUTE_KINDS.has(kind)) return (readGatewayApiRoute(r, obj), true);
    return false;
  }
  if (ISTIO_NETWORKING.test(apiVersion)) {
    switch (kind) {
      case 'Gateway':
        return (readIstioGateway(r, obj), true);
      case 'VirtualService':
        return (readVirtualService(r, obj), true);
      case 'ServiceEntry':
        return (readServiceEntry(r, obj), true);
      case 'Sidecar':
        return (readSidecar(r, obj), true);
      case 'EnvoyFilter':
        return (readEnvoyFilter(r, obj), true);
      default:
        return false;
    }
  }
  if (kind === 'Route' && /^(route\.openshift\.io\/|v1$)/.test(apiVersion)) return (readOpenShiftRoute(r, obj), true);
  if (kind === 'NetworkPolicy' && /^networking\.k8s\.io\//.test(apiVersion)) return (readNetworkPolicy(r, obj), true);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Small readers

function loc(r: TrafficReader, node: Node): Loc {
  return locOf(node, r.y.lineCounter);
}

/** An integer scalar (or numeric string), else undefined. */
function int(node: Node | undefined): number | undefined {
  const text = str(node);
  return text !== undefined && /^\s*-?\d+\s*$/.test(text) ? Number(text) : undefined;
}

/** Declare the port value under `key` of `holder`, when written. */
function declarePort(
  r: TrafficReader,
  holder: Node | undefined,
  key: string,
  mode: PortMode,
  role: Role,
  source: Source,
  owner: Owner,
  extra: TrafficExtra = {},
): PortValue | undefined {
  const node = get(holder, key, r.doc);
  const value = node && r.readPortValue(node, mode);
  if (node && value) r.declare(node, role, source, value, owner, extra);
  return value;
}

/** The transport of an application protocol as Gateway API and Istio write it (`UDP` only for UDP). */
function transportOf(protocol: string | undefined): Protocol {
  return protocol?.toUpperCase() === 'UDP' ? 'udp' : 'tcp';
}

function pushGateway(r: TrafficReader, fact: GatewayFact): void {
  r.result.facts.gateways.push(fact);
}

// ---------------------------------------------------------------------------------------------
// Gateway API (gateway.networking.k8s.io): https://gateway-api.sigs.k8s.io/reference/spec/

/**
 * `spec.gatewayClassName`, `spec.infrastructure.annotations`, and `spec.listeners[]`: name,
 * hostname, port, protocol, tls.mode (Terminate when tls is set without one).
 */
function readGatewayApiGateway(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const spec = get(obj.node, 'spec', doc);
  const annotations = stringMap(get(get(spec, 'infrastructure', doc), 'annotations', doc), doc);
  const gateway: GatewayFact = {
    file: r.file,
    object: obj.ref,
    api: 'gateway-api',
    listeners: [],
    loc: obj.loc,
    ...optional('className', str(get(spec, 'gatewayClassName', doc))),
    ...optional('infrastructureAnnotations', Object.keys(annotations).length > 0 ? annotations : undefined),
  };
  pushGateway(r, gateway);
  for (const entry of items(get(spec, 'listeners', doc), doc)) {
    if (!isMap(entry)) continue;
    const protocolNode = get(entry, 'protocol', doc);
    const protocol = str(protocolNode) ?? '';
    const tls = get(entry, 'tls', doc);
    const nameNode = get(entry, 'name', doc);
    const listener: ListenerFact = {
      protocol,
      hosts: [],
      loc: loc(r, entry),
      ...optional('name', str(nameNode)),
      ...optional('port', int(get(entry, 'port', doc))),
      ...optional('hostname', str(get(entry, 'hostname', doc))),
      ...optional('tls', isMap(tls) ? (str(get(tls, 'mode', doc)) ?? 'Terminate') : undefined),
    };
    const hostname = listener.hostname;
    if (hostname !== undefined) listener.hosts.push(hostname);
    gateway.listeners.push(listener);
    const owner: Owner = { kind: 'listener', object: obj.ref, gateway, listener };
    declarePort(r, entry, 'port', 'number', 'listener', { format: 'kubernetes', field: 'listenerPort' }, owner, {
      protocol: transportOf(protocol),
      protocolText: protocol || undefined,
      protocolLoc: protocolNode ? loc(r, protocolNode) : undefined,
      name: listener.name,
      nameLoc: nameNode ? loc(r, nameNode) : undefined,
    });
  }
}

/**
 * Routes: `spec.parentRefs[]` (group `gateway.networking.k8s.io` and kind `Gateway` by default;
 * `sectionName` a listener name, `port` a listener port) and the `backendRefs` of every rule and of
 * its `RequestMirror` filters (group `""` and kind `Service` by default; `port` a Service port,
 * required for a Service).
 */
function readGatewayApiRoute(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const spec = get(obj.node, 'spec', doc);
  const route: RouteFact = { file: r.file, object: obj.ref, api: 'gateway-api', parents: [], backends: [], loc: obj.loc };
  r.result.facts.routes.push(route);
  for (const ref of items(get(spec, 'parentRefs', doc), doc)) {
    if (!isMap(ref)) continue;
    const sectionNode = get(ref, 'sectionName', doc);
    const parent: ParentRefFact = {
      group: str(get(ref, 'group', doc)) ?? 'gateway.networking.k8s.io',
      kind: str(get(ref, 'kind', doc)) ?? 'Gateway',
      loc: loc(r, ref),
      ...optional('name', str(get(ref, 'name', doc))),
      ...optional('namespace', str(get(ref, 'namespace', doc))),
      ...optional('sectionName', str(sectionNode)),
      ...optional('sectionNameLoc', sectionNode ? loc(r, sectionNode) : undefined),
    };
    route.parents.push(parent);
    const owner: Owner = { kind: 'route', object: obj.ref, route, parent };
    const value = declarePort(r, ref, 'port', 'number', 'parentRef', { format: 'kubernetes', field: 'parentRefPort' }, owner);
    if (value?.kind === 'port') parent.port = value.port;
  }
  for (const rule of items(get(spec, 'rules', doc), doc)) {
    for (const ref of items(get(rule, 'backendRefs', doc), doc)) {
      readBackendRef(r, obj, route, ref);
      for (const filter of items(get(ref, 'filters', doc), doc))
        readBackendRef(r, obj, route, get(get(filter, 'requestMirror', doc), 'backendRef', doc));
    }
    for (const filter of items(get(rule, 'filters', doc), doc))
      readBackendRef(r, obj, route, get(get(filter, 'requestMirror', doc), 'backendRef', doc));
  }
}

function readBackendRef(r: TrafficReader, obj: TrafficObject, route: RouteFact, ref: Node | undefined): void {
  const { doc } = r;
  if (!isMap(ref)) return;
  const nameNode = get(ref, 'name', doc);
  const backend: BackendRefFact = {
    group: str(get(ref, 'group', doc)) ?? '',
    kind: str(get(ref, 'kind', doc)) ?? 'Service',
    hasPort: get(ref, 'port', doc) !== undefined,
    loc: loc(r, nameNode ?? ref),
    ...optional('name', str(nameNode)),
    ...optional('namespace', str(get(ref, 'namespace', doc))),
  };
  route.backends.push(backend);
  const owner: Owner = { kind: 'route', object: obj.ref, route, backend };
  declarePort(r, ref, 'port', 'number', 'backendRef', { format: 'kubernetes', field: 'backendRefPort' }, owner);
}

// ---------------------------------------------------------------------------------------------
// Istio (networking.istio.io): https://istio.io/latest/docs/reference/config/networking/

/** `spec.servers[]`: `port.number`, `port.protocol` (HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP, TLS), `port.name`, `hosts`, `tls.mode`. */
function readIstioGateway(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const spec = get(obj.node, 'spec', doc);
  const gateway: GatewayFact = {
    file: r.file,
    object: obj.ref,
    api: 'istio',
    selector: stringMap(get(spec, 'selector', doc), doc),
    listeners: [],
    loc: obj.loc,
  };
  pushGateway(r, gateway);
  for (const server of items(get(spec, 'servers', doc), doc)) {
    const port = get(server, 'port', doc);
    if (!isMap(port)) continue;
    const protocolNode = get(port, 'protocol', doc);
    const protocol = str(protocolNode) ?? '';
    const nameNode = get(port, 'name', doc);
    const tls = get(server, 'tls', doc);
    const listener: ListenerFact = {
      protocol,
      hosts: items(get(server, 'hosts', doc), doc).flatMap((h) => str(h) ?? []),
      loc: loc(r, server),
      ...optional('name', str(nameNode)),
      ...optional('port', int(get(port, 'number', doc))),
      ...optional('tls', isMap(tls) ? str(get(tls, 'mode', doc)) : undefined),
    };
    gateway.listeners.push(listener);
    const owner: Owner = { kind: 'listener', object: obj.ref, gateway, listener };
    const extra: TrafficExtra = {
      protocol: transportOf(protocol),
      protocolText: protocol || undefined,
      protocolLoc: protocolNode ? loc(r, protocolNode) : undefined,
      name: listener.name,
      nameLoc: nameNode ? loc(r, nameNode) : undefined,
    };
    declarePort(r, port, 'number', 'number', 'listener', { format: 'kubernetes', field: 'serverPort' }, owner, extra);
    declarePort(
      r,
      port,
      'targetPort',
      'number',
      'meshPort',
      { format: 'kubernetes', field: 'serverTargetPort' },
      { kind: 'mesh', object: obj.ref },
      extra,
    );
  }
}

/**
 * `spec.{http,tcp,tls}[].route[].destination` (`host`, `port.number`) and `spec.http[].mirror` /
 * `mirrors[].destination`: a destination host that is a Service (`name`, `name.namespace`,
 * `name.namespace.svc[.cluster.local]`) is a backend of that Service's port.
 */
function readVirtualService(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const spec = get(obj.node, 'spec', doc);
  const route: RouteFact = { file: r.file, object: obj.ref, api: 'istio', parents: [], backends: [], loc: obj.loc };
  r.result.facts.routes.push(route);
  for (const gw of items(get(spec, 'gateways', doc), doc)) {
    const text = str(gw);
    if (text === undefined || text === 'mesh') continue;
    const [ns, name] = text.includes('/') ? text.split('/', 2) : [undefined, text];
    route.parents.push({
      group: 'networking.istio.io',
      kind: 'Gateway',
      loc: loc(r, gw),
      ...optional('name', name),
      ...optional('namespace', ns),
    });
  }
  for (const section of ['http', 'tcp', 'tls']) {
    for (const rule of items(get(spec, section, doc), doc)) {
      for (const dest of items(get(rule, 'route', doc), doc)) readDestination(r, obj, route, get(dest, 'destination', doc));
      if (section !== 'http') continue;
      readDestination(r, obj, route, get(rule, 'mirror', doc));
      for (const mirror of items(get(rule, 'mirrors', doc), doc)) readDestination(r, obj, route, get(mirror, 'destination', doc));
    }
  }
}

function readDestination(r: TrafficReader, obj: TrafficObject, route: RouteFact, dest: Node | undefined): void {
  const { doc } = r;
  if (!isMap(dest)) return;
  const hostNode = get(dest, 'host', doc);
  const service = serviceHost(str(hostNode), obj.ref.namespace);
  const backend: BackendRefFact = {
    group: '',
    kind: service ? 'Service' : 'Host',
    hasPort: get(dest, 'port', doc) !== undefined,
    loc: loc(r, hostNode ?? dest),
    ...optional('name', service?.name ?? str(hostNode)),
    ...optional('namespace', service?.namespace),
  };
  route.backends.push(backend);
  const owner: Owner = { kind: 'route', object: obj.ref, route, backend };
  declarePort(r, get(dest, 'port', doc), 'number', 'number', 'backendRef', { format: 'kubernetes', field: 'destinationPort' }, owner);
}

/**
 * The Service an Istio host names, or undefined for other hosts. Istio qualifies a name without a
 * dot with the rule's namespace (`reviews` is `reviews.<ns>.svc.cluster.local`) and takes any name
 * with a dot as written, so only those two forms are Services.
 */
export function serviceHost(host: string | undefined, namespace: string | undefined): { name: string; namespace?: string } | undefined {
  if (host === undefined) return undefined;
  if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(host)) return { name: host, ...optional('namespace', namespace) };
  const m = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/.exec(host);
  return m?.[1] !== undefined && m[2] !== undefined ? { name: m[1], namespace: m[2] } : undefined;
}

/** `spec.ports[]`: `number`, `targetPort`, `protocol`, `name`. */
function readServiceEntry(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const owner: Owner = { kind: 'mesh', object: obj.ref };
  for (const port of items(get(get(obj.node, 'spec', doc), 'ports', doc), doc)) {
    const extra = meshPortExtra(r, port);
    declarePort(r, port, 'number', 'number', 'meshPort', { format: 'kubernetes', field: 'serviceEntryPort' }, owner, extra);
    declarePort(r, port, 'targetPort', 'number', 'meshPort', { format: 'kubernetes', field: 'serviceEntryTargetPort' }, owner, extra);
  }
}

/** `spec.ingress[].port` and `spec.egress[].port`: `number`, `protocol`, `name`. */
function readSidecar(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const spec = get(obj.node, 'spec', doc);
  const owner: Owner = { kind: 'mesh', object: obj.ref };
  for (const direction of ['ingress', 'egress']) {
    for (const listener of items(get(spec, direction, doc), doc)) {
      const port = get(listener, 'port', doc);
      declarePort(r, port, 'number', 'number', 'meshPort', { format: 'kubernetes', field: 'sidecarPort' }, owner, meshPortExtra(r, port));
    }
  }
}

/** `spec.configPatches[].match.{listener,cluster,routeConfiguration,waypoint}.portNumber`. */
function readEnvoyFilter(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const owner: Owner = { kind: 'mesh', object: obj.ref };
  for (const patch of items(get(get(obj.node, 'spec', doc), 'configPatches', doc), doc)) {
    const match = get(patch, 'match', doc);
    for (const key of ['listener', 'cluster', 'routeConfiguration', 'waypoint']) {
      declarePort(r, get(match, key, doc), 'portNumber', 'number', 'meshPort', { format: 'kubernetes', field: 'envoyFilterPort' }, owner);
    }
  }
}

function meshPortExtra(r: TrafficReader, port: Node | undefined): TrafficExtra {
  const protocolNode = get(port, 'protocol', r.doc);
  const protocol = str(protocolNode);
  const nameNode = get(port, 'name', r.doc);
  return {
    protocol: transportOf(protocol),
    protocolText: protocol,
    protocolLoc: protocolNode ? loc(r, protocolNode) : undefined,
    name: str(nameNode),
    nameLoc: nameNode ? loc(r, nameNode) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// OpenShift Route (route.openshift.io/v1): https://docs.openshift.com/container-platform/latest/rest_api/network_apis/route-route-openshift-io-v1.html

/**
 * `spec.to` (kind `Service`, name), `spec.port.targetPort` (a Service port name, or the number of
 * the port on the pods), `spec.tls.termination` and `insecureEdgeTerminationPolicy`.
 */
function readOpenShiftRoute(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const spec = get(obj.node, 'spec', doc);
  const to = get(spec, 'to', doc);
  const tls = get(spec, 'tls', doc);
  const policyNode = get(tls, 'insecureEdgeTerminationPolicy', doc);
  const nameNode = get(to, 'name', doc);
  const route: RouteFact = {
    file: r.file,
    object: obj.ref,
    api: 'openshift',
    parents: [],
    backends: [],
    loc: obj.loc,
    ...optional(
      'tls',
      isMap(tls)
        ? {
            ...optional('termination', str(get(tls, 'termination', doc))),
            ...optional('insecureEdgeTerminationPolicy', str(policyNode)),
            loc: loc(r, policyNode ?? tls),
          }
        : undefined,
    ),
  };
  r.result.facts.routes.push(route);
  if (!isMap(to)) return;
  const backend: BackendRefFact = {
    group: '',
    kind: str(get(to, 'kind', doc)) ?? 'Service',
    hasPort: get(get(spec, 'port', doc), 'targetPort', doc) !== undefined,
    loc: loc(r, nameNode ?? to),
    ...optional('name', str(nameNode)),
    ...optional('namespace', obj.ref.namespace),
  };
  route.backends.push(backend);
  const owner: Owner = { kind: 'route', object: obj.ref, route, backend };
  declarePort(
    r,
    get(spec, 'port', doc),
    'targetPort',
    'numberOrName',
    'backendRef',
    { format: 'kubernetes', field: 'routeTargetPort' },
    owner,
  );
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy (networking.k8s.io/v1): https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/

/**
 * `spec.podSelector`, and per `ingress[]`/`egress[]` rule its peers (`from`/`to`: `ipBlock`,
 * `podSelector`, `namespaceSelector`; none means every source or destination) and `ports[]`:
 * `protocol` (TCP by default), `port` (a number or a named container port of the selected pods;
 * none means every port) and `endPort` (only with a numeric `port`, and not below it).
 */
function readNetworkPolicy(r: TrafficReader, obj: TrafficObject): void {
  const { doc } = r;
  const spec = get(obj.node, 'spec', doc);
  const policy: NetworkPolicyFact = {
    file: r.file,
    object: obj.ref,
    podSelector: labelSelector(r, get(spec, 'podSelector', doc)),
    policyTypes: items(get(spec, 'policyTypes', doc), doc).flatMap((t) => str(t) ?? []),
    rules: [],
    loc: obj.loc,
  };
  r.result.facts.networkPolicies.push(policy);
  for (const direction of ['ingress', 'egress'] as const) {
    items(get(spec, direction, doc), doc).forEach((ruleNode, index) => {
      const peersNode = get(ruleNode, direction === 'ingress' ? 'from' : 'to', doc);
      const peers = items(peersNode, doc).map((p) => policyPeer(r, p));
      const rule: PolicyRuleFact = { direction, index, ...optional('peers', peers.length > 0 ? peers : undefined), loc: loc(r, ruleNode) };
      policy.rules.push(rule);
      const owner: Owner = { kind: 'networkPolicy', object: obj.ref, policy, rule };
      for (const entry of items(get(ruleNode, 'ports', doc), doc)) readPolicyPort(r, entry, owner);
    });
  }
}

function readPolicyPort(r: TrafficReader, entry: Node, owner: Owner): void {
  const { doc } = r;
  if (!isMap(entry)) return;
  const protocolNode = get(entry, 'protocol', doc);
  const protocolText = str(protocolNode);
  const extra: TrafficExtra = { protocolText, protocolLoc: protocolNode ? loc(r, protocolNode) : undefined };
  const portSource: Source = { format: 'kubernetes', field: 'policyPort' };
  const endSource: Source = { format: 'kubernetes', field: 'policyEndPort' };
  const portNode = get(entry, 'port', doc);
  const endNode = get(entry, 'endPort', doc);
  const value = portNode && r.readPortValue(portNode, 'numberOrName');
  const end = endNode && r.readPortValue(endNode, 'number');
  if (endNode && end?.kind === 'port') {
    // A numeric port and an endPort are one range, declared where it is wrong when it is.
    if (value?.kind === 'port' && portNode) {
      const range = { port: value.port, endPort: end.port };
      if (end.port < value.port)
        r.declare(
          endNode,
          'policyPort',
          endSource,
          invalidValue(`endPort ${end.port} is below port ${value.port}`, { range }),
          owner,
          extra,
        );
      else r.declare(portNode, 'policyPort', portSource, portValue(value.port, end.port), owner, extra);
      return;
    }
    const why = value?.kind === 'name' ? `port is the name "${value.name}"` : portNode ? 'port is not a number' : 'port is not set';
    r.declare(endNode, 'policyPort', endSource, invalidValue(`endPort needs a numeric port, and ${why}`), owner, extra);
  } else if (endNode && end) {
    r.declare(endNode, 'policyPort', endSource, end, owner, extra);
  }
  if (portNode && value) r.declare(portNode, 'policyPort', portSource, value, owner, extra);
}

function policyPeer(r: TrafficReader, node: Node): PolicyPeerFact {
  const { doc } = r;
  const ipBlock = get(node, 'ipBlock', doc);
  const peer: PolicyPeerFact = { loc: loc(r, node) };
  if (isMap(ipBlock)) {
    peer.ipBlock = {
      cidr: str(get(ipBlock, 'cidr', doc)) ?? '',
      except: items(get(ipBlock, 'except', doc), doc).flatMap((e) => str(e) ?? []),
    };
  }
  const podSelector = get(node, 'podSelector', doc);
  const namespaceSelector = get(node, 'namespaceSelector', doc);
  if (podSelector !== undefined) peer.podSelector = labelSelector(r, podSelector);
  if (namespaceSelector !== undefined) peer.namespaceSelector = labelSelector(r, namespaceSelector);
  return peer;
}

/** A LabelSelector: `matchLabels`, and `matchExpressions` (`key`, `operator`, `values`). */
function labelSelector(r: TrafficReader, node: Node | undefined): LabelSelectorFact {
  const { doc } = r;
  const selector: LabelSelectorFact = { matchLabels: stringMap(get(node, 'matchLabels', doc), doc), matchExpressions: [] };
  for (const expr of items(get(node, 'matchExpressions', doc), doc)) {
    const key = str(get(expr, 'key', doc));
    const operator = str(get(expr, 'operator', doc));
    if (key === undefined || operator === undefined) continue;
    selector.matchExpressions.push({ key, operator, values: items(get(expr, 'values', doc), doc).flatMap((v) => str(v) ?? []) });
  }
  return selector;
}

/** `{ key: value }` when value is defined, else `{}` (for `exactOptionalPropertyTypes`). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
