/**
 * Listeners — container ports, Service ports, NodePorts, and gateway listeners that pass raw TCP
 * or UDP through (a Gateway API `TCP`/`UDP` listener, an Istio `TCP` server) — by number and
 * transport, else by their port name, else by the variable their value is read from. A NodePort
 * is matched by number only (its Service port carries the name). An HTTP, HTTPS, TLS or gRPC
 * listener carries that protocol whatever its number.
 */
import { portRange, type PortDeclaration } from '../../src/model.js';
import { byVariable } from './by-variable.js';
import type { Detection } from './detection.js';
import type { Judge } from './judge.js';
import { describeHits, nameHits } from './table.js';

export function detectListeners(decls: readonly PortDeclaration[], judge: Judge): Detection[] {
  const out: Detection[] = [];
  for (const d of decls) {
    const range = portRange(d);
    if (!range || !(d.role === 'container' || d.role === 'service' || d.role === 'nodePort' || passesTransport(d))) continue;
    const byNumber = judge.byNumber(d, range);
    if (byNumber.length > 0) {
      out.push({ messageId: 'port', d, hits: byNumber, extra: { services: describeHits(byNumber, range) } });
      continue;
    }
    const byName = d.role === 'nodePort' ? [] : nameHits(judge.table, d.name);
    if (byName.length > 0) {
      out.push({ messageId: 'named', d, hits: byName, extra: { name: d.name ?? '', services: describeHits(byName) } });
      continue;
    }
    const found = byVariable(d, judge.table);
    if (found) out.push(found);
  }
  return out;
}

/** A gateway listener whose protocol is the transport itself: what clients send through it is whatever listens behind. */
function passesTransport(d: PortDeclaration): boolean {
  if (d.role !== 'listener' || d.owner.kind !== 'listener') return false;
  const protocol = d.owner.listener.protocol.toUpperCase();
  return protocol === 'TCP' || protocol === 'UDP';
}
