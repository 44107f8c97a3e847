/** Small helpers over port numbers and ranges, shared by rules. */
import {
  declaration,
  MAX_PORT,
  portValue,
  protocolName,
  sourceField,
  valueName,
  valueRange,
  writtenRange,
  type PortDeclaration,
  type PortRange,
  type PortValue,
  type Protocol,
  type Source,
} from '../model.js';

import { serviceAt } from '../knowledge/services.js';
import { ListMemo } from '../util/list-memo.js';

export { MAX_PORT };

export function contains(range: PortRange, port: number): boolean {
  return range.port <= port && port <= range.endPort;
}

export function overlaps(a: PortRange, b: PortRange): boolean {
  return a.port <= b.endPort && b.port <= a.endPort;
}

/** `8080`, `8000-8010`, or `8080/udp` when the protocol is not TCP; `0 (any free port)` for Docker's pick. */
export function formatRange(range: PortRange, protocol: Protocol = 'tcp'): string {
  if (range.port === 0 && range.endPort === 0) return '0 (any free port)';
  const text = range.endPort !== range.port ? `${range.port}-${range.endPort}` : String(range.port);
  const name = protocolName(protocol);
  return name && name !== 'tcp' ? `${text}/${name}` : text;
}

/** A declaration's port as written (`8080`, `53/udp`), its name in quotes when it has no number, else `(unresolved)`. */
export function formatPort(d: Pick<PortDeclaration, 'value' | 'protocol' | 'name'>): string {
  const range = writtenRange(d.value);
  if (range) return formatRange(range, d.protocol);
  const name = valueName(d.value) ?? d.name;
  return name !== undefined ? `"${name}"` : '(unresolved)';
}

/** A plain-words name for what a declaration's number is. */
export function describeRole(d: Pick<PortDeclaration, 'role' | 'source' | 'format'>): string {
  switch (d.role) {
    case 'container':
      if (d.source.format === 'dockerfile' || (d.source.format === 'compose' && d.source.field === 'expose')) return 'exposed port';
      return 'container port';
    case 'host':
      return d.format === 'kubernetes' ? 'host port' : 'published port';
    case 'service':
      return 'Service port';
    case 'nodePort':
      return 'NodePort';
    case 'targetPort':
      return 'targetPort';
    case 'probe':
      return 'probe port';
    case 'ingressBackend':
      return 'Ingress backend port';
    case 'env':
      return 'port value';
    case 'url':
      return 'URL port';
    case 'listener':
      return 'port';
    case 'parentRef':
      return 'parentRef port';
    case 'backendRef':
      return backendRoleName(d.source);
    case 'policyPort':
      return d.source.format === 'kubernetes' && d.source.field === 'policyEndPort' ? 'NetworkPolicy endPort' : 'NetworkPolicy port';
    case 'meshPort':
      return meshRoleName(d.source);
  }
}

function backendRoleName(source: Source): string {
  if (source.format === 'kubernetes' && source.field === 'destinationPort') return 'destination port';
  if (source.format === 'kubernetes' && source.field === 'routeTargetPort') return 'Route targetPort';
  return 'backendRef port';
}

function meshRoleName(source: Source): string {
  switch (source.format === 'kubernetes' ? source.field : undefined) {
    case 'serviceEntryPort':
      return 'ServiceEntry port';
    case 'serviceEntryTargetPort':
      return 'ServiceEntry targetPort';
    case 'serverTargetPort':
      return 'server targetPort';
    case 'serviceEntryEndpointPort':
      return 'ServiceEntry endpoint port';
    case 'workloadEntryPort':
      return 'WorkloadEntry port';
    case 'sidecarPort':
      return 'Sidecar port';
    case 'sidecarDefaultEndpoint':
      return 'Sidecar defaultEndpoint';
    case 'envoyFilterPort':
      return 'EnvoyFilter portNumber';
    default:
      return 'mesh port';
  }
}

/** `describeRole` as a message's first words ("Container port 21 of …"), written out, never computed. */
export function roleTitle(d: Pick<PortDeclaration, 'role' | 'source' | 'format'>): string {
  const role = describeRole(d);
  return ROLE_TITLES[role] ?? role;
}

