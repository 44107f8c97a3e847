/**
 * unresolved-port-reference: Kubernetes references to ports that do not exist — a probe or
 * lifecycle hook naming a port its container does not declare, a Service `targetPort` name no
 * selected pod declares (and, optionally, a number none of their declared ports has), and an
 * Ingress backend port the named Service does not have.
 */
import { createRule, type Report } from '../src/engine/rule.js';
import { roleTitle, formatPort } from '../src/engine/ports.js';
import {
  describeContext,
  isTransport,
  portRange,
  protocolName,
  valueName,
  type Facts,
  type KustomizationFact,
  type PortDeclaration,
  type ServiceFact,
  type WorkloadFact,
} from '../src/model.js';

interface Options {
  checkNumericTargetPorts: boolean;
}

type MessageId = 'probeName' | 'targetPortName' | 'targetPortNameProtocol' | 'targetPortNumber' | 'ingressPort';

/** Namespaces match when equal, or when either side does not say (manifests applied with `-n`). */
function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** True when every selector label is on the pods (a Service selector is an equality-based subset match). */
function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** `"http", "metrics"` — a short list for messages, or `none` when empty. */
function listOf(values: Iterable<string>, none: string): string {
  const all = [...new Set(values)].sort();
  if (all.length === 0) return none;
  const shown = all.slice(0, 6).join(', ');
  return all.length > 6 ? `${shown}, …` : shown;
}

/** Indexes of the run's declarations that references are resolved against. */
interface Index {
  /** Container-port declarations by workload (a workload's pod template). */
  containerPortsByWorkload: Map<WorkloadFact, PortDeclaration[]>;
  /** Numeric probe and hook ports per workload: the process evidently listens there. */
  probedPortsByWorkload: Map<WorkloadFact, PortDeclaration[]>;
  /** Container-port declarations by `kind/name/container`: kustomize bases and patches are one object. */
  containerPortsByContainer: Map<string, PortDeclaration[]>;
  /** Service-port declarations by Service. */
  servicePortsByService: Map<ServiceFact, PortDeclaration[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function containerKey(kind: string | undefined, name: string | undefined, container: string | undefined): string {
  return `${kind ?? ''}/${name ?? ''}/${container ?? ''}`;
}

/** The `kind/name/container` of the pod container a declaration belongs to. */
function ownContainerKey(d: PortDeclaration): string {
  if (d.owner.kind !== 'podContainer') return '';
  return containerKey(d.owner.object.kind, d.owner.object.name, d.owner.container.name || undefined);
}

/** The workload of a pod container's declaration. */
function workloadOf(d: PortDeclaration): WorkloadFact | undefined {
  return d.owner.kind === 'podContainer' ? d.owner.workload : undefined;
}

function buildIndex(decls: readonly PortDeclaration[]): Index {
  const index: Index = {
    containerPortsByWorkload: new Map(),
    probedPortsByWorkload: new Map(),
    containerPortsByContainer: new Map(),
    servicePortsByService: new Map(),
  };
  for (const d of decls) {
    const owner = d.owner;
    if (owner.kind === 'podContainer') {
      if (d.role === 'container') {
        push(index.containerPortsByWorkload, owner.workload, d);
        push(index.containerPortsByContainer, ownContainerKey(d), d);
      } else if (d.role === 'probe' && portRange(d) !== undefined) {
        push(index.probedPortsByWorkload, owner.workload, d);
      }
    } else if (owner.kind === 'service' && d.role === 'service') {
      push(index.servicePortsByService, owner.service, d);
    }
  }
  return index;
}

/** The folder of a file path (`a/b/c.yaml` → `a/b`; `c.yaml` → ``). */
function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : file.slice(0, i);
}

/** `a/b/../c/./d` → `a/c/d`, with `/` separators. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** How many directory levels above `from`'s folder the nearest folder holding `to` is. */
function levelsUp(from: string, to: string): number {
  const a = dirOf(normalize(from)).split('/').filter(Boolean);
  const b = dirOf(normalize(to)).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common;
}

/** How far apart two files in one namespace may be: a kustomize `overlays/<env>` → `base` is two levels. */
const MAX_LEVELS_UP = 2;

/**
 * Which files are built together by kustomize: each kustomization's files, followed through the
 * folders it takes in (and their kustomizations). Files of one build may refer to each other.
 */
export class KustomizeBuilds {
  private readonly builds: { files: Set<string>; dirs: Set<string> }[] = [];

