/**
 * The "this config → these findings" cases are fixtures (fixtures/duplicate-port/: compose-cases/,
 * ranges/ (interpolated by its own .env, and unset), k8s/, dockerfile/). Left here is what a fixture
 * cannot express: the severity of each finding when the rule runs at `error` (markers do not carry
 * severity; warnOnly makes a harmless repeat a warning), and option validation.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/duplicate-port.js';
import { lintMessages, resolveOptions, type Source } from './lint-helper.js';

function compose(services: string): Source {
  return { file: 'compose.yaml', text: `services:\n${services}` };
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

describe('duplicate-port', () => {
  it('reports a harmless repeat as a warning and a clash the API or the host rejects as an error', () => {
    const svc = `${service('- {name: a, port: 80}\n- {name: b, port: 80}')}`;
    const levels = (sources: Source[]) => lintMessages(rule, sources, undefined, 'error').map((m) => `${m.messageId}:${m.severity}`);
    expect(levels([{ file: 'Dockerfile', text: 'FROM nginx\nEXPOSE 80 443\nEXPOSE 80 443\n' }])).toEqual(['repeat:1', 'repeat:1']);
    expect(levels([{ file: 'svc.yaml', text: svc }])).toEqual(['duplicate:2']);
    expect(levels([compose('  a:\n    image: x\n    ports: ["8080:80"]\n  b:\n    image: y\n    ports: ["8080:80"]\n')])).toEqual([
      'publishedClash:2',
    ]);
  });

  it('takes no options', () => {
    expect(() => resolveOptions(rule, { scope: 'file' })).toThrow(ConfigError);
  });
});
