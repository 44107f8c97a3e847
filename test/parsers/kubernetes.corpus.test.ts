import { describe, expect, it } from 'vitest';
import type { PortEntry as PortDeclaration } from '../../src/inventory.js';
import { entries } from '../support/entries.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';
import { corpusFiles, corpusPresent, parseCache } from '../support/corpus.js';

const parsed = parseCache((text, path) => entries(parseKubernetes(text, path)));

function declarationAt(path: string, line: number, role: PortDeclaration['role']): PortDeclaration {
  const found = parsed(path).result.declarations.filter((d) => d.line === line && d.role === role);
  expect(found, `${role} at ${path}:${line}`).toHaveLength(1);
  return found[0]!;
}

/** The value a declaration points at must be its `raw` text (after an opening quote). */
function textAt(text: string, d: PortDeclaration): string {
  const line = text.split('\n')[d.line - 1] ?? '';
  return line.slice(d.column - 1).replace(/^["']/, '');
}

describe.skipIf(!corpusPresent)('kubernetes parser on the corpus', () => {
  it('parses every k8s file without throwing, with every declaration inside its file and on its value', () => {
    const files = corpusFiles('k8s');
    expect(files.length).toBeGreaterThan(1000);
    let declarations = 0;
    for (const path of files) {
      const { text, result } = parsed(path);
      expect(result.format, path).toBe('kubernetes');
      const lines = text.split('\n');
      for (const d of result.declarations) {
        declarations++;
        const where = `${path}:${d.line}:${d.column}`;
        expect(d.line, where).toBeGreaterThanOrEqual(1);
        expect(d.line, where).toBeLessThanOrEqual(lines.length);
        expect(d.column, where).toBeGreaterThanOrEqual(1);
        expect(d.column, where).toBeLessThanOrEqual(lines[d.line - 1]!.length + 1);
        expect(d.endLine, where).toBeGreaterThanOrEqual(d.line);
        // An env value's port sits inside its value (`ftp://host:2121`); the rest are on their own text.
        if (d.role !== 'env' && d.role !== 'url') expect(textAt(text, d).startsWith(d.raw), where).toBe(true);
      }
    }
    expect(declarations).toBeGreaterThan(1500);
  });

  it('reads ingress-nginx hostPorts on the hostPort value, targeting the containerPort', () => {
    const path = 'kubernetes__ingress-nginx/deploy/static/provider/kind/deploy.yaml';
    const host = declarationAt(path, 466, 'host');
    expect(host).toMatchObject({ port: 80, column: 21, target: { port: 80 }, name: 'http', protocolRaw: 'TCP' });
    expect(host.context).toMatchObject({ kind: 'Deployment', name: 'ingress-nginx-controller', container: 'controller' });
    expect(declarationAt(path, 465, 'container')).toMatchObject({ port: 80, column: 26 });
    expect(declarationAt(path, 480, 'probe')).toMatchObject({ port: 10254, field: 'httpGet', context: { probe: 'readinessProbe' } });
  });

  it('reads the kube-prometheus node-exporter hostPort and hostNetwork', () => {
    const path = 'prometheus-operator__kube-prometheus/manifests/nodeExporter-daemonset.yaml';
    expect(declarationAt(path, 80, 'host')).toMatchObject({ port: 9100, column: 21, target: { port: 9100 } });
    const [workload] = parsed(path).result.facts.workloads;
    expect(workload).toMatchObject({ kind: 'DaemonSet', name: 'node-exporter', hostNetwork: true });
    expect(workload!.hostNetworkLoc).toMatchObject({ line: 100, column: 20 });
  });

  it('reads a gatekeeper sample Pod hostPort', () => {
    const path =
      'open-policy-agent__gatekeeper-library/library/pod-security-policy/host-network-ports/samples/psp-host-network-ports/example_allowed_in_range.yaml';
    expect(declarationAt(path, 13, 'host')).toMatchObject({ port: 80, column: 17, target: { port: 9000 } });
    expect(declarationAt(path, 12, 'container')).toMatchObject({ port: 9000, column: 22, context: { kind: 'Pod' } });
  });

  it('reads istio testdata: a List item, Ingress backends, a probe by name', () => {
    const list = 'istio__istio/pkg/kube/inject/testdata/inject/list.yaml';
    expect(declarationAt(list, 56, 'container')).toMatchObject({ port: 81, context: { objectId: `${list}#0/1`, name: 'hello-v2' } });
    const ingress = 'istio__istio/pilot/pkg/config/kube/ingress/testdata/simple.yaml';
    expect(declarationAt(ingress, 17, 'ingressBackend')).toMatchObject({
      port: 4200,
      column: 23,
      context: { backendService: 'service1' },
    });
    const echo = 'istio__istio/pkg/test/framework/components/echo/kube/testdata/basic.yaml';
    const probe = declarationAt(echo, 85, 'probe');
    expect(probe).toMatchObject({ field: 'tcpSocket', name: 'tcp-health-port', context: { probe: 'livenessProbe' } });
    expect(probe.port).toBeUndefined();
  });

  it('keeps an envsubst variable in a flow-style Service port as unresolved', () => {
    const path = 'instantlinux__docker-tools/k8s/install/rsyslog-ext.yaml';
    const nodePort = declarationAt(path, 11, 'nodePort');
    expect(nodePort).toMatchObject({ column: 28, raw: '$NODEPORT_SYSLOG', unresolved: ['NODEPORT_SYSLOG'] });
    expect(nodePort.port).toBeUndefined();
    expect(declarationAt(path, 11, 'service')).toMatchObject({ port: 514, target: { port: 514 } });
  });

  it('finds every pod template of a RayCluster and nothing in CRD schemas', () => {
    const ray = 'GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-ray/rayserve/stable-diffusion/ray-cluster.yaml';
    expect(parsed(ray).result.facts.workloads.map((w) => w.id)).toEqual([`${ray}#0`, `${ray}#0@spec.workerGroupSpecs[0].template.spec`]);
    const crd = 'prometheus-operator__kube-prometheus/manifests/setup/0prometheusCustomResourceDefinition.yaml';
    expect(parsed(crd).result).toMatchObject({ format: 'kubernetes', declarations: [], problems: [] });
    expect(parsed(crd).result.facts.workloads).toEqual([]);
  });
});
