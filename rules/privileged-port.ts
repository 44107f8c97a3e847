/**
 * privileged-port: ports below 1024 that a non-root process must bind, where the runtime does not
 * allow it. Runtime-aware: Docker (20.10+) lets any user bind them inside a container, Kubernetes
 * before containerd 2.0 does not, and rootless Docker cannot publish them on the host.
 */
import { roleTitle, formatPort, joinRuns } from '../src/engine/ports.js';
import { createRule } from '../src/engine/rule.js';
import {
  describeContext,
  portRange,
  protocolName,
  stageLineage,
  targetRange,
  type ContainerFact,
  type PortDeclaration,
  type PortRange,
  type WorkloadFact,
} from '../src/model.js';

export interface Options {
  rootlessDocker: boolean;
  unprivilegedPods: boolean;
}

type MessageId = 'kubernetes' | 'hostNetwork' | 'dockerfile' | 'composeHost' | 'rootless';

/** Ports below this need privilege (the kernel default of `net.ipv4.ip_unprivileged_port_start`). */
const PRIVILEGED_BELOW = 1024;
const SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

export default createRule<Options, MessageId>({
  meta: {
    id: 'privileged-port',
    description:
      'Ports below 1024 that a non-root process must bind where the runtime does not allow it (Kubernetes, host network, rootless Docker)',
    type: 'problem',
    defaultSeverity: 'warn',
    category: 'portability',
    scope: 'file',
    schema: {
      type: 'object',
      properties: {
        rootlessDocker: {
          description:
            'Report compose `published` host ports below 1024, which rootless Docker cannot bind (unless the host lowers `net.ipv4.ip_unprivileged_port_start`). Off by default: rootful Docker binds them as root.',
          type: 'boolean',
        },
        unprivilegedPods: {
          description:
            "The cluster's runtime lets non-root pods bind ports below 1024 (containerd 2.0+, where `enable_unprivileged_ports` is on by default): skip Kubernetes container ports and Dockerfile `EXPOSE`s. Host-network pods are still reported.",
          type: 'boolean',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { rootlessDocker: false, unprivilegedPods: false },
    messages: {
      kubernetes:
        '{{role}} {{port}} of {{where}} is below 1024 and the container runs as non-root ({{user}}), so it cannot bind it. Listen on {{suggest}} and keep {{port}} as the Service port.',
      hostNetwork:
        '{{role}} {{port}} of {{where}} is below 1024 and the container runs as non-root ({{user}}) on hostNetwork, so the bind fails on the node. Listen on {{suggest}} instead.',
      dockerfile:
        '{{role}} {{port}} of {{where}} is below 1024 and the image runs as USER {{user}}, which Kubernetes will not let bind it. Listen on {{suggest}} and map the low port outside.',
      composeHost:
        '{{role}} {{port}} of {{where}} is below 1024 and the service runs as user {{user}} with network_mode: host, so the bind fails. Listen on {{suggest}} instead.',
      rootless:
        '{{role}} {{port}} of {{where}} is below 1024, which rootless Docker cannot bind on the host. Publish a port of 1024 or more (e.g. "{{suggest}}:{{target}}").',
    },
    docs: {
      rationale: [
        'Linux lets only privileged processes bind ports below `net.ipv4.ip_unprivileged_port_start` (1024 by default). Whether a low port fails depends on the runtime, so this rule reports only where the bind really fails — peers that flag every port below 1024 flag `containerPort: 80` on every nginx, which runs as root and works.',
        '',
        '- **Docker** (20.10+) sets that sysctl to 0 inside containers: any user binds any port there, so compose `target`/`expose:` ports are fine. A compose service with `network_mode: host` binds on the host instead, so a low port with a non-root `user:` is reported.',
        "- **Kubernetes** with containerd before 2.0 leaves it at 1024 in the pod (containerd 2.0 lowers it by default: set the option `unprivilegedPods` for such clusters). A container port below 1024 is reported when the container is known to run as non-root: `runAsUser` other than 0, or `runAsNonRoot: true` (container settings win over the pod's). Containers with no user setting run as the image's user, which the manifest does not show; most such images run as root, so they are not reported. The finding is silenced by the pod sysctl `net.ipv4.ip_unprivileged_port_start` at or below the port, or by adding capability `NET_BIND_SERVICE` (or `ALL`). About capabilities: Kubernetes puts added capabilities in the bounding, permitted and effective sets but not the ambient set, so a non-root process keeps them across `exec` only through a file capability on its binary (`setcap cap_net_bind_service=+ep`), as images built for this (ingress-nginx) have. `allowPrivilegeEscalation: false` (no_new_privs) does not block that: it stops `exec` from gaining capabilities beyond the permitted set the process already holds, and the added capability is already in it. Adding the capability is the manifest's sign that the image was prepared, so it silences the rule.",
        "- **hostPort** is implemented by the node (the CNI portmap plugin, as root): the pod binds only its container port, so hostPort numbers are not this rule's business (see host-port). With `hostNetwork: true` the container port is bound on the node itself, where the pod sysctl does not apply.",
        "- **Dockerfile**: `EXPOSE` below 1024 in an image that runs as a non-root `USER` works under Docker but fails under Kubernetes: reported, saying so. The image is the final stage when the `EXPOSE` is in it or in a stage it is built `FROM` (otherwise the stage itself, as a `--target` build), and its user is the last `USER` along that line of stages. An image without `USER`, with `USER root`/`0`, or with a variable user is not reported, nor one that grants `cap_net_bind_service` to its binary with `setcap` (the image is prepared for it, as ingress-nginx's is).",
        '- **Host ports** (compose `published`) are bound by the Docker daemon: as root with rootful Docker (fine), as your user with rootless Docker (fails). Rootless setups are rare, so they are reported only with the option `rootlessDocker`.',
        '- **Variables** are not reported: most `*_PORT` values are where a client connects (`DB_PORT=5432`, `SMTP_PORT=25`), and an env file does not say which runtime or user the process runs with.',
        '- Service ports (virtual: kube-proxy forwards them, nothing binds them), targetPorts, probes, NodePorts and URLs are never reported.',
        '',
        "A run of three or more consecutive ports listed one by one (an FTP server's passive ports as ten entries), all of one well-known service or of none, is reported once, as the range it forms, at the first entry.",
        '',
        'Other fixes where moving the port is not possible: set the pod sysctl `net.ipv4.ip_unprivileged_port_start`, or add the capability `NET_BIND_SERVICE` (the binary needs it as a file capability, `setcap cap_net_bind_service=+ep`). Docker (20.10+) lets a non-root process bind a low port inside the container, but Kubernetes before containerd 2.0 does not.',
      ].join('\n'),
      wrong: ['k8s/non-root-user.yaml', 'dockerfile/Dockerfile'],
      right: ['k8s/clean-root-nginx.yaml', 'dockerfile/clean-nginx.Dockerfile', 'compose/clean-non-root.yaml'],
    },
  },

  check(context) {
    const { options } = context;
    for (const d of joinRuns(context.declarations)) {
      const range = portRange(d);
      if (!range || range.port >= PRIVILEGED_BELOW || range.endPort === 0) continue;
      const report: Reporter = (messageId, data) => {
        context.report({
          messageId,
          decl: d,
          data: {
            role: roleTitle(d),
            port: formatPort(d),
            where: describeContext(d),
            suggest: String(suggestPort(Math.max(range.port, 1))),
            ...data,
          },
        });
      };
      if (d.format === 'kubernetes' && d.role === 'container') judgeKubernetes(d, range, options, report);
      else if (d.format === 'dockerfile' && d.role === 'container' && !options.unprivilegedPods) judgeDockerfile(d, range, report);
      else if (d.format === 'compose' && (d.role === 'container' || d.role === 'host')) judgeCompose(d, options, report);
    }
  },
});

type Reporter = (messageId: MessageId, data: Record<string, string>) => void;

function judgeKubernetes(d: PortDeclaration, range: PortRange, options: Options, report: Reporter): void {
  if (d.owner.kind !== 'podContainer') return;
  const { workload, container } = d.owner;
  const user = nonRootUser(workload, container);
  if (user === undefined || addsBindCapability(container)) return;
  if (workload.hostNetwork) {
    report('hostNetwork', { user });
    return;
  }
  const start = sysctlStart(workload);
  if (options.unprivilegedPods || (start !== undefined && start <= range.port)) return;
  report('kubernetes', { user });
}

/** `runAsUser: 1000` / `runAsNonRoot: true` when the container is known to run as non-root (container settings win). */
function nonRootUser(w: WorkloadFact, c: ContainerFact): string | undefined {
  const uid = c.security.runAsUser ?? w.podSecurity.runAsUser;
  if (uid !== undefined) return uid !== 0 ? `runAsUser: ${uid}` : undefined;
  const nonRoot = c.security.runAsNonRoot ?? w.podSecurity.runAsNonRoot;
  return nonRoot === true ? 'runAsNonRoot: true' : undefined;
}

/** Capabilities are per container in Kubernetes (the pod securityContext has none). */
function addsBindCapability(c: ContainerFact): boolean {
  const added = c.security.capabilitiesAdd;
  return added.includes('NET_BIND_SERVICE') || added.includes('ALL');
}

/** The pod's `net.ipv4.ip_unprivileged_port_start` (dotted or slashed name), when set to a number. */
function sysctlStart(w: WorkloadFact): number | undefined {
  const value = w.sysctls[SYSCTL] ?? w.sysctls[SYSCTL.replaceAll('.', '/')];
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * An EXPOSE ends up in the final image when its stage is the final stage or one the final stage is
 * built `FROM`; otherwise its own stage is the image (a `--target` build). The image runs as the
 * last USER along that lineage.
 */
function judgeDockerfile(d: PortDeclaration, range: PortRange, report: Reporter): void {
  if (d.owner.kind !== 'stage') return;
  const chain = stageLineage(d.owner.image);
  const user = chain.find((s) => s.user !== undefined)?.user;
  if (user === undefined || !isNonRoot(user)) return;
  // `setcap cap_net_bind_service=+ep <binary>`: the image is prepared to bind low ports as non-root.
  if (chain.some((s) => s.fileCapabilities?.includes('NET_BIND_SERVICE'))) return;
  const single = range.port === range.endPort;
  const mapping = single ? `\`-p ${range.port}:${suggestPort(range.port)}${protocolSuffix(d)}\`` : '`docker run -p`';
  report('dockerfile', { user, mapping });
}

function judgeCompose(d: PortDeclaration, options: Options, report: Reporter): void {
  if (d.owner.kind !== 'composeService') return;
  const service = d.owner.service;
  if (d.role === 'host') {
    if (!options.rootlessDocker || service.networkMode === 'host') return;
    const t = targetRange(d);
    const target = t === undefined ? '' : t.endPort !== t.port ? `${t.port}-${t.endPort}` : String(t.port);
    report('rootless', { target: `${target}${protocolSuffix(d)}` });
    return;
  }
  if (service.networkMode !== 'host' || !service.user || !isNonRoot(service.user)) return;
  report('composeHost', { user: service.user });
}

/**
 * True when a Dockerfile `USER` / compose `user:` names a non-root user: anything but `root` or
 * uid 0 (with or without a group). Variables (`$APP_UID`) are unknown: not non-root.
 */
export function isNonRoot(user: string): boolean {
  const [name = ''] = user.trim().split(':');
  if (name === '' || name.includes('$')) return false;
  return name !== 'root' && !/^0+$/.test(name);
}

/** `/udp` or `/sctp` for compose and `docker run -p` syntax; nothing for TCP. */
function protocolSuffix(d: PortDeclaration): string {
  return d.protocol === 'tcp' ? '' : `/${protocolName(d.protocol)}`;
}

/** A conventional unprivileged port for a privileged one: 80 → 8080, 443 → 8443, others + 8000. */
function suggestPort(port: number): number {
  if (port === 80) return 8080;
  if (port === 443) return 8443;
  return port + 8000;
}
