/**
 * The "this config → these findings" cases are fixtures (fixtures/unresolved-port-reference/, one
 * folder per case, since the rule resolves references across the files of a folder: probes/,
 * no-kustomization/, services/, namespaces/, own-file/, numeric/ (checkNumericTargetPorts off in
 * numeric/unchecked/), ingress/, …). Left here is what a fixture cannot express: that a numeric
 * targetPort is a warning even when the rule runs at `error` (markers do not carry severity), the
 * exported `nearest` and `KustomizeBuilds` that decide which files meet, and option validation.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { Linter } from '../../src/engine/linter.js';
import { resolveRules } from '../../src/config/rule-options.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';
import rule, { KustomizeBuilds, nearest } from '../../rules/unresolved-port-reference.js';
import { resolveOptions } from './lint-helper.js';

describe('unresolved-port-reference: severity', () => {
  it('reports an undeclared numeric targetPort as a warning even at error: such a Service may still work', () => {
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.0
          ports:
            - {name: http, containerPort: 8080}
`;
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - {name: http, port: 80, targetPort: 8000}\n';
    const linter = new Linter(resolveRules([rule], { [rule.meta.id]: 'error' }));
    linter.add(parseKubernetes(deploy, 'deploy.yaml'));
    linter.add(parseKubernetes(svc, 'svc.yaml'));
    expect(linter.finish().flatMap((r) => r.messages.map((m) => [m.severity, m.messageId]))).toEqual([[1, 'targetPortNumber']]);
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
