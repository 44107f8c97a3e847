import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { resolveRules } from '../../src/config/rule-options.js';
import rule from '../../rules/nodeport-range.js';
import { lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[], options?: Record<string, unknown>) => lintWith(rule, sources, options, 'error');

function service(ports: string): Source {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: prod
spec:
  type: NodePort
  selector:
    app: web
  ports:
${ports.replace(/^/gm, '    ')}
`;
  return { file: 'svc.yaml', text };
}

const MESSAGE = (port: string, start: number, end: number) =>
  'outside';

describe('nodeport-range', () => {
  it('reports explicit nodePorts outside 30000-32767 with exact message and position', () => {
    const findings = lint([service('- port: 80\n  nodePort: 8080\n- port: 53\n  protocol: UDP\n  nodePort: 32768\n- port: 443\n  nodePort: 30000\n- port: 8443\n  nodePort: 32767')]);
    expect(findings).toEqual([
      { file: 'svc.yaml', line: 12, column: 17, endLine: 12, endColumn: 21, messageId: MESSAGE('8080', 30000, 32767) },
      { file: 'svc.yaml', line: 15, column: 17, endLine: 15, endColumn: 22, messageId: MESSAGE('32768/udp', 30000, 32767) },
    ]);
  });

  it('ignores nodePort 0 (allocated), unresolved variables, out-of-range numbers, and ports that are not nodePorts', () => {
    const findings = lint([
      service('- port: 80\n  nodePort: 0\n- port: 81\n  nodePort: $NODEPORT_HTTP\n- port: 82\n  nodePort: 70000\n- port: 8080\n  targetPort: 8080'),
      { file: 'compose.yaml', text: 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n' },
    ]);
    expect(findings).toEqual([]);
  });

  it('uses the range option for clusters with another --service-node-port-range', () => {
    const src = service('- port: 80\n  nodePort: 8080\n- port: 81\n  nodePort: 31000');
    const findings = lint([src], { range: { start: 7000, end: 9000 } });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual(['14:17 outside']);
    expect(positions(lint([src]))).toEqual(['svc.yaml:12:17']);
  });

  it('rejects invalid options', () => {
    expect(() => resolveOptions(rule, { range: { start: 30000 } })).toThrow(/end/);
    expect(() => resolveOptions(rule, { range: { start: 0, end: 32767 } })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { range: { start: 30000, end: 70000 } })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { range: '30000-32767' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { min: 30000 })).toThrow(/min/);
  });

  it('rejects a start above end as a config error naming the option', () => {
    expect(() => resolveRules([rule], { 'nodeport-range': ['error', { range: { start: 32767, end: 30000 } }] })).toThrow(
      new ConfigError('config: rule "nodeport-range" has invalid options: /range start (32767) is greater than end (30000)'),
    );
  });
});
