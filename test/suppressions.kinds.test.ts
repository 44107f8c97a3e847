/**
 * The `portlint.dev/ignore` annotation on every kind of object portlint reads, not only workloads
 * and Services: a finding is silenced when the object its declaration's owner belongs to (or the
 * object a report names) carries the annotation, whatever the kind, and only that object's.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/api.js';

/** `line rule/messageId` of the reported findings, and of the suppressed ones. */
function lint(filePath: string, text: string): { reported: string[]; suppressed: string[] } {
  const [result] = lintText(text, { filePath, useConfigFiles: false });
  const show = (m: { line: number; ruleId: string | null; messageId?: string | undefined }) => `${m.line} ${m.ruleId}/${m.messageId ?? ''}`;
  return { reported: (result?.messages ?? []).map(show), suppressed: (result?.suppressedMessages ?? []).map(show) };
}

/** An object with `ANNOTATIONS` where its `metadata.annotations` go. */
const KINDS: Record<string, string> = {
  'Gateway API Gateway': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
ANNOTATIONS
spec:
  gatewayClassName: example
  listeners:
    - name: http
      protocol: HTTP
      port: 70000
`,
  HTTPRoute: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
ANNOTATIONS
spec:
  parentRefs:
    - name: edge
  rules:
    - backendRefs:
        - name: web
          port: 70000
`,
  TCPRoute: `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata:
  name: db
ANNOTATIONS
spec:
  parentRefs:
    - name: edge
      port: 70000
  rules:
    - backendRefs:
        - name: db
          port: 5432
`,
  'Istio Gateway': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
ANNOTATIONS
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 70000
        name: http
        protocol: HTTP
      hosts: ["*"]
`,
  VirtualService: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
ANNOTATIONS
spec:
  hosts: [reviews]
  http:
    - route:
        - destination:
            host: reviews
            port:
              number: 70000
`,
  ServiceEntry: `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner
ANNOTATIONS
spec:
  hosts: [api.partner.example]
  resolution: DNS
  ports:
    - number: 70000
      name: https
      protocol: TLS
`,
  Sidecar: `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: payments
ANNOTATIONS
spec:
  workloadSelector:
    labels:
      app: payments
  ingress:
    - port:
        number: 70000
        protocol: HTTP
        name: http
      defaultEndpoint: 127.0.0.1:8080
`,
  WorkloadEntry: `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata:
  name: vm-1
ANNOTATIONS
spec:
  address: 10.0.0.7
  ports:
    http: 70000
`,
  EnvoyFilter: `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: buffer
ANNOTATIONS
spec:
  configPatches:
    - applyTo: LISTENER
      match:
        listener:
          portNumber: 70000
`,
  'OpenShift Route': `apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
ANNOTATIONS
spec:
  to:
    kind: Service
    name: web
  port:
    targetPort: 70000
`,
  NetworkPolicy: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
ANNOTATIONS
spec:
  podSelector: {}
  ingress:
    - ports:
        - port: 70000
`,
  Ingress: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
ANNOTATIONS
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 70000
`,
};

/** The line of the first occurrence of `needle`. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const ANNOTATED = '  annotations:\n    portlint.dev/ignore: invalid-port';
const PLAIN = '  labels:\n    app: example';

describe('portlint.dev/ignore on every kind', () => {
  for (const [kind, template] of Object.entries(KINDS)) {
    it(`silences the findings of a ${kind}`, () => {
      const plain = lint('objects.yaml', template.replace('ANNOTATIONS', PLAIN));
      const line = lineOf(template.replace('ANNOTATIONS', PLAIN), '70000');
      expect(plain.reported).toContain(`${line} invalid-port/outOfRange`);
      const annotated = lint('objects.yaml', template.replace('ANNOTATIONS', ANNOTATED));
      expect(annotated.reported.filter((m) => m.includes('invalid-port'))).toEqual([]);
      expect(annotated.suppressed).toContain(`${line} invalid-port/outOfRange`);
    });
  }

  it('applies to the annotated object only, when several kinds share a file', () => {
    const gateway = KINDS['Istio Gateway']!.replace('ANNOTATIONS', ANNOTATED);
    const entry = KINDS.ServiceEntry!.replace('ANNOTATIONS', PLAIN);
    const text = `${gateway}---\n${entry}`;
    const found = lint('mesh.yaml', text);
    expect(found.reported).toEqual([`${gateway.split('\n').length + lineOf(entry, '70000')} invalid-port/outOfRange`]);
    expect(found.suppressed).toEqual([`${lineOf(gateway, '70000')} invalid-port/outOfRange`]);
  });

  it('silences a project-scope finding on a route (its file is linted in the project phase)', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
    const route = KINDS.HTTPRoute!.replace('port: 70000', 'port: 8080');
    const plain = `${service}---\n${route.replace('ANNOTATIONS', PLAIN)}`;
    expect(lint('web.yaml', plain).reported).toEqual([`${lineOf(plain, 'port: 8080')} unresolved-port-reference/backendRefPort`]);
    const annotated = `${service}---\n${route.replace('ANNOTATIONS', '  annotations:\n    portlint.dev/ignore: unresolved-port-reference')}`;
    const found = lint('web.yaml', annotated);
    expect(found.reported).toEqual([]);
    expect(found.suppressed).toEqual([`${lineOf(annotated, 'port: 8080')} unresolved-port-reference/backendRefPort`]);
  });

  it('reports an annotation on such an object that silences nothing, where the object is named', () => {
    const text = KINDS.NetworkPolicy!.replace('ANNOTATIONS', ANNOTATED).replace('port: 70000', 'port: 8080');
    const [result] = lintText(text, { filePath: 'policy.yaml', useConfigFiles: false, reportUnusedDisableDirectives: 'error' });
    expect(result?.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['4:9 unused-directive']);
  });
});
