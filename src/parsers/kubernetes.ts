/**
 * Kubernetes parser: reads every document of a YAML file (and the items of `kind: List` /
 * `*List` objects) and turns the port values of pod templates, Services and Ingresses into
 * `PortDeclaration`s, plus the `WorkloadFact`s / `ServiceFact`s rules need.
 *
 * Pod specs are found by shape, not by a list of kinds: any map holding a `containers` sequence
 * of container-like maps, anywhere under an object (Deployments, CronJobs, Argo Rollouts,
 * Knative Services, RayClusters, …). CustomResourceDefinitions are never searched: their OpenAPI
 * schemas mention `containerPort` but declare nothing.
 *
 * Positions point at the value a person would edit; the node tree is walked with source ranges,
 * never through `toJS()`.
 */
import { isMap, isPair, isScalar, isSeq, Scalar, visit, type Document, type Node } from 'yaml';
import {
  emptyFacts,
  emptySecurity,
  normalizeProtocol,
  type ContainerFact,
  type DeclContext,
  type Loc,
  type ParseProblem,
  type ParseResult,
  type PortDeclaration,
  type Role,
  type SecurityFacts,
  type WorkloadFact,
  type ObjectRef,
} from '../model.js';
import {
  deref,
  documentProblems,
  entries,
  get,
  items,
  keyString,
  locAt,
  locOf,
  looksLikeTemplate,
  parseYaml,
  rawText,
  str,
  stringMap,
  type YamlFile,
} from './yaml.js';

const CONTAINER_KINDS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
type ContainerKind = (typeof CONTAINER_KINDS)[number];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;
const HOOK_HANDLERS = ['httpGet', 'tcpSocket'] as const;

/** Keys under which no pod spec ever lives (skipped by the pod-spec search). */
const NOT_POD_SPEC_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'status']);
/** How deep the pod-spec search goes below an object's root. */
const MAX_SEARCH_DEPTH = 40;
/** Keys whose values are port numbers or names: a template expression there is never literal text. */
const PORT_KEYS = new Set([
  'containerPort',
  'hostPort',
  'port',
  'targetPort',
  'nodePort',
  'number',
  'servicePort',
  'protocol',
  'hostNetwork',
]);
/** A Go-template expression that only Helm writes (built-in objects and Helm-only functions). */
const HELM_EXPRESSION =
  /\{\{[^}]*?(?:\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\b(?:include|tpl|required|toYaml|nindent)\b)/;
const HELM_MESSAGE = 'Helm template: render it first, e.g. "helm template <chart> | portlint -"';

/** Everything a reader needs about the file and document it is in. */
interface Walk {
  file: string;
  y: YamlFile;
  doc: Document.Parsed;
  result: ParseResult;
  /** Objects already read in this document (an alias must not read one twice, or loop). */
  objects: Set<Node>;
}

/** The identity of one Kubernetes object, shared by all declarations read from it. */
interface ObjectInfo {
  node: Node;
  kind: string;
  apiVersion: string;
  name?: string;
  namespace?: string;
  id: string;
  ref: ObjectRef;
  loc: Loc;
  annotations: Record<string, string>;
}

/** What a port value says: a number, a name, unresolved variables, or why it is invalid. */
interface PortValue {
  port?: number;
  name?: string;
  unresolved?: string[];
  invalid?: string;
}

/** Which kinds of value a port field accepts. */
type PortMode = 'number' | 'name' | 'numberOrName';

/** Convenience: `parseYaml` + `extractKubernetes`. */
export function parseKubernetes(text: string, file: string): ParseResult {
  return extractKubernetes(parseYaml(text), file);
}

/** True when a parsed document's root is a Kubernetes object (map with string apiVersion and kind). */
export function isKubernetesDocument(doc: Document.Parsed): boolean {
  return isKubernetesObject(doc.contents, doc);
}

/**
 * Extract port declarations and facts from already-parsed YAML (all documents).
 * Never throws: syntax errors become fatal problems for their document (the others are still
 * read), and an unrendered Helm template becomes one `warn` problem with nothing else reported.
 */
export function extractKubernetes(y: YamlFile, file: string): ParseResult {
  const result: ParseResult = { file, format: null, declarations: [], facts: emptyFacts(), problems: [], comments: y.comments, objects: [] };
  if (y.docs.some((doc) => isKubernetesDocument(doc))) result.format = 'kubernetes';

  const template = helmTemplateProblem(y);
  if (template) {
    if (/^kind:\s*\S/m.test(y.text)) result.format = 'kubernetes';
    result.problems.push(template);
    return result;
  }

  y.docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      result.problems.push(...documentProblems(doc, y));
      return;
    }
    if (!isKubernetesDocument(doc)) return;
    readObject({ file, y, doc, result, objects: new Set() }, doc.contents as Node, `${file}#${index}`, { document: index });
  });
  result.declarations.sort((a, b) => a.line - b.line || a.column - b.column);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Objects

