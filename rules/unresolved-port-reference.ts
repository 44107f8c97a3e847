/**
 * unresolved-port-reference: Kubernetes references to ports that do not exist — a probe or
 * lifecycle hook naming a port its container does not declare, a Service `targetPort` name no
 * selected pod declares (and, optionally, a number none of their declared ports has), and an
 * Ingress backend port the named Service does not have.
 */
import { createRule, type Report } from '../src/engine/rule.js';
import { MAX_PORT, roleTitle, formatPort } from '../src/engine/ports.js';
import {
  describeContext,
  isTransport,
  spanOf,
  portRange,
  protocolName,
  valueName,
  describeObject,
  valueRange,
  type BackendRefFact,
  type Facts,
  type GatewayFact,
  type MeshFact,
  type ObjectRef,
  type ParentRefFact,
  type PortDeclaration,
  type RouteFact,
  type ServiceFact,
  type WorkloadFact,
} from '../src/model.js';
import {
  KustomizeBuilds,
  byPodLabels,
  byServiceName,
  filedUnder,
  gatewaysOf,
  labelKeys,
  nearest,
  objectNamespace,
  ownNamespace,
  policyWorkloads,
  sameNamespace,
  selectedWorkloads,
  selects,
  servicesNamed,
} from '../src/references.js';

export { KustomizeBuilds, nearest };

interface Options {
  checkNumericTargetPorts: boolean;
}

type MessageId =
  | 'probeName'
  | 'targetPortName'
  | 'targetPortNameProtocol'
  | 'targetPortNumber'
  | 'ingressPort'
  | 'backendRefPort'
  | 'backendRefNoPort'
  | 'destinationPort'
  | 'routeTargetPort'
  | 'parentRefSection'
  | 'parentRefPort'
  | 'policyPortName'
  | 'policyPortProtocol'
  | 'endpointPortName'
  | 'workloadEntryPortName'
  | 'defaultEndpointPort';

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

/** The ports that can serve a Service: those of regular and (sidecar) init containers. */
function servingPorts(index: Index, workloads: readonly WorkloadFact[]): PortDeclaration[] {
  return workloads.flatMap((w) =>
    (index.containerPortsByWorkload.get(w) ?? []).filter(
      (d) => d.owner.kind === 'podContainer' && d.owner.container.kind !== 'ephemeralContainers',
    ),
  );
}

/** Protocols agree (an unknown protocol, reported by invalid-port, agrees with anything). */
function sameProtocol(a: PortDeclaration, b: PortDeclaration): boolean {
  return a.protocol === b.protocol || !isTransport(a.protocol) || !isTransport(b.protocol);
}

function workloadList(workloads: readonly WorkloadFact[]): string {
  return listOf(
    workloads.map((w) => `${w.kind} ${w.name ?? '(unnamed)'}`),
    'none',
  );
}

