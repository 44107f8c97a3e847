import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/exposed-sensitive-port/index.js';
import { lintText } from '../../src/api.js';
import { lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[], options?: Record<string, unknown>) => lintWith(rule, sources, options);
const messages = (sources: Source[], options?: Record<string, unknown>) => lint(sources, options).map((f) => f.messageId);

const PUBLISHED = (..._data: unknown[]): string => 'published';

function compose(body: string): Source {
  return { file: 'compose.yaml', text: `services:\n${body}` };
}

function k8s(text: string): Source {
  return { file: 'deploy.yaml', text };
}

const SERVICE = (type: string, ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: ${type}
  selector: {app: db}
  ports:
${ports.replace(/^/gm, '    ')}
`;

const POD = (spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
${spec.replace(/^/gm, '  ')}
`;

describe('exposed-sensitive-port: compose', () => {
  it('judges a published port by the container port it forwards to', () => {
    const findings = lint([compose('  bastion:\n    image: x\n    ports:\n      - "2222:22"\n      - "5432:8080"\n')]);
    expect(findings).toEqual([
      {
        file: 'compose.yaml',
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 14,
        messageId: PUBLISHED('2222', 'service "bastion"', 'SSH', '22', 'on every host interface', '"127.0.0.1:2222:22"'),
      },
    ]);
  });

  it('never reports loopback binds or expose:, and names a specific host IP', () => {
    const text =
      '  db:\n    image: postgres\n    ports:\n      - "127.0.0.1:5432:5432"\n      - "[::1]:6379:6379"\n      - "10.0.0.5:3306:3306"\n    expose:\n      - "27017"\n';
    expect(messages([compose(text)])).toEqual([
      PUBLISHED('3306', 'service "db"', 'MySQL', '3306', 'on host IP 10.0.0.5', '"127.0.0.1:3306:3306"'),
    ]);
  });

  it('reports a port Docker picks (no published port) by its target, unless bound to loopback', () => {
    const text =
      '  db:\n    image: mysql\n    ports:\n      - "3306"\n      - "127.0.0.1::5432"\n      - "10.0.0.5::27017"\n      - target: 6379\n';
    const findings = lint([compose(text)]);
    expect(findings.map((f) => f.messageId)).toEqual([
      PUBLISHED('0 (any free port)', 'service "db"', 'MySQL', '3306', 'on every host interface', '"127.0.0.1::3306"'),
      PUBLISHED('0 (any free port)', 'service "db"', 'MongoDB', '27017', 'on host IP 10.0.0.5', '"127.0.0.1::27017"'),
      PUBLISHED('0 (any free port)', 'service "db"', 'Redis', '6379', 'on every host interface', 'host_ip: 127.0.0.1'),
    ]);
    expect(positions(findings)).toEqual(['compose.yaml:5:10', 'compose.yaml:7:20', 'compose.yaml:8:17']);
  });

  it('counts every port of a range, and matches protocols as listed', () => {
    const text =
      '  ftp:\n    image: x\n    ports:\n      - "21-22:21-22"\n      - "22:22/udp"\n      - "3389:3389/udp"\n      - "6379:6379/sctp"\n';
    const findings = lint([compose(text)]);
    expect(findings.map((f) => f.messageId)).toEqual([
      PUBLISHED('21-22', 'service "ftp"', 'SSH', '22', 'on every host interface', '"127.0.0.1:21-22:21-22"'),
      PUBLISHED('3389/udp', 'service "ftp"', 'RDP', '3389', 'on every host interface', '"127.0.0.1:3389:3389/udp"'),
    ]);
    expect(positions(findings)).toEqual(['compose.yaml:5:10', 'compose.yaml:7:10']);
  });

  it('suggests host_ip for the long syntax', () => {
    const text = '  cache:\n    image: redis\n    ports:\n      - target: 6379\n        published: "16379"\n        protocol: tcp\n';
    expect(messages([compose(text)])).toEqual([
      PUBLISHED('16379', 'service "cache"', 'Redis', '6379', 'on every host interface', 'host_ip: 127.0.0.1'),
    ]);
  });

  it('reports the container ports of a network_mode: host service, whatever its host IPs, but not expose:', () => {
    const text =
      '  db:\n    image: postgres\n    network_mode: host\n    ports:\n      - "127.0.0.1:5432:5432"\n    expose:\n      - "6379"\n';
    const findings = lint([compose(text)]);
    expect(findings.map((f) => f.messageId)).toEqual(['composeHostNetwork']);
    expect(positions(findings)).toEqual(['compose.yaml:6:25']);
  });
});

describe('exposed-sensitive-port: kubernetes', () => {
  it('reports NodePort and LoadBalancer Services by their numeric targetPort, else their port', () => {
    const findings = lint([
      k8s(
        `${SERVICE('LoadBalancer', '- {name: ssh, port: 80, targetPort: 22}\n- {name: pg, port: 5432, targetPort: postgres}\n- {name: web, port: 6379, targetPort: 8080}')}---\n${SERVICE('ClusterIP', '- port: 5432')}`,
      ),
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['service', 'service']);
    expect(positions(findings)).toEqual(['deploy.yaml:9:25', 'deploy.yaml:10:24']);
    expect(messages([k8s(SERVICE('NodePort', '- {port: 8080, targetPort: 6379, nodePort: 30079}'))])).toEqual(['service']);
  });

  it('says how far a LoadBalancer reaches: internal, source ranges, or the internet', () => {
    const lb = (extra: string): string =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n${extra}spec:\n  type: LoadBalancer\n  ports:\n    - port: 5432\n`;
    const reach = (text: string): string | undefined =>
      lintText(text, { filePath: 'deploy.yaml', useConfigFiles: false })[0]
        ?.messages.find((m) => m.ruleId === 'exposed-sensitive-port')
        ?.message.replace(/^.*is reachable | Use type.*$/g, '');
    expect(reach(lb(''))).toBe('from the internet through Service db (LoadBalancer, no source ranges).');
    expect(reach(lb('  annotations:\n    networking.gke.io/load-balancer-type: Internal\n'))).toBe(
      'from outside the cluster through Service db (LoadBalancer, internal).',
    );
    expect(reach(lb('').replace('  ports:', '  loadBalancerSourceRanges: [10.0.0.0/8]\n  ports:'))).toBe(
      'from outside the cluster through Service db (LoadBalancer, source ranges 10.0.0.0/8).',
    );
    expect(reach(SERVICE('NodePort', '- {port: 5432}'))).toMatch(/^on every node IP through Service \S+ \(NodePort\)\.$/);
  });

  it('reports a hostPort by its container port, unless bound to loopback', () => {
    const findings = messages([
      k8s(
        POD(
          'containers:\n  - name: ssh\n    image: x\n    ports:\n      - {containerPort: 22, hostPort: 2222}\n      - {containerPort: 6379, hostPort: 6379, hostIP: 127.0.0.1}\n      - {containerPort: 8080, hostPort: 3306}',
        ),
      ),
    ]);
    expect(findings).toEqual(['hostPort']);
  });

  it('reports the container ports of a hostNetwork pod', () => {
    const findings = messages([
      k8s(
        POD(
          'hostNetwork: true\ncontainers:\n  - name: redis\n    image: redis\n    ports:\n      - {containerPort: 6379, hostPort: 6379}\n      - {containerPort: 8080}',
        ),
      ),
    ]);
    expect(findings).toEqual(['podHostNetwork']);
  });

  it('does not report container ports of ordinary pods', () => {
    expect(
      messages([k8s(POD('containers:\n  - name: db\n    image: postgres\n    ports: [{containerPort: 5432}, {containerPort: 22}]'))]),
    ).toEqual([]);
  });
});

describe('exposed-sensitive-port: Dockerfile', () => {
  it('reports EXPOSE of SSH (22 and 22/tcp alike, or inside a range) and of the Docker API, not 22/udp or 2376', () => {
    const findings = lint([{ file: 'Dockerfile', text: 'FROM ubuntu:24.04\nEXPOSE 22/tcp 22/udp 2376 3306\nEXPOSE 20-30\nEXPOSE 2375\n' }]);
    expect(findings).toEqual([
      {
        file: 'Dockerfile',
        line: 2,
        column: 8,
        endLine: 2,
        endColumn: 14,
        messageId: 'dockerfile',
      },
      {
        file: 'Dockerfile',
        line: 3,
        column: 8,
        endLine: 3,
        endColumn: 13,
        messageId: 'dockerfile',
      },
      {
        file: 'Dockerfile',
        line: 4,
        column: 8,
        endLine: 4,
        endColumn: 12,
        messageId: 'dockerfile',
      },
    ]);
  });

  it('reports only stages whose metadata reaches the image: the final one and those it is built FROM', () => {
    const text = [
      'FROM alpine:3.20 AS tools',
      'EXPOSE 22',
      'FROM debian:12 AS base',
      'EXPOSE 22',
      'FROM base',
      'COPY --from=tools /bin/busybox /bin/',
      '',
    ].join('\n');
    expect(positions(lint([{ file: 'Dockerfile', text }]))).toEqual(['Dockerfile:4:8']);
  });
});

describe('exposed-sensitive-port: options', () => {
  it('takes a port list that replaces the default one, and Dockerfile ports', () => {
    const options = { ports: [{ port: 8443, protocol: 'tcp', service: 'the admin console' }], dockerfilePorts: [8443] };
    expect(messages([compose('  db:\n    image: x\n    ports:\n      - "5432:5432"\n      - "443:8443"\n')], options)).toEqual([
      PUBLISHED('443', 'service "db"', 'the admin console', '8443', 'on every host interface', '"127.0.0.1:443:8443"'),
    ]);
    expect(messages([{ file: 'Dockerfile', text: 'FROM x\nEXPOSE 8443 22\n' }], options)).toEqual(['dockerfile']);
  });

  it('rejects malformed options', () => {
    expect(() => resolveOptions(rule, { ports: [{ port: 70000, service: 'x' }] })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { ports: [{ port: 22 }] })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { ports: [{ port: 22, service: 'SSH', protocol: 'TCP' }] })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { sensitive: [22] })).toThrow(ConfigError);
    expect(resolveOptions(rule, { dockerfilePorts: [22] })).toMatchObject({ dockerfilePorts: [22] });
  });
});
