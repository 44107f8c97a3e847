import { describe, expect, it } from 'vitest';
import { describePath, describeReach, reachability } from '../../src/exposure/index.js';
import { pathFrom } from '../../src/util/paths.js';
import { mergeFacts } from '../../src/engine/run-rule.js';
import type { ParseResult } from '../../src/model.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';
import { lintFiles, listPorts } from '../../src/api.js';
import { CORPUS, corpusPresent } from '../support/corpus.js';
import { join } from 'node:path';

/** `line role: reach` of every listening declaration, as the inventory shows it. */
function reaches(...files: ParseResult[]): string[] {
  const decls = files.flatMap((f) => f.declarations);
  const reach = reachability(decls, mergeFacts(files));
  return decls.flatMap((d) => {
    const r = reach.get(d);
    return r ? [`${d.file}:${d.line} ${d.role}: ${describeReach(r)}`] : [];
  });
}

const DB = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: postgres
          image: postgres:17
          ports:
            - {name: postgres, containerPort: 5432}
            - {name: metrics, containerPort: 9187}
            - {name: debug, containerPort: 2345, hostPort: 2345, hostIP: 127.0.0.1}
`;

describe('exposure model', () => {
  it('gives each container port the widest path that points at it', () => {
    const services = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: postgres}]
---
apiVersion: v1
kind: Service
metadata: {name: db-public, namespace: data}
spec:
  type: LoadBalancer
  selector: {app: db}
  ports: [{port: 5432}]
`;
    expect(reaches(parseKubernetes(DB, 'db.yaml'), parseKubernetes(services, 'svc.yaml'))).toEqual([
      'db.yaml:12 container: internet: Service data/db-public (LoadBalancer, no source ranges)',
      'db.yaml:13 container: private: pod network',
      'db.yaml:14 container: loopback: hostPort 2345 on 127.0.0.1',
    ]);
  });

  it('counts externalIPs as outside reach: the internet for a public address, the edge for private ones', () => {
    const services = `apiVersion: v1
kind: Service
metadata: {name: db-ext, namespace: data}
spec:
  selector: {app: db}
  externalIPs: [10.20.0.5]
  ports: [{port: 5432, targetPort: postgres}]
---
apiVersion: v1
kind: Service
metadata: {name: metrics-ext, namespace: data}
spec:
  selector: {app: db}
  externalIPs: [10.20.0.5, 203.0.113.7]
  ports: [{port: 9187}]
`;
    expect(reaches(parseKubernetes(DB, 'db.yaml'), parseKubernetes(services, 'svc.yaml'))).toEqual([
      'db.yaml:12 container: edge: Service data/db-ext (ClusterIP, externalIPs 10.20.0.5)',
      'db.yaml:13 container: internet: Service data/metrics-ext (ClusterIP, externalIPs 10.20.0.5, 203.0.113.7)',
      'db.yaml:14 container: loopback: hostPort 2345 on 127.0.0.1',
    ]);
  });

  it('follows routes to the Service, and notes a NetworkPolicy on a ClusterIP path', () => {
    const edge = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: 5432}, {name: metrics, port: 9187}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: data}
spec:
  parentRefs: [{name: public}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]
`;
    expect(reaches(parseKubernetes(DB + '---\n' + edge, 'all.yaml'))).toEqual([
      'all.yaml:12 container: edge: Gateway public → TCPRoute data/db → Service data/db',
      'all.yaml:13 container: cluster: Service data/db (NetworkPolicy-limited)',
      'all.yaml:14 container: loopback: hostPort 2345 on 127.0.0.1',
    ]);
  });

  it('compose: the container network, loopback, one interface, every interface, the host network', () => {
    const compose = parseCompose(
      `services:
  a:
    image: x
    ports: ["127.0.0.1:80:80", "10.0.0.5:81:81", "82:82"]
    expose: ["83"]
  b:
    image: y
    network_mode: host
    ports: ["84:84"]
`,
      'compose.yaml',
    );
    expect(reaches(compose)).toEqual([
      'compose.yaml:4 host: loopback: 127.0.0.1',
      'compose.yaml:4 container: loopback: 127.0.0.1 as 80',
      'compose.yaml:4 host: host: interface 10.0.0.5',
      'compose.yaml:4 container: host: interface 10.0.0.5 as 81',
      'compose.yaml:4 host: host: every interface',
      'compose.yaml:4 container: host: every interface as 82',
      'compose.yaml:5 container: private: compose network',
      'compose.yaml:9 container: host: network_mode: host',
    ]);
  });

  it('links objects of separate files by folder, kustomize build and namespace, never unrelated ones', () => {
    const svc = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: postgres}]
`;
    const route = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: data}
spec:
  gatewayClassName: eg
  listeners: [{name: pg, protocol: TCP, port: 5432}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: data}
