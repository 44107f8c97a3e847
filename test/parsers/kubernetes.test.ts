import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/model.js';
import type { PortEntry as PortDeclaration } from '../../src/inventory.js';
import { entries } from '../support/entries.js';
import {
  extractKubernetes,
  HELM_MESSAGE,
  isKubernetesDocument,
  KUBERNETES_YAML,
  parseKubernetes,
  TEMPLATE_MESSAGE,
} from '../../src/parsers/kubernetes.js';
import { parseYaml } from '../../src/parsers/yaml.js';

const FILE = 'k8s.yaml';

function parse(text: string) {
  return entries(parseKubernetes(text, FILE));
}

function byRole(text: string, role: Role): PortDeclaration[] {
  return parse(text).declarations.filter((d) => d.role === role);
}

/** `line:column-endColumn` of a declaration. */
function at(d: Pick<PortDeclaration, 'line' | 'column' | 'endColumn'>): string {
  return `${d.line}:${d.column}-${d.endColumn}`;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    owner: team-a
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels:
        app: web
        tier: front
      annotations:
        prometheus.io/scrape: "true"
    spec:
      securityContext:
        runAsUser: 1000
        runAsNonRoot: true
        sysctls:
          - name: net.ipv4.ip_unprivileged_port_start
            value: "0"
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - containerPort: 8080
              name: http
            - name: dns
              containerPort: 53
              protocol: udp
              hostPort: 5353
              hostIP: 127.0.0.1
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              add: [net_bind_service, CAP_NET_RAW]
              drop: ["all"]
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
          readinessProbe:
            tcpSocket:
              port: http
          startupProbe:
            grpc:
              port: "9090"
          lifecycle:
            postStart:
              httpGet: { port: 8081 }
            preStop:
              tcpSocket:
                port: admin
`;

describe('containers', () => {
  it('reads containerPort with name, protocol and exact position', () => {
    const [http, dns] = byRole(DEPLOYMENT, 'container');
    expect(http).toEqual({
      file: FILE,
      format: 'kubernetes',
      role: 'container',
      line: 29,
      column: 30,
      endLine: 29,
      endColumn: 34,
      port: 8080,
      endPort: 8080,
      protocol: 'tcp',
      name: 'http',
      raw: '8080',
      field: 'containerPort',
      context: {
        kind: 'Deployment',
        name: 'web',
        namespace: 'shop',
        objectId: 'k8s.yaml#0',
        container: 'app',
        containerKind: 'containers',
      },
    });
    expect(dns).toMatchObject({ port: 53, protocol: 'udp', protocolRaw: 'udp', name: 'dns', line: 32, column: 30 });
  });

  it('yields a host declaration positioned on hostPort, targeting the containerPort', () => {
    const [host] = byRole(DEPLOYMENT, 'host');
    expect(host).toMatchObject({
      field: 'hostPort',
      port: 5353,
      hostIp: '127.0.0.1',
      target: { port: 53 },
      protocol: 'udp',
      name: 'dns',
    });
    expect(at(host!)).toBe('34:25-29');
  });

  it('reads probe and lifecycle ports by number and by name', () => {
    const probes = byRole(DEPLOYMENT, 'probe').map((d) => ({
      probe: d.context.probe,
      field: d.field,
      port: d.port,
      name: d.name,
      at: at(d),
    }));
    expect(probes).toEqual([
      { probe: 'livenessProbe', field: 'httpGet', port: 8080, name: undefined, at: '44:21-25' },
      { probe: 'readinessProbe', field: 'tcpSocket', port: undefined, name: 'http', at: '47:21-25' },
      { probe: 'startupProbe', field: 'grpc', port: 9090, name: undefined, at: '50:21-27' },
      { probe: 'lifecycle.postStart', field: 'httpGet', port: 8081, name: undefined, at: '53:32-36' },
      { probe: 'lifecycle.preStop', field: 'tcpSocket', port: undefined, name: 'admin', at: '56:23-28' },
    ]);
  });

  it('records workload facts: labels, annotations, pod and container security', () => {
    const [w] = parse(DEPLOYMENT).facts.workloads;
    expect(w).toMatchObject({
      id: 'k8s.yaml#0',
      file: FILE,
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
      podLabels: { app: 'web', tier: 'front' },
      annotations: { owner: 'team-a' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      hostNetwork: false,
      podSecurity: { runAsUser: 1000, runAsNonRoot: true, capabilitiesAdd: [], capabilitiesDrop: [] },
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
    });
    expect(w!.loc).toMatchObject({ line: 4, column: 9 });
    expect(w!.hostNetworkLoc).toBeUndefined();
    expect(w!.containers).toEqual([
      {
        name: 'app',
        kind: 'containers',
        image: 'nginx:1.27',
        security: {
          allowPrivilegeEscalation: false,
          capabilitiesAdd: ['NET_BIND_SERVICE', 'NET_RAW'],
          capabilitiesDrop: ['ALL'],
        },
      },
    ]);
  });

  it('reads initContainers and ephemeralContainers, and hostNetwork with its position', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels: { app: debug }
spec:
  hostNetwork: true
  initContainers:
    - name: init
      image: busybox
      ports: [{ containerPort: 9000 }]
  containers:
    - name: main
      image: busybox
  ephemeralContainers:
    - name: shell
      image: busybox
      ports:
        - containerPort: 7000
`;
    const result = parse(text);
    expect(result.declarations.map((d) => [d.context.container, d.context.containerKind, d.port])).toEqual([
      ['init', 'initContainers', 9000],
      ['shell', 'ephemeralContainers', 7000],
    ]);
    expect(at(result.declarations[0]!)).toBe('11:32-36');
    const [w] = result.facts.workloads;
    expect(w).toBeDefined();
    expect(w!.hostNetwork).toBe(true);
    expect(w!.hostNetworkLoc).toEqual({ line: 7, column: 16, endLine: 7, endColumn: 20 });
    expect(w!.podLabels).toEqual({ app: 'debug' });
    expect(w!.containers.map((c) => `${c.kind}:${c.name}`)).toEqual([
      'containers:main',
      'initContainers:init',
      'ephemeralContainers:shell',
    ]);
  });

  it('takes plain yes/on as true the way Kubernetes (YAML 1.1) does, but not a quoted "yes"', () => {
    const pod = (value: string) =>
      parse(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: ${value}\n  containers: [{name: c, image: i}]\n`).facts
        .workloads[0]!.hostNetwork;
    expect(pod('yes')).toBe(true);
    expect(pod('on')).toBe(true);
    expect(pod('"yes"')).toBe(false);
    expect(pod('false')).toBe(false);
  });

  it('resolves anchors and merge keys, pointing at the value where it is written', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - &base
      name: a
      image: x
      ports:
        - containerPort: &port 8080
    - <<: *base
      name: b
      ports:
        - containerPort: *port
`;
    const decls = parse(text).declarations;
    expect(decls.map((d) => [d.context.container, d.port, at(d)])).toEqual([
      ['a', 8080, '10:32-36'],
      ['b', 8080, '10:32-36'],
    ]);
  });
});

