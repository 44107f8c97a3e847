import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { Linter } from '../../src/engine/linter.js';
import { resolveRules } from '../../src/config/rule-options.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';
import rule, { KustomizeBuilds, nearest } from '../../rules/unresolved-port-reference.js';
import { lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[], options?: Record<string, unknown>) => lintWith(rule, sources, options);
const messages = (sources: Source[], options?: Record<string, unknown>) => lint(sources, options).map((f) => f.messageId);

/** A Deployment `name` whose pods are labelled `app: <label>`, with the given container body. */
function deployment(name: string, container: string, { label = name, namespace = '' } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  selector:
    matchLabels: {app: ${label}}
  template:
    metadata:
      labels: {app: ${label}, tier: backend}
    spec:
      containers:
        - name: ${name}
          image: example/${name}:1.0
${container.replace(/^/gm, '          ')}
`;
}

function service(name: string, ports: string, { selector = `{app: ${name}}`, namespace = '', type = 'ClusterIP' } = {}): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  type: ${type}
  selector: ${selector}
  ports:
${ports.replace(/^/gm, '    ')}
`;
}

function ingress(backend: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {${backend}}
`;
}

const PORTS = 'ports:\n  - {name: http, containerPort: 8080}\n  - {name: metrics, containerPort: 9090}';

describe('unresolved-port-reference: probes and hooks', () => {
  it('reports a probe or hook naming a port its container does not declare, not a number', () => {
    const container = `${PORTS}\nreadinessProbe:\n  httpGet: {path: /ready, port: health}\nlivenessProbe:\n  tcpSocket: {port: http}\nstartupProbe:\n  httpGet: {path: /, port: 8081}\nlifecycle:\n  preStop:\n    httpGet: {path: /drain, port: admin}`;
    const findings = lint([{ file: 'deploy.yaml', text: deployment('api', container) }]);
    expect(findings).toEqual([
      {
        file: 'deploy.yaml',
        line: 19,
        column: 43,
        endLine: 19,
        endColumn: 49,
        messageId: 'probeName',
      },
      {
        file: 'deploy.yaml',
        line: 26,
        column: 45,
        endLine: 26,
        endColumn: 50,
        messageId: 'probeName',
      },
    ]);
  });

  it('resolves names against that container only', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
    - name: app
      image: x
      ports: [{name: http, containerPort: 80}]
    - name: sidecar
      image: y
      livenessProbe:
        httpGet: {path: /, port: http}
`;
    expect(messages([{ file: 'pod.yaml', text }])).toEqual(['probeName']);
  });

  it('accepts a name declared by the same container in a file of one kustomize build (a base and its patch)', () => {
    const base = { file: 'app/base/deploy.yaml', text: deployment('api', PORTS) };
    const patch = {
      file: 'app/overlays/prod/deploy-patch.yaml',
      text: deployment('api', 'livenessProbe:\n  httpGet: {path: /, port: http}'),
    };
    const kustomization = {
      file: 'app/overlays/prod/kustomization.yaml',
      text: 'resources:\n  - ../../base\npatches:\n  - path: deploy-patch.yaml\n',
    };
    expect(lint([base, patch, kustomization])).toEqual([]);
    // Without the kustomization that builds them together, the base is a stranger.
    expect(positions(lint([base, patch]))).toEqual(['app/overlays/prod/deploy-patch.yaml:16:38']);
    const unrelated = { file: 'elsewhere/team/x/y/deploy.yaml', text: deployment('api', PORTS) };
    expect(positions(lint([unrelated, patch]))).toEqual(['app/overlays/prod/deploy-patch.yaml:16:38']);
  });
});