spec:
  parentRefs: [{name: public, sectionName: pg}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
`;
    // Same folder: the route, the Gateway, the Service and the StatefulSet are one path.
    expect(
      reaches(parseKubernetes(DB, 'app/db.yaml'), parseKubernetes(svc, 'app/svc.yaml'), parseKubernetes(route, 'app/route.yaml'))[0],
    ).toBe('app/db.yaml:12 container: internet: Gateway data/public (listener "pg", TCP 5432) → TCPRoute data/db → Service data/db');
    // An unrelated app elsewhere that reuses the names is never linked.
    expect(
      reaches(
        parseKubernetes(DB, 'app/db.yaml'),
        parseKubernetes(svc, 'app/svc.yaml'),
        parseKubernetes(route, 'elsewhere/team/x/route.yaml'),
      )[0],
    ).toBe('app/db.yaml:12 container: cluster: Service data/db');
    // A kustomize build that takes both folders in links them.
    const kustomization = parseKubernetes('resources: [../app, ../edge]\n', 'overlay/kustomization.yaml');
    expect(
      reaches(
        parseKubernetes(DB, 'app/db.yaml'),
        parseKubernetes(svc, 'app/svc.yaml'),
        parseKubernetes(
          route.replaceAll('namespace: data', 'namespace: edge').replace('name: db, port: 5432', 'name: db, namespace: data, port: 5432'),
          'edge/route.yaml',
        ),
        kustomization,
      )[0],
    ).toBe('app/db.yaml:12 container: internet: Gateway edge/public (listener "pg", TCP 5432) → TCPRoute edge/db → Service data/db');
  });

  it('tells internal gateways and load balancers from internet-facing ones', () => {
    const gateways = (cls: string, extra = '') => `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: data}
spec:
  gatewayClassName: ${cls}
${extra}  listeners: [{name: pg, protocol: TCP, port: 5432}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: data}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
`;
    const first = (text: string) => reaches(parseKubernetes(DB + '---\n' + text, 'all.yaml'))[0];
    expect(first(gateways('gke-l7-rilb'))).toBe(
      'all.yaml:12 container: edge: Gateway data/gw (internal, listener "pg", TCP 5432) → TCPRoute data/db → Service data/db',
    );
    expect(first(gateways('gke-l7-cross-regional-internal-managed-mc'))).toMatch(/ edge: Gateway data\/gw \(internal, listener/);
    expect(
      first(gateways('eg', '  infrastructure:\n    annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internal}\n')),
    ).toMatch(/ edge: Gateway data\/gw \(internal, listener/);
    expect(first(gateways('gke-l7-global-external-managed'))).toMatch(/ internet: Gateway data\/gw \(listener/);
  });

  it('follows an Istio VirtualService to its Gateway and that to its ingress gateway Service; mesh-only routes stay inside', () => {
    const istio = (type: string, gateways: string) => `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: data}
spec:
  type: ${type}
  selector: {istio: ingressgateway}
  ports: [{name: tcp-pg, port: 5432}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: data}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 5432, name: tcp-pg, protocol: TCP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: data}
spec:
  hosts: ["*"]
  gateways: [${gateways}]
  tcp: [{route: [{destination: {host: db, port: {number: 5432}}}]}]
`;
    const first = (text: string) => reaches(parseKubernetes(DB + '---\n' + text, 'all.yaml'))[0];
    expect(first(istio('LoadBalancer', 'edge'))).toBe(
      'all.yaml:12 container: internet: Service data/istio-ingressgateway (LoadBalancer, no source ranges) → Gateway data/edge → VirtualService data/db → Service data/db',
    );
    // A ClusterIP ingress gateway Service takes the route no further than the cluster.
    expect(first(istio('ClusterIP', 'edge'))).toBe('all.yaml:12 container: cluster: Service data/db');
    expect(first(istio('LoadBalancer', 'mesh'))).toBe('all.yaml:12 container: cluster: Service data/db');
  });

  it('reads Ingress TLS and internal ingress classes', () => {
    const ingress = (meta: string, tls: string) => `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: data${meta}}
