/**
 * Routes into the cluster — a Gateway API `TCPRoute` or `UDPRoute` attached to a Gateway — whose
 * backend is a plaintext legacy protocol: the Service port it names, by number (its numeric
 * targetPort, else its port) or by name, when the Service is in the run (nearest first); else the
 * backendRef port itself. A route behind a listener already reported for its own number is not
 * reported again. (`TLSRoute`s carry TLS; HTTP and gRPC routes carry those protocols.)
 */
import { portRange, targetRange, type Facts, type PortDeclaration, type ServiceFact } from '../../src/model.js';
import { REACH_WORDS, routeAttachments } from '../../src/exposure/index.js';
import { pathFrom } from '../../src/util/paths.js';
import { servicesNamed } from '../../src/references.js';
import type { Detection } from './detection.js';
import type { Judge } from './judge.js';
import { describeHits, nameHits } from './table.js';

const PASS_THROUGH_ROUTES = new Set(['TCPRoute', 'UDPRoute']);

export function detectRoutes(
  decls: readonly PortDeclaration[],
  facts: Facts,
  judge: Judge,
  listeners: ReadonlySet<PortDeclaration>,
): Detection[] {
  const out: Detection[] = [];
  const reportedListeners = new Set([...listeners].flatMap((d) => (d.owner.kind === 'listener' ? [d.owner.listener] : [])));
  for (const d of decls) {
    const owner = d.owner;
    const range = portRange(d);
    if (d.role !== 'backendRef' || owner.kind !== 'route' || owner.route.api !== 'gateway-api' || !owner.backend || !range) continue;
    if (!PASS_THROUGH_ROUTES.has(owner.object.kind)) continue;
    const backend = owner.backend;
    if (backend.group !== '' || backend.kind !== 'Service' || backend.name === undefined) continue;
    const attached = routeAttachments(owner.route, facts);
    if (attached.length === 0 || attached.some((a) => a.listeners.some((l) => reportedListeners.has(l)))) continue;
    const namespace = backend.namespace ?? owner.object.namespace;
    const service = servicesNamed(facts, owner.object, backend.name, namespace)[0];
    const port = service ? servicePort(decls, service, range.port) : undefined;
    const t = port && targetRange(port);
    const identity = t !== undefined && t.port > 0 ? t : range;
    const subject = port ?? d;
    const byNumber = judge.byNumber(subject, identity);
    const hits = byNumber.length > 0 ? byNumber : nameHits(judge.table, port?.name);
    if (hits.length === 0) continue;
    const path = attached.map((a) => a.text).join('; ');
    const reach = REACH_WORDS[attached.some((a) => a.scope === 'internet') ? 'internet' : 'edge'];
    const named = `Service ${backend.name}${service && service.file !== d.file ? ` in ${pathFrom(d.file, service.file)}` : ''}`;
    out.push({ messageId: 'route', d, hits, extra: { services: describeHits(hits, identity), service: named, path, reach } });
  }
  return out;
}

function servicePort(decls: readonly PortDeclaration[], service: ServiceFact, port: number): PortDeclaration | undefined {
  return decls.find(
    (p) => p.role === 'service' && p.owner.kind === 'service' && p.owner.service === service && portRange(p)?.port === port,
  );
}