/** A minimal pod spec, indented by `indent` spaces, with one container port 8080. */
function podSpec(indent: number): string {
  const pad = ' '.repeat(indent);
  return [`containers:`, `  - name: app`, `    image: app:1`, `    ports:`, `      - containerPort: 8080`].map((l) => pad + l).join('\n');
}

/** Nested keys down to a pod spec; the map holding the final `spec` gets pod labels `app: x`. */
function templated(path: string[], indent = 2): string {
  const lines: string[] = [];
  path.forEach((key, i) => {
    lines.push(`${' '.repeat(indent + i * 2)}${key}:`);
    if (i === path.length - 2) lines.push(`${' '.repeat(indent + i * 2 + 2)}metadata: { labels: { app: x } }`);
  });
  return `${lines.join('\n')}\n${podSpec(indent + path.length * 2)}\n`;
}

describe('workload kinds', () => {
  const cases: [kind: string, apiVersion: string, body: string][] = [
    ['Pod', 'v1', `spec:\n${podSpec(2)}\n`],
    ['PodTemplate', 'v1', `template:\n  metadata: { labels: { app: x } }\n  spec:\n${podSpec(4)}\n`],
    ['Deployment', 'apps/v1', `spec:\n${templated(['template', 'spec'])}`],
    ['StatefulSet', 'apps/v1', `spec:\n${templated(['template', 'spec'])}`],
    ['DaemonSet', 'apps/v1', `spec:\n${templated(['template', 'spec'])}`],
    ['ReplicaSet', 'apps/v1', `spec:\n${templated(['template', 'spec'])}`],
    ['ReplicationController', 'v1', `spec:\n${templated(['template', 'spec'])}`],
    ['Job', 'batch/v1', `spec:\n${templated(['template', 'spec'])}`],
    ['CronJob', 'batch/v1', `spec:\n${templated(['jobTemplate', 'spec', 'template', 'spec'])}`],
    ['Rollout', 'argoproj.io/v1alpha1', `spec:\n${templated(['template', 'spec'])}`],
    ['Service', 'serving.knative.dev/v1', `spec:\n${templated(['template', 'spec'])}`],
    ['CloneSet', 'apps.kruise.io/v1alpha1', `spec:\n${templated(['template', 'spec'])}`],
    ['LeaderWorkerSet', 'leaderworkerset.x-k8s.io/v1', `spec:\n${templated(['leaderWorkerTemplate', 'workerTemplate', 'spec'])}`],
  ];

  it.each(cases)('%s (%s) yields its container port and one workload fact', (kind, apiVersion, body) => {
    const text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: obj\n  labels: { own: label }\n${body}`;
    const result = parse(text);
    expect(result.format).toBe('kubernetes');
    expect(result.problems).toEqual([]);
    expect(result.declarations).toHaveLength(1);
    const [d] = result.declarations;
    expect(d).toMatchObject({ role: 'container', port: 8080, context: { kind, name: 'obj', container: 'app' } });
    const line = text.split('\n').findIndex((l) => l.includes('containerPort')) + 1;
    expect(d!.line).toBe(line);
    expect(d!.column).toBe(text.split('\n')[line - 1]!.indexOf('8080') + 1);
    expect(result.facts.workloads).toHaveLength(1);
    expect(result.facts.workloads[0]).toMatchObject({ kind, id: `${FILE}#0` });
    expect(result.facts.workloads[0]!.podLabels).toEqual(kind === 'Pod' ? { own: 'label' } : { app: 'x' });
    expect(result.facts.services).toEqual([]);
  });

  it('gives each extra pod template of one object (RayCluster workers) its own workload id', () => {
    const text = `apiVersion: ray.io/v1
kind: RayCluster
metadata: { name: ray }
spec:
  headGroupSpec:
    template:
      metadata: { labels: { role: head } }
      spec:
        containers:
          - name: head
            image: ray
            ports: [{ containerPort: 6379, name: gcs }]
  workerGroupSpecs:
    - groupName: gpu
      template:
        metadata: { labels: { role: worker } }
        spec:
          containers:
            - name: worker
              image: ray
              ports: [{ containerPort: 8000 }]
`;
    const result = parse(text);
    expect(result.facts.workloads.map((w) => [w.id, w.podLabels])).toEqual([
      ['k8s.yaml#0', { role: 'head' }],
      ['k8s.yaml#0@spec.workerGroupSpecs[0].template.spec', { role: 'worker' }],
    ]);
    expect(result.declarations.map((d) => [d.port, d.context.objectId])).toEqual([
      [6379, 'k8s.yaml#0'],
      [8000, 'k8s.yaml#0@spec.workerGroupSpecs[0].template.spec'],
    ]);
  });

  it('reads nothing from a CustomResourceDefinition schema that describes containerPort', () => {
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              properties:
                containers:
                  type: array
                  items:
                    properties:
                      name: { type: string }
                      ports:
                        items:
                          properties:
                            containerPort: { type: integer, format: int32 }
                            hostPort: { type: integer }
              default:
                containers:
                  - name: sidecar
                    image: envoy:1.30
                    ports: [{ containerPort: 15001, hostPort: 15001 }]
`;
    const result = parse(text);
    expect(result.format).toBe('kubernetes');
    expect(result.declarations).toEqual([]);
    expect(result.facts.workloads).toEqual([]);
  });

  it('does not take policy patterns (wildcard container names and images) for pods', () => {
    const text = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: no-host-ports }
spec:
  rules:
    - name: host-ports-none
      validate:
        pattern:
          spec:
            template:
              spec:
                containers:
                  - name: "*"
                    =(ports):
                      - =(hostPort): 0
                  - image: "!*:latest"
`;
    const result = parse(text);
    expect(result.declarations).toEqual([]);
    expect(result.facts.workloads).toEqual([]);
  });
});

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations: { cloud/lb: internal }
spec:
  type: NodePort
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
      protocol: TCP
    - port: 9090
    - name: syslog
      port: 514
      targetPort: 5514
      protocol: UDP