export default createRule<Options, MessageId>({
  meta: {
    id: 'unresolved-port-reference',
    description:
      'Probes, Service targetPorts, Ingress, Gateway API, Istio and OpenShift route backends, parentRefs, NetworkPolicy port names, and Istio endpoint, WorkloadEntry and Sidecar defaultEndpoint ports that refer to a port that does not exist',
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
    warnOnly: ['targetPortNumber', 'defaultEndpointPort'],
    messages: {
      probeName:
        '{{what}} "{{name}}" of {{where}} names a port the container does not declare (it declares: {{declared}}). Add a port named "{{name}}", or use the number.',
      targetPortName:
        'targetPort "{{name}}" of {{where}} names no port of the pods it selects ({{workloads}}: {{declared}}). Name a container port "{{name}}", or fix targetPort.',
      targetPortNameProtocol:
        'targetPort "{{name}}" of {{where}} is {{protocol}}, but port "{{name}}" of {{workloads}} is {{otherProtocol}}. Make the protocols agree.',
      targetPortNumber:
        'targetPort {{port}} of {{where}} is not a declared port of the pods it selects ({{workloads}}: {{declared}}). Point it at a declared port, or declare {{port}}.',
      ingressPort:
        'Ingress backend port {{port}} of {{where}} is not a port of Service "{{service}}" ({{declared}}). Use one of its port numbers or names.',
      backendRefPort:
        'The backendRef port {{port}} of {{where}} is not a port of Service "{{service}}" ({{declared}}), so requests to it fail. Use a Service port, not the container port.',
      backendRefNoPort:
        'The backendRef to Service "{{service}}" in {{where}} has no port, which the Gateway API requires for a Service. Add the Service port{{declared}}.',
      destinationPort:
        'Destination port {{port}} of {{where}} is not a port of Service "{{service}}" ({{declared}}), so the traffic fails. Use one of its port numbers.',
      routeTargetPort:
        'Route targetPort {{port}} of {{where}} matches no port of Service "{{service}}" ({{declared}}), so it has no endpoints. Use a Service port name, or the port on the pods.',
      parentRefSection:
        'The parentRef sectionName "{{name}}" of {{where}} names no listener of Gateway "{{gateway}}" ({{declared}}), so the route does not attach. Use a listener name.',
      parentRefPort:
        'The parentRef port {{port}} of {{where}} is not the port of {{which}} of Gateway "{{gateway}}" ({{declared}}), so the route does not attach. Use a listener\'s port.',
      policyPortName:
        'NetworkPolicy port "{{name}}" of {{where}} names no port of the pods it selects ({{workloads}}: {{declared}}). Name a container port "{{name}}", or use the number.',
      policyPortProtocol:
        'NetworkPolicy port "{{name}}" of {{where}} is {{protocol}}, but port "{{name}}" of {{workloads}} is {{otherProtocol}}. Make the protocols agree.',
      endpointPortName:
        'Endpoint port "{{name}}" of {{where}} names no port of the ServiceEntry ({{declared}}), so Istio ignores it. Use a name from spec.ports.',
      workloadEntryPortName:
        'WorkloadEntry port "{{name}}" of {{where}} names no port of {{selectors}} ({{declared}}), so Istio ignores it. Use one of their port names.',
      defaultEndpointPort:
        'The defaultEndpoint port {{port}} of {{where}} is not declared by the pods it selects ({{workloads}}: {{declared}}). Point it at the port the app listens on.',
    },
    docs: {
      rationale: [
        'A port referred to by name or number has to exist where it points, and nothing checks that before traffic fails.',
        'A probe that names a port its container does not declare fails every time, so the pod never gets ready or is',
        'restarted in a loop. A Service whose `targetPort` names a port no selected pod declares has no endpoints: requests',
        "are refused although every pod is healthy. An Ingress backend whose port is not one of its Service's ports routes",
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
        "numbers are never reported, and a Service `targetPort` number only as a warning (whatever the rule's severity;",
        'option `checkNumericTargetPorts`), when the selected containers declare ports, none of them matches, and no probe',
        'of theirs uses that number either (a probe on a port shows the process listens there), nor does the process show it',
        'listens there: a listen-like flag in `command`/`args` (`--port=5317`, `--metrics-bind-address=:8443`) or a bind on',
        'every interface (`endpoint: 0.0.0.0:5317`) in a ConfigMap of the same file that the pod mounts.',
        '',
        'A numeric `targetPort` that no container declares is reported as a warning only: `containerPort` is informational, so it works when the process listens there anyway.',
        '',
        'Routes are checked the same way, against the Services found nearest: a Gateway API `backendRefs` port (a core',
        "`Service` reference, the default kind) must be one of the Service's port numbers and must be written at all (the API",
        'requires it for a Service); an Istio VirtualService destination port must be a port of the Service its host names',
        '(`reviews` or `reviews.<namespace>.svc.cluster.local`; other hosts are not Services); an OpenShift Route',
        "`targetPort` must be a Service port name, or the number of a Service port's target. A route's `parentRefs`",
        "`sectionName` must name a listener of the Gateway, and its `port` be a listener's port. A NetworkPolicy ingress",
        'port given by name must be a container port name, of the same protocol, of some pod the policy selects; egress',
        'names are resolved at the destination and are not judged.',
        '',
        'Istio objects refer to ports by name, and Istio ignores a name that matches nothing. A ServiceEntry',
        "`endpoints[].ports` key must be the name of one of its `spec.ports` (else that endpoint's mapping is ignored and",
        "traffic goes to the port's `targetPort` or its own number); a WorkloadEntry's `ports` keys must be port names of",
        'a ServiceEntry (by its `workloadSelector`) or Service (by its selector) that selects it, judged only when one is',
        "found. A Sidecar's ingress `defaultEndpoint` (`127.0.0.1:8080`, `0.0.0.0:8080`, `[::1]:8080`; `unix://` sockets",
        'have no port) is where the sidecar sends inbound traffic: with a `workloadSelector`, its port should be declared',
        'by a container of the selected pods. That is judged like a numeric `targetPort` (the same scoping and evidence:',
        'probes, listen flags in `command`/`args`, binds in a mounted ConfigMap) and reported as a warning only.',
      ].join('\n'),
      wrong: ['misnamed-ports.yaml'],
      right: ['clean-app.yaml'],
    },
  },

  check(context) {
    const { options, declarations, facts, report } = context;
    const run: Run = {
      index: buildIndex(declarations),
      facts,
      options,
      report,
      builds: new KustomizeBuilds(facts.kustomizations),
      declarations,
    };
    for (const d of declarations) {
      if (d.format !== 'kubernetes' || d.value.kind === 'unresolved' || d.value.kind === 'invalid') continue;
      if (d.role === 'probe' && d.value.kind === 'name') checkProbe(d, d.value.name, run);
      else if (d.role === 'targetPort') checkTargetPort(d, run);
      else if (d.role === 'ingressBackend') checkIngressBackend(d, run);
      else if (d.role === 'backendRef') checkBackendPort(d, run);
      else if (d.role === 'parentRef') checkParentPort(d, run);
      else if (d.role === 'policyPort' && d.value.kind === 'name') checkPolicyPortName(d, d.value.name, run);
      else if (d.role === 'meshPort' && d.owner.kind === 'mesh' && d.owner.mesh) checkMeshPort(d, d.owner.mesh, run);
    }
    for (const route of facts.routes) checkRouteReferences(route, run);
  },
});

