import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/duplicate-port.js';
import { lintMessages, lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[]) => lintWith(rule, sources);
const messages = (sources: Source[]) => lint(sources).map((f) => f.messageId);

const PUBLISHED = (..._data: unknown[]): string => 'publishedClash';

function compose(services: string, dotenv?: string): Source {
  return { file: 'compose.yaml', text: `services:\n${services}`, dotenv };
}

function deployment(spec: string): Source {
  return {
    file: 'deploy.yaml',
    text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  template:
    spec:
${spec.replace(/^/gm, '      ')}
`,
  };
}

function service(ports: string, name = 'web'): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: NodePort
  selector: {app: ${name}}
  ports:
${ports.replace(/^/gm, '    ')}
`;
}

describe('duplicate-port: compose', () => {
  it('reports a host port published by two services, at the second, naming the first', () => {
    const findings = lint([
      compose(
        '  web:\n    image: nginx\n    ports:\n      - "8080:80"\n  admin:\n    image: example/admin\n    ports:\n      - "8080:3000"\n',
      ),
    ]);
    expect(findings).toEqual([
      {
        file: 'compose.yaml',
        line: 9,
        column: 10,
        endLine: 9,
        endColumn: 14,
        messageId: PUBLISHED('8080', '', 'service "admin"', 'service "web"', 5),
      },
    ]);
  });

  it('compares host IPs: wildcards overlap everything, two loopback addresses do not overlap', () => {
    const text = [
      '  a:\n    image: x\n    ports:\n      - "127.0.0.1:8080:80"',
      '  b:\n    image: x\n    ports:\n      - "127.0.0.2:8080:80"',
      '  c:\n    image: x\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: "::"',
      '  d:\n    image: x\n    ports:\n      - "[::1]:9090:80"\n      - "[::1]:9091:80"',
    ].join('\n');
    expect(messages([compose(`${text}\n`)])).toEqual([PUBLISHED('8080', ' on ::', 'service "c"', 'service "a"', 5)]);
  });

  it('counts every port of a range, after interpolation, and not other protocols', () => {
    const text =
      '  a:\n    image: x\n    ports:\n      - "${FTP_PORTS}:21-22"\n      - "53:53/udp"\n  b:\n    image: x\n    ports:\n      - "22:22"\n      - "53:53/tcp"\n';
    expect(messages([compose(text, 'FTP_PORTS=21-22\n')])).toEqual([PUBLISHED('22', '', 'service "b"', 'service "a"', 5)]);
    expect(messages([compose(text)])).toEqual([]);
  });

  it('reports the same host port twice in one service, but not one container port on two host ports', () => {
    const text = '  web:\n    image: nginx\n    ports:\n      - "8080:80"\n      - "8081:80"\n      - "9000:9000"\n      - "9000:9001"\n';
    const findings = lint([compose(text)]);
    expect(findings.map((f) => f.messageId)).toEqual([PUBLISHED('9000', '', 'service "web"', 'the same service', 7)]);
    expect(positions(findings)).toEqual(['compose.yaml:8:10']);
  });

  it('never reports ports Docker picks: no published port, or a host range for one container port', () => {
    const text =
      '  a:\n    image: x\n    ports:\n      - "80"\n      - "8000-8010:80"\n  b:\n    image: x\n    ports:\n      - "80"\n      - "8000-8010:80"\n';
    expect(messages([compose(text)])).toEqual([]);
  });

  it('reads a network_mode: host service as listening on the host at its single container ports (published ports are ignored, ranges are pools)', () => {
    const text =
      '  a:\n    image: x\n    network_mode: host\n    ports:\n      - "127.0.0.1:8080:80"\n      - "49152-65535"\n    expose:\n      - "9000"\n  b:\n    image: x\n    ports:\n      - "8080:8080"\n      - "127.0.0.1:80:80"\n      - "9000:9000"\n      - "60000:60000"\n';
    expect(messages([compose(text)])).toEqual([PUBLISHED('80', ' on 127.0.0.1', 'service "b"', 'service "a" (network_mode: host)', 6)]);
  });

  it('reports a repeated expose: item', () => {
    const findings = lint([compose('  web:\n    image: nginx\n    expose:\n      - "3000-3005"\n      - "3002"\n      - "3002/udp"\n')]);
    expect(findings.map((f) => f.messageId)).toEqual(['repeatOverlap']);
    expect(positions(findings)).toEqual(['compose.yaml:6:10']);
  });
});

describe('duplicate-port: kubernetes', () => {
  it('reports a container port listed twice, and tells an alias from a plain repeat', () => {
    const findings = lint([
      deployment(
        'containers:\n  - name: api\n    image: x\n    ports:\n      - {containerPort: 8080}\n      - {containerPort: 8080, protocol: TCP}\n      - {containerPort: 8080, protocol: UDP}\n      - {name: http, containerPort: 80}\n      - {name: https, containerPort: 80}',
      ),
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['repeat', 'alias']);
    expect(positions(findings)).toEqual(['deploy.yaml:14:31', 'deploy.yaml:17:44']);
  });

  it('accepts one container port forwarded from two host ports', () => {
    expect(
      messages([
        deployment(
          'containers:\n  - name: api\n    image: x\n    ports:\n      - {containerPort: 80, hostPort: 8080}\n      - {containerPort: 80, hostPort: 8081}',
        ),
      ]),
    ).toEqual([]);
  });

  it('reports two containers of one pod on one port, but not an init container', () => {
    const findings = messages([
      deployment(
        'initContainers:\n  - name: migrate\n    image: x\n    ports: [{containerPort: 8080}]\ncontainers:\n  - name: api\n    image: x\n    ports: [{containerPort: 8080}]\n  - name: sidecar\n    image: y\n    ports: [{containerPort: 8080}, {containerPort: 9090}]',
      ),
    ]);
    expect(findings).toEqual(['sharedNetwork']);
  });

  it('reports hostPorts that clash in one pod, comparing hostIP', () => {
    const findings = messages([
      deployment(
        'containers:\n  - name: a\n    image: x\n    ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 53, hostPort: 53, protocol: UDP}]\n  - name: b\n    image: y\n    ports:\n      - {containerPort: 81, hostPort: 8080, hostIP: 10.0.0.1}\n      - {containerPort: 53, hostPort: 53, protocol: TCP}\n  - name: c\n    image: z\n    ports: [{containerPort: 82, hostPort: 9090, hostIP: 10.0.0.1}, {containerPort: 83, hostPort: 9090, hostIP: 10.0.0.2}]',
      ),
    ]);
    expect(findings).toEqual(['hostPortClash']);
  });

  it('reports repeated Service ports and names, NodePorts reused in one Service or across Services', () => {
    const text = `${service('- {name: http, port: 80, nodePort: 30080}\n- {name: http, port: 80, protocol: UDP}\n- {name: alt, port: 80, nodePort: 30080}')}---\n${service('- {name: http, port: 80, nodePort: 30080}', 'other')}`;
    const findings = lint([{ file: 'svc.yaml', text }]);
    expect(findings.map((f) => f.messageId)).toEqual(['duplicateName', 'duplicate', 'duplicate', 'nodePortClash']);
    expect(positions(findings)).toEqual(['svc.yaml:10:14', 'svc.yaml:11:25', 'svc.yaml:11:39', 'svc.yaml:21:40']);
  });

  it('accepts two Services with the same port, and TCP and UDP on one number', () => {
    const text = `${service('- {name: dns-udp, port: 53, protocol: UDP}\n- {name: dns-tcp, port: 53, protocol: TCP}')}---\n${service('- {name: dns, port: 53}', 'other')}`;
    expect(messages([{ file: 'svc.yaml', text }])).toEqual([]);
  });
});

describe('duplicate-port: severity and profiles', () => {
  it('reports a harmless repeat as a warning and a clash the API or the host rejects as an error', () => {
    const svc = `${service('- {name: a, port: 80}\n- {name: b, port: 80}')}`;
    const levels = (sources: Source[]) => lintMessages(rule, sources, undefined, 'error').map((m) => `${m.messageId}:${m.severity}`);
    expect(levels([{ file: 'Dockerfile', text: 'FROM nginx\nEXPOSE 80 443\nEXPOSE 80 443\n' }])).toEqual(['repeat:1', 'repeat:1']);
    expect(levels([{ file: 'svc.yaml', text: svc }])).toEqual(['duplicate:2']);
    expect(levels([compose('  a:\n    image: x\n    ports: ["8080:80"]\n  b:\n    image: y\n    ports: ["8080:80"]\n')])).toEqual([
      'publishedClash:2',
    ]);
  });

  it('lets services of disjoint profiles share a host port, not one that is always started', () => {
    const text =
      '  cpu:\n    image: x\n    profiles: [cpu]\n    ports: ["8080:80"]\n  gpu:\n    image: x\n    profiles: [gpu]\n    ports: ["8080:80"]\n  both:\n    image: y\n    profiles: [gpu, debug]\n    ports: ["8080:81"]\n';
    expect(positions(lint([compose(text)]))).toEqual(['compose.yaml:13:14']);
  });
});

describe('duplicate-port: Dockerfile', () => {
  it('reports a port exposed twice in one stage (22 and 22/tcp alike), not across stages', () => {
    const findings = lint([
      { file: 'Dockerfile', text: 'FROM golang:1.23 AS build\nEXPOSE 8080\nFROM alpine:3.20\nEXPOSE 8080 20-30\nEXPOSE 22/tcp 8080/udp\n' },
    ]);
    expect(findings).toEqual([
      {
        file: 'Dockerfile',
        line: 5,
        column: 8,
        endLine: 5,
        endColumn: 14,
        messageId: 'repeatOverlap',
      },
    ]);
  });

  it('takes no options', () => {
    expect(() => resolveOptions(rule, { scope: 'file' })).toThrow(ConfigError);
  });
});