function isKubernetesObject(node: unknown, doc: Document.Parsed): boolean {
  if (!isMap(node)) return false;
  const apiVersion = get(node, 'apiVersion', doc);
  const kind = get(node, 'kind', doc);
  return isNonEmptyString(apiVersion) && isNonEmptyString(kind);
}

function isNonEmptyString(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value !== '';
}

/** Where an object sits in its file: its document, and its index in a `List`'s items. */
interface Position {
  document: number;
  item?: number;
}

function objectInfo(w: Walk, node: Node, id: string, at: Position): ObjectInfo {
  const { doc } = w;
  const metadata = get(node, 'metadata', doc);
  const nameNode = get(metadata, 'name', doc);
  const kind = str(get(node, 'kind', doc)) ?? '';
  const name = str(nameNode);
  const namespace = str(get(metadata, 'namespace', doc));
  const ref: ObjectRef = { file: w.file, document: at.document, kind };
  if (at.item !== undefined) ref.item = at.item;
  if (namespace !== undefined) ref.namespace = namespace;
  if (name !== undefined) ref.name = name;
  return {
    node,
    kind,
    apiVersion: str(get(node, 'apiVersion', doc)) ?? '',
    name,
    namespace,
    id,
    ref,
    loc: locOf(nameNode ?? get(node, 'kind', doc) ?? node, w.y.lineCounter),
    annotations: stringMap(get(metadata, 'annotations', doc), doc),
  };
}

function readObject(w: Walk, node: Node, id: string, at: Position): void {
  if (w.objects.has(node)) return;
  w.objects.add(node);
  const obj = objectInfo(w, node, id, at);
  const listItems = get(node, 'items', w.doc);
  if (obj.kind.endsWith('List') && isSeq(listItems)) {
    items(listItems, w.doc).forEach((item, i) => {
      if (isKubernetesObject(item, w.doc)) readObject(w, item, `${id}/${i}`, { document: at.document, item: i });
    });
    return;
  }
  // A document's object spans the whole document (comments before it included); a List item, its node.
  const range = at.item === undefined ? w.doc.range : node.range;
  if (range) w.result.objects.push({ ref: obj.ref, loc: locAt(w.y.lineCounter, range[0], range[2]) });
  if (obj.kind === 'CustomResourceDefinition') return;
  if (obj.kind === 'Service' && obj.apiVersion === 'v1') return readService(w, obj);
  if (obj.kind === 'Ingress' && /^(networking\.k8s\.io|extensions)\//.test(obj.apiVersion)) {
    return readIngress(w, obj);
  }
  findPodSpecs(w, node, { holder: undefined, path: '', depth: 0, seen: new Set() }).forEach((found, i) => {
    readPodSpec(w, obj, found, i === 0 ? id : `${id}@${found.path}`);
  });
}

function baseContext(obj: ObjectInfo): DeclContext {
  return { kind: obj.kind, name: obj.name, namespace: obj.namespace, objectId: obj.id };
}

// ---------------------------------------------------------------------------------------------
// Pod specs

interface FoundPodSpec {
  spec: Node;
  /** The map holding the pod spec (a pod template, or the object itself): its `metadata` labels the pods. */
  holder?: Node;
  path: string;
}

/** Where the pod-spec search stands. */
interface SearchState {
  /** The map `node` is a value of. */
  holder: Node | undefined;
  path: string;
  depth: number;
  /** Nodes already searched: aliases can share (or contain) a subtree; each is searched once. */
  seen: Set<Node>;
}

