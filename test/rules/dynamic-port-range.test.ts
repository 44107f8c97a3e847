import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/dynamic-port-range.js';
import { lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

// Most cases use the IANA range (the one with the most edges to test); the default is Linux's.
const lint = (sources: Source[], options?: Record<string, unknown>) => lintWith(rule, sources, { range: 'iana', ...options });
const compose = (text: string): Source => ({ file: 'compose.yaml', text });

describe('dynamic-port-range: host side', () => {
  it('reports a published port in 49152-65535 with exact message and position, not 49151', () => {
    const findings = lint([
      compose('services:\n  mq:\n    image: activemq\n    ports:\n      - "61616:61616"\n      - "49151:49151"\n      - "49152:8080"\n'),
    ]);
    expect(findings).toEqual([
      {
        file: 'compose.yaml',
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 15,
        messageId: 'dynamic',
      },
      {
        file: 'compose.yaml',
        line: 7,
        column: 10,
        endLine: 7,
        endColumn: 15,
        messageId: 'dynamic',
      },
    ]);
  });

  it('treats sctp like any transport', () => {
    const findings = lint([compose('services:\n  sig:\n    image: x\n    ports:\n      - "60000:60000/sctp"\n')]);
    expect(findings.map((f) => f.messageId)).toEqual(['dynamic']);
  });

  it('names the overlap of a range, and skips a range spanning the whole dynamic range (RPC)', () => {
    const findings = lint([
      compose(
        'services:\n  ftp:\n    image: x\n    ports:\n      - "49000-49200:49000-49200"\n  dc:\n    image: samba\n    ports:\n      - "49152-65535:49152-65535"\n',
      ),
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['dynamic']);
  });

  it('reports Kubernetes hostPorts on the node, and the container port instead on hostNetwork pods', () => {
    const pod = (hostNetwork: boolean) => `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostNetwork: ${hostNetwork}
  containers:
    - name: agent
      image: example/agent
      ports:
        - containerPort: 55678
          hostPort: 55678
`;
    const plain = lint([{ file: 'pod.yaml', text: pod(false) }]);
    expect(plain.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual(['12:21 dynamic']);
    const hostNet = lint([{ file: 'pod.yaml', text: pod(true) }]);
    expect(hostNet.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual(['11:26 dynamic']);
  });

  it('reports container ports of a compose service on the host network, once per mapping', () => {
    const findings = lint([compose('services:\n  dht:\n    image: x\n    network_mode: host\n    ports:\n      - "51413:51413/udp"\n')]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual(['6:16 dynamic']);
  });

  it('reports an explicit NodePort only when the node range was moved into the dynamic range', () => {
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 50080\n';
    expect(positions(lint([{ file: 'svc.yaml', text: svc }]))).toEqual(['svc.yaml:9:17']);
  });
});

describe('dynamic-port-range: what is not reported', () => {
  it('skips container ports in their own namespace, Service ports, targetPorts, probes, env values and URLs', () => {
    const findings = lint([
      { file: 'Dockerfile', text: 'FROM golang\nEXPOSE 50051\n' },
      compose('services:\n  api:\n    image: x\n    expose:\n      - "50051"\n    ports:\n      - "8080:50051"\n'),
      {
        file: 'deploy.yaml',
        text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: grpc\nspec:\n  ports:\n    - port: 50051\n      targetPort: 50051\n',
      },
      { file: '.env', text: 'PORT=50051\nREMOTE=http://example.com:55555/\n' },
    ]);
    expect(findings).toEqual([]);
  });
});

describe('dynamic-port-range: options', () => {
  it('uses the Linux range 32768-60999 by default: WireGuard 51820 is in it, ActiveMQ 61616 is not', () => {
    const src = compose(
      'services:\n  vpn:\n    image: wireguard\n    ports:\n      - "51820:51820/udp"\n  mq:\n    image: activemq\n    ports:\n      - "61616:61616"\n',
    );
    expect(positions(lintWith(rule, [src]))).toEqual(['compose.yaml:5:10']);
  });

  it('uses the Linux range 32768-60999 with range: linux', () => {
    const src = compose('services:\n  a:\n    image: x\n    ports:\n      - "32768:80"\n      - "61000:80"\n      - "32767:80"\n');
    const findings = lint([src], { range: 'linux' });
    expect(findings.map((f) => f.messageId)).toEqual(['dynamic']);
    expect(positions(lint([src]))).toEqual(['compose.yaml:6:10']);
  });

  it('reports container ports too with containerPorts: true', () => {
    const findings = lint([{ file: 'Dockerfile', text: 'FROM golang\nEXPOSE 50051\n' }], { containerPorts: true });
    expect(findings.map((f) => f.messageId)).toEqual(['dynamic']);
  });

  it('rejects invalid options', () => {
    expect(() => resolveOptions(rule, { range: 'windows' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { containerPorts: 1 })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { start: 49152 })).toThrow(/start/);
    expect(resolveOptions(rule, { range: 'linux' })).toEqual({ range: 'linux', containerPorts: false });
  });
});
