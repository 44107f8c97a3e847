/**
 * host-port: Kubernetes `hostPort`s and `hostNetwork: true`, which tie pods to nodes, clash on
 * rollouts and sidestep Services and NetworkPolicy.
 */
import { formatPort, joinRuns } from '../src/engine/ports.js';
import { createRule } from '../src/engine/rule.js';
import { describeContext, describeObject, onHostNetwork } from '../src/model.js';

export interface Options {
  daemonSets: boolean;
}

type MessageId = 'hostPort' | 'hostPortLoopback' | 'hostPortNodeAgent' | 'hostNetwork' | 'hostNetworkNodeAgent';

/** Loopback host IPs: the port is reachable from the node itself only. */
function isLoopback(ip: string): boolean {
  return ip === 'localhost' || ip === '::1' || /^127\./.test(ip);
}

/** Where on the node a hostPort is open, for messages: true to its `hostIP`. */
function reachOf(hostIp: string | undefined): string {
  if (hostIp === undefined || hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::') return 'on every IP of its node';
  return `on node address ${hostIp} (hostIP)`;
}

export default createRule<Options, MessageId>({
  meta: {
    id: 'host-port',
    description: 'Kubernetes hostPort and hostNetwork: true, which pin pods to nodes and bypass Services and NetworkPolicy',
    type: 'suggestion',
    defaultSeverity: 'warn',
    category: 'security',
    scope: 'file',
    formats: ['kubernetes'],
    schema: {
      type: 'object',
      properties: {
        daemonSets: {
          description:
            'Also report DaemonSets (node agents: one pod per node by design). Their messages then say only what stays true: the port is open on the node, outside Services and NetworkPolicy.',
          type: 'boolean',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { daemonSets: false },
    messages: {
      hostPort:
        'Host port {{port}} of {{where}} is open {{reach}}, outside Services, and one such pod fits per node. Use a NodePort or LoadBalancer Service instead.',
      hostPortLoopback:
        "Host port {{port}} of {{where}} binds the node's loopback ({{hostIp}}): only the node reaches it, and only one such pod fits per node. Run it as a DaemonSet, or use a Service.",
      hostPortNodeAgent:
        'Host port {{port}} of node agent {{where}} is open {{reach}}, outside Services and often NetworkPolicy. Bind it to one hostIP, or use a Service.',
      hostNetwork:
        '{{where}} sets hostNetwork: true: every port its pods open is open on the node, outside NetworkPolicy, and one such pod per port fits per node. Use the pod network and a Service.',
      hostNetworkNodeAgent:
        "Node agent {{where}} sets hostNetwork: true: every port its pods open is open on the node, outside NetworkPolicy. Keep it only if the agent needs the node's network.",
    },
    docs: {
      rationale: [
        "A `hostPort` makes the node forward one of its own ports to the pod. The scheduler can then place only one such pod on each node, so a rolling update or a scale-up that lands a second pod on the node leaves it Pending; the port is open on the node's address, outside the Service abstraction, and whether NetworkPolicy applies to that traffic depends on the network plugin. The Kubernetes configuration best practices say: do not use hostPort unless absolutely necessary, use a NodePort Service first.",
        '',
        "`hostNetwork: true` goes further: the pod uses the node's network namespace. Every port it opens is opened on the node, it can reach whatever the node binds to localhost (kubelet, etcd on control-plane nodes), NetworkPolicy does not select it, and two such pods that use the same port cannot share a node.",
        '',
        'Each `hostPort` is reported where it is written, and each workload with `hostNetwork: true` once, at that line. In a `hostNetwork` pod the host ports equal the container ports and add nothing, so they are not reported again. The message is true to `hostIP`: without one (or `0.0.0.0`) the port is open on every address of the node; with `hostIP: 127.0.0.1` only processes on the node reach it, so the message says so and the one thing left is that only one such pod fits per node.',
        '',
        '**DaemonSets are not reported by default.** A DaemonSet runs exactly one pod per node by design, so "only one such pod fits per node" is moot, and the DaemonSets that use hostPort or hostNetwork are nearly all node agents that need the node\'s network (CNI and BGP speakers such as metallb\'s, node exporters and monitoring agents, kube-proxy replacements, bare-metal ingress controllers). Reporting them would be noise a user suppresses everywhere. Set `daemonSets: true` to review them: their messages then say only what stays true (the port is open on the node, outside Services and NetworkPolicy), and a DaemonSet hostPort bound to `127.0.0.1` is not reported at all (local to the node, one pod per node).',
        '',
        "A run of three or more consecutive ports listed one by one (an FTP server's passive ports as ten entries), all of one well-known service or of none, is reported once, as the range it forms, at the first entry.",
        '',
        'If another workload really needs a host port or the host network (an ingress controller on bare metal), suppress the finding with the reason: `# portlint-disable-next-line host-port -- reason`.',
      ].join('\n'),
      wrong: ['host-ports.yaml', 'host-network.yaml'],
      right: ['clean-services.yaml'],
    },
  },

  check(context) {
    const { daemonSets } = context.options;
    for (const d of joinRuns(context.declarations)) {
      // An unresolved hostPort (`$HOST_PORT`) is a hostPort all the same; 0 means "none" in Kubernetes.
      if (d.format !== 'kubernetes' || d.role !== 'host' || d.value.kind === 'invalid') continue;
      if (d.value.kind === 'port' && d.value.port === 0) continue;
      if (onHostNetwork(d.owner)) continue;
      const nodeAgent = d.owner.kind === 'podContainer' && d.owner.workload.kind === 'DaemonSet';
      const loopback = d.hostIp !== undefined && isLoopback(d.hostIp);
      if (nodeAgent && (!daemonSets || loopback)) continue;
      const port = d.value.kind === 'port' ? formatPort(d) : d.raw;
      const data = { port, where: describeContext(d), reach: reachOf(d.hostIp), hostIp: d.hostIp ?? '' };
      context.report({ messageId: nodeAgent ? 'hostPortNodeAgent' : loopback ? 'hostPortLoopback' : 'hostPort', decl: d, data });
    }
    for (const w of context.facts.workloads) {
      if (!w.hostNetwork || !w.hostNetworkLoc) continue;
      const nodeAgent = w.kind === 'DaemonSet';
      if (nodeAgent && !daemonSets) continue;
      context.report({
        messageId: nodeAgent ? 'hostNetworkNodeAgent' : 'hostNetwork',
        loc: { file: w.file, ...w.hostNetworkLoc },
        data: { where: describeObject(w.object) },
        object: w.podSpecPath !== undefined ? { ref: w.object, part: w.podSpecPath } : { ref: w.object },
      });
    }
  },
});