/** What the checks of one run share. */
interface Run {
  index: Index;
  facts: Facts;
  options: Options;
  report: (report: Report<MessageId>) => void;
  builds: KustomizeBuilds;
  declarations: readonly PortDeclaration[];
  /** The run's ServiceEntries, found through their declarations (computed when first needed). */
  serviceEntries?: ServiceEntryRef[];
}

/** A ServiceEntry with what a WorkloadEntry is resolved against. */
interface ServiceEntryRef {
  file: string;
  object: ObjectRef;
  mesh: Extract<MeshFact, { kind: 'ServiceEntry' }>;
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
      const otherProtocol = listOf(
        named.map((p) => protocolName(p.protocol).toUpperCase()),
        '',
      );
      run.report({
        messageId: 'targetPortNameProtocol',
        data: { ...data, name, protocol: protocolName(d.protocol).toUpperCase(), otherProtocol },
        decl: d,
      });
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
  const declared = listOf(
    ports.map((p) => formatPort(p)),
    'none',
  );
  run.report({ messageId: 'targetPortNumber', data: { ...data, port: formatPort(d), declared }, decl: d });
}

/** An Ingress backend port (number or name) must be a port of the Service it names, when that Service is found. */
function checkIngressBackend(d: PortDeclaration, run: Run): void {
  const name = d.source.format === 'kubernetes' && 'service' in d.source ? d.source.service : undefined;
  if (name === undefined || d.owner.kind !== 'ingress') return;
  const namespace = d.owner.object.namespace;
  const candidates = nearest(
    { file: d.file, namespace },
    filedUnder(run.facts.services, byServiceName, [name]),
    run.builds,
    ownNamespace,
    (s) => s.name === name && sameNamespace(s.namespace, namespace),
  );
  const portLists = candidates
    .filter((s) => s.type !== 'ExternalName')
    .map((s) => run.index.servicePortsByService.get(s) ?? [])
    .filter((ports) => ports.length > 0);
  // Judge only when every candidate is a Service whose ports are known.
  if (portLists.length === 0 || candidates.length !== portLists.length) return;
  const refName = valueName(d.value);
  const refPort = portRange(d)?.port;
  const matches = (p: PortDeclaration): boolean =>
    refName !== undefined ? p.name === refName : refPort !== undefined && portRange(p)?.port === refPort;
  if (portLists.some((ports) => ports.some(matches))) return;
  const declared = listOf(
    portLists.flat().map((p) => (p.name !== undefined ? `${formatPort(p)} "${p.name}"` : formatPort(p))),
    'none',
  );
  const port = refName !== undefined ? `"${refName}"` : formatPort(d);
  run.report({ messageId: 'ingressPort', data: { port, where: describeContext(d), service: name, declared }, decl: d });
}