`;

describe('Service', () => {
  it('reads port, targetPort and nodePort with positions and targets', () => {
    const decls = parse(SERVICE).declarations.map((d) => ({
      role: d.role,
      port: d.port,
      name: d.name,
      target: d.target,
      protocol: d.protocol,
      protocolRaw: d.protocolRaw,
      at: at(d),
    }));
    expect(decls).toEqual([
      { role: 'service', port: 80, name: 'http', target: { name: 'http' }, protocol: 'tcp', protocolRaw: 'TCP', at: '13:13-15' },
      { role: 'targetPort', port: undefined, name: 'http', target: undefined, protocol: 'tcp', protocolRaw: 'TCP', at: '14:19-23' },
      { role: 'nodePort', port: 30080, name: 'http', target: undefined, protocol: 'tcp', protocolRaw: 'TCP', at: '15:17-22' },
      { role: 'service', port: 9090, name: undefined, target: { port: 9090 }, protocol: 'tcp', protocolRaw: undefined, at: '17:13-17' },
      { role: 'service', port: 514, name: 'syslog', target: { port: 5514 }, protocol: 'udp', protocolRaw: 'UDP', at: '19:13-16' },
      { role: 'targetPort', port: 5514, name: undefined, target: undefined, protocol: 'udp', protocolRaw: 'UDP', at: '20:19-23' },
    ]);
    expect(parse(SERVICE).declarations[0]?.context).toEqual({
      kind: 'Service',
      name: 'api',
      namespace: 'shop',
      objectId: 'k8s.yaml#0',
      serviceType: 'NodePort',
    });
  });

  it('records the service fact', () => {
    expect(parse(SERVICE).facts.services).toEqual([
      {
        id: 'k8s.yaml#0',
        object: { file: FILE, document: 0, kind: 'Service', name: 'api', namespace: 'shop' },
        file: FILE,
        name: 'api',
        namespace: 'shop',
        type: 'NodePort',
        selector: { app: 'api' },
        annotations: { 'cloud/lb': 'internal' },
        loc: { line: 4, column: 9, endLine: 4, endColumn: 12 },
      },
    ]);
    expect(parse(SERVICE).facts.workloads).toEqual([]);
  });

  it('defaults the type to ClusterIP, keeps headless services ClusterIP, and leaves selector undefined when absent', () => {
    const result = parse(`apiVersion: v1
