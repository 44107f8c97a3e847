/**
 * exposed-sensitive-port: remote-admin and data-store ports (SSH, RDP, VNC, the Docker daemon,
 * etcd, the kubelet, databases, caches) made reachable from beyond the host or cluster — a
 * compose port published on a non-loopback interface, a NodePort or LoadBalancer Service, a
 * `hostPort`, a host-network pod or service, or a Dockerfile `EXPOSE` of SSH or the Docker API.
 */
import { createRule } from '../../src/engine/rule.js';
import { portRows, serviceAt, serviceOfImage, servicesOfImage } from '../../src/knowledge/services.js';
import { roleTitle, formatPort, formatRange, isLoopback, joinRuns, loopbackMapping } from '../../src/engine/ports.js';
import { describePath, exposureModel, type ExposureModel, hostPortReach, REACH_WORDS, serviceReach } from '../../src/exposure/index.js';
import { entryExposures } from './entry-points.js';

import {
  describeContext,
  onHostNetwork,
  ownerImage,
  portRange,
  protocolName,
  targetRange,
  type PortDeclaration,
  type PortRange,
} from '../../src/model.js';

/** One entry of the sensitive-port list. */
export interface SensitivePort {
  port: number;
  endPort?: number;
  /** Only this protocol; every protocol when left out. */
  protocol?: 'tcp' | 'udp' | 'sctp';
  service: string;
}

interface Options {
  ports: SensitivePort[];
  dockerfilePorts: number[];
}

type MessageId =
  | 'internal'
  | 'published'
  | 'publishedFromVariable'
  | 'composeHostNetwork'
  | 'service'
  | 'serviceExternalIPs'
  | 'hostPort'
  | 'podHostNetwork'
  | 'dockerfile'
  | 'gatewayListener'
  | 'gatewayRoute'
  | 'ingressRoute'
  | 'openshiftRoute'
  | 'networkPolicy';

/** The default list: the knowledge base's sensitive services (remote administration, cluster control planes, data stores with weak or no default auth), in port order. */
export const DEFAULT_SENSITIVE_PORTS: readonly SensitivePort[] = portRows((s) => s.sensitive === true).map(
  ({ service, port, endPort, transport }) => ({
    port,
    ...(endPort !== undefined ? { endPort } : {}),
    ...(transport !== 'any' ? { protocol: transport } : {}),
    service: service.phrase ?? service.name,
  }),
);

/** A sensitive service found inside a port range: `SSH (22)`. */
interface Hit {
  service: string;
  ports: PortRange;
}

/** The sensitive services whose ports fall in `range` for `protocol`. */
function hitsIn(list: readonly SensitivePort[], range: PortRange, protocol: string): Hit[] {
  const out: Hit[] = [];
  for (const s of list) {
    if (s.protocol !== undefined && s.protocol !== protocol) continue;
    const from = Math.max(s.port, range.port);
    const to = Math.min(s.endPort ?? s.port, range.endPort);
    if (from <= to) out.push({ service: s.service, ports: { port: from, endPort: to } });
  }
  return out;
}

