/** URLs (`ftp://`, `telnet://`, `tftp://`) by scheme, explicit or implied port; once per URL. The scheme is known even when the port is a variable. */
import type { PortDeclaration } from '../../src/model.js';
import type { Detection } from './detection.js';
import { describeHits, schemeHits, type ProtocolPort } from './table.js';

export function detectUrls(all: readonly PortDeclaration[], table: readonly ProtocolPort[]): Detection[] {
  const seen = new Set<string>();
  const out: Detection[] = [];
  for (const d of all) {
    if (d.role !== 'url' || d.source.format !== 'env' || !d.source.url) continue;
    const { scheme } = d.source.url;
    const key = `${d.file}:${d.line}:${d.source.variable}:${scheme}`;
    const hits = schemeHits(table, scheme);
    if (hits.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push({ messageId: 'url', d, hits, extra: { scheme, services: describeHits(hits) } });
  }
  return out;
}