kind: Service
metadata: { name: db }
spec:
  clusterIP: None
  ports: [{ port: 5432 }]
`);
    expect(result.facts.services[0]).toMatchObject({ type: 'ClusterIP' });
    expect(result.facts.services[0]?.selector).toBeUndefined();
    expect(result.declarations[0]?.context.serviceType).toBe('ClusterIP');
    expect(result.declarations.map((d) => d.role)).toEqual(['service']);
  });
});

describe('Ingress', () => {
  it('reads networking.k8s.io/v1 backends by number and by name, and the default backend', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  defaultBackend:
    service:
      name: fallback
      port:
        number: 8080
  rules:
    - host: example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  name: http
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port: { number: 80 }
`;
    const decls = byRole(text, 'ingressBackend').map((d) => [d.context.backendService, d.field, d.port, d.name, at(d)]);
    expect(decls).toEqual([
      ['fallback', 'number', 8080, undefined, '9:17-21'],
      ['web', 'name', undefined, 'http', '20:25-29'],
      ['api', 'number', 80, undefined, '26:33-35'],
    ]);
    expect(parse(text).facts).toMatchObject({ workloads: [], services: [] });
  });

  it('reads extensions/v1beta1 serviceName / servicePort as number or name', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: old }
spec:
  backend:
    serviceName: default-http
    servicePort: 80
  rules:
    - http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: http