describe('unresolved-port-reference: Services', () => {
  it('reports a targetPort name that no selected container declares, across files', () => {
    const findings = lint([
      { file: 'deploy.yaml', text: deployment('web', PORTS) },
      {
        file: 'svc.yaml',
        text: service('web', '- {name: http, port: 80, targetPort: web}\n- {name: metrics, port: 9090, targetPort: metrics}'),
      },
    ]);
    expect(findings).toEqual([
      {
        file: 'svc.yaml',
        line: 9,
        column: 42,
        endLine: 9,
        endColumn: 45,
        messageId: 'targetPortName',
      },
    ]);
  });

  it('reports a named targetPort whose port has another protocol', () => {
    const findings = messages([
      {
        file: 'all.yaml',
        text: `${deployment('dns', 'ports: [{name: dns, containerPort: 53, protocol: UDP}]')}---\n${service('dns', '- {name: dns, port: 53, targetPort: dns}')}`,
      },
    ]);
    expect(findings).toEqual(['targetPortNameProtocol']);
  });

  it('says nothing when the selected pods are not among the files, or the Service selects nothing', () => {
    expect(lint([{ file: 'svc.yaml', text: service('web', '- {port: 80, targetPort: http}') }])).toEqual([]);
    const noSelector = service('web', '- {port: 80, targetPort: web}').replace('  selector: {app: web}\n', '');
    expect(
      lint([
        { file: 'deploy.yaml', text: deployment('web', PORTS) },
        { file: 'svc.yaml', text: noSelector },
      ]),
    ).toEqual([]);
  });

  it('matches namespaces only when both sides name one', () => {
    const deploy = { file: 'deploy.yaml', text: deployment('web', PORTS, { namespace: 'prod' }) };
    expect(lint([deploy, { file: 'svc.yaml', text: service('web', '- {port: 80, targetPort: web}', { namespace: 'staging' }) }])).toEqual(
      [],
    );
    expect(lint([deploy, { file: 'svc.yaml', text: service('web', '- {port: 80, targetPort: web}') }])).toHaveLength(1);
  });

  it('judges a Service by the workloads in its own file when it has some', () => {
    const here = `${deployment('web', 'image: x')}---\n${service('web', '- {port: 80, targetPort: http}')}`;
    const far = { file: 'other/deploy.yaml', text: deployment('web-v2', PORTS, { label: 'web' }) };
    expect(messages([{ file: 'app.yaml', text: here }, far])).toEqual(['targetPortName']);
  });

  it('reports an undeclared numeric targetPort as a warning, only when ports are declared, unless checkNumericTargetPorts is off', () => {
    const files = [
      { file: 'deploy.yaml', text: deployment('web', PORTS) },
      { file: 'svc.yaml', text: service('web', '- {name: http, port: 80, targetPort: 8000}\n- {name: metrics, port: 9090}') },
    ];
    const message = 'targetPortNumber';
    expect(messages(files)).toEqual([message]);
    // A warning even though the rule runs at error: such a Service may still work.
    const linter = new Linter(resolveRules([rule], { [rule.meta.id]: 'error' }));
    for (const f of files) linter.add(parseKubernetes(f.text, f.file));
    expect(linter.finish().flatMap((r) => r.messages.map((m) => [m.severity, m.messageId]))).toEqual([[1, message]]);
    expect(lint(files, { checkNumericTargetPorts: false })).toEqual([]);
    const portless = [{ file: 'deploy.yaml', text: deployment('web', 'args: [serve]') }, files[1]!];
    expect(lint(portless)).toEqual([]);
  });
});

describe('unresolved-port-reference: Ingress backends', () => {
  const svc = service('web', '- {name: http, port: 80, targetPort: 8080}');

  it('reports a backend port, by number or name, that the Service does not have', () => {
    const findings = lint([
      {
        file: 'all.yaml',
        text: `${svc}---\n${ingress('number: 8080')}---\n${ingress('name: https')}---\n${ingress('number: 80')}---\n${ingress('name: http')}`,
      },
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['ingressPort', 'ingressPort']);
    expect(positions(findings)).toEqual(['all.yaml:24:32', 'all.yaml:39:30']);
  });

  it('says nothing when the Service is not among the files, or is an ExternalName', () => {
    expect(lint([{ file: 'ing.yaml', text: ingress('number: 8080') }])).toEqual([]);
    const external =
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: ExternalName\n  externalName: example.com\n  ports: [{port: 443}]\n';
    expect(lint([{ file: 'all.yaml', text: `${external}---\n${ingress('number: 80')}` }])).toEqual([]);
  });
});

describe('unresolved-port-reference: helpers and options', () => {
  it('picks the nearest candidates: same file, then folder, then one kustomize build or namespace', () => {
    const c = (file: string, namespace?: string) => (namespace === undefined ? { file } : { file, namespace });
    const none = new KustomizeBuilds([]);
    expect(nearest(c('a/b/x.yaml'), [c('a/b/x.yaml'), c('a/b/y.yaml')], none)).toEqual([c('a/b/x.yaml')]);
    expect(nearest(c('a/b/x.yaml'), [c('a/b/y.yaml'), c('a/z.yaml')], none)).toEqual([c('a/b/y.yaml')]);
    // Sibling samples never meet without a kustomization or a namespace in common.
    expect(nearest(c('quickstarts/hello-app-tls/manifests/svc.yaml'), [c('quickstarts/hello-app/manifests/deploy.yaml')], none)).toEqual(
      [],
    );
    expect(nearest(c('x.yaml'), [c('deep/down/y.yaml')], none)).toEqual([]);
    // An overlay and the base its kustomization takes in do.
    const builds = new KustomizeBuilds([
      { file: 'app/overlays/prod/kustomization.yaml', references: ['../../base', 'ingress.yaml'] },
      { file: 'app/base/kustomization.yaml', references: ['deployment.yaml'] },
    ]);
    expect(nearest(c('app/overlays/prod/ingress.yaml'), [c('app/base/deployment.yaml'), c('other/y.yaml')], builds)).toEqual([
      c('app/base/deployment.yaml'),
    ]);
    // The same written namespace, within two folders.
    expect(nearest(c('a/b/x.yaml', 'shop'), [c('a/c/y.yaml', 'shop'), c('a/c/z.yaml', 'ops')], none)).toEqual([c('a/c/y.yaml', 'shop')]);
  });

  it('validates its options', () => {
    expect(resolveOptions(rule, {})).toEqual({ checkNumericTargetPorts: true });
    expect(() => resolveOptions(rule, { checkNumericTargetPorts: 1 })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { strict: true })).toThrow(ConfigError);
  });
});
