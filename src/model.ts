/**
 * The one shared model of portlint: every parser turns its format into `PortDeclaration`s plus
 * `Facts`, and every rule reads only these. Nothing here does I/O.
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

/** A Kubernetes object or other top-level unit of a file, by structure — never encoded in a string. */
export interface ObjectRef { file: string; document: number; item?: number; kind: string; namespace?: string; name?: string; }

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

/** A top-level object of a file and its whole source range, so a finding can be placed in it by position. */
export interface SourceObject {
  ref: ObjectRef;
  loc: Loc;
}

/**
 * What the number means.
 * - `container`: a port a process listens on inside a container (k8s `containerPort`, compose
 *   `target` / the container side of a short mapping / `expose:`, Dockerfile `EXPOSE`).
 * - `host`: a port bound on the host or node (k8s `hostPort`, compose `published`).
 * - `service`: a Kubernetes Service `port` (virtual: nothing binds it).
 * - `nodePort`: a Kubernetes Service `nodePort` (bound on every node).
 * - `targetPort`: a Service `targetPort`, by number (`port`) or by name (`name`).
 * - `probe`: a probe's or lifecycle hook's port, by number or by name.
 * - `ingressBackend`: an Ingress backend's service port, by number or by name.
 * - `env`: the value of a port-like env variable (`PORT`, `*_PORT`, an item of `*_PORTS`).
 * - `url`: the port of a `scheme://host:port` URL (explicit, or implied by the scheme).
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
  | 'url';

/** A port or an inclusive range of ports. */
export interface PortRange {
  port: number;
  endPort: number;
}

/** Where in the config a declaration lives, so a message can say exactly where. */
export interface DeclContext {
  // --- kubernetes ---
  /** Object kind, e.g. `Deployment`, `Service`, `Ingress`. */
  kind?: string;
  /** `metadata.name` of the object. */
  name?: string;
  namespace?: string;
  /** Key into `Facts.workloads` / `Facts.services` (unique per run: `file#documentIndex[/itemIndex]`). */
  objectId?: string;
  container?: string;
  containerKind?: 'containers' | 'initContainers' | 'ephemeralContainers';
  /** Service `spec.type` (default `ClusterIP`). */
  serviceType?: string;
  /** `livenessProbe` | `readinessProbe` | `startupProbe` | `lifecycle.postStart` | `lifecycle.preStop`. */
  probe?: string;
  /** Ingress backends: the Service the backend names. */
  backendService?: string;
  // --- compose ---
  /** Compose service name. */
  service?: string;
  // --- dockerfile ---
  /** Stage name (`FROM x AS name`), when it has one. */
  stage?: string;
  /** 0-based stage index. */
  stageIndex?: number;
  /** True for the last stage: the image that is built. */
  finalStage?: boolean;
  // --- env ---
  /** Env variable name. */
  variable?: string;
}

export interface PortDeclaration extends Loc {
  file: string;
  format: Format;
  role: Role;
  /**
   * The port number (first of a range). Undefined when the value is a name reference
   * (see `name`), could not be resolved (see `unresolved`) or is invalid (see `invalid`).
   * Numbers outside 0–65535 are kept as parsed so rules can report them.
   */
  port?: number;
  /** Last port of a range; equals `port` for a single port. */
  endPort?: number;
  /** `tcp` | `udp` | `sctp` (lower case) when valid; otherwise the raw text as written. */
  protocol: string;
  /** The protocol exactly as written, when written (k8s wants `TCP`; compose `tcp`). */
  protocolRaw?: string;
  /**
   * For `container`/`host` ports: the port's own name (k8s `ports[].name`, compose long-form `name`).
   * For `targetPort`/`probe`/`ingressBackend`: the port name it refers to, when it refers by name.
   */
  name?: string;
  /** Host interface a `host` port binds to (compose `host_ip` or the IP of a short mapping, k8s `hostIP`). */
  hostIp?: string;
  /**
   * For a `host` port: the container port(s) it forwards to. For a `service` port: its target
   * (`targetPort`, by number or by name; defaults to the service port).
   */
  target?: { port?: number; endPort?: number; name?: string };
  /** The source text of the value (the whole scalar or EXPOSE word), before interpolation. */
  raw: string;
  /** The key or instruction the value came from: `containerPort`, `hostPort`, `published`, `expose`, `EXPOSE`, `httpGet`, … */
  field: string;
  /** Variable names that could not be resolved; when set, `port` is undefined. */
  unresolved?: string[];
  /** Why the value is not a valid port (unparseable text, bad range); when set, `port` may be undefined. */
  invalid?: string;
  /** `url` role: the URL scheme, lower case. */
  scheme?: string;
  /** `url` role: true when the port is implied by the scheme rather than written. */
  implicit?: boolean;
  context: DeclContext;
}

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
  kind: 'containers' | 'initContainers' | 'ephemeralContainers';
  image?: string;
  security: SecurityFacts;
}

