import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/host-port.js';
import { lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[]) => lintWith(rule, sources);

const HOST_PORT = (..._data: unknown[]): string => 'hostPort';
const HOST_NETWORK = (..._data: unknown[]): string => 'hostNetwork';
const NODE_AGENT_NETWORK = (..._data: unknown[]): string => 'hostNetworkNodeAgent';

function workload(spec: string, kind = 'Deployment'): Source {
  const text = `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: edge
  namespace: ingress
spec:
  selector:
    matchLabels:
      app: edge
  template:
    metadata:
      labels:
        app: edge
    spec:
${spec.replace(/^/gm, '      ')}
`;
  return { file: 'deploy.yaml', text };
}

describe('host-port', () => {
  it('reports every hostPort with exact message and position', () => {
    const src = workload(
      'containers:\n  - name: nginx\n    image: nginx\n    ports:\n      - containerPort: 80\n        hostPort: 80\n      - containerPort: 443\n        hostPort: 8443\n        protocol: TCP\n      - containerPort: 9090',
    );
    expect(lint([src])).toEqual([
      {
        file: 'deploy.yaml',
        line: 20,
        column: 25,
        endLine: 20,
        endColumn: 27,
        messageId: HOST_PORT('80', 'container "nginx" of Deployment ingress/edge'),
      },
      {
        file: 'deploy.yaml',
        line: 22,
        column: 25,
        endLine: 22,
        endColumn: 29,
        messageId: HOST_PORT('8443', 'container "nginx" of Deployment ingress/edge'),
      },
    ]);
  });

  it('reports hostNetwork: true once per workload, at that line, and not its hostPorts again', () => {
    const src = workload(
      'hostNetwork: true\ncontainers:\n  - name: speaker\n    image: metallb/speaker\n    ports:\n      - containerPort: 7472\n        hostPort: 7472',
    );
    expect(lint([src])).toEqual([
      { file: 'deploy.yaml', line: 15, column: 20, endLine: 15, endColumn: 24, messageId: HOST_NETWORK('Deployment ingress/edge') },
    ]);
  });

  it('leaves DaemonSets (node agents) alone unless daemonSets is set, then says only what stays true', () => {
    const src = workload(
      'hostNetwork: true\ncontainers:\n  - name: speaker\n    image: metallb/speaker\n    ports:\n      - containerPort: 7472\n        hostPort: 7472',
      'DaemonSet',
    );
    expect(lint([src])).toEqual([]);
    expect(lintWith(rule, [src], { daemonSets: true }).map((f) => f.messageId)).toEqual([NODE_AGENT_NETWORK('DaemonSet ingress/edge')]);
    const ports = workload(
      'containers:\n  - name: agent\n    image: agent\n    ports:\n      - containerPort: 8125\n        hostPort: 8125\n        hostIP: 127.0.0.1\n      - containerPort: 8126\n        hostPort: 8126',
      'DaemonSet',
    );
    expect(lint([ports])).toEqual([]);
    expect(positions(lintWith(rule, [ports], { daemonSets: true }))).toEqual(['deploy.yaml:23:25']);
  });

  it('is true to hostIP: loopback is local to the node', () => {
    const src = workload(
      'containers:\n  - name: a\n    image: a\n    ports:\n      - containerPort: 80\n        hostPort: 80\n        hostIP: 127.0.0.1',
    );
    expect(lint([src]).map((f) => f.messageId)).toEqual(['hostPortLoopback']);
  });

  it('reports an unresolved hostPort (it is a hostPort all the same), not hostPort: 0 or hostNetwork: false', () => {
    const src = workload(
      'hostNetwork: false\ncontainers:\n  - name: a\n    image: a\n    ports:\n      - containerPort: 80\n        hostPort: $HOST_PORT\n      - containerPort: 81\n        hostPort: 0',
    );
    const findings = lint([src]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual([
      `21:25 ${HOST_PORT('$HOST_PORT', 'container "a" of Deployment ingress/edge')}`,
    ]);
  });

  it('ignores compose ports, Services and CRD schemas that mention hostPort', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
spec:
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          properties:
            hostPort:
              type: integer
            hostNetwork:
              type: boolean
`;
    const findings = lint([
      { file: 'crd.yaml', text: crd },
      { file: 'compose.yaml', text: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n' },
      {
        file: 'svc.yaml',
        text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080\n',
      },
    ]);
    expect(findings).toEqual([]);
  });

  it('reports a bare Pod with hostNetwork', () => {
    const pod: Source = {
      file: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  hostNetwork: true\n  containers:\n    - name: sh\n      image: busybox\n',
    };
    expect(positions(lint([pod]))).toEqual(['pod.yaml:6:16']);
  });

  it('has one option, daemonSets', () => {
    expect(() => resolveOptions(rule, { allowDaemonSets: true })).toThrow(ConfigError);
    expect(resolveOptions(rule, {})).toEqual({ daemonSets: false });
  });
});
