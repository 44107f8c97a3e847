/**
 * host-port: Kubernetes `hostPort`s and `hostNetwork: true`, which tie pods to nodes, clash on
 * rollouts and sidestep Services and NetworkPolicy.
 */
import { formatPort } from '../src/engine/ports.js';
import { createRule } from '../src/engine/rule.js';
import { describeContext, describeObject, onHostNetwork } from '../src/model.js';

export type Options = Record<string, never>;

type MessageId = 'hostPort' | 'hostNetwork';

export default createRule<Options, MessageId>({
  meta: {
    id: 'host-port',
    description: 'Kubernetes hostPort and hostNetwork: true, which pin pods to nodes and bypass Services and NetworkPolicy',
    type: 'suggestion',
    defaultSeverity: 'warn',
    category: 'security',
    scope: 'file',
    formats: ['kubernetes'],
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      hostPort: 'Host port {{port}} of {{where}} opens the port on every node the pod runs on. Use a NodePort or LoadBalancer Service, or suppress this with a reason.',
      hostNetwork: '{{where}} sets hostNetwork: true, so every port its pods open is open on the node. Use the pod network and a Service, or suppress this with a reason.',
    },
    docs: {
      rationale: [
        'A `hostPort` makes the node forward one of its own ports to the pod. The scheduler can then place only one such pod on each node, so a rolling update or a scale-up that lands a second pod on the node leaves it Pending; the port is open on the node\'s address, outside the Service abstraction, and whether NetworkPolicy applies to that traffic depends on the network plugin. The Kubernetes configuration best practices say: do not use hostPort unless absolutely necessary, use a NodePort Service first.',
        '',
        '`hostNetwork: true` goes further: the pod uses the node\'s network namespace. Every port it opens is opened on the node, it can reach whatever the node binds to localhost (kubelet, etcd on control-plane nodes), NetworkPolicy does not select it, and two such pods that use the same port cannot share a node.',
        '',
        'Each `hostPort` is reported where it is written, and each workload with `hostNetwork: true` once, at that line. In a `hostNetwork` pod the host ports equal the container ports and add nothing, so they are not reported again. Some DaemonSets (CNI agents, node exporters, ingress controllers on bare metal) really need the node\'s network: suppress the finding there with a reason, so the exception is written down.',
        '',
        'If a DaemonSet really needs a host port or the host network (a node agent, an ingress controller on bare metal), suppress the finding with the reason: `# portlint-disable-next-line host-port -- reason`.',
      ].join('\n'),
      wrong: [
        {
          file: 'deploy.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - containerPort: 80\n              hostPort: 80\n',
        },
        {
          file: 'deploy.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  hostNetwork: true\n  containers:\n    - name: shell\n      image: busybox:1.36\n',
        },
      ],
      right: [
        {
          file: 'deploy.yaml',
          code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 80\n',
        },
      ],
    },
  },

  check(context) {
    for (const d of context.declarations) {
      // An unresolved hostPort (`$HOST_PORT`) is a hostPort all the same; 0 means "none" in Kubernetes.
      if (d.format !== 'kubernetes' || d.role !== 'host' || d.value.kind === 'invalid') continue;
      if (d.value.kind === 'port' && d.value.port === 0) continue;
      if (onHostNetwork(d.owner)) continue;
      const port = d.value.kind === 'port' ? formatPort(d) : d.raw;
      context.report({ messageId: 'hostPort', decl: d, data: { port, where: describeContext(d) } });
    }
    for (const w of context.facts.workloads) {
      if (!w.hostNetwork || !w.hostNetworkLoc) continue;
      const where = describeObject(w.object);
      context.report({
        messageId: 'hostNetwork',
        loc: { file: w.file, ...w.hostNetworkLoc },
        data: { where },
        object: w.podSpecPath !== undefined ? { ref: w.object, part: w.podSpecPath } : { ref: w.object },
      });
    }
  },
});
