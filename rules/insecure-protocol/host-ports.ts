/**
 * Published and host ports. The container port a host port forwards to is the server, so a host
 * port that forwards to a reported listener is not reported again (`"2121:21"` gives one finding,
 * on the container side); the host side is reported when it is the only part that matches.
 */
import { formatRange } from '../../src/engine/ports.js';
import { portRange, targetRange, type PortDeclaration } from '../../src/model.js';
import { byVariable } from './by-variable.js';
import { forwardsTo, type Detection } from './detection.js';
import type { Judge } from './judge.js';
import { describeHits, nameHits } from './table.js';

/** `listeners`: the container ports already reported, which host ports defer to. */
export function detectHostPorts(decls: readonly PortDeclaration[], judge: Judge, listeners: ReadonlySet<PortDeclaration>): Detection[] {
  const out: Detection[] = [];
  for (const d of decls) {
    const range = portRange(d);
    if (!range || d.role !== 'host' || forwardsTo(d, listeners)) continue;
    const target = targetRange(d);
    const byNumber = judge.byNumber(d, range);
    const byTarget = target ? judge.byNumber(d, target) : [];
    const byName = nameHits(judge.table, d.name);
    if (byNumber.length > 0) {
      out.push({ messageId: 'port', d, hits: byNumber, extra: { services: describeHits(byNumber, range) } });
    } else if (byTarget.length > 0 && target) {
      const services = `${describeHits(byTarget, target)} (forwarded to container port ${formatRange(target, d.protocol)})`;
      out.push({ messageId: 'port', d, hits: byTarget, extra: { services } });
    } else if (byName.length > 0) {
      out.push({ messageId: 'named', d, hits: byName, extra: { name: d.name ?? '', services: describeHits(byName) } });
    } else {
      const found = byVariable(d, judge.table);
      if (found) out.push(found);
    }
  }
  return out;
}