/** A port invalid-port has nothing to say about: a reference with another value is reported there, not here. */
function inRange(port: number | undefined): port is number {
  return port !== undefined && port >= 1 && port <= MAX_PORT;
}

/** The Services a route backend names, and their ports, when every one is found with known ports. */
function backendServices(backend: BackendRefFact, from: ObjectRef, run: Run): { service: string; ports: PortDeclaration[] } | undefined {
  if (backend.group !== '' || backend.kind !== 'Service' || backend.name === undefined) return undefined;
  const candidates = servicesNamed(run.facts, from, backend.name, backend.namespace ?? from.namespace);
  const portLists = candidates
    .filter((s) => s.type !== 'ExternalName')
    .map((s) => run.index.servicePortsByService.get(s) ?? [])
    .filter((p) => p.length > 0);
  if (portLists.length === 0 || candidates.length !== portLists.length) return undefined;
  return { service: backend.name, ports: portLists.flat() };
}

function servicePortList(ports: readonly PortDeclaration[]): string {
  return listOf(
    ports.map((p) => (p.name !== undefined ? `${formatPort(p)} "${p.name}"` : formatPort(p))),
    'none',
  );
}

/** A route backend port (Gateway API backendRef, Istio destination, OpenShift Route targetPort) must be a port of its Service. */
function checkBackendPort(d: PortDeclaration, run: Run): void {
  const owner = d.owner;
  if (owner.kind !== 'route' || owner.backend === undefined) return;
  const found = backendServices(owner.backend, owner.object, run);
  if (!found) return;
  const data = { port: formatPort(d), where: describeContext(d), service: found.service, declared: servicePortList(found.ports) };
  if (owner.route.api === 'openshift') {
    if (!routeTargetMatches(d, found.ports)) run.report({ messageId: 'routeTargetPort', data, decl: d });
    return;
  }
  const port = portRange(d)?.port;
  if (!inRange(port) || found.ports.some((p) => portRange(p)?.port === port)) return;
  run.report({ messageId: owner.route.api === 'istio' ? 'destinationPort' : 'backendRefPort', data, decl: d });
}

/**
 * An OpenShift Route targetPort: by name a Service port name; by number the port on the pods (a
 * Service port's numeric targetPort, or its own number when it has none). A Service port whose
 * target is a name resolves through the pods, so a number is not judged then.
 */
function routeTargetMatches(d: PortDeclaration, ports: readonly PortDeclaration[]): boolean {
  if (d.value.kind === 'name') {
    const name = d.value.name;
    return ports.some((p) => p.name === name);
  }
  const port = portRange(d)?.port;
  if (port === undefined) return true;
  return ports.some(
    (p) => p.target?.kind === 'name' || (valueRange(p.target) ?? portRange(p))?.port === port || portRange(p)?.port === port,
  );
}

/** A Gateway API parentRef port must be the port of a listener (the one its sectionName names, when it names one). */
function checkParentPort(d: PortDeclaration, run: Run): void {
  const owner = d.owner;
  const port = portRange(d)?.port;
  if (owner.kind !== 'route' || owner.parent === undefined || owner.route.api !== 'gateway-api' || !inRange(port)) return;
  const parent = owner.parent;
  const gateways = knownGateways(parent, owner.object, run);
  if (gateways.length === 0) return;
  const listeners = gateways.flatMap((g) => g.listeners).filter((l) => parent.sectionName === undefined || l.name === parent.sectionName);
  // A sectionName that names no listener is reported on its own.
  if (listeners.length === 0 || listeners.some((l) => l.port === port)) return;
  const which = parent.sectionName !== undefined ? `listener "${parent.sectionName}"` : 'any listener';
  run.report({
    messageId: 'parentRefPort',
    data: { port: formatPort(d), where: describeContext(d), which, gateway: parent.name ?? '', declared: listenerList(gateways) },
    decl: d,
  });
}

