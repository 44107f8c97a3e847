import { describe, expect, it } from 'vitest';
import { describeContext, type PortDeclaration } from '../../src/model.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';
import { serviceHost } from '../../src/parsers/kubernetes-traffic.js';

const FILE = 'traffic.yaml';

/** `role field value @line:column` per declaration: what was read and where. */
function summary(text: string): string[] {
  return parseKubernetes(text, FILE).declarations.map((d) => `${d.role} ${field(d)} ${value(d)} @${d.line}:${d.column}`);
}

function field(d: PortDeclaration): string {
  return d.source.format === 'kubernetes' ? d.source.field : '?';
}

function value(d: PortDeclaration): string {
  switch (d.value.kind) {
    case 'port':
      return d.value.port === d.value.endPort ? String(d.value.port) : `${d.value.port}-${d.value.endPort}`;
    case 'name':
      return `"${d.value.name}"`;
    case 'unresolved':
      return `$${d.value.variables.join(',')}`;
    case 'invalid':
      return `invalid(${d.value.reason})`;
  }
}

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: edge
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      protocol: HTTPS
      port: 443
      hostname: shop.example.com
      tls:
        certificateRefs: [{name: shop}]
    - name: dns
      protocol: UDP
      port: 53
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: HTTPRoute
metadata:
  name: shop
  namespace: edge
spec:
  parentRefs:
    - name: public
      sectionName: https
      port: 443
  rules:
    - backendRefs:
        - name: shop
          port: 8080
        - name: shop-v2
      filters:
        - type: RequestMirror
          requestMirror:
            backendRef: {name: shadow, port: 9000}
`;

describe('Gateway API', () => {
  it('reads listeners, parentRef and backendRef ports, with their owners', () => {
    expect(summary(GATEWAY)).toEqual([
      'listener listenerPort 443 @11:13',
      'listener listenerPort 53 @17:13',
      'parentRef parentRefPort 443 @28:13',
      'backendRef backendRefPort 8080 @32:17',
      'backendRef backendRefPort 9000 @37:46',
    ]);
    const result = parseKubernetes(GATEWAY, FILE);
    const [gateway] = result.facts.gateways;
    expect(gateway?.listeners.map((l) => [l.name, l.port, l.protocol, l.hostname, l.tls])).toEqual([
      ['https', 443, 'HTTPS', 'shop.example.com', 'Terminate'],
      ['dns', 53, 'UDP', undefined, undefined],
    ]);
    const [route] = result.facts.routes;
    expect(route?.parents).toMatchObject([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', sectionName: 'https', port: 443 },
    ]);
    expect(route?.backends.map((b) => [b.kind, b.name, b.hasPort])).toEqual([
      ['Service', 'shop', true],
      ['Service', 'shop-v2', false],
      ['Service', 'shadow', true],
    ]);
    const dns = result.declarations[1]!;
    expect(dns.protocol).toBe('udp');
    expect(describeContext(dns)).toBe('listener "dns" of Gateway edge/public');
    expect(describeContext(result.declarations[3]!)).toBe('HTTPRoute edge/shop');
  });
});

describe('NetworkPolicy', () => {
  const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector:
    matchLabels: {app: db}
    matchExpressions:
      - {key: tier, operator: In, values: [primary]}
  ingress:
    - from:
        - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
      ports:
        - port: 5432
        - port: postgres
          protocol: TCP
        - port: 30000
          endPort: 30100
        - port: 9000
          endPort: 8000
        - port: metrics
          endPort: 9200
    - ports:
        - endPort: 100
  egress:
    - to: [{podSelector: {}}]
`;
  it('reads ports, ranges and what is wrong with them', () => {
    expect(summary(POLICY)).toEqual([
      'policyPort policyPort 5432 @13:17',
      'policyPort policyPort "postgres" @14:17',
      'policyPort policyPort 30000-30100 @16:17',
      'policyPort policyEndPort invalid(endPort 8000 is below port 9000) @19:20',
      'policyPort policyPort "metrics" @20:17',
      'policyPort policyEndPort invalid(endPort needs a numeric port, and port is the name "metrics") @21:20',
      'policyPort policyEndPort invalid(endPort needs a numeric port, and port is not set) @23:20',
    ]);
    const [policy] = parseKubernetes(POLICY, FILE).facts.networkPolicies;
    expect(policy?.podSelector).toEqual({
      matchLabels: { app: 'db' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['primary'] }],
    });
    expect(policy?.rules.map((r) => [r.direction, r.peers?.length])).toEqual([
      ['ingress', 1],
      ['ingress', undefined],
      ['egress', 1],
    ]);
    expect(policy?.rules[0]?.peers?.[0]?.ipBlock).toEqual({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] });
  });
});

describe('Istio and OpenShift', () => {
  const MESH = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: mesh}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 443, name: https, protocol: HTTPS}
      hosts: ["*"]
      tls: {mode: SIMPLE, credentialName: c}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: mesh}
spec:
  hosts: [reviews]
  gateways: [gw, mesh]
  http:
    - route:
        - destination: {host: reviews.mesh.svc.cluster.local, port: {number: 9080}}
      mirror: {host: reviews-shadow, port: {number: 9081}}
  tcp:
    - route:
        - destination: {host: db.example.com, port: {number: 5432}}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se}