/** Every pod spec under `node`, in document order; a pod spec is not searched further. */
function findPodSpecs(w: Walk, node: Node, state: SearchState): FoundPodSpec[] {
  const { path, depth, seen } = state;
  if (depth > MAX_SEARCH_DEPTH || seen.has(node)) return [];
  seen.add(node);
  if (isMap(node)) {
    if (depth > 0 && isPodSpec(node, w.doc)) return [{ spec: node, holder: state.holder, path }];
    const out: FoundPodSpec[] = [];
    for (const pair of entries(node, w.doc)) {
      const key = keyString(pair.key);
      const child = deref(pair.value, w.doc);
      if (key === undefined || NOT_POD_SPEC_KEYS.has(key) || !child) continue;
      out.push(...findPodSpecs(w, child, { holder: node, path: path ? `${path}.${key}` : key, depth: depth + 1, seen }));
    }
    return out;
  }
  if (isSeq(node)) {
    return items(node, w.doc).flatMap((item, i) =>
      findPodSpecs(w, item, { holder: undefined, path: `${path}[${i}]`, depth: depth + 1, seen }),
    );
  }
  return [];
}

/** A pod spec: a map whose `containers` is a sequence holding at least one container-like map. */
function isPodSpec(node: Node, doc: Document.Parsed): boolean {
  const containers = get(node, 'containers', doc);
  return isSeq(containers) && items(containers, doc).some((c) => isContainerLike(c, doc));
}

/**
 * A container: a map with a `name` or an `image` that is not a policy pattern. Kyverno and
 * friends match pods with wildcards and operators (`name: "*"`, `image: "!*:latest"`); those
 * patterns are not containers. Unrendered variables (`name: $SERVICE_NAME`) still are.
 */
function isContainerLike(node: Node, doc: Document.Parsed): boolean {
  if (!isMap(node)) return false;
  const written = [str(get(node, 'name', doc)), str(get(node, 'image', doc))].filter((s) => s !== undefined);
  return written.length > 0 && written.every((s) => s !== '' && !/[*?!|]/.test(s));
}

function readPodSpec(w: Walk, obj: ObjectInfo, found: FoundPodSpec, id: string): void {
  const { doc, y } = w;
  const { spec } = found;
  const templateMeta = get(found.holder, 'metadata', doc);
  const hostNetworkNode = get(spec, 'hostNetwork', doc);
  const hostNetwork = bool(hostNetworkNode) === true;
  const podSecurityNode = get(spec, 'securityContext', doc);
  const workload: WorkloadFact = {
    id,
    ref: obj.ref,
    file: w.file,
    kind: obj.kind,
    name: obj.name,
    namespace: obj.namespace,
    loc: obj.loc,
    podLabels: stringMap(get(templateMeta, 'labels', doc), doc),
    annotations: obj.annotations,
    podAnnotations: stringMap(get(templateMeta, 'annotations', doc), doc),
    hostNetwork,
    hostNetworkLoc: hostNetwork ? locOf(hostNetworkNode, y.lineCounter) : undefined,
    podSecurity: readSecurity(podSecurityNode, doc),
    sysctls: readSysctls(get(podSecurityNode, 'sysctls', doc), doc),
    containers: [],
  };
  const context = { ...baseContext(obj), objectId: id };
  for (const containerKind of CONTAINER_KINDS) {
    for (const container of items(get(spec, containerKind, doc), doc)) {
      if (!isMap(container)) continue;
      const fact = containerFact(container, containerKind, doc);
      workload.containers.push(fact);
      readContainer(w, container, { ...context, container: fact.name || undefined, containerKind });
    }
  }
  w.result.facts.workloads.push(workload);
}

function containerFact(node: Node, kind: ContainerKind, doc: Document.Parsed): ContainerFact {
  return {
    name: str(get(node, 'name', doc)) ?? '',
    kind,
    image: str(get(node, 'image', doc)),
    security: readSecurity(get(node, 'securityContext', doc), doc),
  };
}

function readContainer(w: Walk, container: Node, context: DeclContext): void {
  const { doc } = w;
  for (const entry of items(get(container, 'ports', doc), doc)) readContainerPort(w, entry, context);
  for (const probe of PROBES) {
    readHandlers(w, get(container, probe, doc), PROBE_HANDLERS, { ...context, probe });
  }
  const lifecycle = get(container, 'lifecycle', doc);
  for (const hook of LIFECYCLE_HOOKS) {
    readHandlers(w, get(lifecycle, hook, doc), HOOK_HANDLERS, { ...context, probe: `lifecycle.${hook}` });
  }
}

