/**
 * Matching declarations against the table by number, knowing each owner's UDP ports and the names
 * around a declaration (for rows a second service shares, such as rsh and syslog on 514/tcp).
 */
import { overlaps } from '../../src/engine/ports.js';
import { ownerImage, portRange, protocolName, type Owner, type PortDeclaration, type PortRange } from '../../src/model.js';
import { numberHits, type Hit, type ProtocolPort } from './table.js';

/**
 * The names that say what a declaration is (lower case): its port name, the variables its value is
 * read from (`${GRAYLOG_SYSLOG_TCP_PORT}`), and the names of its container, image, compose service,
 * Kubernetes object, Dockerfile stage and env variable.
 */
function namesAround(d: PortDeclaration): string[] {
  const o = d.owner;
  const names: (string | undefined)[] = [d.name];
  if (o.kind === 'composeService') names.push(o.service.name);
  if (o.kind === 'podContainer') names.push(o.container.name || undefined);
  if (o.kind === 'podContainer' || o.kind === 'service' || o.kind === 'ingress' || o.kind === 'listener') names.push(o.object.name);
  if (o.kind === 'stage') names.push(o.stage.name);
  if (d.source.format === 'env') names.push(d.source.variable);
  names.push(...(d.variables ?? []));
  if (o.kind === 'podContainer' && o.container.name) names.push(ownerImage(o));
  return names.filter((n): n is string => n !== undefined).map((n) => n.toLowerCase());
}

export class Judge {
  private readonly udpByOwner = new Map<Owner, PortRange[]>();

  constructor(
    readonly table: readonly ProtocolPort[],
    decls: readonly PortDeclaration[],
  ) {
    for (const d of decls) {
      const r = portRange(d);
      if (!r || d.protocol !== 'udp' || d.role === 'url' || d.role === 'env') continue;
      const ranges = this.udpByOwner.get(d.owner);
      if (ranges) ranges.push(r);
      else this.udpByOwner.set(d.owner, [r]);
    }
  }

  /** Rows whose port range and transport match `range` (the declaration's own, or its target), minus shared rows with evidence of the other service. */
  byNumber(d: PortDeclaration, range: PortRange): Hit[] {
    return numberHits(this.table, range, protocolName(d.protocol), (row) => this.sharedElsewhere(d, row));
  }

  /** True when the row's port is also used by its `sharedWith` service here: named around the declaration, or declared over UDP by the same owner. */
  private sharedElsewhere(d: PortDeclaration, row: ProtocolPort): boolean {
    if (!row.sharedWith) return false;
    const other = row.sharedWith.toLowerCase();
    if (namesAround(d).some((n) => n.includes(other))) return true;
    const rowRange = { port: row.port, endPort: row.endPort ?? row.port };
    return (this.udpByOwner.get(d.owner) ?? []).some((u) => overlaps(u, rowRange));
  }
}
