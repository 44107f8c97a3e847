/**
 * duplicate-port: the same port (and protocol) declared twice where only one can be — in one
 * container, pod, Service, compose service or Dockerfile stage — and host ports that two binds
 * would fight over: compose services publishing one host port on overlapping interfaces,
 * `hostPort`s clashing in one pod, NodePorts reused in one file — and Istio Gateway servers that
 * Istio cannot serve together on one gateway workload (the only part that looks across files).
 */
import { createRule, type Report } from '../src/engine/rule.js';
import { roleTitle, formatPort, formatRange, hostIpsOverlap, overlaps } from '../src/engine/ports.js';
import { pathFrom } from '../src/util/paths.js';
import { buildsOf, inScope, selects } from '../src/references.js';
import {
  describeContext,
  spanOf,
  type Facts,
  type GatewayFact,
  type ListenerFact,
  type WorkloadFact,
  onHostNetwork,
  portRange,
  protocolName,
  sameProtocol,
  targetRange,
  type PortDeclaration,
} from '../src/model.js';

type MessageId =
  | 'serverProtocolConflict'
  | 'serverHostConflict'
  | 'listenerConflict'
  | 'duplicate'
  | 'repeat'
  | 'repeatOverlap'
  | 'alias'
  | 'sharedNetwork'
  | 'publishedClash'
  | 'hostPortClash'
  | 'nodePortClash'
  | 'duplicateName';

/** True when two numbered declarations share a port and a protocol. */
function sameSocket(a: PortDeclaration, b: PortDeclaration): boolean {
  const ra = portRange(a);
  const rb = portRange(b);
  return ra !== undefined && rb !== undefined && sameProtocol(a.protocol, b.protocol) && overlaps(ra, rb);
}