/** One `ports[]` entry: the container port, and the host port that forwards to it. */
function readContainerPort(w: Walk, entry: Node, context: DeclContext): void {
  const { doc } = w;
  if (!isMap(entry)) return;
  const protocolRaw = str(get(entry, 'protocol', doc));
  const common = { protocolRaw, name: str(get(entry, 'name', doc)), context };
  const containerNode = get(entry, 'containerPort', doc);
  const container = containerNode && readPortValue(containerNode, 'number');
  if (containerNode && container) declare(w, containerNode, 'container', 'containerPort', container, common);
  const hostNode = get(entry, 'hostPort', doc);
  const host = hostNode && readPortValue(hostNode, 'number');
  if (hostNode && host) {
    declare(w, hostNode, 'host', 'hostPort', host, {
      ...common,
      hostIp: str(get(entry, 'hostIP', doc)),
      target: container?.port !== undefined ? { port: container.port } : undefined,
    });
  }
}

/** Probe / lifecycle handlers (`httpGet`, `tcpSocket`, `grpc`): their `port`, by number or name. */
function readHandlers(w: Walk, probe: Node | undefined, handlers: readonly string[], context: DeclContext): void {
  for (const handler of handlers) {
    const portNode = get(get(probe, handler, w.doc), 'port', w.doc);
    const value = portNode && readPortValue(portNode, 'numberOrName');
    if (portNode && value) declare(w, portNode, 'probe', handler, value, { context });
  }
}

// ---------------------------------------------------------------------------------------------
// Security facts

function readSecurity(node: Node | undefined, doc: Document.Parsed): SecurityFacts {
  const security = emptySecurity();
  if (!isMap(node)) return security;
  const runAsUser = integer(get(node, 'runAsUser', doc));
  if (runAsUser !== undefined) security.runAsUser = runAsUser;
  const runAsNonRoot = bool(get(node, 'runAsNonRoot', doc));
  if (runAsNonRoot !== undefined) security.runAsNonRoot = runAsNonRoot;
  const allowPrivilegeEscalation = bool(get(node, 'allowPrivilegeEscalation', doc));
  if (allowPrivilegeEscalation !== undefined) security.allowPrivilegeEscalation = allowPrivilegeEscalation;
  const capabilities = get(node, 'capabilities', doc);
  security.capabilitiesAdd = capabilityList(get(capabilities, 'add', doc), doc);
  security.capabilitiesDrop = capabilityList(get(capabilities, 'drop', doc), doc);
  return security;
}

function capabilityList(node: Node | undefined, doc: Document.Parsed): string[] {
  const out: string[] = [];
  for (const item of items(node, doc)) {
    const text = str(item);
    if (text !== undefined) out.push(text.toUpperCase().replace(/^CAP_/, ''));
  }
  return out;
}

function readSysctls(node: Node | undefined, doc: Document.Parsed): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items(node, doc)) {
    const name = str(get(item, 'name', doc));
    if (name !== undefined) out[name] = str(get(item, 'value', doc)) ?? '';
  }
  return out;
}

/** A boolean as Kubernetes reads it (its YAML 1.1 parser also takes plain `yes`/`no`/`on`/`off`). */
function bool(node: Node | undefined): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.type !== Scalar.PLAIN || typeof node.value !== 'string') return undefined;
  if (/^(y|Y|yes|Yes|YES|on|On|ON)$/.test(node.value)) return true;
  if (/^(n|N|no|No|NO|off|Off|OFF)$/.test(node.value)) return false;
  return undefined;
}

function integer(node: Node | undefined): number | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'number') return Number.isInteger(node.value) ? node.value : undefined;
  if (typeof node.value === 'string' && /^\s*-?\d+\s*$/.test(node.value)) return Number(node.value);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Services and Ingresses

function readService(w: Walk, obj: ObjectInfo): void {
  const { doc } = w;
  const spec = get(obj.node, 'spec', doc);
  const serviceType = str(get(spec, 'type', doc)) ?? 'ClusterIP';
  const selector = get(spec, 'selector', doc);
  w.result.facts.services.push({
    id: obj.id,
    ref: obj.ref,
    file: w.file,
    name: obj.name,
    namespace: obj.namespace,
    type: serviceType,
    selector: isMap(selector) ? stringMap(selector, doc) : undefined,
    annotations: obj.annotations,
    loc: obj.loc,
  });
  const context: DeclContext = { ...baseContext(obj), serviceType };
  for (const entry of items(get(spec, 'ports', doc), doc)) readServicePort(w, entry, context);
}

