/**
 * dynamic-port-range: fixed ports in the ephemeral (dynamic) range, where the OS hands ports to
 * outgoing connections, so a server that binds one later can fail with "address already in use".
 */
import { roleTitle, formatPort, joinRuns } from '../src/engine/ports.js';
import { createRule } from '../src/engine/rule.js';
import { describeContext, onHostNetwork, portRange, type PortDeclaration, type PortRange } from '../src/model.js';

export interface Options {
  range: 'iana' | 'linux';
  containerPorts: boolean;
}

type MessageId = 'dynamic';

/** The ephemeral ranges: IANA's dynamic ports (RFC 6335), and Linux's default `net.ipv4.ip_local_port_range`. */
export const EPHEMERAL_RANGES: Readonly<Record<Options['range'], PortRange & { label: string }>> = {
  iana: { port: 49152, endPort: 65535, label: 'IANA dynamic port range (49152-65535, the Windows and BSD default)' },
  linux: { port: 32768, endPort: 60999, label: 'Linux default ephemeral range (32768-60999)' },
};

export default createRule<Options, MessageId>({
  meta: {
    id: 'dynamic-port-range',
    description: 'Fixed host, node and host-network ports in the dynamic (ephemeral) range, which the OS hands to outgoing connections',
    type: 'suggestion',
    defaultSeverity: 'warn',
    category: 'correctness',
    scope: 'file',
    schema: {
      type: 'object',
      properties: {
        range: {
          description:
            'Which ephemeral range to check: `linux` (32768–60999, the Linux default `net.ipv4.ip_local_port_range`, where containers and Kubernetes nodes run) or `iana` (49152–65535, the dynamic ports of RFC 6335, also the Windows and BSD default).',
          enum: ['iana', 'linux'],
        },
        containerPorts: {
          description:
            'Also report container ports in their own network namespace (`containerPort`, `EXPOSE`, compose `target`/`expose:`), not only ports on the host or node network.',
          type: 'boolean',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { range: 'linux', containerPorts: false },
    messages: {
      dynamic:
        '{{role}} {{port}} of {{where}} {{overlap}} the {{label}}, so its bind can fail with "address already in use". Use a fixed port below {{start}}.',
    },
    docs: {
      rationale: [
        'The kernel picks the local port of every outgoing connection from its ephemeral range (Linux: `net.ipv4.ip_local_port_range`, 32768–60999 by default; IANA, Windows and the BSDs: 49152–65535). A server with a fixed port in that range races every client on the same network namespace: if a connection holds the port when the server starts (or restarts), the bind fails with "address already in use". RFC 6335 keeps the dynamic range free of assignments for this reason.',
        '',
        "**The default range is Linux's**, because the hosts and nodes that run containers and pods are Linux: a message names the range that applies, and is true there. With the IANA range as the default, ActiveMQ's 61616 (or RMI on 64000) was reported as a port the host \"may already have handed out\", which a Linux host never does (its range ends at 60999), while WireGuard's 51820/udp, which a Linux host really can hand to a DNS lookup before `wg-quick up` binds it, is in both. Set `range: iana` for Windows hosts or for ports that must stay clear of every OS's range.",
        '',
        'The risk lives where many processes share one network namespace, so by default the rule reports:',
        '- host ports: compose `published` ports and Kubernetes `hostPort`s (the host or node makes outgoing connections all the time);',
        '- container ports of pods with `hostNetwork: true` and compose services with `network_mode: host` (they bind on the node or host);',
        '- explicit NodePorts (possible only when `--service-node-port-range` was moved into the ephemeral range, a setup the Kubernetes docs warn about).',
        '',
        "A container port in its own network namespace (the usual `containerPort: 50051` of a gRPC server, `EXPOSE 61616`) competes only with the outgoing connections of its own pod, which rarely exist before the server binds; it is reported only with the option `containerPorts`. Service ports are virtual, and targetPorts, probes, Ingress backends and URLs refer to ports bound elsewhere (a URL's port is on a remote host), so they are never reported. Neither are env variables: `*_PORT` values are mostly where a client connects. A range is reported when it overlaps the ephemeral range, naming the overlap — unless it spans the whole of either ephemeral range: that declares dynamic ports on purpose (Microsoft RPC and Samba publish `49152-65535` so clients can reach the ports the server hands out), not a fixed port.",
        '',
        "A run of three or more consecutive ports listed one by one (an FTP server's passive ports as ten entries), all of one well-known service or of none, is reported once, as the range it forms, at the first entry.",
        '',
        'When the port cannot move, reserve it for listeners with the sysctl `net.ipv4.ip_local_reserved_ports`, so the kernel never hands it to an outgoing connection.',
      ].join('\n'),
      wrong: ['compose/docker-compose.yml', 'k8s/agents.yaml'],
      right: ['compose/clean-remapped.yaml', 'grpc/Dockerfile'],
    },
  },

  check(context) {
    const { range: which, containerPorts } = context.options;
    const ephemeral = EPHEMERAL_RANGES[which];
    for (const d of joinRuns(context.declarations)) {
      const range = portRange(d);
      if (!range || range.endPort < ephemeral.port || range.port > ephemeral.endPort) continue;
      // A range spanning a whole ephemeral range declares dynamic ports on purpose (Samba/RPC `49152-65535`): not a fixed port.
      if (Object.values(EPHEMERAL_RANGES).some((e) => range.port <= e.port && range.endPort >= e.endPort)) continue;
      const side = sideOf(d, containerPorts);
      if (side === undefined) continue;
      const start = Math.max(range.port, ephemeral.port);
      const end = Math.min(range.endPort, ephemeral.endPort);
      const inside = range.port >= ephemeral.port && range.endPort <= ephemeral.endPort;
      const overlap =
        range.port === range.endPort ? 'is in' : inside ? 'lies in' : `overlaps (${start === end ? start : `${start}-${end}`})`;
      context.report({
        messageId: 'dynamic',
        decl: d,
        data: {
          role: roleTitle(d),
          port: formatPort(d),
          where: describeContext(d),
          overlap,
          label: ephemeral.label,
          start: ephemeral.port,
          end: ephemeral.endPort,
          side,
        },
      });
    }
  },
});

/** Where the port is bound, for the message; undefined when this declaration is not reported. */
function sideOf(d: PortDeclaration, containerPorts: boolean): string | undefined {
  const hostNetwork = onHostNetwork(d.owner);
  switch (d.role) {
    case 'host':
      // On the host network the container port is the bound one (compose ignores `ports:`; a hostPort equals its containerPort).
      if (hostNetwork) return undefined;
      return d.format === 'kubernetes' ? 'of the node' : 'of the host';
    case 'nodePort':
      return 'of every node';
    case 'container':
      if (hostNetwork) return d.format === 'kubernetes' ? 'of the node (hostNetwork: true)' : 'of the host (network_mode: host)';
      return containerPorts ? "of the container's network namespace" : undefined;
    default:
      return undefined;
  }
}