spec:
  hosts: [api.example.com]
  ports:
    - {number: 443, name: https, protocol: TLS, targetPort: 99999}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: sc}
spec:
  ingress:
    - port: {number: 9080, protocol: HTTP, name: http}
      defaultEndpoint: 127.0.0.1:8080
---
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: ef}
spec:
  configPatches:
    - match: {listener: {portNumber: 65536}}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: r, namespace: tools}
spec:
  to: {kind: Service, name: console}
  port: {targetPort: web}
`;
  it('reads servers, destinations, ServiceEntry, Sidecar, EnvoyFilter and Route ports', () => {
    expect(summary(MESH)).toEqual([
      'listener serverPort 443 @7:22',
      'backendRef destinationPort 9080 @19:78',
      'backendRef destinationPort 9081 @20:53',
      'backendRef destinationPort 5432 @23:62',
      'meshPort serviceEntryPort 443 @31:16',
      'meshPort serviceEntryTargetPort 99999 @31:61',
      'meshPort sidecarPort 9080 @38:22',
      'meshPort sidecarDefaultEndpoint 8080 @39:24',
      'meshPort envoyFilterPort 65536 @46:38',
      'backendRef routeTargetPort "web" @53:22',
    ]);
    const result = parseKubernetes(MESH, FILE);
    expect(result.facts.routes.map((r) => r.backends.map((b) => `${b.kind}:${b.namespace ?? ''}/${b.name}`))).toEqual([
      ['Service:mesh/reviews', 'Service:mesh/reviews-shadow', 'Host:/db.example.com'],
      ['Service:tools/console'],
    ]);
    expect(result.facts.routes[0]?.parents.map((p) => p.name)).toEqual(['gw']);
  });

  it('knows which Istio hosts are Services', () => {
    expect(serviceHost('reviews', 'shop')).toEqual({ name: 'reviews', namespace: 'shop' });
    expect(serviceHost('reviews.prod', 'shop')).toBeUndefined();
    expect(serviceHost('reviews.prod.svc.cluster.local', undefined)).toEqual({ name: 'reviews', namespace: 'prod' });
    expect(serviceHost('api.example.com', 'shop')).toBeUndefined();
    expect(serviceHost('*.example.com', 'shop')).toBeUndefined();
  });
});

describe('pod templates of other APIs', () => {
  // Issue 13 item 5: these are found by shape (a `containers` sequence), like a Deployment's.
  const CRDS = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: hello}
spec:
  template:
    spec:
      containers: [{image: ghcr.io/knative/helloworld-go, ports: [{containerPort: 8081}]}]
---
apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: {name: dc}
spec:
  template:
    metadata: {labels: {app: dc}}
    spec:
      containers: [{name: dc, image: example/dc, ports: [{containerPort: 8082}]}]
`;
  it('reads Argo Rollouts, Knative Services and DeploymentConfigs like Deployments', () => {
    const result = parseKubernetes(CRDS, FILE);
    expect(result.declarations.map((d) => `${d.role} ${value(d)} ${describeContext(d)}`)).toEqual([
      'container 8080 container "web" of Rollout web',
      'container 8081 Service hello',
      'container 8082 container "dc" of DeploymentConfig dc',
    ]);
    expect(result.facts.services).toEqual([]);
    expect(result.facts.workloads.map((w) => [w.kind, w.podLabels])).toEqual([
      ['Rollout', { app: 'web' }],
      ['Service', {}],
      ['DeploymentConfig', { app: 'dc' }],
    ]);
  });

  it('reads Argo Workflows templates (container, script, sidecars) and Tekton task steps', () => {
    const result = parseKubernetes(
      `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: etl}
spec:
  templates:
    - name: main
      steps: [[{name: load, template: load}]]
    - name: load
      metadata: {labels: {app: etl}}
      container: {image: example/loader, ports: [{containerPort: 9000}]}
      sidecars: [{name: db, image: postgres:17, ports: [{containerPort: 5432}]}]
    - name: report
      script: {image: python:3.13, source: print(1), ports: [{containerPort: 8000}]}
---
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: test}
spec:
  steps: [{name: run, image: golang:1.23, ports: [{containerPort: 8080}]}]
  sidecars: [{name: redis, image: redis:7, ports: [{containerPort: 6379}]}]
`,
      FILE,
    );
    expect(result.declarations.map((d) => `${d.role} ${value(d)} ${describeContext(d)}`)).toEqual([
      'container 9000 WorkflowTemplate etl',
      'container 5432 container "db" of WorkflowTemplate etl',
      'container 8000 WorkflowTemplate etl',
      'container 8080 container "run" of Task test',
      'container 6379 container "redis" of Task test',
    ]);
    expect(result.facts.workloads.map((w) => [w.kind, w.podSpecPath, w.podLabels])).toEqual([
      ['WorkflowTemplate', undefined, { app: 'etl' }],
      ['WorkflowTemplate', 'spec.templates[2]', {}],
      ['Task', undefined, {}],
    ]);
  });
});