/** One Service `ports[]` entry: `port`, `targetPort` (when written) and `nodePort`. */
function readServicePort(w: Walk, entry: Node, context: DeclContext): void {
  const { doc } = w;
  if (!isMap(entry)) return;
  const common = { protocolRaw: str(get(entry, 'protocol', doc)), context };
  const ownName = str(get(entry, 'name', doc));
  const portNode = get(entry, 'port', doc);
  const port = portNode && readPortValue(portNode, 'number');
  const targetNode = get(entry, 'targetPort', doc);
  const target = targetNode && readPortValue(targetNode, 'numberOrName');
  if (portNode && port) {
    const written = target ? { port: target.port, name: target.name } : { port: port.port };
    declare(w, portNode, 'service', 'port', port, { ...common, name: ownName, target: defined(written) });
  }
  if (targetNode && target) declare(w, targetNode, 'targetPort', 'targetPort', target, common);
  const nodePortNode = get(entry, 'nodePort', doc);
  const nodePort = nodePortNode && readPortValue(nodePortNode, 'number');
  if (nodePortNode && nodePort) declare(w, nodePortNode, 'nodePort', 'nodePort', nodePort, { ...common, name: ownName });
}

function readIngress(w: Walk, obj: ObjectInfo): void {
  const { doc } = w;
  const spec = get(obj.node, 'spec', doc);
  const context = baseContext(obj);
  readBackend(w, get(spec, 'defaultBackend', doc), context);
  readBackend(w, get(spec, 'backend', doc), context);
  for (const rule of items(get(spec, 'rules', doc), doc)) {
    for (const path of items(get(get(rule, 'http', doc), 'paths', doc), doc)) {
      readBackend(w, get(path, 'backend', doc), context);
    }
  }
}

/** An Ingress backend: v1 `service.port.number|name`, or v1beta1 `serviceName` + `servicePort`. */
function readBackend(w: Walk, backend: Node | undefined, base: DeclContext): void {
  const { doc } = w;
  if (!isMap(backend)) return;
  const service = get(backend, 'service', doc);
  if (isMap(service)) {
    const context = { ...base, backendService: str(get(service, 'name', doc)) };
    const port = get(service, 'port', doc);
    readBackendPort(w, get(port, 'number', doc), 'number', 'number', context);
    readBackendPort(w, get(port, 'name', doc), 'name', 'name', context);
    return;
  }
  const context = { ...base, backendService: str(get(backend, 'serviceName', doc)) };
  readBackendPort(w, get(backend, 'servicePort', doc), 'servicePort', 'numberOrName', context);
}

function readBackendPort(w: Walk, node: Node | undefined, field: string, mode: PortMode, context: DeclContext): void {
  const value = node && readPortValue(node, mode);
  if (node && value) declare(w, node, 'ingressBackend', field, value, { context });
}

// ---------------------------------------------------------------------------------------------
// Port values and declarations

/**
 * Read a port field. Numbers (and numeric strings) stay numbers even out of range; names are
 * checked against IANA_SVC_NAME; `$VAR` / `${VAR}` / `$(VAR)` become `unresolved`; anything else
 * is `invalid`. Undefined for an empty (null) value: nothing is declared.
 */
