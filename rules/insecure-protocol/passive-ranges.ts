/**
 * FTP passive ranges: a port range declared in the same container, compose service or Dockerfile
 * stage as an FTP control port is the data ports the server advertises for every transfer.
 */
import { formatPort } from '../../src/engine/ports.js';
import { portRange, type Owner, type PortDeclaration } from '../../src/model.js';
import { forwardsTo, type Detection } from './detection.js';
import type { Judge } from './judge.js';
import { ftpRow, nameHits, serviceKey, wholeHit } from './table.js';

/** FTP's active-mode data port: alone, it is not the control port passive ranges belong to. */
const FTP_DATA_PORT = 20;

/**
 * The FTP control port of each owner: a TCP port that is FTP by number or name, but not only the
 * active-mode data port 20 (`ftp-data`). Passive ranges sit beside it.
 */
function controlPorts(decls: readonly PortDeclaration[], judge: Judge): Map<Owner, PortDeclaration> {
  const control = new Map<Owner, PortDeclaration>();
  for (const d of decls) {
    const range = portRange(d);
    if ((d.role !== 'container' && d.role !== 'host') || !range || d.protocol !== 'tcp') continue;
    const ftp = [...judge.byNumber(d, range), ...nameHits(judge.table, d.name)].find((h) => serviceKey(h.service) === 'ftp');
    if (!ftp) continue;
    const onlyData = (range.port === FTP_DATA_PORT && range.endPort === FTP_DATA_PORT) || /data/i.test(d.name ?? '');
    if (!onlyData && !control.has(d.owner)) control.set(d.owner, d);
  }
  return control;
}

/**
 * `claimed`: declarations already reported (by the listener and host-port detectors), which are
 * not reported again. Container ranges are judged first, as host ranges defer to them.
 */
export function detectPassiveRanges(decls: readonly PortDeclaration[], judge: Judge, claimed: ReadonlySet<PortDeclaration>): Detection[] {
  const row = ftpRow(judge.table);
  if (!row) return [];
  const control = controlPorts(decls, judge);
  const passive = (role: 'container' | 'host', skip: (d: PortDeclaration) => boolean): Detection[] =>
    decls.flatMap((d): Detection[] => {
      const range = portRange(d);
      if (d.role !== role || !range || range.endPort === range.port || d.protocol !== 'tcp' || claimed.has(d)) return [];
      const ftp = control.get(d.owner);
      if (!ftp || ftp === d || skip(d)) return [];
      return [{ messageId: 'passive', d, hits: [wholeHit(row)], extra: { control: formatPort(ftp) } }];
    });
  const containers = passive('container', () => false);
  const reportedContainers = new Set([...claimed, ...containers.map((f) => f.d)]);
  const hosts = passive('host', (d) => forwardsTo(d, reportedContainers));
  return [...containers, ...hosts];
}
