import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { Linter } from '../../src/engine/linter.js';
import { resolveRules } from '../../src/config/rule-options.js';
import rule from '../../rules/privileged-port.js';
import { lintWith, parseSource, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[], options?: Record<string, unknown>) => lintWith(rule, sources, options);

/** A Deployment with one container `web` of the given pod / container securityContext and ports. */
function deployment(opts: { pod?: string; container?: string; ports: string; hostNetwork?: boolean }): Source {
  const indent = (text: string | undefined, n: number) => (text ?? '').replace(/^/gm, ' '.repeat(n));
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${opts.hostNetwork ? '      hostNetwork: true\n' : ''}${opts.pod ? `      securityContext:\n${indent(opts.pod, 8)}\n` : ''}      containers:
        - name: web
          image: example/web:1.4
${opts.container ? `          securityContext:\n${indent(opts.container, 12)}\n` : ''}          ports:
${indent(opts.ports, 12)}
`;
  return { file: 'deploy.yaml', text };
}

const K8S_MESSAGE = (..._data: unknown[]): string => 'kubernetes';

describe('privileged-port: Kubernetes', () => {
  it('reports a low container port of a container known to run as non-root, with position and message', () => {
    const src = deployment({ pod: 'runAsUser: 10001', ports: '- containerPort: 80\n- containerPort: 8080' });
    expect(lint([src])).toEqual([
      { file: 'deploy.yaml', line: 21, column: 30, endLine: 21, endColumn: 32, messageId: K8S_MESSAGE('80', 'runAsUser: 10001', '8080') },
    ]);
  });

  it('takes runAsNonRoot: true as non-root, and container settings over the pod', () => {
    expect(lint([deployment({ pod: 'runAsNonRoot: true', ports: '- containerPort: 443' })]).map((f) => f.messageId)).toEqual([
      K8S_MESSAGE('443', 'runAsNonRoot: true', '8443'),
    ]);
    expect(
      lint([deployment({ pod: 'runAsUser: 0', container: 'runAsUser: 1000', ports: '- containerPort: 53\n  protocol: UDP' })]).map(
        (f) => f.messageId,
      ),
    ).toEqual([K8S_MESSAGE('53/udp', 'runAsUser: 1000', '8053')]);
    expect(lint([deployment({ pod: 'runAsUser: 1000', container: 'runAsUser: 0', ports: '- containerPort: 80' })])).toEqual([]);
  });

  it('stays silent when the user is unknown (no securityContext): most such images run as root', () => {
    expect(lint([deployment({ ports: '- containerPort: 80' })])).toEqual([]);
    expect(lint([deployment({ pod: 'fsGroup: 2000', ports: '- containerPort: 80' })])).toEqual([]);
  });

  it('stays silent when the container adds NET_BIND_SERVICE, even with allowPrivilegeEscalation: false (ingress-nginx)', () => {
    const container =
      'allowPrivilegeEscalation: false\ncapabilities:\n  add: [NET_BIND_SERVICE]\n  drop: [ALL]\nrunAsUser: 101\nrunAsNonRoot: true';
    expect(lint([deployment({ container, ports: '- containerPort: 80\n- containerPort: 443' })])).toEqual([]);
    expect(
      lint([deployment({ container: 'runAsUser: 101\ncapabilities:\n  add: ["CAP_NET_BIND_SERVICE"]', ports: '- containerPort: 80' })]),
    ).toEqual([]);
  });

  it('stays silent when the pod sysctl allows the port, and reports ports below its value', () => {
    const pod = 'runAsUser: 1000\nsysctls:\n  - name: net.ipv4.ip_unprivileged_port_start\n    value: "80"';
    const findings = lint([deployment({ pod, ports: '- containerPort: 80\n- containerPort: 53' })]);
    expect(findings.map((f) => f.messageId)).toEqual([K8S_MESSAGE('53', 'runAsUser: 1000', '8053')]);
  });

  it('says the bind fails on the node for hostNetwork pods, where the pod sysctl does not apply', () => {
    const pod = 'runAsUser: 1000\nsysctls:\n  - name: net.ipv4.ip_unprivileged_port_start\n    value: "0"';
    const findings = lint([deployment({ hostNetwork: true, pod, ports: '- containerPort: 80' })]);
    expect(findings.map((f) => f.messageId)).toEqual(['hostNetwork']);
  });

  it('never reports hostPorts (the node forwards them), Service ports, targetPorts or probes', () => {
    const src = deployment({ pod: 'runAsUser: 1000', ports: '- containerPort: 8080\n  hostPort: 80' });
    const service: Source = {
      file: 'svc.yaml',
      text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 443\n',
    };
    expect(lint([src, service])).toEqual([]);
  });
});

describe('privileged-port: unprivilegedPods (containerd 2.0+ clusters)', () => {
  it('skips pod-network container ports and Dockerfile EXPOSE, but still reports host-network pods', () => {
    const options = { unprivilegedPods: true };
    expect(lint([deployment({ pod: 'runAsUser: 1000', ports: '- containerPort: 80' })], options)).toEqual([]);
    expect(lint([{ file: 'Dockerfile', text: 'FROM node:20\nUSER node\nEXPOSE 80\n' }], options)).toEqual([]);
    expect(positions(lint([deployment({ hostNetwork: true, pod: 'runAsUser: 1000', ports: '- containerPort: 80' })], options))).toEqual([
      'deploy.yaml:22:30',
    ]);
  });
});

describe('privileged-port: Dockerfile', () => {
  const DOCKER_MESSAGE = (..._data: unknown[]): string => 'dockerfile';

  it('reports EXPOSE below 1024 in a stage whose last USER is non-root', () => {
    const findings = lint([{ file: 'Dockerfile', text: 'FROM node:20 AS app\nUSER node\nEXPOSE 80 3000\n' }]);
    expect(findings).toEqual([
      { file: 'Dockerfile', line: 3, column: 8, endLine: 3, endColumn: 10, messageId: DOCKER_MESSAGE('80', 'stage "app"', 'node', '8080') },
    ]);
  });

  it('reads uid:gid users and ranges that reach below 1024', () => {
    const findings = lint([{ file: 'Dockerfile', text: 'FROM alpine\nUSER 1000:0\nEXPOSE 1000-1030 53/udp\n' }]);
    expect(findings.map((f) => f.messageId)).toEqual([
      DOCKER_MESSAGE('1000-1030', 'the image', '1000:0', '9000', '`docker run -p`'),
      DOCKER_MESSAGE('53/udp', 'the image', '1000:0', '8053', '`-p 53:8053/udp`'),
    ]);
  });

  it('stays silent for root, no USER, a variable USER, or a USER set only in an earlier stage', () => {
    for (const text of [
      'FROM nginx\nEXPOSE 80\n',
      'FROM alpine\nUSER root\nEXPOSE 80\n',
      'FROM alpine\nUSER 0:0\nEXPOSE 80\n',
      'FROM alpine\nUSER $APP_USER\nEXPOSE 80\n',
      'FROM alpine AS build\nUSER builder\nFROM nginx\nEXPOSE 80\n',
      'FROM alpine\nUSER app\nUSER root\nEXPOSE 443\n',
    ]) {
      expect(lint([{ file: 'Dockerfile', text }]), text).toEqual([]);
    }
  });

  it('follows the stages the final image is built FROM for both EXPOSE and USER', () => {
    const inherited = lint([
      { file: 'Dockerfile', text: 'FROM node:20 AS base\nUSER node\nEXPOSE 80\nFROM base\nCMD ["node", "server.js"]\n' },
    ]);
    expect(inherited.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual([
      `3:8 ${DOCKER_MESSAGE('80', 'stage "base"', 'node', '8080')}`,
    ]);
    expect(lint([{ file: 'Dockerfile', text: 'FROM node:20 AS base\nUSER node\nEXPOSE 80\nFROM base\nUSER root\n' }])).toEqual([]);
    const target = lint([{ file: 'Dockerfile', text: 'FROM nginx AS dev\nUSER nginx\nEXPOSE 80\nFROM nginx AS prod\nEXPOSE 80\n' }]);
    expect(positions(target)).toEqual(['Dockerfile:3:8']);
  });

  it('stays silent when the stage grants cap_net_bind_service to its binary (setcap)', () => {
    const run = (fileCapabilities?: string[]) => {
      // The declaration's owner links the stage fact itself: what the parser found is replaced there.
      const parsed = parseSource({
        file: 'Dockerfile',
        text: 'FROM alpine\nRUN setcap cap_net_bind_service=+ep /usr/sbin/nginx\nUSER www-data\nEXPOSE 80\n',
      });
      for (const stage of parsed.facts.stages) {
        if (fileCapabilities === undefined) delete stage.fileCapabilities;
        else stage.fileCapabilities = fileCapabilities;
      }
      const linter = new Linter(resolveRules([rule], { [rule.meta.id]: 'warn' }));
      linter.add(parsed);
      return linter.finish().flatMap((r) => r.messages).length;
    };
    expect(run(undefined)).toBe(1);
    expect(run(['NET_BIND_SERVICE'])).toBe(0);
  });
});

describe('privileged-port: Compose', () => {
  const service = (extra: string, ports: string) => `services:\n  web:\n    image: nginx\n${extra}    ports:\n${ports}`;

  it('stays silent on the container side under Docker, even as non-root', () => {
    expect(lint([{ file: 'compose.yaml', text: service('    user: "101"\n', '      - "80:80"\n') }])).toEqual([]);
  });

  it('reports low ports of a non-root service on the host network', () => {
    const findings = lint([
      { file: 'compose.yaml', text: service('    user: "1000:1000"\n    network_mode: host\n', '      - "80:80"\n') },
    ]);
    expect(findings).toEqual([
      {
        file: 'compose.yaml',
        line: 7,
        column: 13,
        endLine: 7,
        endColumn: 15,
        messageId: 'composeHost',
      },
    ]);
    expect(lint([{ file: 'compose.yaml', text: service('    network_mode: host\n', '      - "80:80"\n') }])).toEqual([]);
  });

  it('reports published ports below 1024 only with rootlessDocker', () => {
    const src: Source = {
      file: 'compose.yaml',
      text: service('', '      - "80:8080"\n      - "127.0.0.1:443:8443"\n      - "8443:443"\n      - "53:5353/udp"\n'),
    };
    expect(lint([src])).toEqual([]);
    const findings = lint([src], { rootlessDocker: true });
    expect(positions(findings)).toEqual(['compose.yaml:5:10', 'compose.yaml:6:20', 'compose.yaml:8:10']);
    expect(findings.map((f) => f.messageId)).toEqual(['rootless', 'rootless', 'rootless']);
  });
});

describe('privileged-port: env files and options', () => {
  it('stays silent on env files: a variable says nothing about the runtime or user', () => {
    expect(lint([{ file: '.env', text: 'PORT=80\nSMTP_PORT=25\nDB_PORT=5432\n' }])).toEqual([]);
  });

  it('rejects invalid options and accepts the documented one', () => {
    expect(() => resolveOptions(rule, { rootlessDocker: 'yes' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { threshold: 1024 })).toThrow(/threshold/);
    expect(() => resolveOptions(rule, { unprivilegedPods: null })).toThrow(ConfigError);
    expect(resolveOptions(rule, { rootlessDocker: true })).toEqual({ rootlessDocker: true, unprivilegedPods: false });
  });
});