const ROLE_TITLES: Record<string, string> = {
  'exposed port': 'Exposed port',
  'container port': 'Container port',
  'host port': 'Host port',
  'published port': 'Published port',
  'probe port': 'Probe port',
  'port value': 'Port value',
  port: 'Port',
  'destination port': 'Destination port',
  'server targetPort': 'Server targetPort',
  'mesh port': 'Mesh port',
};

/** An IP without the brackets of `[::1]`, lower case. */
function bareIp(ip: string): string {
  const t = ip.trim().toLowerCase();
  return t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
}

/** True for a host interface only the host itself reaches: `127.0.0.0/8`, `::1`, `localhost`. */
export function isLoopback(hostIp: string | undefined): boolean {
  if (hostIp === undefined) return false;
  const ip = bareIp(hostIp).replace(/^::ffff:/, '');
  return ip === 'localhost' || ip === '::1' || ip === '0:0:0:0:0:0:0:1' || /^127(\.\d{1,3}){3}$/.test(ip);
}

/** True when a host IP is missing or is a wildcard (`0.0.0.0`, `::`): the port is bound on every interface. */
export function isWildcardHost(hostIp: string | undefined): boolean {
  if (hostIp === undefined || hostIp.trim() === '') return true;
  const ip = bareIp(hostIp);
  return ip === '0.0.0.0' || ip === '::' || ip === '0:0:0:0:0:0:0:0';
}

/** Whether two host-interface binds can collide: a wildcard collides with anything, two addresses only when equal. */
export function hostIpsOverlap(a: string | undefined, b: string | undefined): boolean {
  if (isWildcardHost(a) || isWildcardHost(b)) return true;
  return bareIp(a!) === bareIp(b!);
}

/**
 * True for an env variable that names the port the process itself listens on — `PORT` (the
 * Heroku / Cloud Run convention), `SERVER_PORT`, or any name with a `LISTEN` or `BIND` word
 * (`LISTEN_PORT`, `HTTP_BIND_PORT`) — as opposed to a client setting such as `DB_PORT` or `SMTP_PORT`.
 */
export function isListenPortVariable(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper === 'PORT' || upper === 'SERVER_PORT') return true;
  return upper.split(/[^A-Z0-9]+/).some((word) => word === 'LISTEN' || word === 'BIND');
}

/**
 * The same compose mapping bound to loopback, in the syntax it was written in:
 * `"127.0.0.1:8080:80"` or `"127.0.0.1::80"` (short syntax, protocol kept) or `host_ip: 127.0.0.1` (long syntax).
 */
export function loopbackMapping(d: Pick<PortDeclaration, 'value' | 'protocol' | 'target' | 'source'>): string {
  if (d.source.format === 'compose' && d.source.field === 'published') return 'host_ip: 127.0.0.1';
  const own = writtenRange(d.value);
  // Port 0 is a free port Docker picks: `"127.0.0.1::80"` keeps it so.
  const host = own === undefined ? '(unresolved)' : own.port === 0 ? '' : formatRange(own);
  const targetRange = writtenRange(d.target);
  const target = targetRange !== undefined ? formatRange(targetRange) : host;
  const proto = d.protocol !== 'tcp' ? `/${protocolName(d.protocol)}` : '';
  return `"127.0.0.1:${host}:${target}${proto}"`;
}

/** How many consecutive ports listed one by one make a run that rules report once. */
export const MIN_RUN = 3;

/**
 * The declarations with each run of consecutive single ports listed one by one (an FTP server's
 * `containerPort: 2000` … `2050`, 51 entries) joined into one range declaration that spans them,
 * so a rule reports the run once, naming it (`2000-2050`), instead of once per port. A run shares
 * its owner, role, source key, protocol and host IP, and its targets (if any) are consecutive too;
 * its own names are dropped. Rules that judge entries one by one (repeats, names, references) do
 * not use this. Order is kept: a run stands where its first port was.
 *
 * Several rules join the same list (a file's declarations, handed to each file rule; the run's, to
 * each project rule). Most lists hold no run and come back as they are; the joined list of one
 * that does is kept per list for the default `min`, as rules only read it.
 */
export function joinRuns(decls: readonly PortDeclaration[], min: number = MIN_RUN): readonly PortDeclaration[] {
  if (!hasConsecutive(decls, min)) return decls;
  if (min !== MIN_RUN) return joinRunsOf(decls, min);
  return joinedRuns.get(decls, () => joinRunsOf(decls, min));
}

const joinedRuns = new ListMemo<readonly PortDeclaration[], readonly PortDeclaration[]>();

