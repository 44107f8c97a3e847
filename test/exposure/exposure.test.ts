import { describe, expect, it } from 'vitest';
import { describeReach, reachability } from '../../src/exposure/index.js';
import { mergeFacts } from '../../src/engine/run-rule.js';
import type { ParseResult } from '../../src/model.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';

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
      'db.yaml:13 container: private: the pod network only',
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
      'all.yaml:12 container: edge: TCPRoute data/db on Gateway public to Service data/db',
      'all.yaml:13 container: cluster: Service data/db (ClusterIP), limited by a NetworkPolicy',
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
    expect(reaches(compose).filter((r) => !r.endsWith('the compose network only'))).toEqual([
      'compose.yaml:4 host: loopback: loopback (127.0.0.1)',
      'compose.yaml:4 host: host: host interface 10.0.0.5',
      'compose.yaml:4 host: host: every host interface',
      'compose.yaml:9 container: host: the host network (network_mode: host)',
    ]);
  });
});
