/**
 * What a detector finds, and the forwarding relations between host and container ports that let
 * one server give one finding. Detectors are pure: each takes the findings it defers to as input.
 */
import { overlaps } from '../../src/engine/ports.js';
import { portRange, sameProtocol, targetRange, type PortDeclaration } from '../../src/model.js';
import type { Hit } from './table.js';

export type MessageId = 'port' | 'named' | 'passive' | 'url' | 'variable' | 'server' | 'route' | 'tftpTcp';

/** One finding of a detector: the message, the declaration, the services hit and extra message data. */
export interface Detection {
  messageId: MessageId;
  d: PortDeclaration;
  hits: Hit[];
  extra: Record<string, string>;
}

/** The declarations of some findings. */
export function declarationsOf(...lists: readonly (readonly Detection[])[]): ReadonlySet<PortDeclaration> {
  return new Set(lists.flatMap((list) => list.map((f) => f.d)));
}

/** True when a host port forwards to one of `containers` of the same owner (same protocol, overlapping ports). */
export function forwardsTo(host: PortDeclaration, containers: ReadonlySet<PortDeclaration>): boolean {
  const target = targetRange(host);
  if (!target) return false;
  // Only the (few) reported containers can match: walk those, not every declaration of the run.
  for (const c of containers) {
    if (c.role !== 'container' || c.owner !== host.owner || !sameProtocol(c.protocol, host.protocol)) continue;
    const r = portRange(c);
    if (r !== undefined && overlaps(r, target)) return true;
  }
  return false;
}

/** True when one of `hosts` of the same owner forwards to this container port. */
export function forwardedFrom(container: PortDeclaration, hosts: ReadonlySet<PortDeclaration>): boolean {
  const range = portRange(container);
  if (!range) return false;
  for (const h of hosts) {
    if (h.role !== 'host' || h.owner !== container.owner || !sameProtocol(h.protocol, container.protocol)) continue;
    const target = targetRange(h);
    if (target !== undefined && overlaps(range, target)) return true;
  }
  return false;
}