`;
    const decls = byRole(text, 'ingressBackend').map((d) => [d.context.backendService, d.field, d.port, d.name, at(d)]);
    expect(decls).toEqual([
      ['default-http', 'servicePort', 80, undefined, '7:18-20'],
      ['web', 'servicePort', undefined, 'http', '14:28-32'],
    ]);
  });
});

describe('port values', () => {
  const svc = (value: string) =>
    parse(
      `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - port: 80\n      targetPort: ${value}\n      nodePort: ${value}\n`,
    ).declarations.filter((d) => d.role !== 'service');

  it('keeps $VAR and ${VAR} as unresolved, without a port', () => {
    const [target, node] = svc('$NODEPORT_SYSLOG');
    expect(node).toMatchObject({ raw: '$NODEPORT_SYSLOG', unresolved: ['NODEPORT_SYSLOG'] });
    expect(node!.port).toBeUndefined();
    expect(target?.unresolved).toEqual(['NODEPORT_SYSLOG']);
    expect(svc('"${PORT:-8080}"')[1]).toMatchObject({ raw: '${PORT:-8080}', unresolved: ['PORT'] });
  });

  it('keeps out-of-range numbers as numbers for the rules to report', () => {
    for (const n of [70000, -1, 0]) {
      const [target, node] = svc(String(n));
      expect(node).toMatchObject({ port: n });
      expect(node!.invalid).toBeUndefined();
      expect(target?.port).toBe(n);
    }
  });

  it('marks floats, garbage and structures invalid', () => {
    expect(svc('80.5')[1]).toMatchObject({ raw: '80.5', invalid: 'not an integer' });
    expect(svc('"80 tcp"')[1]!.invalid).toMatch(/not a port number or name/);
    expect(svc('[1, 2]')[1]).toMatchObject({ raw: '[1, 2]', invalid: 'expected a port, found a sequence' });
  });

  it('accepts names where names are allowed, checks them, and rejects them where numbers are required', () => {
    const [target, node] = svc('metrics');
    expect(target).toMatchObject({ name: 'metrics' });
    expect(target!.invalid).toBeUndefined();
    expect(node?.invalid).toMatch(/not a number/);
    expect(svc('HTTP')[0]).toMatchObject({ name: 'HTTP', invalid: expect.stringMatching(/lower-case/) });
    expect(svc('a-very-long-port-name')[0]!.invalid).toMatch(/longer than 15/);
  });

  it('skips empty values', () => {
    expect(svc('')).toEqual([]);
  });
});

describe('documents', () => {
  it('reads List and *List items with per-item object ids', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: a }
    spec: { ports: [{ port: 81 }] }
  - not: an object
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: b }
    spec:
      template:
        spec:
          containers: [{ name: c, image: i, ports: [{ containerPort: 82 }] }]
---
apiVersion: v1
kind: ServiceList
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: c }
    spec: { ports: [{ port: 83 }] }
`;
    const result = parse(text);
    expect(result.declarations.map((d) => [d.port, d.context.objectId, d.context.name])).toEqual([
      [81, 'k8s.yaml#0/0', 'a'],
      [82, 'k8s.yaml#0/2', 'b'],
      [83, 'k8s.yaml#1/0', 'c'],
    ]);
    expect(result.facts.services.map((s) => s.id)).toEqual(['k8s.yaml#0/0', 'k8s.yaml#1/0']);
    expect(result.facts.workloads.map((w) => w.id)).toEqual(['k8s.yaml#0/2']);
  });

  it('reports a broken document as fatal at the error and still reads the others', () => {
    const text = `# leading comment-only document
---
apiVersion: v1
kind: Service
metadata: { name: ok }
spec: { ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata:
  name: a: b
spec: { ports: [{ port: 81 }] }
---
---
plain: config
---
apiVersion: v1
kind: Service
metadata: { name: also-ok }
spec: { ports: [{ port: 443 }] }
`;
    const result = parse(text);
    expect(result.format).toBe('kubernetes');
    expect(result.declarations.map((d) => [d.port, d.context.objectId])).toEqual([
      [80, 'k8s.yaml#0'],
      [443, 'k8s.yaml#4'],
    ]);
    expect(result.facts.services.map((s) => s.name)).toEqual(['ok', 'also-ok']);
    expect(result.problems).toEqual([expect.objectContaining({ line: 11, column: 9, severity: 'error', fatal: true })]);
    expect(result.problems[0]!.message).toMatch(/^YAML syntax error: Nested mappings/);
  });

  describe('CustomResourceDefinitions', () => {
    const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  versions:
    - schema:
        openAPIV3Schema:
          properties:
            containerPort: { type: integer }
            broken: [ unclosed
`;
    const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers: [{ name: c, image: i, ports: [{ containerPort: 8080 }] }]
`;

    it('are not parsed: a broken schema says nothing, the documents around keep their lines and ids', () => {
      const text = `${DEPLOY}---\n${CRD}--- # next\r\n${DEPLOY}`;
      const result = parse(text);
      expect(result.format).toBe('kubernetes');
      expect(result.problems).toEqual([]);
      expect(result.declarations.map((d) => [d.port, d.line, d.column, d.context.objectId])).toEqual([
        [8080, 7, 66, 'k8s.yaml#0'],
        [8080, 26, 66, 'k8s.yaml#2'],
      ]);
      expect(parseYaml(text, KUBERNETES_YAML).skipped).toHaveLength(1);
    });

    it('a first document that is a CRD keeps its index, as when it is parsed', () => {
      const ids = (text: string) => parse(text).declarations.map((d) => [d.line, d.context.objectId]);
      expect(ids(`${CRD}---\n${DEPLOY}`)).toEqual([[18, 'k8s.yaml#1']]);
      expect(ids(`${CRD}---\r\n${DEPLOY}`)).toEqual([[18, 'k8s.yaml#1']]);
      expect(ids(`${CRD}...\n---\n${DEPLOY}`)).toEqual([[19, 'k8s.yaml#1']]);
      expect(ids(`---\n${CRD}---\n${DEPLOY}`)).toEqual([[19, 'k8s.yaml#1']]);
    });

    it('a file of CRDs alone is still Kubernetes (linted, with nothing to say)', () => {
      expect(parse(`---\n${CRD}---\n${CRD.replace('v1', 'v1beta1')}`)).toMatchObject({
        format: 'kubernetes',
        declarations: [],
        problems: [],
      });
    });

    it('are parsed when the file mentions portlint (its directives and annotations are read whole)', () => {
      expect(parse(`# portlint-disable-file host-port\n${CRD}`).problems).toEqual([
        expect.objectContaining({ id: 'parse-error', line: 12, fatal: true }),
      ]);
    });

    it('only by top-level apiVersion and kind; a document that starts on its marker line is parsed', () => {
      const y = (text: string) => parseYaml(text, KUBERNETES_YAML).skipped.length;
      expect(y(CRD)).toBe(1);
      expect(y(`kind: "CustomResourceDefinition"\napiVersion: 'apiextensions.k8s.io/v1'\n`)).toBe(1);
      expect(y(CRD.replace('apiextensions.k8s.io/v1', 'example.com/v1'))).toBe(0);
      expect(y(`apiVersion: v1\nkind: List\nitems:\n  - ${CRD.split('\n').join('\n    ')}`)).toBe(0);
      expect(y(`${DEPLOY}--- !!map\n${CRD}`)).toBe(0);
    });
  });

  it('gives format null for YAML that holds no Kubernetes object', () => {
    expect(parse('server:\n  port: 8080\n')).toMatchObject({ format: null, declarations: [], problems: [] });
    expect(parse('')).toMatchObject({ format: null, declarations: [], problems: [] });
    expect(parse('apiVersion: v1\nkind: 3\n').format).toBeNull();
  });

  it('isKubernetesDocument needs a map with string apiVersion and kind', () => {
    const docs = parseYaml('apiVersion: v1\nkind: Pod\n---\nkind: Pod\n---\n- apiVersion: v1\n---\napiVersion: 1\nkind: Pod\n').docs;
    expect(docs.map((d) => isKubernetesDocument(d))).toEqual([true, false, false, false]);
  });

  it('extractKubernetes works on an already-parsed file', () => {
    expect(extractKubernetes(parseYaml(SERVICE), 'other.yaml').declarations[0]?.file).toBe('other.yaml');
  });
});