/** `A`, `A and B`, `A, B, C and 2 more`. */
function joinNames(names: readonly string[]): string {
  if (names.length <= 3) return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** `SSH` and `22`; `VNC and SSH` and `5900-5909, 22`, for messages. */
function describeHits(hits: readonly Hit[]): { services: string; ports: string } {
  return {
    services: joinNames([...new Set(hits.map((h) => h.service))]),
    ports: hits.map((h) => formatRange(h.ports)).join(', '),
  };
}

/** What to do about a Dockerfile EXPOSE, by what it exposes. */
function dockerfileAdvice(hits: readonly Hit[]): string {
  const advice: string[] = [];
  if (hits.some((h) => h.ports.port <= 22 && 22 <= h.ports.endPort)) {
    advice.push('use "docker exec" instead of SSH, or publish 22 deliberately ("-p 127.0.0.1:2222:22")');
  }
  if (hits.some((h) => h.ports.port <= 2375 && 2375 <= h.ports.endPort))
    advice.push('serve the Docker API only over TLS, on loopback or a socket');
  return advice.length > 0 ? `Remove it: ${advice.join('; ')}.` : 'Remove it, and publish the port explicitly where it is needed.';
}

/** How a declaration is reachable: which message, which ports identify the service, extra message data. */
interface Exposure {
  messageId: Exclude<MessageId, 'dockerfile'>;
  identity: PortRange;
  /** Judged by this when `identity` hits nothing: a Service's own port behind a named targetPort. */
  fallback?: PortRange;
  data: Record<string, string>;
  /** The path is known to stay on private networks (`Reach.internal`): reported as `internal`, a warning. */
  internal?: boolean;
}

/**
 * Compose: a published port not bound to loopback, judged by its target; on a `network_mode:
 * host` service, the container ports of `ports:` themselves (published ports and host IPs are
 * ignored there). `expose:` never.
 */
function composeExposure(d: PortDeclaration, own: PortRange, hostNetwork: boolean, model: ExposureModel): Exposure | undefined {
  if (hostNetwork) {
    const expose = d.source.format === 'compose' && d.source.field === 'expose';
    const path = model.reachOf(d)?.path ?? 'network_mode: host';
    return d.role === 'container' && !expose
      ? { messageId: 'composeHostNetwork', identity: own, data: { what: roleTitle(d), path } }
      : undefined;
  }
  const target = targetRange(d);
  if (d.role !== 'host' || !target || isLoopback(d.hostIp)) return undefined;
  const path = model.reachOf(d)?.path ?? 'every interface';
  // `"6379"` alone: Docker picks a free host port.
  const as = portRange(d)?.port === 0 ? 'on a free host port,' : `as ${formatPort(d)}`;
  return { messageId: 'published', identity: target, data: { fix: loopbackMapping(d), path, as } };
}

/**
 * Kubernetes: a port of a NodePort or LoadBalancer Service (judged by its numeric targetPort,
 * else its port), a hostPort not bound to loopback (judged by its container port), and the
 * container ports of a hostNetwork pod.
 */
function kubernetesExposure(d: PortDeclaration, own: PortRange, hostNetwork: boolean, model: ExposureModel): Exposure | undefined {
  const type = d.owner.kind === 'service' ? d.owner.service.type : undefined;
  const externalIPs = d.owner.kind === 'service' && type !== 'ExternalName' ? (d.owner.service.externalIPs ?? []) : [];
  if (d.role === 'service' && d.owner.kind === 'service' && (type === 'NodePort' || type === 'LoadBalancer' || externalIPs.length > 0)) {
    const t = targetRange(d);
    // A named targetPort is the container port of that name on the pods it selects, wherever they are written.
    const named = d.target?.kind === 'name' ? model.containerPortsOf(d).flatMap((c) => portRange(c) ?? []) : [];
    const target = t !== undefined && t.port > 0 ? { port: t.port, endPort: t.port } : (named[0] ?? own);
    const fallback = named.length > 0 ? { fallback: own } : {};
    const reach = serviceReach(d.owner.service);
    const process = model.processOf(d.owner.service, d.file);
    if (externalIPs.length > 0) {
      const fix = type === 'NodePort' || type === 'LoadBalancer' ? 'Remove externalIPs and use type ClusterIP.' : 'Remove externalIPs.';
      return {
        messageId: 'serviceExternalIPs',
        identity: target,
        ...fallback,
        data: { reach: REACH_WORDS[reach.scope], process, path: describePath(reach, d.file), fix },
        internal: reach.internal === true,
      };
    }
    return {
      messageId: 'service',
      identity: target,
      ...fallback,
      data: { reach: REACH_WORDS[reach.scope], process, path: describePath(reach, d.file) },
      internal: reach.internal === true,
    };
  }
  if (d.role === 'host' && !hostNetwork && own.port !== 0 && !isLoopback(d.hostIp)) {
    const path = hostPortReach(d)?.path ?? `hostPort ${formatPort(d)}`;
    return { messageId: 'hostPort', identity: targetRange(d) ?? own, data: { path } };
  }
  const ephemeral = d.owner.kind === 'podContainer' && d.owner.container.kind === 'ephemeralContainers';
  if (d.role === 'container' && hostNetwork && !ephemeral) {
    return { messageId: 'podHostNetwork', identity: own, data: { path: model.reachOf(d)?.path ?? 'every node IP (hostNetwork)' } };
  }
  return undefined;
}

const PORT_SCHEMA = {
  type: 'object',
  properties: {
    port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The port, or the first port of a range.' },
    endPort: { type: 'integer', minimum: 1, maximum: 65535, description: 'The last port of a range.' },
    protocol: { enum: ['tcp', 'udp', 'sctp'], description: 'Only this protocol (every protocol when left out).' },
    service: { type: 'string', minLength: 1, description: 'What listens there, for messages (e.g. "PostgreSQL").' },
  },
  required: ['port', 'service'],
  additionalProperties: false,
};

export default createRule<Options, MessageId>({
  meta: {
    id: 'exposed-sensitive-port',
    description:
      'Remote-admin and data-store ports (SSH, RDP, the Docker API, etcd, databases, caches) reachable from beyond the host or cluster',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'security',
    scope: 'project',
    schema: {
      type: 'object',
      properties: {
        ports: {
          type: 'array',
          items: PORT_SCHEMA,
          description:
            'The sensitive ports: `{ port, endPort?, protocol?, service }` each. Setting it replaces the default list (SSH, SMB, SQL Server, Oracle, ZooKeeper, the Docker API, etcd, MySQL, RDP, PostgreSQL, VNC, CouchDB, WinRM, Redis, Cassandra, Elasticsearch, the kubelet, Memcached, MongoDB).',
        },
        dockerfilePorts: {
          type: 'array',
          items: { type: 'integer', minimum: 1, maximum: 65535 },
          description:
            'The ports reported when a Dockerfile `EXPOSE`s them (an image advertising them is almost always a mistake); the service name and protocol come from `ports`.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { ports: DEFAULT_SENSITIVE_PORTS.map((p) => ({ ...p })), dockerfilePorts: [22, 2375] },
    warnOnly: ['internal'],
    messages: {
      internal: 'Port {{ports}} of {{process}} ({{services}}) is reachable {{reach}} through {{path}}. {{fix}}',
      published:
        'Port {{ports}} of {{where}} ({{services}}) is published {{as}} on {{path}} of its host. Publish it on loopback ({{fix}}) or use an internal network.',
      publishedFromVariable:
        '"{{raw}}" of {{where}} publishes {{services}} ({{ports}}) on every host interface, its host port from {{variables}}. Write "127.0.0.1:{{raw}}", or put 127.0.0.1 in {{variables}}.',
      composeHostNetwork:
        '{{what}} {{port}} of {{where}} is {{services}} ({{ports}}) on every interface of its host ({{path}}). Use a bridge network and publish it on 127.0.0.1.',
      service: 'Port {{ports}} of {{process}} ({{services}}) is reachable {{reach}} through {{path}}. Use type ClusterIP.',
      serviceExternalIPs: 'Port {{ports}} of {{process}} ({{services}}) is reachable {{reach}} through {{path}}. {{fix}}',
      hostPort:
        'Port {{ports}} of {{where}} ({{services}}) is reachable from outside the cluster through {{path}}. Remove the hostPort, or set hostIP to 127.0.0.1.',
      podHostNetwork:
        'Port {{ports}} of {{where}} ({{services}}) is reachable from outside the cluster on {{path}}. Drop hostNetwork and use a ClusterIP Service.',
      gatewayListener:
        'Port {{port}} of {{where}} makes {{services}} ({{ports}}) reachable {{reach}}: a {{kind}} listener passes clients straight through. Keep it off the gateway.',
      gatewayRoute:
        'Port {{ports}} of {{process}} ({{services}}) is reachable {{reach}} through {{path}}. Remove the route, or use an internal Gateway.',
      ingressRoute:
        'Port {{ports}} of {{process}} ({{services}}) is reachable {{reach}} through {{path}}. Remove the backend, or use an internal ingress class.',
      openshiftRoute:
        'Port {{ports}} of {{process}} ({{services}}) is reachable {{reach}} through {{path}}. Remove the Route, or serve it with TLS only.',
      networkPolicy:
        'NetworkPolicy port {{port}} of {{where}} lets {{services}} ({{ports}}) in from {{from}}. Allow only the pods or ranges that need it.',
      dockerfile:
        'EXPOSE {{port}} of {{where}} advertises {{services}} ({{ports}}), which "docker run -P" publishes on every interface. {{advice}}',
    },
    docs: {
      rationale: [
        'Remote-administration and data-store ports are the first thing scanners probe. SSH, RDP and VNC invite password',
        'guessing; the Docker daemon on 2375 and the kubelet on 10250 hand over root on the host; etcd holds every cluster',
        'secret; Redis, Memcached, MongoDB and Elasticsearch have long shipped without authentication and are mass-exploited',
        'within hours of appearing on the internet. Such ports should stay on loopback or inside the cluster network.',
        '',
        'A port counts as reachable when it is a compose `published` port without a loopback `host_ip` (Docker binds every',
        'interface and its iptables rules bypass a host firewall; a mapping with no published port, `"3306"`, is published',
        'too, on a free port Docker picks), a port of a `NodePort` or `LoadBalancer` Service, a',
        '`hostPort`, any port of a pod with `hostNetwork: true` or a compose service with `network_mode: host` (there the',
        'process listens on the host itself, and published ports and host IPs are ignored), or a Dockerfile `EXPOSE` of SSH',
        '(22) or the unencrypted Docker API (2375) in a stage that ends up in the image (`docker run -P` publishes it; the',
        '`dockerfilePorts` option sets which ports). The service is judged by the port inside the container: `"2222:22"`',
        'exposes SSH, `"5432:8080"` does not expose PostgreSQL, and a range counts every port in it. `expose:` and ports bound',
        'to `127.0.0.1`, `::1` or `localhost` are never reported, and a port listed for TCP is not matched on UDP. The list of',
        'ports is the `ports` option.',
        '',
        "A run of three or more consecutive ports listed one by one (an FTP server's passive ports as ten entries), all of one well-known service or of none, is reported once, as the range it forms, at the first entry.",
        '',
        'For an SSH port in a Dockerfile: reach containers with `docker exec` rather than an SSH server. An image that is an SSH/SFTP server by design (its CMD or ENTRYPOINT starts `sshd` or `dropbear`, a RUN installs `openssh-server`, or its base image is a known SSH server such as `atmoz/sftp`, or it exposes NETCONF on 830, which runs over SSH, as router images do; stages built FROM it inherit this) advertises its own port rightly: its `EXPOSE 22` is not reported, and where it is published is judged in the compose file or manifest that runs it. For the Docker API, serve it only over TLS, on loopback or a socket.',
        '',
        "Services are known by image too, not only by number: a container whose image is a data store or admin service of the knowledge base (`redis`, `postgres`, `mysql`/`mariadb`, `mongo`, `confluentinc/cp-zookeeper`, `elasticsearch`/`opensearch`, `memcached`, `etcd`, …) moved off its default port is reported at the port it really listens on, read from the service's documented port variable in its environment (`ZOOKEEPER_CLIENT_PORT=22181`, `PGPORT`, `MYSQL_TCP_PORT`) or a listen flag of its command or args (`redis-server --port 6380`). Other ports of such an image (JMX, metrics) are not claimed for the service without that evidence.",
        '',
        "A compose service that `extends:` another (in its own file, or in `file:`) takes the base's `network_mode`, `image`, `user` and `environment` where it sets none, as compose merges them: ports of a service extending a `network_mode: host` base are on the host's interfaces, and a service extending a `redis` base is Redis. The base's own ports are reported where they are written, in the base file.",
        '',
        "The image also overrules the number where it says what the port is: a container whose image the knowledge base knows as another service that listens on that port itself is not reported for the service the number suggests (`owncloud/ocis` listens on 9200 as ownCloud Infinite Scale, not Elasticsearch). Images it does not know, and ports a known image's own services do not claim (a `debug-ssh` port 22 on a MySQL image), keep the guess by number.",
        '',
        'A compose mapping whose host port comes from an unset variable (`"${MYSQL_PORT}:3306"`) is published all the same: compose reads the variable as blank and publishes the container port on a free host port of every interface. It is reported naming the variable; if the variable is meant to carry a host IP as well (`MYSQL_PORT=127.0.0.1:3306`), set that IP to loopback, or write `127.0.0.1:` in the mapping.',
        '',
        'Entry points into a cluster count too: a Gateway API `TCP` or `UDP` listener with no route attached (or an Istio',
        'Gateway `TCP` or `MONGO` server) on a sensitive port hands outside clients straight to the service behind it; a',
        'Gateway API route (`HTTPRoute`, `TCPRoute`, …) attached to a Gateway, an Istio `VirtualService` bound to a gateway',
        '(not `mesh` only), or an Ingress backend whose Service port leads to a sensitive port makes it reachable from',
        'outside; an OpenShift Route in front of a sensitive Service port without TLS, or with `insecureEdgeTerminationPolicy:',
        'Allow`, serves it in cleartext; a NetworkPolicy ingress rule that lets a sensitive port in from every address',
        '(`ipBlock` `0.0.0.0/0` or `::/0` without `except`) or from every source (no `from`) undoes the isolation it is there',
        'for. A Service port is judged by its numeric `targetPort`, by the container port a named `targetPort` names on the',
        'pods it selects (else by its own port), else by its port; by the backendRef port when the Service is not in the run.',
        'A route is not reported again behind a listener already reported.',
        '',
        'The rule runs over the whole run, so the route, its Gateway, the Service and the workload may each be in a file of',
        'their own: they are linked as `unresolved-port-reference` links references (the same file, else the same folder,',
        'else files one kustomize build takes in, or of the same namespace up to two folders away), so an unrelated app',
        'elsewhere that reuses a name never meets them. Messages name what listens, how far it reaches and the path from the',
        'outside in, with the file of each object written elsewhere (`Port 5432 of StatefulSet orders/db in statefulset.yaml',
        '(PostgreSQL) is reachable from the internet through Service orders/db-public (LoadBalancer, no source ranges)`).',
        'How far comes from the exposure model the `ports` inventory shows (REACHABLE): a NodePort reaches every node IP, a',
        "LoadBalancer, a Gateway or an Ingress the internet unless it is internal (the clouds' internal annotations on the",
        "Service or a Gateway's `spec.infrastructure.annotations`, GKE's internal GatewayClasses `gke-l7-rilb`,",
        '`gke-l7-rilb-mc` and `gke-l7-cross-regional-internal-managed-mc`, the `gce-internal` Ingress class, an AWS `alb`',
        'Ingress without `scheme: internet-facing`) or limited by `loadBalancerSourceRanges`; an Istio gateway reaches as',
        'far as the Service of its pods (found by its selector) when that is in the run. A path known to stay on private',
        'networks (an internal load balancer, source ranges, private externalIPs, an internal Gateway or Ingress class) is',
        'still reported, as a warning (message `internal`), even when the rule runs at `error`: every network routed to the',
        'cluster (the VPC, its peers, a VPN) reaches it, the internet does not. A route whose Gateway is not in the run is',
        "judged as reaching outside the cluster, at the rule's severity.",
        '',
        'A Service with `spec.externalIPs` is reachable from outside the cluster whatever its type: every node accepts traffic',
        "for those addresses on the Service's ports and forwards it to the pods. Its sensitive ports are reported naming the",
        'addresses; the exposure model counts it as reaching the internet when any address is public, and the cluster edge',
        '(the networks routed to the nodes) when all are private (RFC 1918, carrier NAT, link-local, IPv6 ULA). An',
        '`ExternalName` Service has no ports of its own to expose and is not reported.',
      ].join('\n'),
      wrong: ['compose.yaml', 'k8s.yaml', 'dockerfile/ssh-docker-api.Dockerfile'],
      right: ['clean-compose.yaml', 'services/clean-cluster-ip.yaml', 'dockerfile/clean-web.Dockerfile'],
    },
  },

  check(context) {
    const { options, report } = context;
    // A run of consecutive ports listed one by one is one finding, naming the run.
    const declarations = joinRuns(context.declarations);
    const list = options.ports;
    const model = exposureModel(context.declarations, context.facts);
    const carried = carriedByImage(declarations);

    /** The listed Dockerfile ports inside `range`, named from the port list (whose protocol must match). */
    const dockerfileHits = (d: PortDeclaration, range: PortRange): Hit[] => {
      const hits: Hit[] = [];
      for (const p of [...new Set(options.dockerfilePorts)].sort((a, b) => a - b)) {
        if (p < range.port || p > range.endPort) continue;
        const entry = list.find((s) => s.port <= p && p <= (s.endPort ?? s.port));
        if (entry?.protocol !== undefined && entry.protocol !== protocolName(d.protocol)) continue;
        hits.push({ service: entry?.service ?? 'a sensitive service', ports: { port: p, endPort: p } });
      }
      return hits;
    };

    /** Report `d` when it reaches sensitive ports. */
    const flag = (d: PortDeclaration, hits: Hit[], messageId: MessageId, data: Record<string, string>): void => {
      if (hits.length === 0) return;
      report({ messageId, data: { port: formatPort(d), where: describeContext(d), ...describeHits(hits), ...data }, decl: d });
    };

    for (const d of declarations) {
      const own = portRange(d);
      if (!own) {
        // `"${MYSQL_PORT}:3306"` with the variable unset is still published (on a free port, every interface).
        const target = targetRange(d);
        if (
          d.format === 'compose' &&
          d.role === 'host' &&
          d.value.kind === 'unresolved' &&
          target &&
          !onHostNetwork(d.owner) &&
          d.hostIp === undefined
        ) {
          const variables = d.value.variables.join(', ');
          flag(d, hitsIn(list, target, protocolName(d.protocol)), 'publishedFromVariable', { raw: d.raw, variables });
        }
        continue;
      }
      if (d.format === 'dockerfile') {
        if (d.owner.kind !== 'stage' || !d.owner.stage.inImage || d.role !== 'container') continue;
        // An image that is an SSH (or other) server by design advertises its own port rightly.
        const serves = new Set([...(d.owner.stage.serves ?? []), ...(d.owner.image.serves ?? []), ...(carried.get(d.owner.image) ?? [])]);
        const hits = dockerfileHits(d, own).filter((h) => !serves.has(serviceAt(h.ports.port, protocolName(d.protocol))?.id ?? ''));
        flag(d, hits, 'dockerfile', { advice: dockerfileAdvice(hits) });
        continue;
      }
      const exposure =
        d.format === 'compose'
          ? composeExposure(d, own, onHostNetwork(d.owner), model)
          : d.format === 'kubernetes'
            ? kubernetesExposure(d, own, onHostNetwork(d.owner), model)
            : undefined;
      if (!exposure) continue;
      const judged = (identity: PortRange): Hit[] => {
        const byNumber = yieldToImage(d, hitsIn(list, identity, protocolName(d.protocol)));
        return byNumber.length > 0 ? byNumber : byImage(d, identity);
      };
      const hits = judged(exposure.identity);
      const { messageId, data } = exposure.internal ? asInternal(exposure.messageId, exposure.data) : exposure;
      flag(d, hits.length > 0 || !exposure.fallback ? hits : judged(exposure.fallback), messageId, data);
    }

    const sensitive = (range: PortRange, protocol: string): boolean => hitsIn(list, range, protocol).length > 0;
    for (const f of entryExposures(declarations, context.facts, model, sensitive)) {
      const first = hitsIn(list, f.identity, f.protocol);
      const hits = first.length > 0 || !f.fallback ? first : hitsIn(list, f.fallback, f.protocol);
      if (hits.length === 0) continue;
      const { messageId, data: own } = f.internal ? asInternal(f.messageId, f.data) : f;
      const data = { ...(f.decl ? { port: formatPort(f.decl), where: describeContext(f.decl) } : {}), ...describeHits(hits), ...own };
      if (f.decl) report({ messageId, data, decl: f.decl });
      else if (f.loc) report({ messageId, data, loc: f.loc, ...(f.object ? { object: f.object } : {}) });
    }
  },
});

/** What to do about a path that stays on private networks, by the message it would otherwise get. */
const INTERNAL_FIX: Partial<Record<MessageId, string>> = {
  service: 'Use type ClusterIP unless outside clients need it.',
  gatewayRoute: 'Remove the route unless outside clients need it.',
  ingressRoute: 'Remove the backend unless outside clients need it.',
};

/**
 * A path known to stay on private networks (an internal load balancer, source ranges, private
 * externalIPs, an internal Gateway or Ingress class) is a warning: the networks around the
 * cluster reach it, the internet does not.
 */
function asInternal(messageId: MessageId, data: Record<string, string>): { messageId: MessageId; data: Record<string, string> } {
  const fix = INTERNAL_FIX[messageId] ?? data.fix;
  return fix === undefined ? { messageId, data } : { messageId: 'internal', data: { ...data, reach: 'from private networks', fix } };
}

/**
 * Services an image serves because it exposes a service that runs inside them, by image: a router
 * image that exposes NETCONF (830) is managed over SSH, so its `EXPOSE 22` is by design.
 */
function carriedByImage(decls: readonly PortDeclaration[]): Map<unknown, string[]> {
  const out = new Map<unknown, string[]>();
  for (const x of decls) {
    const r = portRange(x);
    if (x.owner.kind !== 'stage' || !r || r.port !== r.endPort) continue;
    const over = serviceAt(r.port, protocolName(x.protocol))?.servedOver;
    if (over !== undefined) out.set(x.owner.image, [...(out.get(x.owner.image) ?? []), over]);
  }
  return out;
}

/**
 * A container whose image is a data store or admin service of the knowledge base (`redis`,
 * `confluentinc/cp-zookeeper`, …) moved off its default port: the port it really listens on, read
 * from the service's documented port variables (`ZOOKEEPER_CLIENT_PORT=31000`) or a listen flag in
 * its command or args (`--port 6380`), is that service, whatever its number.
 */
function byImage(d: PortDeclaration, identity: PortRange): Hit[] {
  const image = ownerImage(d.owner);
  if (image === undefined || d.protocol !== 'tcp') return [];
  const service = serviceOfImage(image);
  if (!service?.sensitive) return [];
  const listens = listenPortsOf(d, service.portVariables ?? []);
  const hit = listens.filter((p) => identity.port <= p && p <= identity.endPort);
  return hit.length > 0 ? [{ service: service.phrase ?? service.name, ports: { port: hit[0]!, endPort: hit[0]! } }] : [];
}

/**
 * The port-number guess yields to the image: when the container's image is known to the knowledge
 * base as services that listen on the port themselves (`owncloud/ocis` on 9200 is ownCloud Infinite
 * Scale, not Elasticsearch), a hit naming another service is dropped. The image says what the port
 * is only where its own services claim it: a MySQL image with a `debug-ssh` port 22 keeps the
 * guess, and so do images the knowledge base does not know and ports it does not name.
 */
function yieldToImage(d: PortDeclaration, hits: Hit[]): Hit[] {
  const image = ownerImage(d.owner);
  if (image === undefined || hits.length === 0) return hits;
  const protocol = protocolName(d.protocol);
  const own = servicesOfImage(image);
  return hits.filter((h) => {
    const claimed = own.filter((s) =>
      s.ports.some(
        (p) => (p.transport === 'any' || p.transport === protocol) && p.port <= h.ports.port && h.ports.port <= (p.endPort ?? p.port),
      ),
    );
    return claimed.length === 0 || claimed.some((s) => s.id === serviceAt(h.ports.port, protocol)?.id);
  });
}

/** The ports a container is shown to listen on: its port variables' values and its listen flags. */
function listenPortsOf(d: PortDeclaration, variables: readonly string[]): number[] {
  let env: Record<string, string> | undefined;
  let flags: readonly number[] = [];
  if (d.owner.kind === 'composeService') {
    env = d.owner.service.environment;
    flags = d.owner.service.listenPorts ?? [];
  } else if (d.owner.kind === 'podContainer') {
    env = d.owner.container.environment;
    flags = d.owner.workload.listenPorts;
  }
  const fromEnv = variables.map((v) => Number(env?.[v])).filter((n) => Number.isInteger(n) && n > 0 && n <= 65535);
  return [...fromEnv, ...flags];
}
