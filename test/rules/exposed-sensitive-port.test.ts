/**
 * The "this config → these findings" cases are fixtures (fixtures/exposed-sensitive-port/:
 * compose-cases/, host-network-compose/, services/ (services/reach/ holds the four reaches below),
 * pods/, dockerfile/, custom-ports/ (its own port list through fixture-config)). Left here is what a
 * fixture cannot express: the reach a message states, where the words are the behaviour, and
 * option validation.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/exposed-sensitive-port/index.js';
import { lintText } from '../../src/api.js';
import { resolveOptions } from './lint-helper.js';

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

describe('exposed-sensitive-port', () => {
  it('says how far a LoadBalancer reaches: internal, source ranges (both warnings), or the internet', () => {
    const lb = (extra: string): string =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n${extra}spec:\n  type: LoadBalancer\n  ports:\n    - port: 5432\n`;
    const reach = (text: string): string | undefined =>
      lintText(text, { filePath: 'deploy.yaml', useConfigFiles: false })[0]
        ?.messages.find((m) => m.ruleId === 'exposed-sensitive-port')
        ?.message.replace(/^.*is reachable | (Use type|Remove).*$/g, '');
    expect(reach(lb(''))).toBe('from the internet through Service db (LoadBalancer, no source ranges).');
    expect(reach(lb('  annotations:\n    networking.gke.io/load-balancer-type: Internal\n'))).toBe(
      'from private networks through Service db (LoadBalancer, internal).',
    );
    expect(reach(lb('').replace('  ports:', '  loadBalancerSourceRanges: [10.0.0.0/8]\n  ports:'))).toBe(
      'from private networks through Service db (LoadBalancer, source ranges 10.0.0.0/8).',
    );
    expect(reach(SERVICE('NodePort', '- {port: 5432}'))).toMatch(/^on every node IP through Service \S+ \(NodePort\)\.$/);
    // Markers cannot pin severity: an internal path is a warning while the rule runs at error.
    const severity = (text: string): number | undefined =>
      lintText(text, { filePath: 'deploy.yaml', useConfigFiles: false })[0]?.messages.find((m) => m.ruleId === 'exposed-sensitive-port')
        ?.severity;
    expect(severity(lb(''))).toBe(2);
    expect(severity(lb('  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n'))).toBe(1);
  });

  it('rejects malformed options', () => {
    expect(() => resolveOptions(rule, { ports: [{ port: 70000, service: 'x' }] })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { ports: [{ port: 22 }] })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { ports: [{ port: 22, service: 'SSH', protocol: 'TCP' }] })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { sensitive: [22] })).toThrow(ConfigError);
    expect(resolveOptions(rule, { dockerfilePorts: [22] })).toMatchObject({ dockerfilePorts: [22] });
  });
});
