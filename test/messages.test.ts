/**
 * Rule messages are read in a terminal (issue 10): each one or two finished sentences — what is
 * wrong, where, the fix — of at most about 200 characters once its placeholders are filled with
 * realistic values. The why belongs in the rule's docs (`docs.rationale`). Templates are written
 * as they are shown: the engine only fills placeholders, it never capitalises.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { formatMessage, placeholders } from '../src/engine/rule.js';

const MAX = 200;

/** Realistic values for every placeholder a template uses (a typical object name, not the longest). */
const REALISTIC: Record<string, string> = {
  as: 'as 5432',
  role: 'Container port',
  what: 'Container port',
  port: '8080',
  ports: '5432',
  where: 'container "api" of Deployment checkout',
  services: 'PostgreSQL',
  plaintext: 'a plaintext protocol',
  advice: 'Use SFTP, or FTPS with TLS required instead',
  name: 'http-main',
  control: '21',
  scheme: 'ftp',
  variable: 'FTP_PORT',
  evidence: 'image fauria/vsftpd',
  user: 'runAsUser 1000',
  suggest: '8080',
  mapping: '"80:8080"',
  target: '8080',
  overlap: 'is in',
  label: 'IANA dynamic port range',
  start: '49152',
  end: '65535',
  side: 'of the host',
  raw: '80/http',
  reason: 'it contains "_"',
  fix: '"127.0.0.1:5432:5432"',
  protocol: 'HTTP',
  choices: 'TCP, UDP or SCTP',
  upper: 'TCP',
  suggestion: 'http-main',
  firstLine: '12',
  why: '',
  first: '8000-8010',
  both: '8005-8010',
  firstName: 'http',
  other: 'container "sidecar"',
  ip: ' on 0.0.0.0',
  reach: 'on every host interface',
  type: 'LoadBalancer',
  declared: '"http", "metrics"',
  workloads: 'Deployment shop/checkout',
  otherProtocol: 'UDP',
  service: 'checkout',
  host: ' for hostname shop.example.com',
  kind: 'TCP',
  path: 'TCPRoute data/db on Gateway public (listener "db", TCP 15432)',
  how: 'without TLS',
  from: 'every address (ipBlock 0.0.0.0/0)',
  which: 'any listener',
  gateway: 'public',
  orHostname: ' or hostname',
  hostIp: '127.0.0.1',
  variables: 'MYSQL_PORT',
  ips: '203.0.113.7',
  selectors: 'ServiceEntry billing/billing-vm',
  at: 'in public-gateway.yaml:22',
  reached: ', on every interface as 2121',
  process: 'StatefulSet data/db',
};

