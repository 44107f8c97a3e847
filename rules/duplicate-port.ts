/**
 * duplicate-port: the same port (and protocol) declared twice where only one can be — in one
 * container, pod, Service, compose service or Dockerfile stage — and host ports that two binds
 * would fight over: compose services publishing one host port on overlapping interfaces,
 * `hostPort`s clashing in one pod, NodePorts reused in one file.
 */
import { createRule, type Report } from '../src/engine/rule.js';
import { roleTitle, formatPort, formatRange, hostIpsOverlap, overlaps } from '../src/engine/ports.js';
import { dirOf, relativePath } from '../src/parsers/compose-files.js';
import {
  describeContext,
  spanOf,
  onHostNetwork,
  portRange,
  protocolName,
  sameProtocol,
  targetRange,
  type PortDeclaration,
} from '../src/model.js';

type MessageId =
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
      'The same port and protocol declared twice in one container, pod, Service, compose service or Dockerfile stage, or one host port bound twice',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'file',
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
      ].join('\n'),
      wrong: ['compose-cases/two-services.yaml', 'k8s/services.yaml', 'Dockerfile'],
      right: ['clean-compose.yaml', 'clean-services.yaml', 'dockerfile/clean.Dockerfile'],
    },
  },

  check(context) {
    // Env values (a `*_PORT` variable, a URL) say where something is, not a port listed twice.
    const declarations = context.declarations.filter((d) => d.source.format !== 'env');
    const { report } = context;
    const r = reporters(report);
    checkKubernetes(
      declarations.filter((d) => d.format === 'kubernetes'),
      r,
    );
    checkCompose(
      declarations.filter((d) => d.format === 'compose'),
      r,
      context.files[0]?.file,
    );
    checkListeners(declarations, r);
    for (const group of groupBy(
      declarations.filter((d) => d.format === 'dockerfile'),
      (d) => d.owner,
    )) {
      r.repeated(group, '');
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
      const firstLine = first.file === d.file ? first.line : `${first.line} of ${relativePath(dirOf(d.file), first.file)}`;
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
