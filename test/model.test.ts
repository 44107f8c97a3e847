import { describe, expect, it } from 'vitest';
import { describeContext, onHostNetwork, ownerObject, type Loc, type PortDeclaration } from '../src/model.js';
import { parseCompose } from '../src/parsers/compose.js';
import { parseDockerfile } from '../src/parsers/dockerfile.js';
import { parseEnvFile } from '../src/parsers/env.js';
import { parseKubernetes } from '../src/parsers/kubernetes.js';

/** The text a span covers (single line). */
function text(src: string, loc: Loc | undefined): string | undefined {
  if (!loc) return undefined;
  return src.split('\n')[loc.line - 1]!.slice(loc.column - 1, loc.endColumn - 1);
}

const POD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
              hostPort: 80
              hostIP: 127.0.0.1
          readinessProbe:
            httpGet: {port: http}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: $(PORT)
`;

describe('the model', () => {
  it('says what a value is: a port, a name, an unresolved reference with its variables, an invalid value with its reason', () => {
    const k8s = parseKubernetes(POD, 'k8s.yaml').declarations;
    expect(k8s.map((d) => [d.role, d.value])).toEqual([
      ['container', { kind: 'port', port: 8080, endPort: 8080 }],
      ['host', { kind: 'port', port: 80, endPort: 80 }],
      ['probe', { kind: 'name', name: 'http' }],
      ['service', { kind: 'port', port: 80, endPort: 80 }],
      ['targetPort', { kind: 'unresolved', variables: ['PORT'] }],
    ]);
    const [d] = parseDockerfile('FROM alpine\nEXPOSE 80-70\n', 'Dockerfile').declarations;
    expect(d!.value).toEqual({ kind: 'invalid', reason: 'range "80-70" ends before it starts' });
  });

  it('links each declaration to its owner and the facts rules need', () => {
    const [container, host, probe, service] = parseKubernetes(POD, 'k8s.yaml').declarations as PortDeclaration[];
    expect(container!.owner.kind).toBe('podContainer');
    expect(container!.owner).toBe(probe!.owner);
    expect(onHostNetwork(container!.owner)).toBe(true);
    expect(ownerObject(container!.owner)).toEqual({ file: 'k8s.yaml', document: 0, kind: 'Deployment', name: 'web', namespace: 'shop' });
    if (container!.owner.kind !== 'podContainer') throw new Error('unreachable');
    expect(container!.owner.container.image).toBe('nginx:1.27');
    expect(host!.target).toEqual({ kind: 'port', port: 8080, endPort: 8080 });
    expect(describeContext(service!)).toBe('Service web');
    expect(service!.owner.kind === 'service' && service!.owner.service.selector).toEqual({ app: 'web' });

    const compose = parseCompose(
      'services:\n  web:\n    image: nginx\n    network_mode: host\n    ports: ["80"]\n',
      'compose.yaml',
    ).declarations;
    expect(compose.every((d) => d.owner.kind === 'composeService' && onHostNetwork(d.owner))).toBe(true);

    const stages = parseDockerfile(
      'FROM alpine AS base\nEXPOSE 22\nFROM base\nFROM nginx AS other\nEXPOSE 80\nFROM base\n',
      'Dockerfile',
    ).declarations;
    expect(stages.map((d) => d.owner.kind === 'stage' && [d.owner.stage.index, d.owner.stage.inImage, d.owner.image.index])).toEqual([
      [0, true, 3],
      [2, false, 2],
    ]);
    const env = parseEnvFile('PORT=8080\n', '.env').declarations;
    expect(env[0]!.owner).toEqual({ kind: 'file', file: '.env', format: 'env' });
    expect(env[0]!.source).toEqual({ format: 'env', variable: 'PORT' });
  });

  it('carries the exact place of every part a fix would edit', () => {
    const [container, host] = parseKubernetes(POD, 'k8s.yaml').declarations as PortDeclaration[];
    expect(text(POD, container!.spans.value)).toBe('8080');
    expect(text(POD, container!.spans.protocol)).toBe('TCP');
    expect(text(POD, container!.spans.name)).toBe('http');
    expect(text(POD, host!.spans.hostIp)).toBe('127.0.0.1');

    const compose =
      'services:\n  web:\n    ports:\n      - "127.0.0.1:8080:80/udp"\n      - target: 53\n        protocol: udp\n        host_ip: ::1\n        name: dns\n';
    const [hostSide, containerSide, long] = parseCompose(compose, 'compose.yaml').declarations as PortDeclaration[];
    expect([text(compose, hostSide!.spans.value), text(compose, hostSide!.spans.hostIp), text(compose, hostSide!.spans.protocol)]).toEqual([
      '8080',
      '127.0.0.1',
      'udp',
    ]);
    expect(text(compose, containerSide!.spans.value)).toBe('80');
    expect([text(compose, long!.spans.protocol), text(compose, long!.spans.name)]).toEqual(['udp', 'dns']);

    const dockerfile = 'FROM alpine\nEXPOSE 53/udp\n';
    const [expose] = parseDockerfile(dockerfile, 'Dockerfile').declarations;
    expect([text(dockerfile, expose!.spans.value), text(dockerfile, expose!.spans.protocol)]).toEqual(['53/udp', 'udp']);
  });

  it('lists the variables a value is written in terms of, as the parser read them', () => {
    const compose = parseCompose('services:\n  honeypot:\n    ports:\n      - "${TELNET_PORT:-2223}:23"\n', 'compose.yaml').declarations;
    expect(compose.map((d) => [d.role, d.value.kind, d.variables])).toEqual([
      ['host', 'port', ['TELNET_PORT']],
      ['container', 'port', ['TELNET_PORT']],
    ]);
    const [plain] = parseDockerfile('FROM alpine\nEXPOSE 80\n', 'Dockerfile').declarations;
    expect(plain!.variables).toBeUndefined();
  });

  it('types the protocol: a transport, or the text of one that is none', () => {
    const [d] = parseDockerfile('FROM alpine\nEXPOSE 8080/http\n', 'Dockerfile').declarations;
    expect(d!.protocol).toEqual({ invalid: 'http' });
    expect(d!.protocolText).toBe('http');
  });
});

describe('joinRuns', () => {
  it('joins consecutive single ports of one owner into one range, keeps services and short runs apart', async () => {
    const { joinRuns } = await import('../src/engine/ports.js');
    const { parseDockerfile } = await import('../src/parsers/dockerfile.js');
    const decls = parseDockerfile(
      'FROM alpine\nEXPOSE 21 22 23 8000 8001 2000 2001 2002 2003 9000/udp 9001/udp\n',
      'Dockerfile',
    ).declarations;
    const shown = joinRuns(decls).map((d) => (d.value.kind === 'port' ? `${d.value.port}-${d.value.endPort}` : '?'));
    expect(shown).toEqual(['21-21', '22-22', '23-23', '8000-8000', '8001-8001', '2000-2003', '9000-9000', '9001-9001']);
  });
});
