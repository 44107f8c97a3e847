/**
 * The one shared model of portlint: every parser turns its format into `PortDeclaration`s plus
 * `Facts`, and every rule reads only these. Nothing here does I/O.
 *
 * A declaration says what it means in types, not by convention:
 * - its `value` is a discriminated union (a port or range, a name, an unresolved reference with
 *   its variables, an invalid value with its reason);
 * - its `owner` is the thing that declares it (a pod container, a Service, an Ingress, a compose
 *   service, a Dockerfile stage, an env file), linked to the facts rules need;
 * - its `source` says which key, instruction or variable it was read from;
 * - its `spans` are the exact places of every part a fix would edit.
 * New roles, owners and sources are new union members: rules `switch` on them.
 */

export type Format = 'kubernetes' | 'compose' | 'dockerfile' | 'env';

export const FORMATS: readonly Format[] = ['kubernetes', 'compose', 'dockerfile', 'env'];

/** A place in a file. 1-based; `endColumn` is the column just after the last character (as ESLint). */
export interface Loc {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * A source comment that may be a suppression directive (its text starts with `portlint-`), as the
 * format's own reader saw it: a `#` inside a quoted string, a block scalar, a heredoc or a URL is
 * never one. Positions are 1-based; `endColumn` is exclusive.
 */
export interface SourceComment {
  /** What follows the `#`. */
  text: string;
  line: number;
  column: number;
  endColumn: number;
  /**
   * The last line a `disable-next-line` in this comment covers, when it is not simply the next
   * line (a Dockerfile's next instruction with its continuation lines and heredocs).
   */
  nextLineEnd?: number;
}

/** Whether a comment's text (after the `#`) may be a portlint directive: only those are kept. */
export function isDirectiveCandidate(text: string): boolean {
  return /^\s*portlint-/.test(text);
}

/**
 * A top-level object of a file (a Kubernetes object or List item): its whole source range, so a
 * finding can be placed in it by position, where it is named, and its `metadata.annotations`
 * (whatever its kind), which the engine reads the `portlint.dev/ignore` annotation from.
 */
export interface SourceObject {
  ref: ObjectRef;
  loc: Loc;
  /** Where the object is named (its `metadata.name`, else its `kind`): messages about its annotations go there. */
  named?: Loc;
  /** `metadata.annotations` as written (string values), when it has any. */
  annotations?: Record<string, string>;
}

/**
 * What the number means.
 * - `container`: a port a process listens on inside a container (k8s `containerPort`, compose
 *   `target` / the container side of a short mapping / `expose:`, Dockerfile `EXPOSE`).
 * - `host`: a port bound on the host or node (k8s `hostPort`, compose `published`).
 * - `service`: a Kubernetes Service `port` (virtual: nothing binds it).
 * - `nodePort`: a Kubernetes Service `nodePort` (bound on every node).
 * - `targetPort`: a Service `targetPort`, by number or by name.
 * - `probe`: a probe's or lifecycle hook's port, by number or by name.
 * - `ingressBackend`: an Ingress backend's service port, by number or by name.
 * - `env`: the value of a port-like env variable (`PORT`, `*_PORT`, an item of `*_PORTS`).
 * - `url`: the port of a `scheme://host:port` URL (explicit, or implied by the scheme).
 * - `listener`: a port a gateway accepts traffic on (a Gateway API listener, an Istio Gateway server).
 * - `parentRef`: a route's reference to the listener port it attaches to.
 * - `backendRef`: a route's reference to a Service port (a Gateway API `backendRefs` port, an Istio
 *   destination port, an OpenShift Route `targetPort`), by number or by name.
 * - `policyPort`: a NetworkPolicy rule's port (or `port`–`endPort` range), by number or by name.
 * - `meshPort`: a port of Istio mesh configuration (ServiceEntry and its endpoints, WorkloadEntry, Sidecar
 *   and its `defaultEndpoint`, EnvoyFilter, a server's targetPort).
 */
export type Role =
  | 'container'
  | 'host'
  | 'service'
  | 'nodePort'
  | 'targetPort'
  | 'probe'
  | 'ingressBackend'
  | 'env'
  | 'url'
  | 'listener'
  | 'parentRef'
  | 'backendRef'
  | 'policyPort'
  | 'meshPort';

/** A port or an inclusive range of ports. */
export interface PortRange {
  port: number;
  endPort: number;
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * What a port value says. Numbers outside 0–65535 stay `port` values as parsed, so rules can
 * report them; `invalid` keeps what could still be read (a range, a name) beside its reason.
 */
export type PortValue =
  | { readonly kind: 'port'; readonly port: number; readonly endPort: number }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'unresolved'; readonly variables: readonly string[] }
  | { readonly kind: 'invalid'; readonly reason: string; readonly range?: PortRange; readonly name?: string };

export function portValue(port: number, endPort: number = port): PortValue {
  return { kind: 'port', port, endPort };
}

export function nameValue(name: string): PortValue {
  return { kind: 'name', name };
}

export function unresolvedValue(variables: readonly string[]): PortValue {
  return { kind: 'unresolved', variables: [...variables] };
}

export function invalidValue(reason: string, read: { range?: PortRange | undefined; name?: string | undefined } = {}): PortValue {
  return {
    kind: 'invalid',
    reason,
    ...(read.range !== undefined ? { range: { port: read.range.port, endPort: read.range.endPort } } : {}),
    ...(read.name !== undefined ? { name: read.name } : {}),
  };
}

/** The largest port number. */
export const MAX_PORT = 65535;

/**
 * The port or range of a value that is a usable number, or undefined: a name, unresolved, invalid,
 * or a number outside 0–65535. invalid-port alone reports that last kind (it reads `value` itself),
 * so one wrong value is one finding, not one per rule that would read the number.
 */
export function valueRange(v: PortValue | undefined): PortRange | undefined {
  if (v?.kind !== 'port' || v.port < 0 || v.endPort > MAX_PORT || v.endPort < v.port) return undefined;
  return { port: v.port, endPort: v.endPort };
}

/** The range as written, also of an invalid value that still reads as one (for messages and the inventory). */
export function writtenRange(v: PortValue | undefined): PortRange | undefined {
  if (v?.kind === 'port') return { port: v.port, endPort: v.endPort };
  if (v?.kind === 'invalid' && v.range) return v.range;
  return undefined;
}

/** The name a value refers to (also an invalid one), or undefined. */
export function valueName(v: PortValue | undefined): string | undefined {
  if (v?.kind === 'name') return v.name;
  if (v?.kind === 'invalid') return v.name;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Protocols

export type Transport = 'tcp' | 'udp' | 'sctp';

/** A transport, or the text of a protocol that is none (`http`, an unresolved `${PROTO}`). */
export type Protocol = Transport | { readonly invalid: string };

export const TRANSPORTS: readonly Transport[] = ['tcp', 'udp', 'sctp'];

export function isTransport(p: Protocol | string): p is Transport {
  return typeof p === 'string' && (TRANSPORTS as readonly string[]).includes(p);
}

/** Read a written protocol: valid ones in lower case, anything else kept as written; `fallback` when not written. */
export function parseProtocol(raw: string | undefined, fallback: Transport = 'tcp'): Protocol {
  if (raw === undefined || raw === '') return fallback;
  const lower = raw.toLowerCase();
  return isTransport(lower) ? lower : { invalid: raw };
}

/** The protocol as text: `tcp`, or an invalid protocol as written. */
export function protocolName(p: Protocol): string {
  return typeof p === 'string' ? p : p.invalid;
}

export function sameProtocol(a: Protocol, b: Protocol): boolean {
  return protocolName(a) === protocolName(b);
}

// ---------------------------------------------------------------------------------------------
// Owners: what declares a port, with the facts rules need

/** A Kubernetes object or other top-level unit of a file, by structure — never encoded in a string. */
export interface ObjectRef {
  file: string;
  document: number;
  item?: number;
  kind: string;
  namespace?: string;
  name?: string;
}

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface SecurityFacts {
  runAsUser?: number;
  runAsNonRoot?: boolean;
  allowPrivilegeEscalation?: boolean;
  /** Capabilities added (upper case, without `CAP_`). */
  capabilitiesAdd: string[];
  capabilitiesDrop: string[];
}

export interface ContainerFact {
  name: string;
  kind: ContainerKind;
  image?: string | undefined;
  /** Literal `env[].value`s by name (values from `valueFrom` are left out). */
  environment?: Record<string, string>;
  security: SecurityFacts;
}

/** An object that runs pods: Pod, Deployment, …, or any CRD with a pod template. */
export interface WorkloadFact {
  /** Identity of the pod spec (`file#documentIndex[/itemIndex][@podSpecPath]`), for the inventory; rules use `object`. */
  id: string;
  object: ObjectRef;
  /** Where in the object the pod spec is, when the object holds several (`spec.workerGroupSpecs[0].template.spec`). */
  podSpecPath?: string;
  file: string;
  kind: string;
  name?: string | undefined;
  namespace?: string | undefined;
  loc: Loc;
  /** Labels of the pods it makes (pod template labels; a Pod's own labels). */
  podLabels: Record<string, string>;
  annotations: Record<string, string>;
  podAnnotations: Record<string, string>;
  hostNetwork: boolean;
  /** Where `hostNetwork: true` is written. */
  hostNetworkLoc?: Loc | undefined;
  podSecurity: SecurityFacts;
  /**
   * Ports its processes show they listen on without a `containerPort`: listen-like flags in a
   * container's `command`/`args` (`--port=5317`, `--metrics-bind-address=:8443`) and wildcard binds
   * (`endpoint: 0.0.0.0:4317`) in the data of a ConfigMap of the same file that the pod mounts.
   */
  listenPorts: number[];
  /** Pod `securityContext.sysctls`. */
  sysctls: Record<string, string>;
  containers: ContainerFact[];
}

export interface ServiceFact {
  /** Identity of the Service (`file#documentIndex[/itemIndex]`), for the inventory; rules use `object`. */
  id: string;
  object: ObjectRef;
  file: string;
  name?: string;
  namespace?: string;
  type: string;
  /** Undefined when the Service has no selector (it then selects no pods: endpoints are manual). */
  selector?: Record<string, string>;
  /** `spec.loadBalancerSourceRanges`, when written: the client ranges a LoadBalancer admits. */
  loadBalancerSourceRanges?: string[];
  /** `spec.externalIPs`, when written: addresses the nodes accept the Service's ports on, from outside the cluster. */
  externalIPs?: string[];
  annotations: Record<string, string>;
  loc: Loc;
}

export interface ComposeServiceFact {
  file: string;
  name: string;
  /** `network_mode` after interpolation (`host` makes `ports:` meaningless). */
  networkMode?: string;
  user?: string;
  /** `image` after interpolation. */
  image?: string;
  /** `container_name` after interpolation. */
  containerName?: string;
  /** `profiles` after interpolation: the service starts only when one of them is enabled. Absent: always started. */
  profiles?: string[];
  /** `environment` (map or list form) after interpolation; values of unset variables left out. */
  environment?: Record<string, string>;
  /** Ports its process shows it listens on: listen-like flags in `command`/`entrypoint` (`--port 6380`). */
  listenPorts?: number[];
  loc: Loc;
}

export interface DockerStageFact {
  file: string;
  index: number;
  name?: string;
  from: string;
  final: boolean;
  /** The earlier stage this one is built `FROM` (by name), whose metadata (EXPOSE, USER) it inherits. */
  parent?: DockerStageFact;
  /** True when the stage's EXPOSE ends up in the built image: the final stage and its `FROM` ancestors. */
  inImage: boolean;
  /** The last `USER` in effect at the end of the stage (inherited stages are not followed). */
  user?: string;
  /**
   * Capabilities the stage's `RUN` instructions grant to files with `setcap` (upper case, without
   * `CAP_`; e.g. `NET_BIND_SERVICE` from `setcap cap_net_bind_service=+ep /usr/sbin/nginx`). A
   * non-root process started from such a file holds them. Undefined when the parser does not look.
   */
  fileCapabilities?: string[];
  /**
   * Knowledge-base service ids the stage shows it serves: a daemon in its CMD/ENTRYPOINT (`sshd`),
   * a package it installs (`openssh-server`) or its base image (`atmoz/sftp`). Inherited by stages
   * built FROM it. Undefined when the parser does not look.
   */
  serves?: string[];
  loc: Loc;
}

/** A kustomization file: the files and folders it takes in, so objects of one kustomize build meet. */
export interface KustomizationFact {
  file: string;
  /** `resources`, `bases`, `components` and patch paths, as written (relative to the file's folder). */
  references: string[];
}

/**
 * Who declares a port. Each owner links the facts rules need, so no rule looks anything up by id.
 * Issue 12/13 owners (Gateway listeners, Istio servers, NetworkPolicies) are new members here.
 */
export type Owner =
  | { readonly kind: 'podContainer'; readonly object: ObjectRef; readonly workload: WorkloadFact; readonly container: ContainerFact }
  | { readonly kind: 'service'; readonly object: ObjectRef; readonly service: ServiceFact }
  | {
      readonly kind: 'ingress';
      readonly object: ObjectRef;
      readonly id: string;
      /** The Ingress's way in: its class, annotations and `spec.tls[].hosts` (empty: no TLS). */
      readonly ingress?: IngressFact;
      /** The `host` of the rule a backend is in (none for the default backend or a rule for every host). */
      readonly host?: string;
    }
  | { readonly kind: 'composeService'; readonly service: ComposeServiceFact }
  | {
      readonly kind: 'stage';
      readonly stage: DockerStageFact;
      /** The stage whose image carries this stage's EXPOSE and USER: the final one when this stage is in its lineage, else itself (a `--target` build). */
      readonly image: DockerStageFact;
    }
  /** An env file, or the lines of a Dockerfile before its first `FROM`. */
  | { readonly kind: 'file'; readonly file: string; readonly format: 'env' | 'dockerfile' }
  /** A listener of a Gateway API `Gateway`, or a server of an Istio `Gateway`. */
  | { readonly kind: 'listener'; readonly object: ObjectRef; readonly gateway: GatewayFact; readonly listener: ListenerFact }
  /** A route's reference: to where it attaches (`parent`) or to where its traffic goes (`backend`). */
  | {
      readonly kind: 'route';
      readonly object: ObjectRef;
      readonly route: RouteFact;
      readonly parent?: ParentRefFact;
      readonly backend?: BackendRefFact;
    }
  /** One ingress or egress rule of a NetworkPolicy. */
  | { readonly kind: 'networkPolicy'; readonly object: ObjectRef; readonly policy: NetworkPolicyFact; readonly rule: PolicyRuleFact }
  /**
   * Istio mesh configuration: a ServiceEntry, WorkloadEntry, Sidecar or EnvoyFilter (or a Gateway
   * server's targetPort); `mesh` says what its ports refer to, for the first three.
   */
  | { readonly kind: 'mesh'; readonly object: ObjectRef; readonly mesh?: MeshFact };

/**
 * What the ports of an Istio object refer to: a ServiceEntry's port names (its `endpoints[].ports`
 * keys must be among them) and the workloads it selects; a WorkloadEntry's labels (ServiceEntries
 * select it by them, and its `ports` keys name their ports); the pods a Sidecar applies to (its
 * `defaultEndpoint` port is one they listen on). A `workloadSelector` undefined is not written.
 */
export type MeshFact =
  | { readonly kind: 'ServiceEntry'; readonly portNames: readonly string[]; readonly workloadSelector?: Record<string, string> }
  | { readonly kind: 'WorkloadEntry'; readonly labels: Record<string, string> }
  /** One per direction of a Sidecar: its ingress listeners, or its egress listeners. */
  | { readonly kind: 'Sidecar'; readonly direction: 'ingress' | 'egress'; readonly workloadSelector?: Record<string, string> };

/**
 * The Kubernetes object an owner is, if any: the one link from a declaration to its object, for
 * every kind (the engine applies that object's `portlint.dev/ignore` annotation through it).
 */
export function ownerObject(owner: Owner): ObjectRef | undefined {
  return owner.kind === 'composeService' || owner.kind === 'stage' || owner.kind === 'file' ? undefined : owner.object;
}

/** True for ports of a pod with `hostNetwork: true` or a compose service with `network_mode: host`. */
export function onHostNetwork(owner: Owner): boolean {
  if (owner.kind === 'podContainer') return owner.workload.hostNetwork;
  if (owner.kind === 'composeService') return owner.service.networkMode === 'host';
  return false;
}

/** A stage, then the earlier stage it is built `FROM`, and so on. */
export function stageLineage(stage: DockerStageFact): DockerStageFact[] {
  const out: DockerStageFact[] = [];
  for (let s: DockerStageFact | undefined = stage; s; s = s.parent) out.push(s);
  return out;
}

/** The image a container runs, when the model knows it (pod container, compose service, Dockerfile base). */
export function ownerImage(owner: Owner): string | undefined {
  switch (owner.kind) {
    case 'podContainer':
      return owner.container.image;
    case 'composeService':
      return owner.service.image;
    case 'stage':
      return owner.stage.from;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Sources: where in the format a value was read

export type ProbeField = 'httpGet' | 'tcpSocket' | 'grpc';
/** `livenessProbe` | `readinessProbe` | `startupProbe` | `lifecycle.postStart` | `lifecycle.preStop`. */
export type ProbeName = 'livenessProbe' | 'readinessProbe' | 'startupProbe' | 'lifecycle.postStart' | 'lifecycle.preStop';

export type Source =
  | { readonly format: 'kubernetes'; readonly field: 'containerPort' | 'hostPort' | 'port' | 'targetPort' | 'nodePort' }
  | { readonly format: 'kubernetes'; readonly field: ProbeField; readonly probe: ProbeName }
  /** An Ingress backend: v1 `service.port.number|name`, or v1beta1 `servicePort`; `service` is the Service it names. */
  | { readonly format: 'kubernetes'; readonly field: 'number' | 'name' | 'servicePort'; readonly service?: string }
  /** `ports` (short syntax), `target`/`published` (long syntax), `expose`. */
  | { readonly format: 'compose'; readonly field: 'ports' | 'target' | 'published' | 'expose' }
  | { readonly format: 'dockerfile'; readonly field: 'EXPOSE' }
  /** An env variable's value, or (with `url`) a URL in it: its scheme, and whether the port is implied by it. */
  | { readonly format: 'env'; readonly variable: string; readonly url?: { readonly scheme: string; readonly implicit: boolean } }
  /**
   * Entry points (issue 13), by the key they are read from: a Gateway API listener `port`, a
   * parentRef or backendRef `port`, an Istio server `port.number` / `port.targetPort`, a
   * destination `port.number`, an OpenShift Route `port.targetPort`, a NetworkPolicy `port` /
   * `endPort`, a ServiceEntry `number` / `targetPort` / `endpoints[].ports` value, a WorkloadEntry
   * `ports` value, a Sidecar `port.number` / the port of its `defaultEndpoint`, an EnvoyFilter
   * `portNumber`.
   */
  | { readonly format: 'kubernetes'; readonly field: EntryField };

export type EntryField =
  | 'listenerPort'
  | 'parentRefPort'
  | 'backendRefPort'
  | 'serverPort'
  | 'serverTargetPort'
  | 'destinationPort'
  | 'routeTargetPort'
  | 'policyPort'
  | 'policyEndPort'
  | 'serviceEntryPort'
  | 'serviceEntryTargetPort'
  | 'sidecarPort'
  | 'sidecarDefaultEndpoint'
  | 'serviceEntryEndpointPort'
  | 'workloadEntryPort'
  | 'envoyFilterPort';

/** The key, instruction or variable the value came from: `containerPort`, `published`, `EXPOSE`, `DB_PORT`, … */
export function sourceField(s: Source): string {
  return s.format === 'env' ? s.variable : s.field;
}

// ---------------------------------------------------------------------------------------------
// Declarations

/** The exact source range of every part a fix would edit. */
export interface Spans {
  /** The port value (the same place as the declaration's own `Loc`). */
  value: Loc;
  protocol?: Loc;
  hostIp?: Loc;
  /** The port's own name (`ports[].name`). */
  name?: Loc;
}

export interface PortDeclaration extends Loc {
  file: string;
  format: Format;
  role: Role;
  value: PortValue;
  protocol: Protocol;
  /** The protocol exactly as written, when written (k8s wants `TCP`; compose `tcp`). */
  protocolText?: string;
  /** The port's own name (k8s `ports[].name`, compose long-form `name`); a reference by name is a `name` value. */
  name?: string;
  /** Host interface a `host` port binds to (compose `host_ip` or the IP of a short mapping, k8s `hostIP`). */
  hostIp?: string;
  /**
   * For a `host` port: the container port(s) it forwards to, when known. For a `service` port: its
   * `targetPort` (by number or by name), or its own port when none is written.
   */
  target?: PortValue;
  /** The source text of the value (the whole scalar or EXPOSE word), before interpolation. */
  raw: string;
  /**
   * The variables `raw` is written in terms of (`${FTP_PORT:-21}` → `FTP_PORT`), set or not, as
   * the parser read them; absent when there are none. An unresolved value lists the unset ones.
   */
  variables?: readonly string[];
  source: Source;
  owner: Owner;
  spans: Spans;
}

/** What a parser gives the one constructor; optional parts may be passed as undefined. */
export interface DeclarationInit {
  file: string;
  role: Role;
  loc: Loc;
  value: PortValue;
  protocol?: Protocol | undefined;
  protocolText?: string | undefined;
  name?: string | undefined;
  hostIp?: string | undefined;
  target?: PortValue | undefined;
  raw: string;
  variables?: readonly string[] | undefined;
  source: Source;
  /** The format of the file it is written in, when not the source's (an env value inside a compose file or manifest). */
  format?: Format | undefined;
  owner: Owner;
  spans?: { protocol?: Loc | undefined; hostIp?: Loc | undefined; name?: Loc | undefined } | undefined;
}

/** The one constructor of declarations: optional parts left out when absent (never `undefined` keys). */
export function declaration(init: DeclarationInit): PortDeclaration {
  const d: PortDeclaration = {
    file: init.file,
    format: init.format ?? init.source.format,
    role: init.role,
    ...init.loc,
    value: init.value,
    protocol: init.protocol ?? 'tcp',
    raw: init.raw,
    source: init.source,
    owner: init.owner,
    spans: { value: init.loc },
  };
  if (init.protocolText !== undefined) d.protocolText = init.protocolText;
  if (init.name !== undefined) d.name = init.name;
  if (init.hostIp !== undefined) d.hostIp = init.hostIp;
  if (init.target !== undefined) d.target = init.target;
  if (init.variables !== undefined && init.variables.length > 0) d.variables = [...init.variables];
  const spans = init.spans ?? {};
  if (spans.protocol) d.spans.protocol = spans.protocol;
  if (spans.hostIp) d.spans.hostIp = spans.hostIp;
  if (spans.name) d.spans.name = spans.name;
  return d;
}

/**
 * Where one part of a declaration is written, with its file, for a finding about that part: the
 * `protocol:` value for a protocol, the `name:` value for a port name. The value when not written.
 */
export function spanOf(d: Pick<PortDeclaration, 'file' | 'spans'>, part: 'protocol' | 'name' | 'hostIp'): Loc & { file: string } {
  return { file: d.file, ...(d.spans[part] ?? d.spans.value) };
}

/** The port or range of a declaration whose value is a usable number (not a name, unresolved or invalid). */
export function portRange(d: Pick<PortDeclaration, 'value'>): PortRange | undefined {
  return valueRange(d.value);
}

/** The container ports a host port forwards to (or a Service port's numeric target), when known. */
export function targetRange(d: Pick<PortDeclaration, 'target'>): PortRange | undefined {
  return valueRange(d.target);
}

export function isUnresolved(d: Pick<PortDeclaration, 'value'>): boolean {
  return d.value.kind === 'unresolved';
}

export function isInvalid(d: Pick<PortDeclaration, 'value'>): boolean {
  return d.value.kind === 'invalid';
}

// ---------------------------------------------------------------------------------------------
// Parse results

// ---------------------------------------------------------------------------------------------
// Entry points: gateways, routes, network policies (issue 13)

/** The API an entry-point object belongs to. */
export type TrafficApi = 'gateway-api' | 'istio' | 'openshift';

/** One listener of a Gateway API `Gateway`, or one server of an Istio `Gateway`. */
export interface ListenerFact {
  /** Gateway API `name`; Istio `port.name`. */
  name?: string;
  /** The port when it is a number (the declaration has the value as written). */
  port?: number;
  /** As written: `HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP` (Gateway API); also `GRPC`, `HTTP2`, `MONGO` (Istio). */
  protocol: string;
  /** Gateway API `hostname`. */
  hostname?: string;
  /** The hosts it serves: Gateway API `hostname`; Istio `hosts`. */
  hosts: string[];
  /** The TLS mode when TLS is configured (`Terminate`, `Passthrough`; Istio `SIMPLE`, `MUTUAL`, `PASSTHROUGH`, …). */
  tls?: string;
  /** Istio: `tls` is written, with a mode or without (`httpsRedirect` alone); Istio then matches the server by SNI host. */
  tlsSettings?: boolean;
  /** Istio: `bind`, the address the server listens on (every address when not written). */
  bind?: string;
  loc: Loc;
}

/** What an Ingress says about its way in. */
export interface IngressFact {
  /** `spec.ingressClassName`, else the `kubernetes.io/ingress.class` annotation. */
  className?: string;
  annotations: Record<string, string>;
  /** Whether `spec.tls` has an entry, and the hosts its entries name (`*` for an entry without hosts). */
  tls: boolean;
  tlsHosts: string[];
}

/** A Gateway API `Gateway` or an Istio `Gateway`: the listeners at the edge of a cluster. */
export interface GatewayFact {
  file: string;
  object: ObjectRef;
  api: 'gateway-api' | 'istio';
  /** Istio: the labels of the gateway pods it configures (`spec.selector`). */
  selector?: Record<string, string>;
  /** Gateway API `spec.gatewayClassName` (`gke-l7-rilb` is an internal load balancer). */
  className?: string;
  /** Gateway API `spec.infrastructure.annotations`: put on the load balancer Service the controller makes. */
  infrastructureAnnotations?: Record<string, string>;
  listeners: ListenerFact[];
  loc: Loc;
}

/** A route's reference to where it attaches: a Gateway API `parentRefs[]` entry, or an Istio `gateways` item. */
export interface ParentRefFact {
  group: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** A listener name. */
  sectionName?: string;
  sectionNameLoc?: Loc;
  /** A listener port, when written as a number. */
  port?: number;
  loc: Loc;
}

/** A route's reference to where traffic goes: a `backendRefs[]` entry, an Istio destination, an OpenShift Route's `to`. */
export interface BackendRefFact {
  /** `""` for the core group (a Service). */
  group: string;
  /** `Service` by default; `Host` for an Istio destination host that names no Service. */
  kind: string;
  name?: string;
  namespace?: string;
  /** Whether a port is written (Gateway API requires one for a Service). */
  hasPort: boolean;
  /** The name (or the whole reference when it has none): where a finding about the reference goes. */
  loc: Loc;
}

/** A route: Gateway API `HTTPRoute`/`GRPCRoute`/`TCPRoute`/`TLSRoute`/`UDPRoute`, Istio `VirtualService`, OpenShift `Route`. */
export interface RouteFact {
  file: string;
  object: ObjectRef;
  api: TrafficApi;
  parents: ParentRefFact[];
  backends: BackendRefFact[];
  /** OpenShift: `spec.tls`, when written. */
  tls?: { termination?: string; insecureEdgeTerminationPolicy?: string; loc: Loc };
  loc: Loc;
}

export interface LabelSelectorFact {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** One `from`/`to` entry of a NetworkPolicy rule. */
export interface PolicyPeerFact {
  ipBlock?: { cidr: string; except: string[] };
  podSelector?: LabelSelectorFact;
  namespaceSelector?: LabelSelectorFact;
  loc: Loc;
}

/** One `ingress[]` or `egress[]` rule. */
export interface PolicyRuleFact {
  direction: 'ingress' | 'egress';
  index: number;
  /** Undefined when the rule has no `from`/`to`: every source or destination. */
  peers?: PolicyPeerFact[];
  loc: Loc;
}

export interface NetworkPolicyFact {
  file: string;
  object: ObjectRef;
  podSelector: LabelSelectorFact;
  /** `spec.policyTypes` as written (empty when not written: Ingress, plus Egress when it has egress rules). */
  policyTypes: string[];
  rules: PolicyRuleFact[];
  loc: Loc;
}

/** Facts beyond the port values that rules need. Each parser fills what its format has. */
export interface Facts {
  workloads: WorkloadFact[];
  services: ServiceFact[];
  composeServices: ComposeServiceFact[];
  stages: DockerStageFact[];
  gateways: GatewayFact[];
  routes: RouteFact[];
  networkPolicies: NetworkPolicyFact[];
  kustomizations: KustomizationFact[];
}

/**
 * The stable id of a message that is not a rule finding, used as its `ruleId`: config, `--rule`
 * and suppressions address it like a rule id. `parse-error`: the file (or part of it) could not be
 * parsed or has a shape the tool it is for would refuse; `skipped-file`: the file was not linted
 * (a Helm template, a binary or oversized file); `file-error`: the file could not be read.
 */
export type ProblemId = 'parse-error' | 'skipped-file' | 'file-error';

/** Something the parser could not read. `fatal` ones mean (part of) the file was not linted. */
export interface ParseProblem {
  id: ProblemId;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warn';
  fatal: boolean;
}

export interface ParseResult {
  file: string;
  /** The detected format, or null when the file holds nothing portlint reads (ignored quietly). */
  format: Format | null;
  declarations: PortDeclaration[];
  facts: Facts;
  problems: ParseProblem[];
  /** Comments that may be suppression directives, in source order. */
  comments: SourceComment[];
  /** Top-level objects with their ranges (Kubernetes objects and List items), for the ignore annotation. */
  objects: SourceObject[];
  /**
   * Compose files this one `include:`s (at any depth), read as part of its project: their
   * declarations and facts are among this result's (with their own `file`), and what is said
   * about their lines is here, so findings land in the included file with its suppressions.
   */
  included?: IncludedFile[];
}

/** A file read as part of another file's project (compose `include:`): its comments and the problems found in it there. */
export interface IncludedFile {
  file: string;
  comments: SourceComment[];
  problems: ParseProblem[];
}

export function emptyFacts(): Facts {
  return {
    workloads: [],
    services: [],
    composeServices: [],
    stages: [],
    gateways: [],
    routes: [],
    networkPolicies: [],
    kustomizations: [],
  };
}

export function emptySecurity(): SecurityFacts {
  return { capabilitiesAdd: [], capabilitiesDrop: [] };
}

// ---------------------------------------------------------------------------------------------
// Descriptions for messages

/** `Deployment ns/name`, `Service (unnamed)`. */
export function describeObject(o: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${o.kind || 'object'} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? '(unnamed)'}`;
}

/** A short human description of who declares a port, for messages. */
export function describeOwner(owner: Owner, source?: Source): string {
  switch (owner.kind) {
    case 'podContainer': {
      const obj = describeObject(owner.object);
      return owner.container.name ? `container "${owner.container.name}" of ${obj}` : obj;
    }
    case 'service':
    case 'ingress':
      return describeObject(owner.object);
    case 'composeService':
      return `service "${owner.service.name}"`;
    case 'stage':
      if (owner.stage.name !== undefined) return `stage "${owner.stage.name}"`;
      if (owner.stage.final) return 'the image';
      return `build stage ${owner.stage.index}`;
    case 'file':
      if (owner.format === 'dockerfile') return 'the Dockerfile';
      return source?.format === 'env' ? `variable ${source.variable}` : 'env file';
    case 'listener': {
      const what = owner.gateway.api === 'istio' ? 'server' : 'listener';
      const name = owner.listener.name;
      return name !== undefined ? `${what} "${name}" of ${describeObject(owner.object)}` : `a ${what} of ${describeObject(owner.object)}`;
    }
    case 'route':
    case 'networkPolicy':
    case 'mesh':
      return describeObject(owner.object);
  }
}

/** Where a declaration lives, for messages: its owner (and, in env files, its variable). */
export function describeContext(d: Pick<PortDeclaration, 'owner' | 'source'>): string {
  return describeOwner(d.owner, d.source);
}
