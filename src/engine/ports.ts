/** Small helpers over port numbers and ranges, shared by rules. */
import type { PortDeclaration, PortRange } from '../model.js';

export const MAX_PORT = 65535;

export function contains(range: PortRange, port: number): boolean {
  return range.port <= port && port <= range.endPort;
}

export function overlaps(a: PortRange, b: PortRange): boolean {
  return a.port <= b.endPort && b.port <= a.endPort;
}

/** `8080`, `8000-8010`, or `8080/udp` when the protocol is not TCP. */
export function formatPort(d: Pick<PortDeclaration, 'port' | 'endPort' | 'protocol' | 'name'>): string {
  if (d.port === undefined) return d.name !== undefined ? `"${d.name}"` : '(unresolved)';
  if (d.port === 0 && (d.endPort ?? 0) === 0) return '0 (any free port)';
  const range = d.endPort !== undefined && d.endPort !== d.port ? `${d.port}-${d.endPort}` : String(d.port);
  return d.protocol && d.protocol !== 'tcp' ? `${range}/${d.protocol}` : range;
}

/** A plain-words name for what a declaration's number is. */
export function describeRole(d: Pick<PortDeclaration, 'role' | 'field' | 'format'>): string {
  switch (d.role) {
    case 'container':
      if (d.field === 'EXPOSE') return 'exposed port';
      if (d.field === 'expose') return 'exposed port';
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
  }
}

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
 * A key shared by the declarations of one process: a Kubernetes container (of one object), a
 * compose service, a Dockerfile stage, or a whole env file. Rules use it to relate ports that
 * sit side by side (an FTP control port and its passive range; a port and the variable that sets it).
 */
export function ownerKey(d: Pick<PortDeclaration, 'file' | 'format' | 'context'>): string {
  const c = d.context;
  switch (d.format) {
    case 'kubernetes':
      return `${d.file}|${c.objectId ?? ''}|${c.containerKind ?? ''}|${c.container ?? ''}`;
    case 'compose':
      return `${d.file}|${c.service ?? ''}`;
    case 'dockerfile':
      return `${d.file}|${c.stageIndex ?? ''}`;
    case 'env':
      return d.file;
  }
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
export function loopbackMapping(d: Pick<PortDeclaration, 'port' | 'endPort' | 'protocol' | 'target' | 'field'>): string {
  if (d.field === 'published') return 'host_ip: 127.0.0.1';
  // Port 0 is a free port Docker picks: `"127.0.0.1::80"` keeps it so.
  const host = d.port === 0 ? '' : formatPort({ port: d.port, endPort: d.endPort, protocol: 'tcp' });
  const target = d.target?.port !== undefined ? formatPort({ port: d.target.port, endPort: d.target.endPort, protocol: 'tcp' }) : host;
  const proto = d.protocol !== 'tcp' ? `/${d.protocol}` : '';
  return `"127.0.0.1:${host}:${target}${proto}"`;
}