/** Where a placeholder means something else in one message (an object rather than a container, a whole sentence). */
const FOR_MESSAGE: Record<string, Record<string, string>> = {
  'host-port/hostNetwork': { where: 'Deployment shop/checkout' },
  'exposed-sensitive-port/publishedFromVariable': { raw: '${MYSQL_PORT}:3306', where: 'service "db"', services: 'MySQL', ports: '3306' },
  'host-port/hostNetworkNodeAgent': { where: 'DaemonSet monitoring/node-exporter' },
  'unresolved-port-reference/targetPortName': { where: 'Service shop/checkout' },
  'unresolved-port-reference/targetPortNumber': { where: 'Service shop/checkout' },
  'unresolved-port-reference/targetPortNameProtocol': { where: 'Service shop/checkout' },
  'unresolved-port-reference/ingressPort': { where: 'Ingress shop/web' },
  'exposed-sensitive-port/serviceExternalIPs': {
    reach: 'from the internet',
    path: 'Service shop/db (ClusterIP, externalIPs 203.0.113.7)',
    fix: 'Remove externalIPs.',
  },
  'exposed-sensitive-port/internal': {
    reach: 'from private networks',
    path: 'Service shop/db (LoadBalancer, internal)',
    fix: 'Use type ClusterIP unless outside clients need it.',
  },
  'exposed-sensitive-port/service': { reach: 'from the internet', path: 'Service shop/db (LoadBalancer, no source ranges)' },
  'exposed-sensitive-port/published': { where: 'service "db"', path: 'every interface' },
  'exposed-sensitive-port/composeHostNetwork': { where: 'service "db"', port: '5432', path: 'network_mode: host' },
  'exposed-sensitive-port/hostPort': { where: 'container "db" of StatefulSet data/db', path: 'hostPort 5432 on every node IP' },
  'exposed-sensitive-port/podHostNetwork': { where: 'container "db" of StatefulSet data/db', path: 'every node IP (hostNetwork)' },
  'insecure-protocol/route': {
    where: 'TCPRoute ops/ftp',
    service: 'Service ftp',
    path: 'Gateway legacy-edge',
    services: 'FTP',
    reach: 'from the internet',
  },
  'exposed-sensitive-port/gatewayListener': { where: 'listener "db" of Gateway data/public', reach: 'from the internet' },
  'exposed-sensitive-port/gatewayRoute': {
    reach: 'from the internet',
    path: 'Gateway public (listener "db", TCP 5432) → TCPRoute db → Service db',
  },
  'exposed-sensitive-port/ingressRoute': { reach: 'from the internet', path: 'Ingress search/web (no TLS) → Service search/es' },
  'exposed-sensitive-port/openshiftRoute': { reach: 'from the internet', path: 'Route logging/search (no TLS) → Service logging/search' },
  'exposed-sensitive-port/networkPolicy': { where: 'NetworkPolicy cache/redis-open' },
  'duplicate-port/listenerConflict': { where: 'listener "http-2" of Gateway infra/edge', first: 'http' },
  'duplicate-port/serverProtocolConflict': {
    where: 'server "tcp" of Gateway edge/tcp',
    other: 'server "https" of Gateway edge/public',
    protocol: 'TCP',
    otherProtocol: 'HTTPS',
  },
  'duplicate-port/serverHostConflict': {
    where: 'server "https" of Gateway edge/admin',
    other: 'server "https" of Gateway edge/public',
    host: 'shop.example.com',
  },
  'unresolved-port-reference/endpointPortName': { where: 'ServiceEntry billing/billing-vm' },
  'unresolved-port-reference/workloadEntryPortName': { where: 'WorkloadEntry billing/vm-3' },
  'unresolved-port-reference/defaultEndpointPort': { where: 'Sidecar payments/payments' },
  'unresolved-port-reference/backendRefPort': { where: 'HTTPRoute shop/checkout', declared: '80 "http", 9090 "grpc"' },
  'unresolved-port-reference/backendRefNoPort': { where: 'HTTPRoute shop/checkout', declared: ' (80 "http", 9090 "grpc")' },
  'unresolved-port-reference/destinationPort': { where: 'VirtualService shop/checkout', declared: '80 "http"' },
  'unresolved-port-reference/routeTargetPort': { where: 'Route shop/checkout', declared: '80 "web"' },
  'unresolved-port-reference/parentRefSection': { where: 'HTTPRoute shop/checkout', declared: '"https" 443/HTTPS' },
  'unresolved-port-reference/parentRefPort': { where: 'HTTPRoute shop/checkout', declared: '"https" 443/HTTPS' },
  'unresolved-port-reference/policyPortName': { where: 'NetworkPolicy shop/checkout' },
  'unresolved-port-reference/policyPortProtocol': { where: 'NetworkPolicy shop/checkout' },
  'nodeport-range/outside': { where: 'Service shop/web' },
  'invalid-port/unparseable': { fix: 'Use a number such as 80.' },
  'exposed-sensitive-port/dockerfile': { advice: 'Remove it, and publish the port explicitly where it is needed.' },
  'privileged-port/dockerfile': { user: 'app' },
};

for (const rule of rules) {
  describe(`${rule.meta.id} messages`, () => {
    for (const [id, template] of Object.entries(rule.meta.messages)) {
      it(`${id} is a finished sentence of at most ${MAX} characters`, () => {
        const missing = placeholders(template).filter((p) => REALISTIC[p] === undefined);
        expect(missing, 'add a realistic value for these placeholders').toEqual([]);
        const text = formatMessage(template, { ...REALISTIC, ...FOR_MESSAGE[`${rule.meta.id}/${id}`] });
        expect(text).not.toMatch(/\{\{/);
        expect(text.length, text).toBeLessThanOrEqual(MAX);
        // Starts as a sentence does (or with an identifier written as such: targetPort, ftp://), ends with a stop.
        expect(text, text).toMatch(/^([A-Z"]|targetPort|[a-z]+:\/\/)/);
        expect(text, text).toMatch(/[.)]$/);
      });
    }
  });
}
