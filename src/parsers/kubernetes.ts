/**
 * Kubernetes parser: reads every document of a YAML file (and the items of `kind: List` /
 * `*List` objects) and turns the port values of pod templates, Services and Ingresses into
 * `PortDeclaration`s, plus the `WorkloadFact`s / `ServiceFact`s rules need.
 *
 * Pod specs are found by shape, not by a list of kinds: any map holding a `containers` sequence
 * of container-like maps, anywhere under an object (Deployments, CronJobs, Argo Rollouts,
 * Knative Services, RayClusters, …). CustomResourceDefinitions are not even parsed (they are half
 * the YAML of many repositories): their OpenAPI schemas mention `containerPort` but declare nothing.
 *
 * Positions point at the value a person would edit; the node tree is walked with source ranges,
 * never through `toJS()`.
 */
import { isMap, isPair, isScalar, isSeq, Scalar, visit, type Document, type Node } from 'yaml';
import {
  declaration,
  emptyFacts,
  emptySecurity,
  invalidValue,
  nameValue as nameOf,
  parseProtocol,
  portValue,
  unresolvedValue,
  type ContainerFact,
  type ContainerKind,
  type IngressFact,
  type Loc,
  type ObjectRef,
  type Owner,
  type ParseProblem,
  type ParseResult,
  type PortValue,
  type Protocol,
  type ProbeField,
  type ProbeName,
  type Role,
  type SecurityFacts,
  type ServiceFact,
  type Source,
  type WorkloadFact,
} from '../model.js';
import { readTrafficObject, type TrafficReader } from './kubernetes-traffic.js';
import { isKustomizationFile } from './detect.js';
import { ianaServiceNameProblem } from '../knowledge/kubernetes-names.js';
import { configListenPorts, flagListenPorts } from './listen-evidence.js';
import { references } from './interpolate.js';
import {
  deref,
  documentProblems,
  duplicateKeyProblems,
  reindentedProblems,
  entries,
  get,
  items,
  keyString,
  locAt,
  locOf,
  looksLikeTemplate,
  parseYaml,
  rawText,
  type ParseYamlOptions,
  str,
  stringMap,
  subLoc,
  type YamlFile,
} from './yaml.js';
import { envValueDeclarations, mayDeclarePorts } from './env.js';