/** The Gateway API Gateways a parentRef names, when found and every one has listeners. */
function knownGateways(parent: ParentRefFact, from: ObjectRef, run: Run): GatewayFact[] {
  const gateways = gatewaysOf(run.facts, from, parent).filter((g) => g.api === 'gateway-api');
  return gateways.every((g) => g.listeners.length > 0) ? gateways : [];
}

function listenerList(gateways: readonly GatewayFact[]): string {
  return listOf(
    gateways.flatMap((g) => g.listeners.map((l) => `"${l.name ?? '(unnamed)'}" ${l.port ?? '?'}/${l.protocol}`)),
    'none',
  );
}

/** References without a port value of their own: a Service backendRef with no port, a parentRef sectionName. */
function checkRouteReferences(route: RouteFact, run: Run): void {
  if (route.api !== 'gateway-api') return;
  const where = describeObject(route.object);
  for (const backend of route.backends) {
    if (backend.hasPort || backend.group !== '' || backend.kind !== 'Service' || backend.name === undefined) continue;
    const found = backendServices(backend, route.object, run);
    const declared = found ? ` (its ports: ${servicePortList(found.ports)})` : '';
    run.report({
      messageId: 'backendRefNoPort',
      data: { service: backend.name, where, declared },
      loc: { ...backend.loc, file: route.file },
      object: { ref: route.object, part: `backend/${backend.name}` },
    });
  }
  for (const parent of route.parents) {
    if (parent.sectionName === undefined || parent.sectionNameLoc === undefined) continue;
    const gateways = knownGateways(parent, route.object, run);
    if (gateways.length === 0 || gateways.some((g) => g.listeners.some((l) => l.name === parent.sectionName))) continue;
    run.report({
      messageId: 'parentRefSection',
      data: { name: parent.sectionName, where, gateway: parent.name ?? '', declared: listenerList(gateways) },
      loc: { ...parent.sectionNameLoc, file: route.file },
      object: { ref: route.object, part: `parent/${parent.name ?? ''}/${parent.sectionName}` },
    });
  }
}

/** A NetworkPolicy ingress port by name must name a container port (of the same protocol) of a pod the policy selects. */
function checkPolicyPortName(d: PortDeclaration, name: string, run: Run): void {
  const owner = d.owner;
  if (owner.kind !== 'networkPolicy' || owner.rule.direction !== 'ingress') return;
  const workloads = policyWorkloads(owner.policy.podSelector, owner.object, run.facts.workloads, run.builds);
  if (workloads.length === 0) return;
  const ports = servingPorts(run.index, workloads);
  const named = ports.filter((p) => p.name === name);
  if (named.some((p) => sameProtocol(p, d))) return;
  const data = { name, where: describeContext(d), workloads: workloadList(workloads) };
  if (named.length > 0) {
    const otherProtocol = listOf(
      named.map((p) => protocolName(p.protocol).toUpperCase()),
      '',
    );
    run.report({
      messageId: 'policyPortProtocol',
      data: { ...data, protocol: protocolName(d.protocol).toUpperCase(), otherProtocol },
      decl: d,
    });
    return;
  }
  const names = ports.filter((p) => p.name !== undefined).map((p) => `"${p.name}"`);
  run.report({ messageId: 'policyPortName', data: { ...data, declared: listOf(names, 'no named ports') }, decl: d });
}

/** The port references of Istio objects: endpoint and WorkloadEntry port names, a Sidecar's defaultEndpoint port. */
function checkMeshPort(d: PortDeclaration, mesh: MeshFact, run: Run): void {
  const field = d.source.format === 'kubernetes' ? d.source.field : undefined;
  if (field === 'serviceEntryEndpointPort' && mesh.kind === 'ServiceEntry') {
    // Istio requires a name on every port; without names there is nothing to judge against.
    if (d.name === undefined || mesh.portNames.length === 0 || mesh.portNames.includes(d.name)) return;
    const declared = listOf(
      mesh.portNames.map((n) => `"${n}"`),
      'none',
    );
    run.report({
      messageId: 'endpointPortName',
      data: { name: d.name, where: describeContext(d), declared },
      decl: d,
      loc: spanOf(d, 'name'),
    });
  } else if (field === 'workloadEntryPort' && mesh.kind === 'WorkloadEntry') {
    checkWorkloadEntryPort(d, mesh.labels, run);
  } else if (field === 'sidecarDefaultEndpoint' && mesh.kind === 'Sidecar') {
    checkDefaultEndpoint(d, mesh.workloadSelector, run);
  }
}

