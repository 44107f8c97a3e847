/**
 * Listeners — container ports, Service ports, NodePorts — by number and transport, else by their
 * port name, else by the variable their value is read from. A NodePort is matched by number only
 * (its Service port carries the name).
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
    if (!range || (d.role !== 'container' && d.role !== 'service' && d.role !== 'nodePort')) continue;
    const byNumber = judge.byNumber(d, range);
    const byName = d.role === 'nodePort' ? [] : nameHits(judge.table, d.name);
    if (byNumber.length > 0) out.push({ messageId: 'port', d, hits: byNumber, extra: { services: describeHits(byNumber, range) } });
    else if (byName.length > 0) out.push({ messageId: 'named', d, hits: byName, extra: { name: d.name ?? '', services: describeHits(byName) } });
    else {
      const found = byVariable(d, judge.table);
      if (found) out.push(found);
    }
  }
  return out;
}
