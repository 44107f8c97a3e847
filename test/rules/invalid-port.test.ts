import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule, { dnsLabelProblem, ianaServiceNameProblem } from '../../rules/invalid-port.js';
import { lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[]) => lintWith(rule, sources);

const OUT_OF_RANGE = (..._data: unknown[]): string => 'outOfRange';
const ZERO = (..._data: unknown[]): string => 'zero';

function compose(ports: string, extra = ''): Source {
  return { file: 'compose.yaml', text: `services:\n  web:\n    image: nginx\n    ports:\n${ports}\n${extra}` };
}

function pod(containerBody: string): Source {
  return {
    file: 'pod.yaml',
    text: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: example/api:1.0
${containerBody.replace(/^/gm, '      ')}
`,
  };
}

function service(ports: string, name = 'api'): Source {
  return {
    file: 'svc.yaml',
    text: `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: api}
  ports:
${ports.replace(/^/gm, '    ')}
`,
  };
}

describe('invalid-port: compose', () => {
  it('reports numbers above 65535 at their digits, and mismatched ranges with the parser reason', () => {
    const findings = lint([compose('      - "80800:80"\n      - "9000-9001:9000-9002"\n      - "70000"')]);
    expect(findings).toEqual([
      {
        file: 'compose.yaml',
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 15,
        messageId: OUT_OF_RANGE('Published port', '80800', 'service "web"'),
      },
      {
        file: 'compose.yaml',
        line: 6,
        column: 10,
        endLine: 6,
        endColumn: 19,
        messageId: 'unparseable',
      },
      {
        file: 'compose.yaml',
        line: 7,
        column: 10,
        endLine: 7,
        endColumn: 15,
        messageId: OUT_OF_RANGE('Container port', '70000', 'service "web"'),
      },
    ]);
  });

  it('accepts 0 as a published port (Docker picks one) but not as a container port', () => {
    const findings = lint([compose('      - "0:80"', '    expose:\n      - "0"\n')]);
    expect(findings.map((f) => f.messageId)).toEqual([ZERO('Exposed port', 'service "web"')]);
    expect(positions(findings)).toEqual(['compose.yaml:7:10']);
  });

  it('reports an unknown protocol once per mapping, and takes tcp/udp/sctp in any case', () => {
    const findings = lint([compose('      - "8080:80/http"\n      - "5060:5060/sctp"\n      - "53:53/UDP"\n      - "9000:9000/tcp"')]);
    expect(findings.map((f) => f.messageId)).toEqual(['protocol']);
  });

  it('reads ranges whose start exceeds their end as invalid, once per mapping', () => {
    const findings = lint([compose('      - "9010-9000:9010-9000"')]);
    expect(findings.map((f) => f.messageId)).toEqual(['unparseable']);
  });

  it('resolves $VARS: unset ones are not reported, set ones are judged by their value', () => {
    expect(lint([compose('      - "${PORT}:80"\n      - "${WEB_PORT:-8080}:80"')])).toEqual([]);
    const findings = lint([{ ...compose('      - "${PORT}:80"'), dotenv: 'PORT=99999\n' }]);
    expect(findings.map((f) => f.messageId)).toEqual([OUT_OF_RANGE('Published port', '99999', 'service "web"')]);
    expect(positions(findings)).toEqual(['compose.yaml:5:10']);
  });

  it('does not apply Kubernetes naming rules to the free-text long-syntax name', () => {
    expect(
      lint([
        compose('      - name: Web UI\n        target: 80\n        published: 8080\n        protocol: tcp\n        app_protocol: http'),
      ]),
    ).toEqual([]);
  });
});

describe('invalid-port: kubernetes', () => {
  it('reports container ports out of range, 0, lower-case and unknown protocols', () => {
    const findings = lint([
      pod(
        'ports:\n  - containerPort: 70000\n  - containerPort: 0\n  - containerPort: 8080\n    protocol: tcp\n  - containerPort: 8081\n    protocol: HTTP\n  - containerPort: 5060\n    protocol: SCTP',
      ),
    ]);
    const where = 'container "api" of Pod api';
    expect(findings).toEqual([
      { file: 'pod.yaml', line: 10, column: 26, endLine: 10, endColumn: 31, messageId: OUT_OF_RANGE('Container port', '70000', where) },
      { file: 'pod.yaml', line: 11, column: 26, endLine: 11, endColumn: 27, messageId: ZERO('Container port', where) },
      {
        file: 'pod.yaml',
        line: 13,
        column: 21,
        endLine: 13,
        endColumn: 24,
        messageId: 'protocolCase',
      },
      {
        file: 'pod.yaml',
        line: 15,
        column: 21,
        endLine: 15,
        endColumn: 25,
        messageId: 'protocol',
      },
    ]);
  });

  it('allows 0 where Kubernetes reads it as "none": hostPort, targetPort and nodePort', () => {
    expect(lint([pod('ports:\n  - containerPort: 80\n    hostPort: 0')])).toEqual([]);
    expect(lint([service('- name: http\n  port: 80\n  targetPort: 0\n  nodePort: 0')])).toEqual([]);
    expect(lint([service('- port: 0')]).map((f) => f.messageId)).toEqual([ZERO('Service port', 'Service api')]);
  });

  it('checks container port names against the IANA service-name rule', () => {
    const findings = lint([
      pod(
        'ports:\n  - {name: HTTP_Main, containerPort: 8080}\n  - {name: "12345", containerPort: 8081}\n  - {name: metrics--x, containerPort: 8082}\n  - {name: grpc-health-probe, containerPort: 8083}\n  - {name: http-main, containerPort: 8084}',
      ),
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['portName', 'portName', 'portName', 'portName']);
    expect(positions(findings)).toEqual(['pod.yaml:10:18', 'pod.yaml:11:18', 'pod.yaml:12:18', 'pod.yaml:13:18']);
  });

  it('checks Service port names as DNS labels (up to 63 characters), and requires names on multi-port Services', () => {
    expect(lint([service('- {name: grpc-health-probe-endpoint, port: 80}\n- {name: metrics, port: 9090}')])).toEqual([]);
    const findings = lint([service('- {name: Http, port: 80}\n- {port: 9090}\n- {port: 53, protocol: UDP}')]);
    expect(findings.map((f) => f.messageId)).toEqual(['servicePortName', 'unnamedServicePort', 'unnamedServicePort']);
    expect(lint([service('- port: 80\n  targetPort: 8080')])).toEqual([]);
  });

  it('reports names that targetPorts and probes refer to with the parser reason', () => {
    const findings = lint([
      pod(
        'ports:\n  - {name: http, containerPort: 8080}\nreadinessProbe:\n  httpGet: {path: /ready, port: Http}\nlivenessProbe:\n  tcpSocket: {port: http}',
      ),
      service('- name: web\n  port: 80\n  targetPort: web_port'),
    ]);
    expect(findings).toEqual([
      {
        file: 'pod.yaml',
        line: 12,
        column: 39,
        endLine: 12,
        endColumn: 43,
        messageId: 'unparseable',
      },
      {
        file: 'svc.yaml',
        line: 10,
        column: 19,
        endLine: 10,
        endColumn: 27,
        messageId: 'unparseable',
      },
    ]);
  });

  it('does not report values from unset variables', () => {
    expect(lint([pod('ports:\n  - containerPort: $(PORT)')])).toEqual([]);
  });
});

describe('invalid-port: Dockerfile and env files', () => {
  it('reports EXPOSE words out of range, 0, unknown protocols and host parts, and takes 22/tcp and sctp', () => {
    const findings = lint([
      {
        file: 'Dockerfile',
        text: 'FROM alpine:3.20\nEXPOSE 70000 0 8080/http\nEXPOSE 22/tcp 5060/sctp 53/udp\nEXPOSE 8080:80\nEXPOSE $PORT\n',
      },
    ]);
    expect(findings.map((f) => f.messageId)).toEqual([
      OUT_OF_RANGE('Exposed port', '70000', 'the image'),
      ZERO('Exposed port', 'the image'),
      'protocol',
      'unparseable',
    ]);
    expect(positions(findings)).toEqual(['Dockerfile:2:8', 'Dockerfile:2:14', 'Dockerfile:2:21', 'Dockerfile:4:8']);
  });

  it('reports env port values out of range or mistyped, but not 0 or a word like None', () => {
    const findings = lint([{ file: '.env', text: 'PORT=0\nDB_PORT=None\nAPI_PORT=70000\nWEB_PORT=80a\n' }]);
    expect(findings.map((f) => f.messageId)).toEqual([OUT_OF_RANGE('Port value', '70000', 'variable API_PORT'), 'unparseable']);
  });
});

describe('invalid-port: helpers and options', () => {
  it('applies the IANA service-name and DNS-label rules', () => {
    expect(ianaServiceNameProblem('http')).toBeUndefined();
    expect(ianaServiceNameProblem('h2c-8080')).toBeUndefined();
    expect(ianaServiceNameProblem('-http')).toBe('it must not start or end with "-"');
    expect(ianaServiceNameProblem('8080')).toBe('it must contain at least one letter');
    expect(dnsLabelProblem('8080')).toBeUndefined();
    expect(dnsLabelProblem('a'.repeat(64))).toBe('it is longer than 63 characters');
    expect(dnsLabelProblem('http-')).toBe('it must start and end with a letter or digit');
  });

  it('takes no options', () => {
    expect(resolveOptions(rule, {})).toEqual({});
    expect(() => resolveOptions(rule, { allowZero: true })).toThrow(ConfigError);
  });
});
