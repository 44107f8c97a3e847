/**
 * The models the project phase keeps (src/engine/kept.ts), once compacted, are compact copies: they
 * must read exactly as the parse results they copy (project-scope rules see no difference), with
 * the objects the parse shares (an owner and its facts) still shared, and nothing kept for a file
 * with no model. Before `compact()` a model is the parse result itself, but for what it drops.
 */
import { describe, expect, it } from 'vitest';
import { KeptModels } from '../src/engine/kept.js';
import { safeParse } from '../src/parsers/index.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    team: storefront
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
              name: http
            - containerPort: 9090
              protocol: UDP
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector: { app: web }
  ports:
    - port: 80
      targetPort: http
      nodePort: 30080
`;

const COMPOSE = `services:
  api:
    image: example/api
    environment:
      API_URL: http://api:8080
    ports:
      - "127.0.0.1:8080:8080"
      - "\${DEBUG_PORT:-9229}:9229"
`;

function keep(text: string, file: string) {
  const parsed = safeParse(text, file);
  const kept = new KeptModels();
  kept.add(parsed);
  kept.compact();
  return { parsed, models: kept.models };
}

describe('KeptModels', () => {
  it.each([
    ['k8s/web.yaml', MANIFEST],
    ['docker-compose.yml', COMPOSE],
    ['Dockerfile', 'FROM nginx:1.27 AS base\nEXPOSE 80 443/tcp\nFROM base\nUSER nginx\n'],
    ['.env', 'PORT=3000\nDB_URL=postgres://db:5432/app\n'],
  ])('keeps %s as its model reads, without problems, comments or objects', (file, text) => {
    const { parsed, models } = keep(text, file);
    expect(parsed.declarations.length).toBeGreaterThan(0);
    expect(models).toHaveLength(1);
    const [model] = models;
    expect(model).toEqual({ ...parsed, problems: [], comments: [], objects: [], included: [] });
    // Same keys in the same order, down to the declarations: JSON output and fingerprints follow it.
    expect(JSON.stringify(model!.declarations)).toBe(JSON.stringify(parsed.declarations));
    expect(JSON.stringify(model!.facts)).toBe(JSON.stringify(parsed.facts));
  });

  it('keeps the objects a parse shares shared, and port values one per distinct value', () => {
    const { parsed, models } = keep(MANIFEST, 'k8s/web.yaml');
    const model = models[0]!;
    const owners = model.declarations.map((d) => d.owner);
    const container = owners.find((o) => o.kind === 'podContainer');
    expect(container?.kind).toBe('podContainer');
    if (container?.kind !== 'podContainer') return;
    expect(container.workload).toBe(model.facts.workloads[0]);
    expect(container.container).toBe(model.facts.workloads[0]!.containers[0]);
    const service = owners.find((o) => o.kind === 'service');
    expect(service?.kind === 'service' && service.service).toBe(model.facts.services[0]);
    // Two container ports of one container: one owner object in the parse, one in the copy.
    const ports = model.declarations.filter((d) => d.role === 'container');
    expect(ports).toHaveLength(2);
    expect(ports[0]!.owner).toBe(ports[1]!.owner);
    const parsedPorts = parsed.declarations.filter((d) => d.role === 'container');
    expect(parsedPorts[0]!.owner).toBe(parsedPorts[1]!.owner);
    expect(ports[0]!.owner).not.toBe(parsedPorts[0]!.owner);
    // Sources are values: the two containerPort sources are one frozen object.
    expect(ports[0]!.source).toBe(ports[1]!.source);
    expect(Object.isFrozen(ports[0]!.source)).toBe(true);
  });

  it('shares one frozen empty list, and keeps nothing for a file without a model', () => {
    const { models } = keep('FROM alpine\nRUN true\n', 'Dockerfile');
    expect(models[0]!.facts.services).toEqual([]);
    expect(Object.isFrozen(models[0]!.facts.services)).toBe(true);
    expect(models[0]!.facts.services).toBe(models[0]!.facts.routes);
    // A ConfigMap declares no port and has no facts: no project-scope rule can read it.
    const configMap = keep('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n', 'k8s/cm.yaml');
    expect(configMap.parsed.format).toBe('kubernetes');
    expect(configMap.models).toHaveLength(0);
  });

  it('keeps models as they came until compacted, then copies them and every later one', () => {
    const kept = new KeptModels();
    const parsed = ['a', 'b', 'c'].map((dir) => safeParse('FROM nginx\nEXPOSE 8080\n', `${dir}/Dockerfile`));
    kept.add(parsed[0]!);
    kept.add(parsed[1]!);
    expect(kept.models.map((m) => m.declarations)).toEqual([parsed[0]!.declarations, parsed[1]!.declarations]);
    expect(kept.models[0]!.declarations).toBe(parsed[0]!.declarations);
    kept.compact();
    kept.add(parsed[2]!);
    const decls = kept.models.map((m) => m.declarations[0]!);
    decls.forEach((d, i) => {
      expect(d).not.toBe(parsed[i]!.declarations[0]);
      expect(JSON.stringify(d)).toBe(JSON.stringify(parsed[i]!.declarations[0]));
    });
    // One pool for the models copied at `compact()` and those copied as they came.
    expect(decls[0]!.value).toBe(decls[2]!.value);
    expect(kept.models[0]!.facts.services).toBe(kept.models[2]!.facts.services);
  });

  it('pools port values across files', () => {
    const kept = new KeptModels();
    kept.add(safeParse('FROM nginx\nEXPOSE 8080\n', 'a/Dockerfile'));
    kept.add(safeParse('FROM nginx\nEXPOSE 8080\n', 'b/Dockerfile'));
    kept.compact();
    const [a, b] = kept.models.map((m) => m.declarations[0]!);
    expect(a!.file).toBe('a/Dockerfile');
    expect(b!.file).toBe('b/Dockerfile');
    expect(a!.value).toBe(b!.value);
    expect(a!.value).toEqual({ kind: 'port', port: 8080, endPort: 8080 });
  });

  it('pools places and spans across files, reading as before', () => {
    const kept = new KeptModels();
    const texts = ['services:\n  a:\n    ports:\n      - "8080:80/udp"\n', 'services:\n  b:\n    ports:\n      - "8080:80/udp"\n'];
    const parsed = texts.map((t, i) => safeParse(t, `p${i}/docker-compose.yml`));
    for (const p of parsed) kept.add(p);
    kept.compact();
    const [a, b] = kept.models.map((m) => m.declarations.find((d) => d.role === 'host')!);
    // Equal places in two files: one frozen object, equal to each parse's own.
    expect(a!.spans).toBe(b!.spans);
    expect(a!.spans.value).toBe(b!.spans.value);
    expect(Object.isFrozen(a!.spans.value)).toBe(true);
    expect(a!.spans.protocol).toBeDefined();
    const own = parsed[0]!.declarations.find((d) => d.role === 'host')!;
    expect(a!.spans).toEqual(own.spans);
    expect(JSON.stringify(a!.spans)).toBe(JSON.stringify(own.spans));
    // The services' places too (they differ in nothing but the name).
    expect(kept.models[0]!.facts.composeServices[0]!.loc).toBe(kept.models[1]!.facts.composeServices[0]!.loc);
  });

  it('copies objects of many keys, whatever the keys, as they read, and shares one frozen empty map', () => {
    // Labels are keys from the file: quotes, backslashes, dots and a key named like a prototype.
    const labels = [
      'app: web',
      'tier: "front"',
      '"a\\"b": x',
      'app.kubernetes.io/name: web',
      'constructor: c',
      'toString: t',
      '"\u2028": u',
    ];
    const text = MANIFEST.replace('labels: { app: web }', `labels:\n${labels.map((l) => `        ${l}`).join('\n')}`);
    const { parsed, models } = keep(text, 'k8s/web.yaml');
    const workload = models[0]!.facts.workloads[0]!;
    expect(Object.keys(workload.podLabels)).toHaveLength(labels.length);
    expect(workload.podLabels).toEqual(parsed.facts.workloads[0]!.podLabels);
    expect(JSON.stringify(models[0])).toBe(JSON.stringify({ ...parsed, problems: [], comments: [], objects: [], included: [] }));
    // The Service has no annotations: an empty map, one frozen object for all of them.
    const service = models[0]!.facts.services[0]!;
    expect(service.annotations).toEqual({});
    expect(Object.isFrozen(service.annotations)).toBe(true);
  });
});