function joinRunsOf(decls: readonly PortDeclaration[], min: number): readonly PortDeclaration[] {
  // Each owner's open runs, one per key (role, format, source key, protocol, host IP): a port
  // extends the open run of its key when it follows that run's last port, else opens a new one.
  const open = new Map<unknown, PortDeclaration[][]>();
  const runOf = new Map<PortDeclaration, PortDeclaration[]>();
  for (const d of decls) {
    if (!isSinglePort(d.value)) continue;
    let runs = open.get(d.owner);
    if (!runs) open.set(d.owner, (runs = []));
    const i = runs.findIndex((run) => sameRunKey(run[0]!, d));
    const last = runs[i];
    if (last && follows(last[last.length - 1]!, d)) {
      last.push(d);
      if (last.length === min) for (const p of last) runOf.set(p, last);
      else if (last.length > min) runOf.set(d, last);
    } else if (last) runs[i] = [d];
    else runs.push([d]);
  }
  if (runOf.size === 0) return decls;
  const out: PortDeclaration[] = [];
  for (const d of decls) {
    const run = runOf.get(d);
    if (!run) out.push(d);
    else if (run[0] === d) out.push(joined(run));
  }
  return out;
}

/** Whether two single ports may be one run: same role, format, source key, protocol and host IP (their owner is checked apart). */
function sameRunKey(a: PortDeclaration, b: PortDeclaration): boolean {
  return (
    a.role === b.role &&
    a.format === b.format &&
    sourceField(a.source) === sourceField(b.source) &&
    protocolName(a.protocol) === protocolName(b.protocol) &&
    (a.hostIp ?? '') === (b.hostIp ?? '')
  );
}

/**
 * True when `min` consecutive numbers are among the single ports of `decls`, whatever their owners:
 * a run needs that, and most files have none, so they skip the grouping above.
 */
function hasConsecutive(decls: readonly PortDeclaration[], min: number): boolean {
  let count = 0;
  for (const d of decls) if (isSinglePort(d.value)) count++;
  if (count < min) return false;
  const singles = new Set<number>();
  for (const d of decls) if (isSinglePort(d.value)) singles.add(d.value.port);
  for (const port of singles) {
    if (singles.has(port - 1)) continue;
    let length = 1;
    while (singles.has(port + length)) length++;
    if (length >= min) return true;
  }
  return false;
}

/** A valid single port (what `valueRange` reads as a range of one), which runs are made of. */
function isSinglePort(v: PortValue): v is Extract<PortValue, { kind: 'port' }> {
  return v.kind === 'port' && v.port === v.endPort && v.port >= 0 && v.port <= MAX_PORT;
}

/**
 * True when `d` is the next port after `prev` (and so is its target, when they have one), and both
 * are one service's ports or none's: `EXPOSE 21 22 23` is FTP, SSH and Telnet, not a run.
 */
function follows(prev: PortDeclaration, d: PortDeclaration): boolean {
  const a = valueRange(prev.value);
  const b = valueRange(d.value);
  if (!a || !b || b.port !== a.port + 1) return false;
  const transport = protocolName(d.protocol);
  if (serviceAt(a.port, transport)?.id !== serviceAt(b.port, transport)?.id) return false;
  if (prev.target === undefined && d.target === undefined) return true;
  const ta = valueRange(prev.target);
  const tb = valueRange(d.target);
  return ta !== undefined && tb !== undefined && ta.port === ta.endPort && tb.port === tb.endPort && tb.port === ta.port + 1;
}

/** One declaration standing for a run: the range, from the first entry to the last. */
function joined(run: readonly PortDeclaration[]): PortDeclaration {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const ft = valueRange(first.target);
  const lt = valueRange(last.target);
  return declaration({
    file: first.file,
    role: first.role,
    loc: { line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn },
    value: portValue(first.value.kind === 'port' ? first.value.port : 0, last.value.kind === 'port' ? last.value.port : 0),
    protocol: first.protocol,
    protocolText: first.protocolText,
    hostIp: first.hostIp,
    target: ft && lt ? portValue(ft.port, lt.endPort) : undefined,
    raw: `${first.raw}…${last.raw}`,
    source: first.source,
    owner: first.owner,
    spans: first.spans.hostIp ? { hostIp: first.spans.hostIp } : undefined,
  });
}
