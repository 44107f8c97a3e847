/**
 * TFTP written as a bare EXPOSE: the port of TFTP without `/udp`, which Docker reads as TCP.
 */
import { portRange, type PortDeclaration } from '../../src/model.js';
import type { Detection } from './detection.js';
import { serviceKey, type Hit, type ProtocolPort } from './table.js';

/**
 * A bare `EXPOSE 69` (or a range holding 69) in a Dockerfile: EXPOSE is TCP unless it says `/udp`,
 * but TFTP runs over UDP only, so the image is a TFTP server whose port is written wrong.
 */
export function detectBareTftp(
  decls: readonly PortDeclaration[],
  table: readonly ProtocolPort[],
  reported: ReadonlySet<PortDeclaration>,
): Detection[] {
  const row = table.find((r) => serviceKey(r.service) === 'tftp' && r.protocol === 'udp');
  if (!row) return [];
  const out: Detection[] = [];
  for (const d of decls) {
    const range = portRange(d);
    if (d.format !== 'dockerfile' || d.protocolText !== undefined || reported.has(d) || !range) continue;
    if (range.port !== row.port || range.endPort !== row.port) continue;
    const hit: Hit = { service: row.service, replacement: row.replacement, ranges: [{ port: row.port, endPort: row.port }] };
    out.push({ messageId: 'tftpTcp', d, hits: [hit], extra: {} });
  }
  return out;
}
