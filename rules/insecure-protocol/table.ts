/**
 * The port → protocol table insecure-protocol matches against (its `ports` option, defaulting to the
 * knowledge base's plaintext services), and the matching of numbers, names and URL schemes to rows.
 */
import { portRows, SERVICES } from '../../src/knowledge/services.js';
import type { PortRange } from '../../src/model.js';

/** One row of the port → protocol table (the `ports` option). */
export interface ProtocolPort {
  port: number;
  endPort?: number;
  /** `any` matches every transport; otherwise only declarations of that protocol. */
  protocol: 'tcp' | 'udp' | 'any';
  /** The protocol's name as users know it; also matched against port names, variable names and URL schemes. */
  service: string;
  /** What to use instead, as a phrase: `SSH`. */
  replacement: string;
  /**
   * Another service commonly run on the same port and transport (`syslog`, over TCP on 514).
   * The row is skipped for a declaration when a name around it mentions that service, or when the
   * same container also declares the port over UDP (where that other service runs too).
   */
  sharedWith?: string;
}

/** The default table: every plaintext service of the knowledge base, one row per port range, in port order. */
export const DEFAULT_PORTS: ProtocolPort[] = portRows((s) => s.plaintext !== undefined).map(({ service, port, endPort, transport }) => ({
  port,
  ...(endPort !== undefined ? { endPort } : {}),
  protocol: transport === 'sctp' ? 'any' : transport,
  service: service.name,
  replacement: service.plaintext!.replacement,
  ...(service.plaintext!.sharedWith !== undefined ? { sharedWith: service.plaintext!.sharedWith } : {}),
}));

/** Words that mark a name as the secure variant (`FTPS_PORT`, `ftp-tls`, `SFTP_PORT`): never reported by name. */
export const SECURE_WORDS = new Set(['tls', 'ssl', 'secure', 'sftp', 'ftps', 'ssh', 'https']);

/** Daemon names that stand for a plaintext service (`vsftpd` is FTP), from the knowledge base. `<service>d` is accepted for every service. */
const DAEMONS: ReadonlyMap<string, string> = new Map(
  SERVICES.filter((s) => s.plaintext !== undefined).flatMap((s) => (s.daemons ?? []).map((d) => [d, serviceKey(s.name)] as const)),
);

/** The table rows that hit a declaration, grouped by service, with the ports of each hit. */
export interface Hit {
  service: string;
  replacement: string;
  ranges: PortRange[];
}

export function serviceKey(service: string): string {
  return service.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isFtpDaemonWord(w: string): boolean {
  return w === 'ftp' || w === 'ftpd' || DAEMONS.get(w) === 'ftp';
}

export function hasSecureWord(name: string | undefined): boolean {
  return (name ?? '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((w) => SECURE_WORDS.has(w));
}

/** The FTP row of a table, whose service the FTP detectors name. */
export function ftpRow(table: readonly ProtocolPort[]): ProtocolPort | undefined {
  return table.find((r) => serviceKey(r.service) === 'ftp');
}

/** A hit on a row as a whole, for findings that name the service without its ports. */
export function wholeHit(row: ProtocolPort): Hit {
  return { service: row.service, replacement: row.replacement, ranges: [] };
}

/** Table rows whose port range and transport match, grouped by service (in table order). */
export function numberHits(
  table: readonly ProtocolPort[],
  range: PortRange,
  protocol: string,
  skip: (row: ProtocolPort) => boolean = () => false,
): Hit[] {
  const hits: Hit[] = [];
  for (const row of table) {
    if (row.protocol !== 'any' && row.protocol !== protocol) continue;
    const start = Math.max(range.port, row.port);
    const end = Math.min(range.endPort, row.endPort ?? row.port);
    if (start > end || skip(row)) continue;
    addHit(hits, row, { port: start, endPort: end });
  }
  return hits;
}

/** Table rows whose service a port or variable name names (`ftp-data`, `FTP_PORT`, `vsftpd`), unless it names a secure variant. */
export function nameHits(table: readonly ProtocolPort[], name: string | undefined): Hit[] {
  if (!name) return [];
  const words = name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (words.some((w) => SECURE_WORDS.has(w))) return [];
  const hits: Hit[] = [];
  for (const row of table) {
    const key = serviceKey(row.service);
    if (words.some((w) => w === key || w === `${key}d` || DAEMONS.get(w) === key)) addHit(hits, row);
  }
  return hits;
}

/** Table rows whose service is the URL scheme (`ftp://` is FTP; `sftp://` and `ftps://` are not). */
export function schemeHits(table: readonly ProtocolPort[], scheme: string): Hit[] {
  const hits: Hit[] = [];
  for (const row of table) if (serviceKey(row.service) === serviceKey(scheme)) addHit(hits, row);
  return hits;
}

function addHit(hits: Hit[], row: ProtocolPort, range?: PortRange): void {
  const key = serviceKey(row.service);
  let hit = hits.find((h) => serviceKey(h.service) === key);
  if (!hit) {
    hit = { service: row.service, replacement: row.replacement, ranges: [] };
    hits.push(hit);
  }
  if (range) hit.ranges.push(range);
}

/** `FTP`, or `FTP (20-21) and Telnet (23)` when the declaration is a range. */
export function describeHits(hits: readonly Hit[], range?: PortRange): string {
  const single = !range || range.port === range.endPort;
  const parts = hits.map((h) => {
    if (single || h.ranges.length === 0) return h.service;
    const ports = h.ranges.map((r) => (r.port === r.endPort ? String(r.port) : `${r.port}-${r.endPort}`));
    return `${h.service} (${ports.join(', ')})`;
  });
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** `Use SSH instead`, or one replacement per service when they differ. */
export function advice(hits: readonly Hit[]): string {
  const replacements = [...new Set(hits.map((h) => h.replacement))];
  if (replacements.length === 1) return `Use ${replacements[0]} instead`;
  return `Use ${hits.map((h) => `${h.replacement} for ${h.service}`).join('; ')}`;
}
