import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/unbound-host-interface.js';
import { lintWith, resolveOptions, type Source } from './lint-helper.js';

const NO_HOST_IP = (..._data: unknown[]): string => 'noHostIp';

function compose(body: string, dotenv?: string): Source {
  return { file: 'compose.yaml', text: `services:\n${body}`, dotenv };
}

describe('unbound-host-interface', () => {
  it('is off by default', () => {
    expect(rule.meta.defaultSeverity).toBe('off');
  });

  it('reports published ports without a host IP, short and long syntax, at the published port', () => {
    const findings = lintWith(rule, [
      compose(
        '  web:\n    image: nginx\n    ports:\n      - "8080:80"\n      - "53:53/udp"\n      - target: 443\n        published: 8443\n',
      ),
    ]);
    expect(findings).toEqual([
      {
        file: 'compose.yaml',
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 14,
        messageId: NO_HOST_IP('8080', 'service "web"', '"127.0.0.1:8080:80"'),
      },
      {
        file: 'compose.yaml',
        line: 6,
        column: 10,
        endLine: 6,
        endColumn: 12,
        messageId: NO_HOST_IP('53/udp', 'service "web"', '"127.0.0.1:53:53/udp"'),
      },
      {
        file: 'compose.yaml',
        line: 8,
        column: 20,
        endLine: 8,
        endColumn: 24,
        messageId: NO_HOST_IP('8443', 'service "web"', 'host_ip: 127.0.0.1'),
      },
    ]);
  });

  it('does not report bound ports, unresolved values or host-network services', () => {
    const body = [
      '  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:8080:80"\n      - "[::1]:8081:80"\n      - "10.0.0.5:8082:80"\n      - "0.0.0.0:8083:80"\n      - "127.0.0.1::81"\n      - "${HTTP_PORT}:80"\n      - "${IP}::82"',
      '  host:\n    image: x\n    network_mode: host\n    ports:\n      - "9090:9090"\n      - "9091"',
      '',
    ].join('\n');
    expect(lintWith(rule, [compose(body)])).toEqual([]);
  });

  it('reports ports Docker picks (no published port) without a host IP, at the target, with a fix that keeps the port free', () => {
    const body = '  web:\n    image: nginx\n    ports:\n      - "80"\n      - "3000-3005"\n      - "53/udp"\n      - target: 443\n';
    expect(lintWith(rule, [compose(body)])).toEqual([
      {
        file: 'compose.yaml',
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 12,
        messageId: NO_HOST_IP('0 (any free port)', 'service "web"', '"127.0.0.1::80"'),
      },
      {
        file: 'compose.yaml',
        line: 6,
        column: 10,
        endLine: 6,
        endColumn: 19,
        messageId: NO_HOST_IP('0 (any free port)', 'service "web"', '"127.0.0.1::3000-3005"'),
      },
      {
        file: 'compose.yaml',
        line: 7,
        column: 10,
        endLine: 7,
        endColumn: 12,
        messageId: NO_HOST_IP('0 (any free port)', 'service "web"', '"127.0.0.1::53/udp"'),
      },
      {
        file: 'compose.yaml',
        line: 8,
        column: 17,
        endLine: 8,
        endColumn: 20,
        messageId: NO_HOST_IP('0 (any free port)', 'service "web"', 'host_ip: 127.0.0.1'),
      },
    ]);
  });

  it('reports a value that interpolation resolves', () => {
    const findings = lintWith(rule, [
      compose('  web:\n    image: nginx\n    ports:\n      - "${HTTP_PORT:-8080}:80"\n', 'HTTP_PORT=9000\n'),
    ]);
    expect(findings.map((f) => f.messageId)).toEqual([NO_HOST_IP('9000', 'service "web"', '"127.0.0.1:9000:80"')]);
  });

  it('reports explicit wildcards with reportWildcard', () => {
    const body =
      '  web:\n    image: nginx\n    ports:\n      - "0.0.0.0:8083:80"\n      - target: 80\n        published: 8084\n        host_ip: "::"\n';
    expect(lintWith(rule, [compose(body)], { reportWildcard: true }).map((f) => f.messageId)).toEqual(['wildcard', 'wildcard']);
  });

  it('ignores Kubernetes hostPorts (host-port covers them)', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n      ports: [{containerPort: 80, hostPort: 8080}]\n';
    expect(lintWith(rule, [{ file: 'pod.yaml', text }])).toEqual([]);
  });

  it('validates its options', () => {
    expect(resolveOptions(rule, {})).toEqual({ reportWildcard: false });
    expect(() => resolveOptions(rule, { reportWildcard: 'yes' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { allow: ['0.0.0.0'] })).toThrow(ConfigError);
  });
});