function readPortValue(node: Node, mode: PortMode): PortValue | undefined {
  if (!isScalar(node)) return { invalid: `expected a port, found a ${isSeq(node) ? 'sequence' : 'map'}` };
  const value = node.value;
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return numberValue(value, mode);
  if (typeof value !== 'string') return { invalid: `expected a port, found ${String(value)}` };
  const text = value.trim();
  if (/^[-+]?\d+$/.test(text)) return numberValue(Number(text), mode);
  const variables = [...text.matchAll(/\$(?:\{|\()?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  if (variables.length > 0) return { unresolved: [...new Set(variables)] };
  if (/^\d*\.\d+$|^\d+\.\d*$/.test(text)) return { invalid: 'not an integer' };
  return nameValue(text, mode);
}

function numberValue(n: number, mode: PortMode): PortValue {
  if (!Number.isInteger(n)) return { invalid: 'not an integer' };
  if (mode === 'name') return { port: n, invalid: 'a port name must contain a letter; this field takes names only' };
  return { port: n };
}

function nameValue(text: string, mode: PortMode): PortValue {
  const looksLikeName = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(text) && /[A-Za-z]/.test(text);
  if (!looksLikeName) return { invalid: `"${text}" is not a port number or name` };
  if (mode === 'number') return { invalid: `"${text}" is not a number: this field takes a port number` };
  const why = portNameProblem(text);
  return why ? { name: text, invalid: `"${text}" is not a valid port name: ${why}` } : { name: text };
}

/** Why `name` is not a valid IANA_SVC_NAME (Kubernetes port names), or undefined. */
function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'longer than 15 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'only lower-case letters, digits and "-" are allowed';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not start or end with "-"';
  if (name.includes('--')) return 'must not contain "--"';
  return undefined;
}

interface DeclExtra {
  context: DeclContext;
  protocolRaw?: string;
  name?: string;
  hostIp?: string;
  target?: PortDeclaration['target'];
}

function declare(w: Walk, node: Node, role: Role, field: string, value: PortValue, extra: DeclExtra): void {
  const range = node.range;
  const raw = isScalar(node) ? (rawText(node) ?? '') : range ? w.y.text.slice(range[0], range[1]) : '';
  const declaration: PortDeclaration = {
    file: w.file,
    format: 'kubernetes',
    role,
    ...locOf(node, w.y.lineCounter),
    port: value.port,
    endPort: value.port,
    protocol: normalizeProtocol(extra.protocolRaw),
    protocolRaw: extra.protocolRaw,
    name: value.name ?? extra.name,
    hostIp: extra.hostIp,
    target: extra.target,
    raw,
    field,
    unresolved: value.unresolved,
    invalid: value.invalid,
    context: defined(extra.context),
  };
  w.result.declarations.push(defined(declaration));
}

/** A copy without the keys whose value is undefined (keeps results small and `toEqual`-friendly). */
function defined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Helm templates

/**
 * One problem for an unrendered Helm template, positioned at the first `{{`, when the file has
 * template markers and either does not parse (and looks like Helm: a Helm-only expression or a
 * line starting with `{{`) or uses them where values are read: in a flow collection
 * (`port: {{ .Values.port }}`), a port field, or a Helm-only expression. Go templates in
 * ordinary strings (alert annotations, config files in ConfigMaps) are not Helm's and are read;
 * a syntax error in such a file is reported as one.
 */
function helmTemplateProblem(y: YamlFile): ParseProblem | undefined {
  if (!looksLikeTemplate(y.text)) return undefined;
  const helmText = HELM_EXPRESSION.test(y.text) || /^[ \t-]*\{\{/m.test(y.text);
  const broken = helmText && y.docs.some((doc) => doc.errors.length > 0);
  if (!broken && !y.docs.some((doc) => hasTemplateInValues(doc, y.text))) return undefined;
  const start = Math.max(0, y.text.indexOf('{{'));
  const close = y.text.indexOf('}}', start);
  const lineEnd = y.text.indexOf('\n', start);
  const end = close >= 0 && (lineEnd < 0 || close < lineEnd) ? close + 2 : start + 2;
  return { id: 'skipped-file', message: HELM_MESSAGE, ...locAt(y.lineCounter, start, end), severity: 'warn', fatal: true };
}

function hasTemplateInValues(doc: Document.Parsed, text: string): boolean {
  let found = false;
  const stop = (): symbol => {
    found = true;
    return visit.BREAK;
  };
  const startsWithTemplate = (node: Node): boolean => !!node.range && text.startsWith('{{', node.range[0]);
  visit(doc, {
    Map: (_key, node) => (startsWithTemplate(node) ? stop() : undefined),
    Seq: (_key, node) => (startsWithTemplate(node) ? stop() : undefined),
    Scalar(key, node, path) {
      if (typeof node.value !== 'string' || !node.value.includes('{{')) return undefined;
      if (key === 'key' || HELM_EXPRESSION.test(node.value)) return stop();
      const parent = path[path.length - 1];
      const field = isPair(parent) ? keyString(parent.key) : undefined;
      return field !== undefined && PORT_KEYS.has(field) ? stop() : undefined;
    },
  });
  return found;
}