/** An object that runs pods: Pod, Deployment, …, or any CRD with a pod template. */
export interface WorkloadFact {
  id: string;
  /** The Kubernetes object that holds the pod spec. */
  ref: ObjectRef;
  file: string;
  kind: string;
  name?: string;
  namespace?: string;
  loc: Loc;
  /** Labels of the pods it makes (pod template labels; a Pod's own labels). */
  podLabels: Record<string, string>;
  annotations: Record<string, string>;
  podAnnotations: Record<string, string>;
  hostNetwork: boolean;
  /** Where `hostNetwork: true` is written. */
  hostNetworkLoc?: Loc;
  podSecurity: SecurityFacts;
  /** Pod `securityContext.sysctls`. */
  sysctls: Record<string, string>;
  containers: ContainerFact[];
}

export interface ServiceFact {
  id: string;
  ref: ObjectRef;
  file: string;
  name?: string;
  namespace?: string;
  type: string;
  /** Undefined when the Service has no selector (it then selects no pods: endpoints are manual). */
  selector?: Record<string, string>;
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
  loc: Loc;
}

export interface DockerStageFact {
  file: string;
  index: number;
  name?: string;
  from: string;
  final: boolean;
  /** The last `USER` in effect at the end of the stage (inherited stages are not followed). */
  user?: string;
  /**
   * Capabilities the stage's `RUN` instructions grant to files with `setcap` (upper case, without
   * `CAP_`; e.g. `NET_BIND_SERVICE` from `setcap cap_net_bind_service=+ep /usr/sbin/nginx`). A
   * non-root process started from such a file holds them. Undefined when the parser does not look.
   */
  fileCapabilities?: string[];
  loc: Loc;
}

/** Facts beyond the port values that rules need. Each parser fills what its format has. */
export interface Facts {
  workloads: WorkloadFact[];
  services: ServiceFact[];
  composeServices: ComposeServiceFact[];
  stages: DockerStageFact[];
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
}

export function emptyFacts(): Facts {
  return { workloads: [], services: [], composeServices: [], stages: [] };
}

export function emptySecurity(): SecurityFacts {
  return { capabilitiesAdd: [], capabilitiesDrop: [] };
}

export const VALID_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

/** Normalise a written protocol: valid ones to lower case, anything else kept as written. */
export function normalizeProtocol(raw: string | undefined, fallback = 'tcp'): string {
  if (raw === undefined || raw === '') return fallback;
  const lower = raw.toLowerCase();
  return VALID_PROTOCOLS.has(lower) ? lower : raw;
}

/** `port`..`endPort` of a declaration, or undefined when it has no number. */
export function rangeOf(d: Pick<PortDeclaration, 'port' | 'endPort'>): PortRange | undefined {
  if (d.port === undefined) return undefined;
  return { port: d.port, endPort: d.endPort ?? d.port };
}

/** A short human description of where a declaration lives, for messages. */
export function describeContext(d: Pick<PortDeclaration, 'format' | 'context'>): string {
  const c = d.context;
  switch (d.format) {
    case 'kubernetes': {
      const obj = `${c.kind ?? 'object'} ${c.namespace ? `${c.namespace}/` : ''}${c.name ?? '(unnamed)'}`;
      if (c.container) return `container "${c.container}" of ${obj}`;
      return obj;
    }
    case 'compose':
      return c.service ? `service "${c.service}"` : 'compose file';
    case 'dockerfile':
      if (c.stage) return `stage "${c.stage}"`;
      if (c.finalStage) return 'the image';
      return c.stageIndex !== undefined ? `build stage ${c.stageIndex}` : 'the Dockerfile';
    case 'env':
      return c.variable ? `variable ${c.variable}` : 'env file';
  }
}