describe('Helm templates', () => {
  it('reports one warning at the first {{ when a template does not parse', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  ports:
  {{- range .Values.ports }}
    - port: {{ .port }}
  {{- end }}
`;
    const result = parse(text);
    expect(result.problems).toEqual([
      { id: 'skipped-file', message: HELM_MESSAGE, line: 4, column: 9, endLine: 4, endColumn: 41, severity: 'warn', fatal: true },
    ]);
    expect(result.declarations).toEqual([]);
    expect(result.format).toBe('kubernetes');
  });

  it('reports a template that parses but puts {{ }} in values', () => {
    const quoted = `apiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec:\n  ports:\n    - port: "{{ .Values.port }}"\n`;
    const flow = `apiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec:\n  ports:\n    - port: {{ .port }}\n`;
    for (const [text, message] of [
      [quoted, HELM_MESSAGE],
      [flow, TEMPLATE_MESSAGE],
    ] as const) {
      const result = parse(text);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ message, line: 6, severity: 'warn', fatal: true });
      expect(result.declarations).toEqual([]);
      expect(result.facts.services).toEqual([]);
    }
  });

  it('knows a broken template by its control lines even without Helm objects', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec:\n  ports:\n  {{- range $p := $ports }}\n    - port: {{ $p }}\n  {{- end }}\n`;
    expect(parse(text).problems).toEqual([
      { id: 'skipped-file', message: TEMPLATE_MESSAGE, line: 6, column: 3, endLine: 6, endColumn: 28, severity: 'warn', fatal: true },
    ]);
  });

  it("calls a template Helm's only when a Chart.yaml is above it (where the caller knows)", () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec:\n  ports:\n    - port: "{{ .Values.port }}"\n`;
    const message = (inHelmChart: boolean) =>
      extractKubernetes(parseYaml(text), 'a.yaml', { inHelmChart: () => inHelmChart }).problems.map((p) => p.message);
    expect(message(true)).toEqual([HELM_MESSAGE]);
    expect(message(false)).toEqual([TEMPLATE_MESSAGE]);
  });

  it('in a walk, leaves alone a template outside a chart without literal apiVersion and kind lines', () => {
    const kustomize = `apiVersion: {{ .ApiVersion }}\nkind: {{ .Kind }}\nspec:\n  ports:\n    - port: {{ .Port }}\n`;
    const k8s = `apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: {{ .Port }}\n`;
    const walk = (text: string, inHelmChart: boolean) =>
      extractKubernetes(parseYaml(text), 'svc.template.yaml', { walked: true, inHelmChart: () => inHelmChart });
    expect(walk(kustomize, false)).toMatchObject({ format: null, problems: [], declarations: [] });
    expect(walk(kustomize, true).problems.map((p) => p.message)).toEqual([HELM_MESSAGE]);
    expect(walk(k8s, false).problems.map((p) => p.message)).toEqual([TEMPLATE_MESSAGE]);
  });

  it('reports a plain syntax error, not Helm, in a file whose {{ }} are alert templates', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\ndata:\n  msg: "{{ $labels.instance }} down"\n`;
    const [problem] = parse(text).problems;
    expect(problem).toMatchObject({ line: 4, column: 9, severity: 'error', fatal: true });
    expect(problem!.message).toMatch(/^YAML syntax error/);
  });

  it('reads files whose only {{ }} are Go templates in ordinary strings (alert rules)', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: x
  annotations:
    summary: "{{ $labels.instance }} is down"
spec:
  ports: [{ port: 80 }]
`;
    const result = parse(text);
    expect(result.problems).toEqual([]);
    expect(result.declarations.map((d) => d.port)).toEqual([80]);
  });
});

describe('robustness', () => {
  it('survives aliases that loop back into themselves or fan out', () => {
    const selfList = `&a\napiVersion: v1\nkind: List\nitems:\n  - *a\n`;
    expect(parse(selfList)).toMatchObject({ format: 'kubernetes', declarations: [], problems: [] });
    const selfSpec = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: &s\n  nested: *s\n  containers: [{name: c, image: i, ports: [{containerPort: 1}]}]\n`;
    expect(parse(selfSpec).declarations.map((d) => d.port)).toEqual([1]);
    const fanOut = ['apiVersion: v1', 'kind: Thing', 'spec:', '  l0: &l0 {x: 1}'];
    for (let i = 1; i < 40; i++) fanOut.push(`  l${i}: &l${i} [*l${i - 1}, *l${i - 1}, *l${i - 1}]`);
    const started = Date.now();
    expect(parse(fanOut.join('\n')).declarations).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parse(text);
        expect(Array.isArray(result.declarations)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary Kubernetes-shaped YAML, and positions stay inside the text', () => {
    const scalar = fc.oneof(
      fc.integer({ min: -5, max: 70000 }),
      fc.constantFrom('http', '$PORT', '${X}', '80.5', '"8080"', 'null', '[]', '{}', '*a', '&a 1', '~'),
    );
    const portEntry = fc.record({ containerPort: scalar, hostPort: scalar, name: scalar, protocol: scalar });
    fc.assert(
      fc.property(fc.array(portEntry, { maxLength: 3 }), scalar, (ports, probe) => {
        const lines = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '    - name: c', '      ports:'];
        for (const p of ports) {
          lines.push(`        - containerPort: ${p.containerPort}`, `          hostPort: ${p.hostPort}`);
          lines.push(`          name: ${p.name}`, `          protocol: ${p.protocol}`);
        }
        lines.push('      livenessProbe:', `        httpGet: {port: ${probe}}`);
        const text = lines.join('\n');
        const result = parse(text);
        const textLines = text.split('\n');
        for (const d of result.declarations) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(textLines.length);
          expect(d.column).toBeLessThanOrEqual(textLines[d.line - 1]!.length + 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