const CONTAINER_KINDS: readonly ContainerKind[] = ['containers', 'initContainers', 'ephemeralContainers'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_HANDLERS: readonly ProbeField[] = ['httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;
const HOOK_HANDLERS: readonly ProbeField[] = ['httpGet', 'tcpSocket'];

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
export const HELM_MESSAGE = 'Helm template: render it first, e.g. "helm template <chart> | portlint -"';
/** The same for a Go template that is not known to be Helm's (kustomize's `*.template.yaml`, envsubst-like tools). */
export const TEMPLATE_MESSAGE =
  'a template ({{ }} where values are read): render it first, then lint the output, e.g. "<render> | portlint -"';

/** What the caller knows about where a file is (the parser does no I/O). */
export interface TemplateContext {
  /** Whether a `Chart.yaml` is in a directory above the file; absent: unknown (stdin, the API). */
  inHelmChart?: (() => boolean) | undefined;
  /** Found by a directory walk: a template that is not recognisably Kubernetes is then not reported. */
  walked?: boolean | undefined;
}

/** `apiVersion:` and `kind:` lines at the top level with literal values (not `{{ }}`). */
function literallyKubernetes(text: string): boolean {
  return /^apiVersion:[ \t]*[^\s{#]/m.test(text) && /^kind:[ \t]*[^\s{#]/m.test(text);
}

/** Everything a reader needs about the file and document it is in. */
interface Walk {
  file: string;
  y: YamlFile;
  doc: Document.Parsed;
  result: ParseResult;
  /** Objects already read in this document (an alias must not read one twice, or loop). */
  objects: Set<Node>;
  /** What the file's objects say about each other: read per document, joined at the end of the file. */
  shared: FileShared;
}

/** ConfigMaps of a file and the ConfigMaps each pod spec mounts, so a mounted config's binds count as listen evidence. */
interface FileShared {
  configMaps: { name: string; namespace: string | undefined; ports: number[] }[];
  mounts: { workload: WorkloadFact; names: string[] }[];
}

/** The identity of one Kubernetes object, shared by all declarations read from it. */
interface ObjectInfo {
  node: Node;
  kind: string;
  apiVersion: string;
  name?: string | undefined;
  namespace?: string | undefined;
  id: string;
  ref: ObjectRef;
  loc: Loc;
  annotations: Record<string, string>;
}

/** Which kinds of value a port field accepts. */
type PortMode = 'number' | 'name' | 'numberOrName';

/** Convenience: `parseYaml` + `extractKubernetes`. */
export function parseKubernetes(text: string, file: string): ParseResult {
  return extractKubernetes(parseYaml(text, KUBERNETES_YAML), file);
}

/**
 * True for the text of a CustomResourceDefinition document (top-level `apiVersion:
 * apiextensions.k8s.io/…` and `kind: CustomResourceDefinition`): an OpenAPI schema, often the
 * bulk of a chart's or an operator's YAML, that declares no port. Such documents are not parsed.
 */
export function isCustomResourceDefinitionText(text: string): boolean {
  // A substring search first: most documents are no CRD, and the line regexes try every line.
  return text.includes('CustomResourceDefinition') && CRD_KIND.test(text) && CRD_API_VERSION.test(text);
}

/** How the Kubernetes parser reads YAML: CustomResourceDefinition documents are left unparsed. */
export const KUBERNETES_YAML: ParseYamlOptions = { skipDocument: isCustomResourceDefinitionText };

const CRD_KIND = /^kind:[ \t]*(["']?)CustomResourceDefinition\1[ \t]*(?:#.*)?\r?$/m;
const CRD_API_VERSION = /^apiVersion:[ \t]*(["']?)apiextensions\.k8s\.io\/v1(?:beta1)?\1[ \t]*(?:#.*)?\r?$/m;

/** True when a parsed document's root is a Kubernetes object (map with string apiVersion and kind). */
export function isKubernetesDocument(doc: Document.Parsed): boolean {
  return isKubernetesObject(doc.contents, doc);
}

/**
 * Extract port declarations and facts from already-parsed YAML (all documents).
 * Never throws: syntax errors become fatal problems for their document (the others are still
 * read), and an unrendered Helm template becomes one `warn` problem with nothing else reported.
 */
export function extractKubernetes(y: YamlFile, file: string, context: TemplateContext = {}): ParseResult {
  const result: ParseResult = {
    file,
    format: null,
    declarations: [],
    facts: emptyFacts(),
    problems: [],
    comments: y.comments,
    objects: [],
  };
  if (y.skipped.length > 0 || y.docs.some((doc) => isKubernetesDocument(doc))) result.format = 'kubernetes';

  const template = helmTemplateProblem(y, context);
  if (template) {
    const inChart = context.inHelmChart?.();
    if (context.walked && inChart === false && !literallyKubernetes(y.text)) return { ...result, format: null };
    if (/^kind:\s*\S/m.test(y.text)) result.format = 'kubernetes';
    result.problems.push(template);
    return result;
  }

  if (result.format !== null) result.problems.push(...reindentedProblems(y));
  const kustomization = isKustomizationFile(file);
  const shared: FileShared = { configMaps: [], mounts: [] };
  y.docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      result.problems.push(...documentProblems(doc, y));
      return;
    }
    const kubernetes = isKubernetesDocument(doc);
    if (kubernetes || kustomization) result.problems.push(...duplicateKeyProblems(doc, y, 'kubectl rejects the object'));
    if (kustomization && index === 0 && isMap(doc.contents)) {
      result.format = 'kubernetes';
      result.facts.kustomizations.push({ file, references: kustomizationReferences(doc.contents, doc) });
    }
    if (!kubernetes) return;
    readObject({ file, y, doc, result, objects: new Set(), shared }, doc.contents as Node, `${file}#${index}`, { document: index });
  });
  for (const { workload, names } of shared.mounts) {
    for (const cm of shared.configMaps) {
      if (
        !names.includes(cm.name) ||
        (cm.namespace !== undefined && workload.namespace !== undefined && cm.namespace !== workload.namespace)
      )
        continue;
      workload.listenPorts = [...new Set([...workload.listenPorts, ...cm.ports])];
    }
  }
  result.declarations.sort((a, b) => a.line - b.line || a.column - b.column);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Kustomizations

/** The paths a kustomization takes in: `resources`, `bases`, `components` and the files of its patches. */
function kustomizationReferences(root: Node, doc: Document.Parsed): string[] {
  const out: string[] = [];
  for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge']) {
    for (const n of items(get(root, key, doc), doc)) {
      const s = str(n);
      if (s !== undefined && !/^[a-z]+:\/\//i.test(s) && !s.includes('\n')) out.push(s);
    }
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const n of items(get(root, key, doc), doc)) {
      const s = str(get(n, 'path', doc));
      if (s !== undefined) out.push(s);
    }
  }
  return out;
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

/** Where an object is: its YAML document, and its index among a `List`'s items. */
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
    // The item of a List nested in a List item is its innermost index.
    items(listItems, w.doc).forEach((item, i) => {
      if (isKubernetesObject(item, w.doc)) readObject(w, item, `${id}/${i}`, { document: at.document, item: i });
    });
    return;
  }
  // A document's object spans the whole document (comments before it included); a List item, its node.
  const range = at.item === undefined ? w.doc.range : node.range;
  if (range) {
    const annotations = Object.keys(obj.annotations).length > 0 ? { annotations: obj.annotations } : {};
    w.result.objects.push({ ref: obj.ref, loc: locAt(w.y.lineCounter, range[0], range[2]), named: obj.loc, ...annotations });
  }
  if (obj.kind === 'CustomResourceDefinition') return;
  if (obj.kind === 'ConfigMap' && obj.name !== undefined) {
    const data = entries(get(node, 'data', w.doc), w.doc)
      .map((pair) => str(deref(pair.value, w.doc)) ?? '')
      .join('\n');
    w.shared.configMaps.push({ name: obj.name, namespace: obj.namespace, ports: configListenPorts(data) });
    return;
  }
  if (obj.kind === 'Service' && obj.apiVersion === 'v1') return readService(w, obj);
  if (readTrafficObject(trafficReader(w), obj)) return;
  if (obj.kind === 'Ingress' && /^(networking\.k8s\.io|extensions)\//.test(obj.apiVersion)) {
    return readIngress(w, obj);
  }
  findPodSpecs(w, node, obj.apiVersion).forEach((found, i) => {
    readPodSpec(w, obj, found, i === 0 ? { id } : { id: `${id}@${found.path}`, path: found.path });
  });
}

// ---------------------------------------------------------------------------------------------
// Pod specs

interface FoundPodSpec {
  spec: Node;
  /** Where the containers are, when not a pod spec's `containers` (an Argo Workflows template, a Tekton task). */
  shape?: 'argoTemplate' | 'tektonTask';
  /** The map holding the pod spec (a pod template, or the object itself): its `metadata` labels the pods. */
  holder?: Node | undefined;
  path: string;
}

/**
 * Every pod spec under an object's `root`, in document order; a pod spec is not searched
 * further. Aliases can share (or contain) a subtree: each node is searched once. The search keeps
 * the keys and indexes from the root on a stack, and spells the path only of a pod spec it finds.
 * `apiVersion` is the object's: CRDs of some APIs write pods in a shape of their own.
 */
function findPodSpecs(w: Walk, root: Node, apiVersion: string): FoundPodSpec[] {
  const out: FoundPodSpec[] = [];
  const seen = new Set<Node>();
  const trail: (string | number)[] = [];
  /** `holder`: the map `node` is a value of. */
  const search = (node: Node, holder: Node | undefined): void => {
    const depth = trail.length;
    if (depth > MAX_SEARCH_DEPTH || seen.has(node)) return;
    seen.add(node);
    if (isMap(node)) {
      if (depth > 0 && isPodSpec(node, w.doc)) {
        out.push({ spec: node, holder, path: trailPath(trail) });
        return;
      }
      const shape = depth > 0 ? otherPodShape(w.doc, node, apiVersion) : undefined;
      if (shape) {
        out.push({ spec: node, holder: node, path: trailPath(trail), shape });
        return;
      }
      for (const pair of entries(node, w.doc)) {
        const key = keyString(pair.key);
        const child = deref(pair.value, w.doc);
        // Only collections can hold a pod spec: scalars are not searched.
        if (key === undefined || NOT_POD_SPEC_KEYS.has(key) || !(isMap(child) || isSeq(child))) continue;
        trail.push(key);
        search(child, node);
        trail.pop();
      }
    } else if (isSeq(node)) {
      items(node, w.doc).forEach((item, i) => {
        trail.push(i);
        search(item, undefined);
        trail.pop();
      });
    }
  };
  search(root, undefined);
  return out;
}

/** A search trail as a path: `spec.template.spec`, `spec.jobs[0].template`. */
function trailPath(trail: readonly (string | number)[]): string {
  let path = '';
  for (const step of trail) path = typeof step === 'number' ? `${path}[${step}]` : path ? `${path}.${step}` : step;
  return path;
}

/**
 * Pods that CRDs describe in a shape of their own: an Argo Workflows template (`container` or
 * `script`, with `sidecars` and `initContainers`; in Workflows, WorkflowTemplates and
 * CronWorkflows) and a Tekton task (`steps`, with `sidecars`). Each becomes a workload whose
 * containers are read like a pod's.
 */
function otherPodShape(doc: Document.Parsed, node: Node, apiVersion: string): FoundPodSpec['shape'] {
  const containerLike = (n: Node | undefined): boolean => n !== undefined && isContainerLike(n, doc);
  if (apiVersion.startsWith('argoproj.io/') && (containerLike(get(node, 'container', doc)) || containerLike(get(node, 'script', doc))))
    return 'argoTemplate';
  if (apiVersion.startsWith('tekton.dev/')) {
    const steps = get(node, 'steps', doc);
    if (isSeq(steps) && items(steps, doc).some(containerLike)) return 'tektonTask';
  }
  return undefined;
}

/** The containers of a found pod, by kind, in the shape it is written in. */
function podContainers(found: FoundPodSpec, doc: Document.Parsed): { node: Node; kind: ContainerKind }[] {
  const { spec } = found;
  const list = (key: string, kind: ContainerKind): { node: Node; kind: ContainerKind }[] =>
    items(get(spec, key, doc), doc).map((node) => ({ node, kind }));
  const one = (key: string): { node: Node; kind: ContainerKind }[] => {
    const node = get(spec, key, doc);
    return node ? [{ node, kind: 'containers' }] : [];
  };
  switch (found.shape) {
    case 'argoTemplate':
      return [...list('initContainers', 'initContainers'), ...one('container'), ...one('script'), ...list('sidecars', 'containers')];
    case 'tektonTask':
      return [...list('steps', 'containers'), ...list('sidecars', 'containers')];
    default:
      return CONTAINER_KINDS.flatMap((kind) => list(kind, kind));
  }
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

function readPodSpec(w: Walk, obj: ObjectInfo, found: FoundPodSpec, at: { id: string; path?: string }): void {
  const { doc, y } = w;
  const { spec } = found;
  const templateMeta = get(found.holder, 'metadata', doc);
  const hostNetworkNode = get(spec, 'hostNetwork', doc);
  const hostNetwork = bool(hostNetworkNode) === true;
  const podSecurityNode = get(spec, 'securityContext', doc);
  const workload: WorkloadFact = {
    id: at.id,
    object: obj.ref,
    ...(at.path !== undefined ? { podSpecPath: at.path } : {}),
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
    listenPorts: [],
    sysctls: readSysctls(get(podSecurityNode, 'sysctls', doc), doc),
    containers: [],
  };
  for (const { node: container, kind: containerKind } of podContainers(found, doc)) {
    if (!isMap(container)) continue;
    const fact = containerFact(container, containerKind, doc);
    workload.containers.push(fact);
    const words = ['command', 'args'].flatMap((k) => items(get(container, k, doc), doc).map((n) => str(n) ?? ''));
    workload.listenPorts.push(...flagListenPorts(words).filter((p) => !workload.listenPorts.includes(p)));
    readContainer(w, container, { kind: 'podContainer', object: obj.ref, workload, container: fact });
  }
  const mounted = items(get(spec, 'volumes', doc), doc).flatMap((v) => {
    const direct = str(get(get(v, 'configMap', doc), 'name', doc));
    const projected = items(get(get(v, 'projected', doc), 'sources', doc), doc).map((s) => str(get(get(s, 'configMap', doc), 'name', doc)));
    return [direct, ...projected].filter((n): n is string => n !== undefined);
  });
  if (mounted.length > 0) w.shared.mounts.push({ workload, names: mounted });
  w.result.facts.workloads.push(workload);
}

/**
 * A container's `env[].value`s, read by the env files' port and URL detection (`DB_PORT`,
 * `ftp://…`). Kubernetes expands only `$(VAR)` references to earlier variables, so values are
 * read as written; a `valueFrom` has no value here.
 */
function readContainerEnv(w: Walk, container: Node, owner: Owner): void {
  const { doc } = w;
  const lc = w.y.lineCounter;
  for (const e of items(get(container, 'env', doc), doc)) {
    const key = str(get(e, 'name', doc));
    const node = get(e, 'value', doc);
    if (key === undefined || !isScalar(node) || node.value === null) continue;
    const text = str(node) ?? '';
    if (!mayDeclarePorts(key, text)) continue;
    const loc = locOf(node, lc);
    const exact = (rawText(node) ?? '') === text;
    const span = (from: number, to: number): Loc => (exact ? subLoc(node, lc, w.y.text, from, to) : loc);
    w.result.declarations.push(...envValueDeclarations({ file: w.file, format: 'kubernetes', owner }, { key, value: text, loc, span }));
  }
}

function containerFact(node: Node, kind: ContainerKind, doc: Document.Parsed): ContainerFact {
  const fact: ContainerFact = {
    name: str(get(node, 'name', doc)) ?? '',
    kind,
    image: str(get(node, 'image', doc)),
    security: readSecurity(get(node, 'securityContext', doc), doc),
  };
  const environment: Record<string, string> = {};
  for (const e of items(get(node, 'env', doc), doc)) {
    const name = str(get(e, 'name', doc));
    const value = get(e, 'value', doc);
    if (name !== undefined && isScalar(value) && value.value !== null) environment[name] = String(value.value);
  }
  if (Object.keys(environment).length > 0) fact.environment = environment;
  return fact;
}

function readContainer(w: Walk, container: Node, owner: Owner): void {
  const { doc } = w;
  readContainerEnv(w, container, owner);
  for (const entry of items(get(container, 'ports', doc), doc)) readContainerPort(w, entry, owner);
  for (const probe of PROBES) {
    readHandlers(w, get(container, probe, doc), PROBE_HANDLERS, owner, probe);
  }
  const lifecycle = get(container, 'lifecycle', doc);
  for (const hook of LIFECYCLE_HOOKS) {
    readHandlers(w, get(lifecycle, hook, doc), HOOK_HANDLERS, owner, `lifecycle.${hook}`);
  }
}

/** The protocol, own name and their places of a `ports[]` entry (container or Service). */
function entryParts(w: Walk, entry: Node): DeclExtra {
  const { doc } = w;
  const protocolNode = get(entry, 'protocol', doc);
  const nameNode = get(entry, 'name', doc);
  const name = str(nameNode);
  return {
    protocolText: str(protocolNode),
    protocolLoc: protocolNode ? locOf(protocolNode, w.y.lineCounter) : undefined,
    name,
    nameLoc: name !== undefined && nameNode ? locOf(nameNode, w.y.lineCounter) : undefined,
  };
}

/** One `ports[]` entry: the container port, and the host port that forwards to it. */
function readContainerPort(w: Walk, entry: Node, owner: Owner): void {
  const { doc } = w;
  if (!isMap(entry)) return;
  const common = entryParts(w, entry);
  const containerNode = get(entry, 'containerPort', doc);
  const container = containerNode && readPortValue(containerNode, 'number');
  if (containerNode && container) declare(w, containerNode, 'container', FIELD_SOURCES.containerPort, container, owner, common);
  const hostNode = get(entry, 'hostPort', doc);
  const host = hostNode && readPortValue(hostNode, 'number');
  if (hostNode && host) {
    const hostIpNode = get(entry, 'hostIP', doc);
    const hostIp = str(hostIpNode);
    declare(w, hostNode, 'host', FIELD_SOURCES.hostPort, host, owner, {
      ...common,
      hostIp,
      hostIpLoc: hostIp !== undefined && hostIpNode ? locOf(hostIpNode, w.y.lineCounter) : undefined,
      target: container?.kind === 'port' ? container : undefined,
    });
  }
}

/** Probe / lifecycle handlers (`httpGet`, `tcpSocket`, `grpc`): their `port`, by number or name. */
function readHandlers(w: Walk, probe: Node | undefined, handlers: readonly ProbeField[], owner: Owner, probeName: ProbeName): void {
  for (const handler of handlers) {
    const portNode = get(get(probe, handler, w.doc), 'port', w.doc);
    const value = portNode && readPortValue(portNode, 'numberOrName');
    if (portNode && value) declare(w, portNode, 'probe', { format: 'kubernetes', field: handler, probe: probeName }, value, owner, {});
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
  const fact: ServiceFact = { id: obj.id, object: obj.ref, file: w.file, type: serviceType, annotations: obj.annotations, loc: obj.loc };
  if (obj.name !== undefined) fact.name = obj.name;
  if (obj.namespace !== undefined) fact.namespace = obj.namespace;
  if (isMap(selector)) fact.selector = stringMap(selector, doc);
  const sourceRanges = items(get(spec, 'loadBalancerSourceRanges', doc), doc).flatMap((n) => str(n) ?? []);
  if (sourceRanges.length > 0) fact.loadBalancerSourceRanges = sourceRanges;
  const externalIPs = items(get(spec, 'externalIPs', doc), doc).flatMap((n) => str(n) ?? []);
  if (externalIPs.length > 0) fact.externalIPs = externalIPs;
  w.result.facts.services.push(fact);
  const owner: Owner = { kind: 'service', object: obj.ref, service: fact };
  for (const entry of items(get(spec, 'ports', doc), doc)) readServicePort(w, entry, owner);
}

/** One Service `ports[]` entry: `port`, `targetPort` (when written) and `nodePort`. */
function readServicePort(w: Walk, entry: Node, owner: Owner): void {
  const { doc } = w;
  if (!isMap(entry)) return;
  const parts = entryParts(w, entry);
  const { name: _name, nameLoc: _nameLoc, ...common } = parts;
  const portNode = get(entry, 'port', doc);
  const port = portNode && readPortValue(portNode, 'number');
  const targetNode = get(entry, 'targetPort', doc);
  const target = targetNode && readPortValue(targetNode, 'numberOrName');
  if (portNode && port) declare(w, portNode, 'service', FIELD_SOURCES.port, port, owner, { ...parts, target: target ?? port });
  if (targetNode && target) declare(w, targetNode, 'targetPort', FIELD_SOURCES.targetPort, target, owner, common);
  const nodePortNode = get(entry, 'nodePort', doc);
  const nodePort = nodePortNode && readPortValue(nodePortNode, 'number');
  if (nodePortNode && nodePort) declare(w, nodePortNode, 'nodePort', FIELD_SOURCES.nodePort, nodePort, owner, parts);
}

function readIngress(w: Walk, obj: ObjectInfo): void {
  const { doc } = w;
  const spec = get(obj.node, 'spec', doc);
  const tls = items(get(spec, 'tls', doc), doc);
  const className = str(get(spec, 'ingressClassName', doc)) ?? obj.annotations['kubernetes.io/ingress.class'];
  const ingress: IngressFact = {
    annotations: obj.annotations,
    tls: tls.length > 0,
    tlsHosts: tls.flatMap((t) => {
      const hosts = items(get(t, 'hosts', doc), doc).flatMap((h) => str(h) ?? []);
      return hosts.length > 0 ? hosts : ['*'];
    }),
    ...(className !== undefined ? { className } : {}),
  };
  const owner: Owner = { kind: 'ingress', object: obj.ref, id: obj.id, ingress };
  readBackend(w, get(spec, 'defaultBackend', doc), owner);
  readBackend(w, get(spec, 'backend', doc), owner);
  for (const rule of items(get(spec, 'rules', doc), doc)) {
    const host = str(get(rule, 'host', doc));
    const ruleOwner: Owner = host !== undefined ? { ...owner, host } : owner;
    for (const path of items(get(get(rule, 'http', doc), 'paths', doc), doc)) {
      readBackend(w, get(path, 'backend', doc), ruleOwner);
    }
  }
}

/** An Ingress backend: v1 `service.port.number|name`, or v1beta1 `serviceName` + `servicePort`. */
function readBackend(w: Walk, backend: Node | undefined, owner: Owner): void {
  const { doc } = w;
  if (!isMap(backend)) return;
  const service = get(backend, 'service', doc);
  if (isMap(service)) {
    const name = str(get(service, 'name', doc));
    const port = get(service, 'port', doc);
    readBackendPort(w, get(port, 'number', doc), backendSource('number', name), 'number', owner);
    readBackendPort(w, get(port, 'name', doc), backendSource('name', name), 'name', owner);
    return;
  }
  const name = str(get(backend, 'serviceName', doc));
  readBackendPort(w, get(backend, 'servicePort', doc), backendSource('servicePort', name), 'numberOrName', owner);
}

function backendSource(field: 'number' | 'name' | 'servicePort', service: string | undefined): Source {
  return service !== undefined ? { format: 'kubernetes', field, service } : { format: 'kubernetes', field };
}

function readBackendPort(w: Walk, node: Node | undefined, source: Source, mode: PortMode, owner: Owner): void {
  const value = node && readPortValue(node, mode);
  if (node && value) declare(w, node, 'ingressBackend', source, value, owner, {});
}

// ---------------------------------------------------------------------------------------------
// Port values and declarations

/**
 * Read a port field. Numbers (and numeric strings) stay numbers even out of range; names are
 * checked against IANA_SVC_NAME; `$VAR` / `${VAR}` / `$(VAR)` become `unresolved`; anything else
 * is `invalid`. Undefined for an empty (null) value: nothing is declared.
 */
function readPortValue(node: Node, mode: PortMode): PortValue | undefined {
  if (!isScalar(node)) return invalidValue(`expected a port, found a ${isSeq(node) ? 'sequence' : 'map'}`);
  const value = node.value;
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return numberValue(value, mode);
  if (typeof value !== 'string') return invalidValue(`expected a port, found ${String(value)}`);
  const text = value.trim();
  if (/^[-+]?\d+$/.test(text)) return numberValue(Number(text), mode);
  const variables = [...text.matchAll(/\$(?:\{|\()?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  if (variables.length > 0) return unresolvedValue([...new Set(variables)]);
  if (/^\d*\.\d+$|^\d+\.\d*$/.test(text)) return invalidValue('not an integer');
  return nameValue(text, mode);
}

function numberValue(n: number, mode: PortMode): PortValue {
  if (!Number.isInteger(n)) return invalidValue('not an integer');
  if (mode === 'name')
    return invalidValue('a port name must contain a letter; this field takes names only', { range: { port: n, endPort: n } });
  return portValue(n);
}

function nameValue(text: string, mode: PortMode): PortValue {
  const looksLikeName = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(text) && /[A-Za-z]/.test(text);
  if (!looksLikeName) return invalidValue(`"${text}" is not a port number or name`);
  if (mode === 'number') return invalidValue(`"${text}" is not a number: this field takes a port number`);
  const why = ianaServiceNameProblem(text);
  return why ? invalidValue(`"${text}" is not a valid port name: ${why}`, { name: text }) : nameOf(text);
}

/** One source object per plain key, shared by every declaration read from it. */
const FIELD_SOURCES = {
  containerPort: { format: 'kubernetes', field: 'containerPort' },
  hostPort: { format: 'kubernetes', field: 'hostPort' },
  port: { format: 'kubernetes', field: 'port' },
  targetPort: { format: 'kubernetes', field: 'targetPort' },
  nodePort: { format: 'kubernetes', field: 'nodePort' },
} as const satisfies Record<string, Source>;

/** The parts of a port entry beside its value, with their places. */
interface DeclExtra {
  /** The transport, when the protocol field names something else (a Gateway listener's `HTTPS`); read from `protocolText` otherwise. */
  protocol?: Protocol | undefined;
  protocolText?: string | undefined;
  protocolLoc?: Loc | undefined;
  name?: string | undefined;
  nameLoc?: Loc | undefined;
  hostIp?: string | undefined;
  hostIpLoc?: Loc | undefined;
  target?: PortValue | undefined;
}

function declare(w: Walk, node: Node, role: Role, source: Source, value: PortValue, owner: Owner, extra: DeclExtra): void {
  const range = node.range;
  const raw = isScalar(node) ? (rawText(node) ?? '') : range ? w.y.text.slice(range[0], range[1]) : '';
  w.result.declarations.push(
    declaration({
      file: w.file,
      role,
      loc: locOf(node, w.y.lineCounter),
      value,
      protocol: extra.protocol ?? parseProtocol(extra.protocolText),
      protocolText: extra.protocolText,
      name: extra.name,
      hostIp: extra.hostIp,
      target: extra.target,
      raw,
      variables: references(raw),
      source,
      owner,
      spans: { protocol: extra.protocolLoc, name: extra.nameLoc, hostIp: extra.hostIpLoc },
    }),
  );
}

/** What the entry-point readers (`kubernetes-traffic.ts`) need of this walk. */
function trafficReader(w: Walk): TrafficReader {
  return {
    file: w.file,
    y: w.y,
    doc: w.doc,
    result: w.result,
    readPortValue,
    declare: (node, role, source, value, owner, extra) => declare(w, node, role, source, value, owner, extra),
  };
}

// ---------------------------------------------------------------------------------------------
// Helm templates

/**
 * One problem for an unrendered Helm (or other Go) template, positioned at the first `{{`, when the file has
 * template markers and either does not parse (and looks like Helm: a Helm-only expression or a
 * line starting with `{{`) or uses them where values are read: in a flow collection
 * (`port: {{ .Values.port }}`), a port field, or a Helm-only expression. Go templates in
 * ordinary strings (alert annotations, config files in ConfigMaps) are not Helm's and are read;
 * a syntax error in such a file is reported as one.
 */
function helmTemplateProblem(y: YamlFile, context: TemplateContext): ParseProblem | undefined {
  if (!looksLikeTemplate(y.text)) return undefined;
  const helmText = HELM_EXPRESSION.test(y.text) || /^[ \t-]*\{\{/m.test(y.text);
  const broken = helmText && y.docs.some((doc) => doc.errors.length > 0);
  if (!broken && !y.docs.some((doc) => hasTemplateInValues(doc, y.text))) return undefined;
  const start = Math.max(0, y.text.indexOf('{{'));
  const close = y.text.indexOf('}}', start);
  const lineEnd = y.text.indexOf('\n', start);
  const end = close >= 0 && (lineEnd < 0 || close < lineEnd) ? close + 2 : start + 2;
  // Helm's when a Chart.yaml is above the file, or (where unknown) when it uses what only Helm has.
  const helm = context.inHelmChart ? context.inHelmChart() : HELM_EXPRESSION.test(y.text);
  return {
    id: 'skipped-file',
    message: helm ? HELM_MESSAGE : TEMPLATE_MESSAGE,
    ...locAt(y.lineCounter, start, end),
    severity: 'warn',
    fatal: true,
  };
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
