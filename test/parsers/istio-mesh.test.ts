/**
 * What the Istio readers take from ServiceEntry endpoints, WorkloadEntries, Sidecar ingress
 * `defaultEndpoint`s and Gateway servers (`bind`, whether `tls` is written).
 */
import { describe, expect, it } from 'vitest';
import { defaultEndpointPort } from '../../src/parsers/kubernetes-traffic.js';
import { parseKubernetes } from '../../src/parsers/kubernetes.js';
import { sourceField } from '../../src/model.js';

describe('defaultEndpointPort', () => {
  it('reads the forms istio accepts, and no port from a unix socket', () => {
    expect(defaultEndpointPort('127.0.0.1:8080')).toEqual({ kind: 'port', port: 8080, endPort: 8080 });
    expect(defaultEndpointPort('0.0.0.0:9090')).toEqual({ kind: 'port', port: 9090, endPort: 9090 });
    expect(defaultEndpointPort('[::1]:7070')).toEqual({ kind: 'port', port: 7070, endPort: 7070 });
    expect(defaultEndpointPort('[::]:7071')).toEqual({ kind: 'port', port: 7071, endPort: 7071 });
    expect(defaultEndpointPort(':7072')).toEqual({ kind: 'port', port: 7072, endPort: 7072 });
    expect(defaultEndpointPort('unix:///var/run/app.sock')).toBeUndefined();
    expect(defaultEndpointPort('127.0.0.1:${APP_PORT}')).toEqual({ kind: 'unresolved', variables: ['APP_PORT'] });
  });

  it('keeps an out-of-range number for invalid-port, and says why anything else is invalid', () => {
    expect(defaultEndpointPort('127.0.0.1:99999')).toEqual({ kind: 'port', port: 99999, endPort: 99999 });
    expect(defaultEndpointPort('localhost:8080')).toMatchObject({ kind: 'invalid', range: { port: 8080 } });
    expect(defaultEndpointPort('10.0.0.5:8080')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('"10.0.0.5"') });
    expect(defaultEndpointPort('127.0.0.1:http')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('"http"') });
    expect(defaultEndpointPort('8080')).toMatchObject({ kind: 'invalid' });
    expect(defaultEndpointPort('::1:8080')).toMatchObject({ kind: 'invalid' });
  });
});

const MESH = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: vm, namespace: apps}
spec:
  hosts: [vm.example]
  ports:
    - {number: 80, name: http, protocol: HTTP}
  endpoints:
    - address: 10.0.0.1
      ports: {http: 8080}
  workloadSelector: {labels: {app: vm}}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: vm-1, namespace: apps}
spec:
  address: 10.0.0.2
  labels: {app: vm}
  ports: {http: 8081}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: app, namespace: apps}
spec:
  workloadSelector: {labels: {app: web}}
  ingress:
    - port: {number: 9080, protocol: HTTP, name: http}
      defaultEndpoint: 127.0.0.1:8082
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: apps}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 80, name: http, protocol: HTTP}
      hosts: ["*"]
      tls: {httpsRedirect: true}
    - port: {number: 443, name: https, protocol: HTTPS}
      bind: 10.0.0.9
      hosts: ["*"]
      tls: {mode: SIMPLE, credentialName: edge}
`;

describe('Istio mesh objects', () => {
  const result = parseKubernetes(MESH, 'mesh.yaml');

  it('declares endpoint, WorkloadEntry and defaultEndpoint ports, named by their map keys', () => {
    const mesh = result.declarations
      .filter((d) => d.role === 'meshPort')
      .map(
        (d) => `${sourceField(d.source)} ${d.name ?? ''} ${d.value.kind === 'port' ? d.value.port : d.value.kind} @${d.line}:${d.column}`,
      );
    expect(mesh).toEqual([
      'serviceEntryPort http 80 @7:16',
      'serviceEntryEndpointPort http 8080 @10:21',
      'workloadEntryPort http 8081 @19:17',
      'sidecarPort http 9080 @27:22',
      'sidecarDefaultEndpoint http 8082 @28:24',
    ]);
  });

  it('links each to what it refers to', () => {
    const owners = result.declarations
      .filter((d) => d.role === 'meshPort')
      .map((d) => (d.owner.kind === 'mesh' ? d.owner.mesh : undefined));
    expect(owners[1]).toEqual({ kind: 'ServiceEntry', portNames: ['http'], workloadSelector: { app: 'vm' } });
    expect(owners[2]).toEqual({ kind: 'WorkloadEntry', labels: { app: 'vm' } });
    expect(owners[4]).toEqual({ kind: 'Sidecar', direction: 'ingress', workloadSelector: { app: 'web' } });
  });

  it('records whether a server writes tls (with or without a mode) and its bind', () => {
    const gateway = result.facts.gateways[0];
    expect(gateway?.listeners.map((l) => [l.name, l.tls, l.tlsSettings, l.bind])).toEqual([
      ['http', undefined, true, undefined],
      ['https', 'SIMPLE', true, '10.0.0.9'],
    ]);
  });
});
