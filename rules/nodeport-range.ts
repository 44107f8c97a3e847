/**
 * nodeport-range: explicit Service `nodePort`s outside the cluster's NodePort range, which the
 * API server rejects.
 */
import { MAX_PORT, formatPort } from '../src/engine/ports.js';
import { createRule } from '../src/engine/rule.js';
import { describeContext, portRange } from '../src/model.js';

export interface Options {
  range: { start: number; end: number };
}

type MessageId = 'outside' | 'notAllowed';

export default createRule<Options, MessageId>({
  meta: {
    id: 'nodeport-range',
    description: "Explicit Service nodePorts outside the cluster's NodePort range (30000-32767 by default)",
    type: 'problem',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'file',
    formats: ['kubernetes'],
    schema: {
      type: 'object',
      properties: {
        range: {
          description:
            "The cluster's NodePort range, inclusive: the API server's `--service-node-port-range` (default `30000-32767`). `start` must not be greater than `end`.",
          type: 'object',
          properties: {
            start: { type: 'integer', minimum: 1, maximum: 65535, description: 'First port of the range.' },
            end: { type: 'integer', minimum: 1, maximum: 65535, description: 'Last port of the range.' },
          },
          required: ['start', 'end'],
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { range: { start: 30000, end: 32767 } },
    checkOptions: ({ range }) => (range.start > range.end ? `/range start (${range.start}) is greater than end (${range.end})` : undefined),
    messages: {
      outside:
        'NodePort {{port}} of {{where}} is outside the NodePort range {{start}}-{{end}}, so the API server rejects the Service. Pick a port in the range, or leave nodePort out.',
      notAllowed:
        'NodePort {{port}} of {{where}} is set on a Service of type {{type}}, which the API server rejects. Remove nodePort, or make the type NodePort or LoadBalancer.',
    },
    docs: {
      rationale: [
        'The API server allocates and validates NodePorts from one range, `--service-node-port-range` (30000-32767 unless changed). A Service whose explicit `nodePort` lies outside it is rejected on apply with "provided port is not in the valid range", so the whole manifest fails to deploy — usually found only at deploy time, often because someone wanted the "real" port (`nodePort: 80`, `nodePort: 8080`).',
        '',
        "Only explicit `nodePort`s are checked: when it is left out (or `0`), the cluster picks one. Values that are not numbers (unresolved variables) and numbers outside 0-65535 are other rules' business. Clusters that move the range set the `range` option to the same values.",
        '',
        "If the cluster sets another `--service-node-port-range`, set the same range in this rule's `range` option.",
        '',
        'A `nodePort` is allowed only on Services of type `NodePort` and `LoadBalancer`: on a `ClusterIP` Service (the type when none is written) or an `ExternalName` one the API server rejects it ("may not be used when `type` is \'ClusterIP\'"), in or out of the range; that is reported instead.',
      ].join('\n'),
      wrong: ['services.yaml', 'clusterip.yaml'],
      right: ['clean-services.yaml'],
    },
  },

  check(context) {
    const { start, end } = context.options.range;
    for (const d of context.declarations) {
      const range = portRange(d);
      if (d.role !== 'nodePort' || !range) continue;
      // 0 is "unset" (allocated by the cluster); numbers outside 0-65535 are invalid-port's.
      if (range.port <= 0 || range.port > MAX_PORT) continue;
      const type = d.owner.kind === 'service' ? d.owner.service.type : undefined;
      if (type === 'ClusterIP' || type === 'ExternalName') {
        context.report({ messageId: 'notAllowed', decl: d, data: { port: formatPort(d), where: describeContext(d), type } });
        continue;
      }
      if (range.port >= start && range.port <= end) continue;
      context.report({ messageId: 'outside', decl: d, data: { port: formatPort(d), where: describeContext(d), start, end } });
    }
  },
});