  constructor(kustomizations: readonly KustomizationFact[]) {
    const byDir = new Map(kustomizations.map((k) => [dirOf(normalize(k.file)), k]));
    for (const k of kustomizations) {
      const build = { files: new Set<string>(), dirs: new Set<string>() };
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
      this.builds.push(build);
    }
  }

  private has(build: { files: Set<string>; dirs: Set<string> }, file: string): boolean {
    const f = normalize(file);
    return build.files.has(f) || build.dirs.has(dirOf(f));
  }

  /** True when one kustomize build takes in both files. */
  together(a: string, b: string): boolean {
    return this.builds.some((build) => this.has(build, a) && this.has(build, b));
  }
}

/**
 * The candidates a reference in `from` may resolve to, nearest first: those in the same file if
 * any, else in the same folder, else those one kustomize build takes in with it, or in the same
 * (written) namespace within `MAX_LEVELS_UP` folders. A sibling sample that reuses a name or label
 * (`quickstarts/hello-app-tls` beside `quickstarts/hello-app`) is never matched.
 */
export function nearest<T extends { file: string; namespace?: string | undefined }>(
  from: { file: string; namespace?: string | undefined },
  candidates: readonly T[],
  builds: KustomizeBuilds,
): T[] {
  const file = from.file;
  const sameFile = candidates.filter((c) => c.file === file);
  if (sameFile.length > 0) return sameFile;
  const sameDir = candidates.filter((c) => dirOf(normalize(c.file)) === dirOf(normalize(file)));
  if (sameDir.length > 0) return sameDir;
  return candidates.filter(
    (c) =>
      builds.together(file, c.file) ||
      (from.namespace !== undefined && c.namespace === from.namespace && levelsUp(file, c.file) <= MAX_LEVELS_UP && levelsUp(c.file, file) <= MAX_LEVELS_UP),
  );
}

/** The workloads of the run whose pods a Service selects (none for a Service without selector), nearest first. */
function selectedWorkloads(service: ServiceFact, workloads: readonly WorkloadFact[], builds: KustomizeBuilds): WorkloadFact[] {
  const selector = service.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return [];
  const all = workloads.filter((w) => sameNamespace(service.namespace, w.namespace) && selects(selector, w.podLabels));
  return nearest(service, all, builds);
}

/** The ports that can serve a Service: those of regular and (sidecar) init containers. */
function servingPorts(index: Index, workloads: readonly WorkloadFact[]): PortDeclaration[] {
  return workloads.flatMap((w) =>
    (index.containerPortsByWorkload.get(w) ?? []).filter((d) => d.owner.kind === 'podContainer' && d.owner.container.kind !== 'ephemeralContainers'),
  );
}

/** Protocols agree (an unknown protocol, reported by invalid-port, agrees with anything). */
function sameProtocol(a: PortDeclaration, b: PortDeclaration): boolean {
  return a.protocol === b.protocol || !isTransport(a.protocol) || !isTransport(b.protocol);
}

function workloadList(workloads: readonly WorkloadFact[]): string {
  return listOf(workloads.map((w) => `${w.kind} ${w.name ?? '(unnamed)'}`), 'none');
}

export default createRule<Options, MessageId>({
  meta: {
    id: 'unresolved-port-reference',
    description: 'Probes, Service targetPorts and Ingress backends that refer to a port that does not exist',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'project',
    formats: ['kubernetes'],
    schema: {
      type: 'object',
      properties: {
        checkNumericTargetPorts: {
          type: 'boolean',
          description:
            'Also report, as a warning, a numeric `targetPort` that none of the selected containers declares, when they declare ports. `containerPort` is informational, so such a Service can still work if the process listens there anyway.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { checkNumericTargetPorts: true },
    warnOnly: ['targetPortNumber'],
    messages: {
      probeName: '{{what}} "{{name}}" of {{where}} names a port the container does not declare (it declares: {{declared}}). Add a port named "{{name}}", or use the number.',
      targetPortName: 'targetPort "{{name}}" of {{where}} names no port of the pods it selects ({{workloads}}: {{declared}}). Name a container port "{{name}}", or fix targetPort.',
      targetPortNameProtocol: 'targetPort "{{name}}" of {{where}} is {{protocol}}, but port "{{name}}" of {{workloads}} is {{otherProtocol}}. Make the protocols agree.',
      targetPortNumber: 'targetPort {{port}} of {{where}} is not a declared port of the pods it selects ({{workloads}}: {{declared}}). Point it at a declared port, or declare {{port}}.',
      ingressPort: 'Ingress backend port {{port}} of {{where}} is not a port of Service "{{service}}" ({{declared}}). Use one of its port numbers or names.',
    },
    docs: {
      rationale: [
        'A port referred to by name or number has to exist where it points, and nothing checks that before traffic fails.',
        'A probe that names a port its container does not declare fails every time, so the pod never gets ready or is',
        'restarted in a loop. A Service whose `targetPort` names a port no selected pod declares has no endpoints: requests',
        'are refused although every pod is healthy. An Ingress backend whose port is not one of its Service\'s ports routes',
        'nowhere.',
        '',
        'References are resolved across the files of a run (Services and Deployments often live in different files), but',
        'only between files that are deployed together, nearest first: objects in the same file, else in the same folder,',
        'else in files one kustomize build takes in (a `kustomization.yaml` and the files and folders it lists under',
        '`resources`, `bases`, `components` and its patches, followed through the kustomizations of those folders), or',
        'objects in the same written `namespace` up to two folders away. Sibling samples or apps of a monorepo that reuse a',
        'name or a label (`quickstarts/hello-app-tls` beside `quickstarts/hello-app`) never meet. A Service is checked only',
        'when a workload it selects is found, and an Ingress backend only when its Service is; a missing `namespace` matches',
        'any namespace, since manifests are often applied with `-n`. A probe may name a port declared by the same container',
        'in a kustomize base.',
        '',
        'A numeric `targetPort` or probe port that is not declared is legal — `containerPort` is informational — so probe',
        'numbers are never reported, and a Service `targetPort` number only as a warning (whatever the rule\'s severity;',
        'option `checkNumericTargetPorts`), when the selected containers declare ports, none of them matches, and no probe',
        'of theirs uses that number either (a probe on a port shows the process listens there), nor does the process show it',
        'listens there: a listen-like flag in `command`/`args` (`--port=5317`, `--metrics-bind-address=:8443`) or a bind on',
        'every interface (`endpoint: 0.0.0.0:5317`) in a ConfigMap of the same file that the pod mounts.',
        '',
        'A numeric `targetPort` that no container declares is reported as a warning only: `containerPort` is informational, so it works when the process listens there anyway.',
      ].join('\n'),
      wrong: [
        {
          file: 'deploy.yaml',
          code: [
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            '  name: web',
            'spec:',
            '  selector:',
            '    matchLabels: {app: web}',
            '  template:',
            '    metadata:',
            '      labels: {app: web}',
            '    spec:',
            '      containers:',
            '        - name: web',
            '          image: example/web:2.1',
            '          ports:',
            '            - name: http',
            '              containerPort: 8080',
            '          readinessProbe:',
            '            httpGet: {path: /healthz, port: health}',
            '---',
            'apiVersion: v1',
            'kind: Service',
            'metadata:',
            '  name: web',
            'spec:',
            '  selector: {app: web}',
            '  ports:',
            '    - port: 80',
            '      targetPort: web',
            '',
          ].join('\n'),
        },
      ],
      right: [
        {
          file: 'deploy.yaml',
          code: [
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            '  name: web',
            'spec:',
            '  selector:',
            '    matchLabels: {app: web}',
            '  template:',
            '    metadata:',
            '      labels: {app: web}',
            '    spec:',
            '      containers:',
            '        - name: web',
            '          image: example/web:2.1',
            '          ports:',
            '            - name: http',
            '              containerPort: 8080',
            '          readinessProbe:',
            '            httpGet: {path: /healthz, port: http}',
            '---',
            'apiVersion: v1',
            'kind: Service',
            'metadata:',
            '  name: web',
            'spec:',
            '  selector: {app: web}',
            '  ports:',
            '    - port: 80',
            '      targetPort: http',
            '',
          ].join('\n'),
        },
      ],
    },
  },

  check(context) {
    const { options, declarations, facts, report } = context;
    const run: Run = { index: buildIndex(declarations), facts, options, report, builds: new KustomizeBuilds(facts.kustomizations) };
    for (const d of declarations) {
      if (d.format !== 'kubernetes' || d.value.kind === 'unresolved' || d.value.kind === 'invalid') continue;
      if (d.role === 'probe' && d.value.kind === 'name') checkProbe(d, d.value.name, run);
      else if (d.role === 'targetPort') checkTargetPort(d, run);
      else if (d.role === 'ingressBackend') checkIngressBackend(d, run);
    }
  },
});

/** What the checks of one run share. */
interface Run {
  index: Index;
  facts: Facts;
  options: Options;
  report: (report: Report<MessageId>) => void;
  builds: KustomizeBuilds;
}

/** A probe or hook port name must be a port name of its own container (in this object or a nearby copy of it). */
function checkProbe(d: PortDeclaration, name: string, run: Run): void {
  const copies = run.index.containerPortsByContainer.get(ownContainerKey(d)) ?? [];
  const workload = workloadOf(d);
  const own = copies.filter((p) => workloadOf(p) === workload || nearest(d, [p], run.builds).length > 0);
  if (own.some((p) => p.name === name)) return;
  const declared = listOf(
    own.filter((p) => workloadOf(p) === workload).map((p) => (p.name !== undefined ? `"${p.name}"` : formatPort(p))),
    'no ports',
  );
  run.report({ messageId: 'probeName', data: { what: roleTitle(d), name, where: describeContext(d), declared }, decl: d });
}

/** A Service targetPort must be a port of the pods it selects: by name always, by number only on request. */
function checkTargetPort(d: PortDeclaration, run: Run): void {
  if (d.owner.kind !== 'service') return;
  const service = d.owner.service;
  const workloads = selectedWorkloads(service, run.facts.workloads, run.builds);
  if (workloads.length === 0) return;
  const ports = servingPorts(run.index, workloads);
  const data = { where: describeContext(d), workloads: workloadList(workloads) };
  if (d.value.kind === 'name') {
    const name = d.value.name;
    const named = ports.filter((p) => p.name === name);
    if (named.some((p) => sameProtocol(p, d))) return;
    if (named.length > 0) {
      const otherProtocol = listOf(named.map((p) => protocolName(p.protocol).toUpperCase()), '');
      run.report({ messageId: 'targetPortNameProtocol', data: { ...data, name, protocol: protocolName(d.protocol).toUpperCase(), otherProtocol }, decl: d });
      return;
    }
    const names = ports.filter((p) => p.name !== undefined).map((p) => `"${p.name}"`);
    run.report({ messageId: 'targetPortName', data: { ...data, name, declared: listOf(names, 'no named ports') }, decl: d });
    return;
  }
  // A number is judged only when every selected port is known and at least one is declared.
  const port = portRange(d)?.port;
  if (!run.options.checkNumericTargetPorts || port === undefined || port === 0) return;
  if (ports.length === 0 || ports.some((p) => portRange(p) === undefined)) return;
  if (ports.some((p) => portRange(p)?.port === port && sameProtocol(p, d))) return;
  // A probe on the port, or a listen flag or bind in the pod's own config, shows the process listens there.
  if (workloads.some((w) => (run.index.probedPortsByWorkload.get(w) ?? []).some((p) => portRange(p)?.port === port))) return;
  if (workloads.some((w) => w.listenPorts.includes(port))) return;
  const declared = listOf(ports.map((p) => formatPort(p)), 'none');
  run.report({ messageId: 'targetPortNumber', data: { ...data, port: formatPort(d), declared }, decl: d });
}

/** An Ingress backend port (number or name) must be a port of the Service it names, when that Service is found. */
function checkIngressBackend(d: PortDeclaration, run: Run): void {
  const name = d.source.format === 'kubernetes' && 'service' in d.source ? d.source.service : undefined;
  if (name === undefined || d.owner.kind !== 'ingress') return;
  const namespace = d.owner.object.namespace;
  const candidates = nearest({ file: d.file, namespace }, run.facts.services.filter((s) => s.name === name && sameNamespace(s.namespace, namespace)), run.builds);
  const portLists = candidates
    .filter((s) => s.type !== 'ExternalName')
    .map((s) => run.index.servicePortsByService.get(s) ?? [])
    .filter((ports) => ports.length > 0);
  // Judge only when every candidate is a Service whose ports are known.
  if (portLists.length === 0 || candidates.length !== portLists.length) return;
  const refName = valueName(d.value);
  const refPort = portRange(d)?.port;
  const matches = (p: PortDeclaration): boolean => (refName !== undefined ? p.name === refName : refPort !== undefined && portRange(p)?.port === refPort);
  if (portLists.some((ports) => ports.some(matches))) return;
  const declared = listOf(
    portLists.flat().map((p) => (p.name !== undefined ? `${formatPort(p)} "${p.name}"` : formatPort(p))),
    'none',
  );
  const port = refName !== undefined ? `"${refName}"` : formatPort(d);
  run.report({ messageId: 'ingressPort', data: { port, where: describeContext(d), service: name, declared }, decl: d });
}