function serviceEntriesOf(run: Run, declarations: readonly PortDeclaration[]): ServiceEntryRef[] {
  if (run.serviceEntries) return run.serviceEntries;
  const seen = new Set<MeshFact>();
  const out: ServiceEntryRef[] = [];
  for (const d of declarations) {
    const owner = d.owner;
    if (owner.kind !== 'mesh' || owner.mesh?.kind !== 'ServiceEntry' || seen.has(owner.mesh)) continue;
    seen.add(owner.mesh);
    out.push({ file: d.file, object: owner.object, mesh: owner.mesh });
  }
  return (run.serviceEntries = out);
}

/**
 * A WorkloadEntry port name must be a port name of a ServiceEntry that selects it (its
 * `workloadSelector` labels, in its namespace) or of a Service that does (its selector): judged
 * when one of them is found nearest.
 */
function checkWorkloadEntryPort(d: PortDeclaration, labels: Record<string, string>, run: Run): void {
  if (d.name === undefined || d.owner.kind !== 'mesh') return;
  const from = d.owner.object;
  const entries = nearest(
    from,
    serviceEntriesOf(run, run.declarations),
    run.builds,
    objectNamespace,
    (e) =>
      e.mesh.workloadSelector !== undefined &&
      Object.keys(e.mesh.workloadSelector).length > 0 &&
      sameNamespace(e.object.namespace, from.namespace) &&
      selects(e.mesh.workloadSelector, labels),
  );
  const services = nearest(
    from,
    run.facts.services,
    run.builds,
    ownNamespace,
    (s) =>
      s.selector !== undefined &&
      Object.keys(s.selector).length > 0 &&
      sameNamespace(s.namespace, from.namespace) &&
      selects(s.selector, labels),
  );
  if (entries.length === 0 && services.length === 0) return;
  const names = [
    ...entries.flatMap((e) => e.mesh.portNames),
    ...services.flatMap((s) => (run.index.servicePortsByService.get(s) ?? []).flatMap((p) => p.name ?? [])),
  ];
  if (names.includes(d.name)) return;
  const selectors = listOf([...entries.map((e) => describeObject(e.object)), ...services.map((s) => describeObject(s.object))], 'none');
  const declared = listOf(
    names.map((n) => `"${n}"`),
    'no named ports',
  );
  run.report({
    messageId: 'workloadEntryPortName',
    data: { name: d.name, where: describeContext(d), selectors, declared },
    decl: d,
    loc: spanOf(d, 'name'),
  });
}

/**
 * A Sidecar ingress defaultEndpoint port should be a port the selected pods declare: judged as a
 * numeric Service targetPort is (only when every selected port is known and one is declared; a
 * probe, a listen flag or a mounted bind on the port shows the process listens there).
 */
function checkDefaultEndpoint(d: PortDeclaration, selector: Record<string, string> | undefined, run: Run): void {
  const port = portRange(d)?.port;
  if (selector === undefined || Object.keys(selector).length === 0 || !inRange(port) || d.owner.kind !== 'mesh') return;
  const from = d.owner.object;
  const workloads = nearest(
    from,
    filedUnder(run.facts.workloads, byPodLabels, labelKeys(selector)),
    run.builds,
    ownNamespace,
    (w) => sameNamespace(from.namespace, w.namespace) && selects(selector, w.podLabels),
  );
  if (workloads.length === 0) return;
  const ports = servingPorts(run.index, workloads);
  if (ports.length === 0 || ports.some((p) => portRange(p) === undefined)) return;
  if (ports.some((p) => portRange(p)?.port === port)) return;
  if (workloads.some((w) => (run.index.probedPortsByWorkload.get(w) ?? []).some((p) => portRange(p)?.port === port))) return;
  if (workloads.some((w) => w.listenPorts.includes(port))) return;
  const declared = listOf(
    ports.map((p) => formatPort(p)),
    'none',
  );
  run.report({
    messageId: 'defaultEndpointPort',
    data: { port, where: describeContext(d), workloads: workloadList(workloads), declared },
    decl: d,
  });
}