/** Declarations grouped by a key, in order; declarations without a key are left out. */
function groupBy(decls: readonly PortDeclaration[], key: (d: PortDeclaration) => unknown): PortDeclaration[][] {
  const groups = new Map<unknown, PortDeclaration[]>();
  for (const d of decls) {
    const k = key(d);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  return [...groups.values()];
}

/** Declarations that carry a usable number. */
/**
 * Earlier declarations indexed for overlap lookups: single ports by protocol and number, ranges in a
 * list (they are few). Keeps a rule linear on files with thousands of ports.
 */
class SocketIndex {
  private readonly singles = new Map<string, { d: PortDeclaration; order: number }[]>();
  private readonly ranges: { d: PortDeclaration; order: number }[] = [];
  private count = 0;

  add(d: PortDeclaration): void {
    const r = portRange(d);
    if (!r) return;
    const entry = { d, order: this.count++ };
    if (r.port !== r.endPort) this.ranges.push(entry);
    else {
      const key = `${protocolName(d.protocol)}:${r.port}`;
      const list = this.singles.get(key);
      if (list) list.push(entry);
      else this.singles.set(key, [entry]);
    }
  }

  /** The earliest added declaration on the same socket as `d` that also passes `accept`. */
  find(d: PortDeclaration, accept: (earlier: PortDeclaration) => boolean = () => true): PortDeclaration | undefined {
    const r = portRange(d);
    if (!r) return undefined;
    let best: { d: PortDeclaration; order: number } | undefined;
    const consider = (e: { d: PortDeclaration; order: number }): void => {
      if ((!best || e.order < best.order) && sameSocket(e.d, d) && accept(e.d)) best = e;
    };
    if (r.port === r.endPort) for (const e of this.singles.get(`${protocolName(d.protocol)}:${r.port}`) ?? []) consider(e);
    else for (const list of this.singles.values()) for (const e of list) consider(e);
    for (const e of this.ranges) consider(e);
    return best?.d;
  }
}

function numbered(d: PortDeclaration): boolean {
  return d.value.kind === 'port';
}

/** A numbered declaration's first port (callers check `numbered`). */
function firstPort(d: PortDeclaration): number {
  return portRange(d)?.port ?? Number.NaN;
}

/** The pod container that declares a Kubernetes port, when it is one. */
function podContainerOf(d: PortDeclaration) {
  return d.owner.kind === 'podContainer' ? d.owner : undefined;
}

/** The name of the container that declares a port (`undefined` for none or an unnamed one). */
function containerOf(d: PortDeclaration): string | undefined {
  return podContainerOf(d)?.container.name || undefined;
}

/** The compose service that declares a port. */
function composeServiceOf(d: PortDeclaration): string | undefined {
  return d.owner.kind === 'composeService' ? d.owner.service.name : undefined;
}

/** The Kubernetes object (workload or Service) that declares a port, by identity. */
function objectOf(d: PortDeclaration): object | undefined {
  if (d.owner.kind === 'podContainer') return d.owner.workload;
  if (d.owner.kind === 'service') return d.owner.service;
  return undefined;
}

/**
 * A compose host range published for a single container port (`"8000-8010:80"`) asks Docker to
 * pick one free port of the range: it clashes with nothing.
 */
function picksOnePort(d: PortDeclaration): boolean {
  const own = portRange(d);
  const target = targetRange(d);
  return own !== undefined && own.endPort !== own.port && target !== undefined && target.endPort === target.port;
}

function containerName(d: PortDeclaration): string {
  const name = containerOf(d);
  return name !== undefined ? `container "${name}"` : 'an unnamed container';
}

/** `on 127.0.0.1`, or nothing for every interface. */
function onInterface(d: PortDeclaration): string {
  return d.hostIp !== undefined && d.hostIp !== '' ? ` on ${d.hostIp}` : '';
}

export default createRule<Record<string, never>, MessageId>({
  meta: {
    id: 'duplicate-port',
    description:
      'The same port and protocol declared twice in one container, pod, Service, compose service or Dockerfile stage, one host port bound twice, or Gateway listeners and Istio servers that cannot share a port',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'correctness',
    // Project scope for Istio Gateways in different files that configure one gateway; every other check is per file.
    scope: 'project',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    // A repeat that harms nothing by itself is a warning, whatever the rule's severity.
    warnOnly: ['repeat', 'repeatOverlap', 'alias'],
    messages: {
      duplicate: '{{what}} {{port}} of {{where}} is already declared on line {{firstLine}}. Remove the repeated entry{{why}}.',
      repeat: '{{what}} {{port}} of {{where}} repeats line {{firstLine}}. Remove the repeated entry.',
      repeatOverlap:
        '{{what}} {{port}} of {{where}} overlaps {{first}} on line {{firstLine}}, so {{both}} is listed twice. Remove the overlap.',
      alias:
        'Container port {{port}} of {{where}} is declared again as "{{name}}" (first as "{{firstName}}" on line {{firstLine}}). Remove this entry and use "{{firstName}}".',
      sharedNetwork:
        "Container port {{port}} of {{where}} is also declared by {{other}} on line {{firstLine}}, and a pod's containers share one network. Move one of them to another port.",
      publishedClash:
        '{{what}} {{port}}{{ip}} of {{where}} is already bound on the host by {{other}} on line {{firstLine}}. Publish one of them on another host port or host IP.',
      hostPortClash:
        'Host port {{port}}{{ip}} of {{where}} is already taken by {{other}} on line {{firstLine}}. Use another hostPort for one of them.',
      nodePortClash:
        'NodePort {{port}} of {{where}} is already used by {{other}} on line {{firstLine}}, and NodePorts are cluster-wide. Choose another nodePort, or leave it out.',
      duplicateName: 'Port name "{{name}}" is used twice in {{where}} (first on line {{firstLine}}). Give each port its own name.',
      listenerConflict:
        'Port {{port}} of {{where}} conflicts with listener "{{first}}" on line {{firstLine}} ({{protocol}}{{host}}), so neither is served. Give one another port{{orHostname}}.',
      serverProtocolConflict:
        'Port {{port}} ({{protocol}}) of {{where}} is taken on the same pods by {{other}} ({{otherProtocol}}, {{at}}): Istio serves one. Use another port.',
      serverHostConflict:
        'TLS host "{{host}}" on port {{port}} of {{where}} is also in {{other}} ({{at}}): Istio serves one. Keep it in one server.',
    },
    docs: {
      rationale: [
        'A port listed twice is at best noise and at worst a failed deployment. Kubernetes rejects a Service with two ports of',
        'the same number and protocol, two ports of the same name, or a pod whose containers bind one `hostPort` twice; two',
        'containers of one pod share a network namespace, so only one can listen on a port. Compose refuses to start the',
        'second of two services that publish one host port on overlapping interfaces (`0.0.0.0`, unset and `::` overlap',
        'everything; `127.0.0.1` and `127.0.0.2` do not); a service with `network_mode: host` listens on the host itself, at the',
        'single container ports of its `ports:`. NodePorts are cluster-wide, so two Services in one file cannot share one. A',
        'repeated `expose:` or `EXPOSE` usually hides a typo — the port that was meant is missing — and a container port',
        'declared twice under two names draws a Kubernetes warning.',
        '',
        '**Severity.** A real clash is an error: two services on one host port, two containers of one pod on one port, a',
        'Service or NodePort the API rejects. An exact repeat that harms nothing by itself (`EXPOSE 80 443` written twice, one',
        '`containerPort` or `expose:` item listed twice, one container port under two names) is a warning, whatever the',
        "rule's severity: it is untidy, and may hide a typo, but the container runs as before.",
        '',
        'Compose services in different `profiles` (no profile in common, both with profiles) are alternatives started one',
        'at a time (`--profile cpu` or `--profile gpu`), so their host ports do not clash; a service without `profiles` is',
        'always started and clashes with any.',
        '',
        'A compose file that `include:`s others is one project with them: a host port of its own that a service of an',
        'included file already binds is a clash (reported on the including file, naming the other file). Services of two',
        'different included files are not compared: such sub-projects are often alternatives started one by one',
        '(`docker compose up nginx mysql`), which compose cannot be told without `profiles`.',
        '',
        'Only real conflicts are reported: TCP and UDP on one number are different ports, one container port published on two',
        'host ports (`"8080:80"` and `"8081:80"`) is legal, ports Docker picks (no published port, or a host range for one',
        'container port) never clash, two Services may share a `port`, and values from unset variables are skipped. Ranges',
        'count every port inside them. The second occurrence is reported, with the line of the first.',
        '',
        'The listeners of a Gateway API `Gateway` must be distinct: HTTP, HTTPS and TLS listeners by port, protocol and',
        '`hostname` (none counts as one value of its own), TCP and UDP listeners by port and protocol alone, since their',
        'hostname is not matched. Listeners that are not distinct are marked `Conflicted` and not served; listener names must be',
        'unique too.',
        '',
        'Istio merges the servers of every `Gateway` that selects one gateway workload (`spec.selector`, across',
        'namespaces) into one set of listeners, reading the Gateways oldest first, and skips a server it cannot merge',
        '(istiod logs "skipping server on gateway … conflict with existing server"). On one port (and `bind`), plaintext',
        'HTTP servers (`HTTP`, `HTTP2`, `GRPC`) merge, and TLS servers (`HTTPS`, `TLS` with `tls` settings) share it by SNI',
        'host; anything else cannot share a port: a `TCP` (or `MONGO`, `REDIS`, …) server beside any other, or plaintext',
        'HTTP beside TLS. Two servers with `tls` settings on one port that list the same host are skipped too, since Envoy',
        'cannot have two filter chains with one SNI match (hosts are compared as written: `*.example.com` and',
        '`shop.example.com` are told apart, the more specific one winning). Gateways meet when their selectors are equal',
        '(or both select one workload of the run) and each is in the nearest scope of the other: the same file, else the',
        'same folder, else one kustomize build or one namespace nearby, as references are resolved. Within one Gateway,',
        'server port names must be unique (the API rejects it), and so must the port numbers and names of a ServiceEntry and',
        'the port numbers of the ingress (and of the egress) listeners of a Sidecar.',
      ].join('\n'),
      wrong: ['compose-cases/two-services.yaml', 'k8s/services.yaml', 'Dockerfile', 'istio/tcp-gateway.yaml'],
      right: ['clean-compose.yaml', 'clean-services.yaml', 'dockerfile/clean.Dockerfile', 'istio/eastwest-gateway.yaml'],
    },
  },

  check(context) {
    // Env values (a `*_PORT` variable, a URL) say where something is, not a port listed twice.
    const all = context.declarations.filter((d) => d.source.format !== 'env');
    const { report } = context;
    const r = reporters(report);
    // Each parse on its own (a compose file with the files it includes), as the file-scope checks were.
    for (const file of context.files) {
      const declarations = file.declarations.filter((d) => d.source.format !== 'env');
      // Every finding of these checks is about two declarations.
      if (declarations.length < 2) continue;
      checkKubernetes(
        declarations.filter((d) => d.format === 'kubernetes'),
        r,
      );
      checkCompose(
        declarations.filter((d) => d.format === 'compose'),
        r,
        file.file,
      );
      checkListeners(declarations, r);
      for (const group of groupBy(
        declarations.filter((d) => d.format === 'dockerfile'),
        (d) => d.owner,
      )) {
        r.repeated(group, '');
      }
    }
    checkIstioServers(all, context.facts, r);
    // A ServiceEntry's ports, and the listeners of a Sidecar's ingress or egress: istio's validation rejects a repeated number (or name).
    const meshPorts = (field: string): PortDeclaration[] =>
      all.filter((d) => d.owner.kind === 'mesh' && d.source.format === 'kubernetes' && d.source.field === field);
    const byMesh = (d: PortDeclaration): object | undefined => (d.owner.kind === 'mesh' ? d.owner.mesh : undefined);
    for (const group of groupBy(meshPorts('serviceEntryPort'), byMesh)) {
      r.repeated(group, ': Istio rejects a ServiceEntry with two ports of one number');
      r.repeatedNames(group);
    }
    for (const group of groupBy(meshPorts('sidecarPort'), byMesh)) {
      r.repeated(group, ': Istio rejects a Sidecar whose ingress (or egress) listeners repeat a port');
    }
  },
});

type ReportFn = (report: Report<MessageId>) => void;

interface Reporters {
  report: ReportFn;
  /** Report each declaration that repeats an earlier one of its group (same port and protocol); `skip` exempts some. */
  repeated(group: readonly PortDeclaration[], why: string, skip?: (d: PortDeclaration) => boolean): void;
  /** Report each port name that repeats an earlier one of its group. */
  repeatedNames(group: readonly PortDeclaration[]): void;
}

function reporters(report: ReportFn): Reporters {
  const repeatOf = (d: PortDeclaration, first: PortDeclaration, why: string): void => {
    if (d.role === 'container' && d.format === 'kubernetes' && first.name !== undefined && d.name !== undefined && first.name !== d.name) {
      report({
        messageId: 'alias',
        data: { port: formatPort(d), where: describeContext(d), firstLine: first.line, name: d.name, firstName: first.name },
        decl: d,
      });
      return;
    }
    const data = { what: roleTitle(d), port: formatPort(d), where: describeContext(d), firstLine: first.line, why };
    // Without a reason the API rejects it, a repeat harms nothing by itself: a warning.
    const harmless = why === '';
    if (formatPort(first) === formatPort(d)) {
      if (harmless) report({ messageId: 'repeat', data, decl: d });
      else report({ messageId: 'duplicate', data, decl: d });
      return;
    }
    const a = portRange(first)!;
    const b = portRange(d)!;
    const both = formatRange({ port: Math.max(a.port, b.port), endPort: Math.min(a.endPort, b.endPort) }, d.protocol);
    // Only Dockerfile and compose ports have ranges, and their repeats are all harmless.
    report({ messageId: 'repeatOverlap', data: { ...data, first: formatPort(first), both }, decl: d });
  };
  return {
    report,
    repeated(group, why, skip = () => false) {
      const seen = new SocketIndex();
      for (const d of group) {
        if (!numbered(d) || skip(d)) continue;
        const first = seen.find(d);
        if (first) repeatOf(d, first, why);
        else seen.add(d);
      }
    },
    repeatedNames(group) {
      const firstByName = new Map<string, PortDeclaration>();
      for (const d of group) {
        if (d.name === undefined) continue;
        const first = firstByName.get(d.name);
        if (first)
          report({
            messageId: 'duplicateName',
            data: { name: d.name, where: describeContext(d), firstLine: spanOf(first, 'name').line },
            decl: d,
            loc: spanOf(d, 'name'),
          });
        else firstByName.set(d.name, d);
      }
    },
  };
}

/** The container a Kubernetes port belongs to, by identity. */
function containerKey(d: PortDeclaration): object | undefined {
  return podContainerOf(d)?.container;
}

/** Containers, pods (shared network, host ports) and Services of Kubernetes objects. */
function checkKubernetes(k8s: readonly PortDeclaration[], r: Reporters): void {
  const byRole = (role: PortDeclaration['role']): PortDeclaration[] => k8s.filter((d) => d.role === role);
  const containerPorts = byRole('container');
  const hostPorts = byRole('host').filter((d) => numbered(d) && firstPort(d) !== 0);
  for (const group of groupBy(containerPorts, containerKey)) {
    r.repeated(group, '', (d) =>
      publishedTwice(
        d,
        hostPorts.filter((h) => containerKey(h) === containerKey(d)),
      ),
    );
    r.repeatedNames(group);
  }
  checkSharedNetwork(containerPorts, r.report);
  for (const group of groupBy(hostPorts, objectOf)) {
    firstClashes(
      group,
      (s, d) => hostIpsOverlap(s.hostIp, d.hostIp),
      (d, first) => {
        const other = containerOf(first) === containerOf(d) ? 'the same container' : containerName(first);
        r.report({
          messageId: 'hostPortClash',
          data: { port: formatPort(d), ip: onInterface(d), where: describeContext(d), other, firstLine: first.line },
          decl: d,
        });
      },
    );
  }
  for (const group of groupBy(byRole('service'), objectOf)) {
    r.repeated(group, ': the API rejects a Service with two ports of the same number and protocol');
    r.repeatedNames(group);
  }
  const nodePorts = byRole('nodePort').filter((d) => numbered(d) && firstPort(d) !== 0);
  for (const group of groupBy(nodePorts, objectOf)) r.repeated(group, ': the API rejects it');
  // Across Services: one NodePort per Service is enough to compare (repeats inside one were reported above).
  const firstPerService = nodePorts.filter((d, i) => !nodePorts.slice(0, i).some((s) => objectOf(s) === objectOf(d) && sameSocket(s, d)));
  firstClashes(
    firstPerService,
    (s, d) => objectOf(s) !== objectOf(d),
    (d, first) =>
      r.report({
        messageId: 'nodePortClash',
        data: { port: formatPort(d), where: describeContext(d), other: describeContext(first), firstLine: first.line },
        decl: d,
      }),
  );
}

/** Protocols whose listeners are told apart by hostname too (Gateway API `HTTP`, `HTTPS`, `TLS`). */
const HOSTNAME_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS']);

/** Gateway API listeners of one Gateway that are not distinct (same port, protocol and, where it counts, hostname). */
function checkListeners(decls: readonly PortDeclaration[], r: Reporters): void {
  const listeners = decls.filter((d) => d.owner.kind === 'listener' && d.owner.gateway.api === 'gateway-api' && d.role === 'listener');
  for (const group of groupBy(listeners, (d) => (d.owner.kind === 'listener' ? d.owner.gateway : undefined))) {
    r.repeatedNames(group);
    const first = new Map<string, PortDeclaration>();
    for (const d of group) {
      const range = portRange(d);
      if (d.owner.kind !== 'listener' || !range) continue;
      const protocol = d.owner.listener.protocol.toUpperCase();
      const byHost = HOSTNAME_PROTOCOLS.has(protocol);
      const hostname = byHost ? (d.owner.listener.hostname ?? '') : '';
      const key = `${range.port}|${protocol}|${hostname}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, d);
        continue;
      }
      const host = !byHost ? '; hostname is not matched for TCP or UDP' : hostname ? ` for hostname ${hostname}` : ', no hostname';
      const orHostname = byHost ? ' or hostname' : '';
      const name = earlier.owner.kind === 'listener' ? (earlier.owner.listener.name ?? '(unnamed)') : '';
      r.report({
        messageId: 'listenerConflict',
        data: { port: formatPort(d), where: describeContext(d), first: name, firstLine: earlier.line, protocol, host, orHostname },
        decl: d,
      });
    }
  }
}

/** The regular containers of one pod share its network: two of them cannot listen on one port. */
function checkSharedNetwork(containerPorts: readonly PortDeclaration[], report: ReportFn): void {
  for (const group of groupBy(containerPorts, (d) => (podContainerOf(d)?.container.kind === 'containers' ? objectOf(d) : undefined))) {
    const seen = new SocketIndex();
    for (const d of group) {
      if (!numbered(d)) continue;
      const other = seen.find(d, (s) => containerOf(s) !== containerOf(d));
      if (other)
        report({
          messageId: 'sharedNetwork',
          data: { port: formatPort(d), where: describeContext(d), other: containerName(other), firstLine: other.line },
          decl: d,
        });
      if (!seen.find(d, (s) => containerOf(s) === containerOf(d))) seen.add(d);
    }
  }
}

/**
 * Compose: a repeated `expose:` item in one service, and host ports bound twice in the file —
 * by published ports, or by `network_mode: host` services, which listen on the host itself at
 * the single container ports of their `ports:` (whose published ports and host IPs are ignored).
 */
function checkCompose(compose: readonly PortDeclaration[], r: Reporters, root: string | undefined): void {
  const isExpose = (d: PortDeclaration): boolean => d.source.format === 'compose' && d.source.field === 'expose';
  for (const group of groupBy(compose, (d) => (d.role === 'container' && isExpose(d) ? composeServiceOf(d) : undefined))) {
    r.repeated(group, '');
  }
  const onHost = (d: PortDeclaration): boolean => onHostNetwork(d.owner);
  // On the host network a range is a pool the server may use, not ports it holds: only single ports count there.
  const listensOnHost = (d: PortDeclaration): boolean => {
    const own = portRange(d);
    return d.role === 'container' && !isExpose(d) && own !== undefined && own.endPort === own.port;
  };
  const binds = compose
    .filter((d) => numbered(d) && (onHost(d) ? listensOnHost(d) : d.role === 'host' && firstPort(d) !== 0 && !picksOnePort(d)))
    .map((d) => (onHost(d) ? withoutHostIp(d) : d));
  const label = (d: PortDeclaration): string => describeContext(d) + (onHost(d) ? ' (network_mode: host)' : '');
  firstClashes(
    binds,
    (s, d) => hostIpsOverlap(s.hostIp, d.hostIp) && startedTogether(s, d) && sameProject(s, d, root),
    (d, first) => {
      const other = composeServiceOf(first) === composeServiceOf(d) ? 'the same service' : label(first);
      // A service of a file this one includes (compose `include:`) is in another file: name it.
      const firstLine = first.file === d.file ? first.line : `${first.line} of ${pathFrom(d.file, first.file)}`;
      const data = { what: roleTitle(d), port: formatPort(d), ip: onInterface(d), where: label(d), other, firstLine };
      r.report({ messageId: 'publishedClash', data, decl: d });
    },
  );
}

/** Call `onClash(d, first)` for each declaration whose socket an earlier one already took (when `clashes` agrees). */
function firstClashes(
  decls: readonly PortDeclaration[],
  clashes: (earlier: PortDeclaration, d: PortDeclaration) => boolean,
  onClash: (d: PortDeclaration, first: PortDeclaration) => void,
): void {
  const seen = new SocketIndex();
  for (const d of decls) {
    const first = seen.find(d, (s) => clashes(s, d));
    if (first) onClash(d, first);
    else seen.add(d);
  }
}

/**
 * True when a Kubernetes container port is forwarded from two different host ports — one port
 * published twice, which is legal — rather than listed twice.
 */
function publishedTwice(d: PortDeclaration, hostPorts: readonly PortDeclaration[]): boolean {
  const port = portRange(d)?.port;
  const from = new Set(
    hostPorts
      .filter((h) => targetRange(h)?.port === port && sameProtocol(h.protocol, d.protocol))
      .map((h) => `${h.hostIp ?? ''}:${firstPort(h)}`),
  );
  return from.size > 1;
}

/**
 * Whether two compose services can run at once: a service without `profiles` always starts; two
 * with profiles but none in common are alternatives (`--profile cpu` or `--profile gpu`).
 */
function startedTogether(a: PortDeclaration, b: PortDeclaration): boolean {
  const pa = a.owner.kind === 'composeService' ? a.owner.service.profiles : undefined;
  const pb = b.owner.kind === 'composeService' ? b.owner.service.profiles : undefined;
  if (pa === undefined || pb === undefined) return true;
  return pa.some((p) => pb.includes(p));
}

/**
 * Whether two compose ports are compared: in one file, or one in the linted file and one in a file
 * it `include:`s. Two files it includes are sub-projects that are often alternatives, started one
 * by one (`docker compose up nginx mysql` in a catalogue such as laradock's).
 */
function sameProject(a: PortDeclaration, b: PortDeclaration, root: string | undefined): boolean {
  return a.file === b.file || a.file === root || b.file === root;
}

/** A compose port on the host network: its host IP is ignored there. */
function withoutHostIp(d: PortDeclaration): PortDeclaration {
  const { hostIp: _hostIp, ...rest } = d;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Istio Gateway servers: istio's mergeGateways (pilot/pkg/model/gateway.go)

/** Protocols istio treats as HTTP (`protocol.Instance.IsHTTP`): plaintext servers of these merge on one port. */
const ISTIO_HTTP = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB']);

/**
 * How istio can share a port with a server: `http`, plaintext HTTP (merged with other HTTP
 * servers); `tls`, a server with TLS settings that is not HTTP (`IsTLSServer`: told apart by SNI
 * from other TLS servers); `opaque`, any other plaintext server (TCP, MONGO, …), which shares
 * its port with nothing.
 */
function serverClass(l: ListenerFact): 'http' | 'tls' | 'opaque' {
  const http = ISTIO_HTTP.has(l.protocol.toUpperCase());
  if (http) return 'http';
  return l.tlsSettings ? 'tls' : 'opaque';
}

/** A host as istio compares it (`sanitizeServerHostNamespace`): `./h` is `<ns>/h`, `*\/h` is `h`. */
function sanitizedHosts(g: GatewayFact, l: ListenerFact): string[] {
  const hosts = l.hosts.map((h) => {
    const [ns, host] = h.includes('/') ? [h.slice(0, h.indexOf('/')), h.slice(h.indexOf('/') + 1)] : [undefined, h];
    if (ns === '.') return `${g.object.namespace ?? ''}/${host}`;
    if (ns === '*') return host;
    return h;
  });
  return hosts.includes('*/*') ? ['*'] : hosts;
}

/**
 * Which Istio Gateways meet: those configuring the same gateway pods (equal selectors, or a
 * workload of the run both select) where each is in the nearest scope of the other. Computed
 * lazily, per Gateway that shares a port with another, so large runs stay near linear.
 */
class GatewayMeetings {
  private readonly keys = new Map<GatewayFact, string>();
  private readonly selectedBy = new Map<string, Set<WorkloadFact>>();
  /** `samePods` by pair of selector keys: a run has few distinct selectors. */
  private readonly pairs = new Map<string, boolean>();
  private readonly peers = new Map<GatewayFact, Set<GatewayFact>>();

  constructor(
    private readonly gateways: readonly GatewayFact[],
    private readonly facts: Facts,
  ) {}

  private key(g: GatewayFact): string {
    let key = this.keys.get(g);
    if (key === undefined) this.keys.set(g, (key = JSON.stringify(Object.entries(g.selector ?? {}).sort())));
    return key;
  }

  private selected(g: GatewayFact): Set<WorkloadFact> {
    const key = this.key(g);
    let set = this.selectedBy.get(key);
    if (!set) this.selectedBy.set(key, (set = new Set(this.facts.workloads.filter((w) => selects(g.selector ?? {}, w.podLabels)))));
    return set;
  }

  /** Equal selectors, or a workload of the run that both select. */
  samePods(a: GatewayFact, b: GatewayFact): boolean {
    const ka = this.key(a);
    const kb = this.key(b);
    if (ka === kb) return true;
    const pair = ka < kb ? `${ka}\n${kb}` : `${kb}\n${ka}`;
    let same = this.pairs.get(pair);
    if (same === undefined) {
      const [small, large] = [this.selected(a), this.selected(b)].sort((x, y) => x.size - y.size) as [Set<WorkloadFact>, Set<WorkloadFact>];
      same = [...small].some((w) => large.has(w));
      this.pairs.set(pair, same);
    }
    return same;
  }

  private peersOf(g: GatewayFact): Set<GatewayFact> {
    let set = this.peers.get(g);
    if (!set) {
      const peers = inScope(g, this.gateways, buildsOf(this.facts), (h) => h !== g && this.samePods(g, h));
      this.peers.set(g, (set = new Set(peers)));
    }
    return set;
  }

  meet(a: GatewayFact, b: GatewayFact): boolean {
    return a === b || (this.peersOf(a).has(b) && this.peersOf(b).has(a));
  }
}

/**
 * Servers of Istio Gateways on one gateway workload that istio cannot serve together: by port
 * (and bind), a plaintext server beside one it cannot merge with, and two servers with TLS
 * settings listing the same host. Each server is compared with the earlier ones istio kept (the
 * first of a conflict is kept, as istio keeps the older Gateway's); port names must be unique in
 * one Gateway.
 */
function checkIstioServers(decls: readonly PortDeclaration[], facts: Facts, r: Reporters): void {
  const servers = decls.filter((d) => d.owner.kind === 'listener' && d.owner.gateway.api === 'istio' && d.role === 'listener');
  if (servers.length === 0) return;
  for (const group of groupBy(servers, (d) => (d.owner.kind === 'listener' ? d.owner.gateway : undefined))) r.repeatedNames(group);
  const meetings = new GatewayMeetings([...new Set(servers.flatMap((d) => (d.owner.kind === 'listener' ? [d.owner.gateway] : [])))], facts);
  type Kept = { d: PortDeclaration; gateway: GatewayFact; server: ListenerFact };
  // The servers istio kept, by port and bind: only those can conflict.
  const kept = new Map<string, Kept[]>();
  for (const d of servers) {
    const range = portRange(d);
    if (d.owner.kind !== 'listener' || !range) continue;
    const { gateway, listener: server } = d.owner;
    const hosts = sanitizedHosts(gateway, server);
    const slot = `${range.port}|${server.bind ?? ''}`;
    let conflict: { first: Kept; host?: string } | undefined;
    for (const k of kept.get(slot) ?? []) {
      if (!meetings.meet(k.gateway, gateway) || sameObject(k.gateway, gateway)) continue;
      const a = serverClass(k.server);
      const b = serverClass(server);
      if (a === 'opaque' || b === 'opaque' || a !== b) {
        conflict = { first: k };
        break;
      }
      if (k.server.tlsSettings && server.tlsSettings) {
        const known = new Set(sanitizedHosts(k.gateway, k.server));
        const host = hosts.find((h) => known.has(h));
        if (host !== undefined) {
          conflict = { first: k, host };
          break;
        }
      }
    }
    if (!conflict) {
      const list = kept.get(slot);
      if (list) list.push({ d, gateway, server });
      else kept.set(slot, [{ d, gateway, server }]);
      continue;
    }
    const first = conflict.first;
    const data = {
      port: formatPort(d),
      protocol: server.protocol.toUpperCase() || 'no protocol',
      otherProtocol: first.server.protocol.toUpperCase() || 'no protocol',
      where: describeContext(d),
      other: describeContext(first.d),
      at: first.d.file === d.file ? `on line ${first.d.line}` : `in ${pathFrom(d.file, first.d.file)}:${first.d.line}`,
    };
    if (conflict.host !== undefined) r.report({ messageId: 'serverHostConflict', data: { ...data, host: conflict.host }, decl: d });
    else r.report({ messageId: 'serverProtocolConflict', data, decl: d });
  }
}

/**
 * Two Gateways written as one object (the same namespace and name, in another file or apiVersion:
 * `networking.istio.io/v1beta1` and `v1`): applying one replaces the other, so they never serve together.
 */
function sameObject(a: GatewayFact, b: GatewayFact): boolean {
  return a !== b && a.object.name !== undefined && a.object.name === b.object.name && a.object.namespace === b.object.namespace;
}