spec:
${tls}  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: db, port: {name: pg}}}}]}}]
`;
    const first = (text: string) => reaches(parseKubernetes(DB + '---\n' + text, 'all.yaml'))[0];
    expect(first(ingress('', ''))).toBe('all.yaml:12 container: internet: Ingress data/web (no TLS) → Service data/db');
    // spec.tls covers a rule by its host; a rule for every host only by an entry without hosts.
    expect(first(ingress('', '  tls: [{hosts: [db.example.com], secretName: db-tls}]\n'))).toBe(
      'all.yaml:12 container: internet: Ingress data/web (no TLS) → Service data/db',
    );
    expect(first(ingress('', '  tls: [{secretName: default-tls}]\n'))).toBe(
      'all.yaml:12 container: internet: Ingress data/web (TLS) → Service data/db',
    );
    const hosted = (tlsHost: string) =>
      first(
        ingress('', `  tls: [{hosts: ["${tlsHost}"], secretName: db-tls}]\n`).replace(
          'rules: [{http:',
          'rules: [{host: db.example.com, http:',
        ),
      );
    expect(hosted('db.example.com')).toBe('all.yaml:12 container: internet: Ingress data/web (TLS) → Service data/db');
    expect(hosted('*.example.com')).toBe('all.yaml:12 container: internet: Ingress data/web (TLS) → Service data/db');
    expect(hosted('*.com')).toBe('all.yaml:12 container: internet: Ingress data/web (no TLS for db.example.com) → Service data/db');
    expect(first(ingress(', annotations: {kubernetes.io/ingress.class: gce-internal}', ''))).toBe(
      'all.yaml:12 container: edge: Ingress data/web (internal, no TLS) → Service data/db',
    );
    expect(first(ingress(', annotations: {alb.ingress.kubernetes.io/scheme: internet-facing}', ''))).toMatch(/ internet: /);
  });

  it('names the other file of a link, relative to the file a message is about', () => {
    expect(pathFrom('app/svc.yaml', 'app/db.yaml')).toBe('db.yaml');
    expect(pathFrom('overlays/prod/svc.yaml', 'base/db.yaml')).toBe('../../base/db.yaml');
    const r = {
      scope: 'internet' as const,
      path: 'x',
      hops: [
        { text: 'Gateway gw', file: 'edge/gw.yaml' },
        { text: 'Service db', file: 'app/svc.yaml' },
      ],
    };
    expect(describePath(r, 'app/svc.yaml')).toBe('Gateway gw in ../edge/gw.yaml → Service db');
  });
});

describe('messages built from the exposure model', () => {
  const fixtures = new URL('../../fixtures/', import.meta.url).pathname;
  const messagesOf = async (folder: string, rule: string): Promise<string[]> =>
    (await lintFiles(['.'], { cwd: fixtures + folder, useConfigFiles: false })).results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === rule).map((m) => `${r.filePath}: ${m.message}`),
    );

  it('name the workload, the path and the file of each object written elsewhere', async () => {
    const found = await messagesOf('exposed-sensitive-port/split-manifests', 'exposed-sensitive-port');
    expect(found).toHaveLength(2);
    expect(found.find((m) => m.startsWith('service-public.yaml'))).toContain('of StatefulSet orders/orders-db in statefulset.yaml');
    expect(found.find((m) => m.startsWith('tcproute.yaml'))).toContain(
      'through Gateway orders/edge (listener "sql", TCP 6543) in gateway.yaml → TCPRoute orders/orders-db → Service orders/orders-db in service.yaml',
    );
  });

  it('say how far a plaintext protocol reaches: an internet LoadBalancer, or the pod network only', async () => {
    const found = await messagesOf('insecure-protocol/split-ftp', 'insecure-protocol');
    expect(found.find((m) => m.includes('port 21 '))).toContain(
      'reachable from the internet through Service file-drop/vsftpd-public (LoadBalancer, no source ranges) in service-public.yaml',
    );
    expect(found.find((m) => m.includes('port 69/udp'))).toContain('on the pod network only');
    expect(found.find((m) => m.includes('TCPRoute'))).toContain('of Service vsftpd in ../app/service.yaml');
  });
});

describe.skipIf(!corpusPresent)('the REACHABLE column over the corpus', () => {
  it('is short and never repeats itself (no scope restated in its path, no word twice in a row)', async () => {
    // Repositories with every kind of path: compose and Docker, pods and hostNetwork, Services, Ingress, Gateways, Istio.
    const repos = ['instantlinux__docker-tools', 'istio__istio', 'kubernetes__examples', 'kubernetes-sigs__gateway-api'];
    const report = await listPorts(
      repos.map((r) => join(CORPUS, r)),
      { useConfigFiles: false },
    );
    const reaches = [...reachability(report.declarations, report.facts).values()];
    const texts = reaches.map(describeReach);
    expect(texts.length).toBeGreaterThan(500);
    const redundant = texts.filter((t) => {
      const [scope, ...rest] = t.split(': ');
      const path = rest.join(': ');
      return path.startsWith(scope!) || /\b(\w+) \1\b/.test(path) || /\bthe .* only\b/.test(path);
    });
    expect([...new Set(redundant)]).toEqual([]);
    // Without objects to name (compose, Docker, pod-only, host ports), a text is a few words.
    const long = reaches.filter((r) => r.hops.length === 0 && describeReach(r).length > 60).map(describeReach);
    expect([...new Set(long)]).toEqual([]);
  });
});
