/**
 * insecure-protocol: ports of plaintext legacy protocols (FTP, Telnet, TFTP, the BSD r-commands),
 * found by number, by port name, by URL scheme, by variable name, and as FTP passive ranges.
 */
import { roleTitle, formatPort, formatRange, isListenPortVariable, overlaps } from '../src/engine/ports.js';
import { createRule } from '../src/engine/rule.js';
import {
  describeContext,
  ownerImage,
  portRange as rangeOf,
  protocolName,
  sameProtocol,
  targetRange,
  type Owner,
  type PortDeclaration,
  type PortRange,
} from '../src/model.js';

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

export interface Options {
  ports: ProtocolPort[];
  passiveRanges: boolean;
}

type MessageId = 'port' | 'named' | 'passive' | 'url' | 'variable' | 'server';

const FTP_REPLACEMENT = 'SFTP, or FTPS with TLS required';
/** FTP's active-mode data port: alone, it is not the control port passive ranges belong to. */
const FTP_DATA_PORT = 20;

const DEFAULT_PORTS: ProtocolPort[] = [
  { port: 20, protocol: 'tcp', service: 'FTP', replacement: FTP_REPLACEMENT },
  { port: 21, protocol: 'tcp', service: 'FTP', replacement: FTP_REPLACEMENT },
  { port: 23, protocol: 'tcp', service: 'Telnet', replacement: 'SSH' },
  { port: 69, protocol: 'udp', service: 'TFTP', replacement: 'SFTP, or HTTPS for network boot' },
  { port: 512, protocol: 'tcp', service: 'rexec', replacement: 'SSH' },
  { port: 513, protocol: 'tcp', service: 'rlogin', replacement: 'SSH' },
  { port: 514, protocol: 'tcp', service: 'rsh', replacement: 'SSH', sharedWith: 'syslog' },
];

/** Words that mark a name as the secure variant (`FTPS_PORT`, `ftp-tls`, `SFTP_PORT`): never reported by name. */
const SECURE_WORDS = new Set(['tls', 'ssl', 'secure', 'sftp', 'ftps', 'ssh', 'https']);
/** Daemon names that stand for a service (`vsftpd` is FTP). `<service>d` is accepted for every service. */
const DAEMONS: Record<string, string> = { vsftpd: 'ftp', proftpd: 'ftp', pureftpd: 'ftp' };

/** Words that mark an image or name as something other than the FTP server itself (`ftp-exporter`). */
const NOT_SERVER_WORDS = new Set(['exporter', 'client', 'metrics', 'monitor', 'proxy']);
/** Ports an FTP server image also commonly serves that are not plaintext FTP: SSH/SFTP, FTPS (implicit), web admin. */
const NOT_FTP_PORTS = new Set([22, 80, 443, 989, 990, 8080, 8443]);

/** The table rows that hit a declaration, grouped by service, with the ports of each hit. */
interface Hit {
  service: string;
  replacement: string;
  ranges: PortRange[];
}

export default createRule<Options, MessageId>({
  meta: {
    id: 'insecure-protocol',
    description:
      'Ports, port names, URLs and variables of plaintext legacy protocols: FTP (and its passive ranges), Telnet, TFTP, rexec, rlogin, rsh',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'security',
    scope: 'file',
    schema: {
      type: 'object',
      properties: {
        ports: {
          description:
            'The port → protocol table. Each row: `port` (and optional `endPort` for a range), `protocol` (`tcp`, `udp` or `any`), the `service` name (also matched against port names, variable names and URL schemes), its secure `replacement`, and optionally `sharedWith`, another service often run on the same port and transport (`syslog` for 514/tcp). Replaces the default table.',
          type: 'array',
          items: {
            type: 'object',
            properties: {
              port: { type: 'integer', minimum: 0, maximum: 65535, description: 'First port.' },
              endPort: { type: 'integer', minimum: 0, maximum: 65535, description: 'Last port of a range (inclusive).' },
              protocol: { enum: ['tcp', 'udp', 'any'], description: 'Transport the service uses.' },
              service: { type: 'string', minLength: 1, pattern: '[A-Za-z]', description: 'Protocol name, e.g. `FTP`.' },
              replacement: { type: 'string', minLength: 1, description: 'What to use instead, e.g. `SSH`.' },
              sharedWith: {
                type: 'string',
                minLength: 1,
                description:
                  'Another service often run on this port and transport (e.g. `syslog` for 514/tcp): skip the row when a name around the port mentions it, or the same container also declares the port over UDP.',
              },
            },
            required: ['port', 'protocol', 'service', 'replacement'],
            additionalProperties: false,
          },
        },
        passiveRanges: {
          description: 'Also report port ranges declared beside an FTP control port (in the same container, compose service or Dockerfile stage) as FTP passive data ports.',
          type: 'boolean',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { ports: DEFAULT_PORTS, passiveRanges: true },
    messages: {
      port: '{{role}} {{port}} of {{where}} is {{services}}, {{plaintext}}. {{advice}}.',
      named: '{{role}} {{port}} of {{where}} is named "{{name}}": {{services}} is plaintext on any port. {{advice}}.',
      passive: '{{role}} {{port}} of {{where}} is a range beside FTP control port {{control}}: unencrypted FTP passive data ports. {{advice}}.',
      url: '{{scheme}}:// URL in {{where}} uses {{services}}, a plaintext protocol. {{advice}}.',
      variable: 'Variable {{variable}} ({{port}}) in {{where}} configures {{services}}, a plaintext protocol on any port. {{advice}}.',
      server: '{{role}} {{port}} of {{where}} is served by an FTP server ({{evidence}}), which sends passwords in plaintext. {{advice}}.',
    },
    docs: {
      rationale: [
        'FTP, Telnet, TFTP and the BSD r-commands (rexec, rlogin, rsh) send passwords, commands and files in cleartext (TFTP has no authentication at all), so anyone on the path can read or change them. Each has a secure replacement: SFTP or FTPS with TLS required instead of FTP, SSH instead of Telnet and the r-commands, SFTP or HTTPS boot instead of TFTP. FTPS in explicit mode still uses port 21: if your server requires TLS, suppress the finding with that reason.',
        '',
        'How each declaration is judged, so one server gives one finding:',
        '- **Listeners** (container ports, `EXPOSE`, compose `expose:`/`target`, Service ports) are matched by number *and* transport: `EXPOSE 22/tcp` and `EXPOSE 22` are the same port, while rsh (514/tcp) does not match 514/udp (syslog) and TFTP (69/udp) does not match 69/tcp. A range matches every port inside it (`EXPOSE 20-30` is FTP and Telnet).',
        '- **Shared numbers**: syslog also runs over TCP on 514 (rsyslog, syslog-ng, Graylog), far more often today than rsh. A row with `sharedWith` (514/tcp: `syslog`) is skipped when a name around the port mentions that service — its port name, a variable its value is read from (`${GRAYLOG_SYSLOG_TCP_PORT}:514`), its container, image, compose service, object or stage name — or when the same container also declares the port over UDP (`EXPOSE 514 514/udp`), where rsh never runs.',
        '- A **published/host port** forwards to a container port: the container port is the server, so `"2121:21"` is reported once, on the container side; the host side is reported only when it is the only part that matches (`"21:2121"`). A NodePort is matched by number only (its Service port carries the name).',
        '- **References** — `targetPort`, probe and Ingress backend ports — point at a listener that is already judged where it is declared, so they are never reported.',
        '- **Port names** (`name: ftp`, `ftp-data`, `telnet`; not `sftp`, `ftps`, `ftp-tls`) mark the protocol on any number: FTP on 2121 is still FTP.',
        '- **FTP server images**: a container, compose service or Dockerfile stage whose image or name is an FTP daemon (`vsftpd`, `proftpd`, `pure-ftpd`, `*-ftp-server`; not `sftp`, `ftps` or an `ftp-exporter`) serves FTP on whatever ports it declares, so `crazymax/pure-ftpd` publishing 2100 and 30000-30009 is reported even without port 21 (SSH, FTPS-implicit 990 and web ports 80/443/8080/8443 excepted).',
        '- **Passive ranges**: an FTP server opens a data connection for every transfer on a range it advertises. A port range declared in the same container, compose service or Dockerfile stage as an FTP control port is reported as those data ports (option `passiveRanges`).',
        '- **URLs** (`ftp://`, `telnet://`, `tftp://`, explicit or implied port) are reported by scheme; the URL itself is not echoed, as it may hold a password.',
        '- **Variables**: a port variable whose name names the protocol (`FTP_PORT`, `TELNET_PORT`, `VSFTPD_PORT`; not `SFTP_PORT` or `FTP_TLS_PORT`) configures that protocol whatever its value, so `FTP_PORT=2121` is FTP on a non-standard port; a list (`FTP_PORTS=20,21`) gives one finding. Other variables are matched by number only when they name the process\'s own listen port (`PORT`, `LISTEN_PORT`): `SYSLOG_PORT=514` is not rsh.',
      ].join('\n'),
      wrong: [
        { file: 'compose.yaml', code: 'services:\n  ftp:\n    image: fauria/vsftpd\n    ports:\n      - "21:21"\n      - "21100-21110:21100-21110"\n' },
        { file: 'Dockerfile', code: 'FROM alpine:3.20\nRUN apk add --no-cache busybox-extras\nEXPOSE 23/tcp\nCMD ["telnetd", "-F"]\n' },
        {
          file: 'deploy.yaml',
          code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: files\nspec:\n  selector:\n    app: files\n  ports:\n    - name: ftp\n      port: 2121\n',
        },
      ],
      right: [
        { file: 'compose.yaml', code: 'services:\n  sftp:\n    image: atmoz/sftp\n    ports:\n      - "2222:22"\n' },
        { file: 'compose.yaml', code: 'services:\n  syslog:\n    image: balabit/syslog-ng\n    ports:\n      - "514:514/udp"\n' },
      ],
    },
  },

  check(context) {
    const { ports: table, passiveRanges } = context.options;
    const all = context.declarations;
    const decls = all.filter((d) => d.value.kind !== 'unresolved' && d.value.kind !== 'invalid');
    const judge = new Judge(table, decls);
    const reported = new Set<PortDeclaration>();

    const report: Reporter = (messageId, d, hits, extra) => {
      reported.add(d);
      context.report({
        messageId,
        decl: d,
        data: {
          role: roleTitle(d),
          port: formatPort(d),
          where: describeContext(d),
          plaintext: hits.length > 1 ? 'plaintext protocols' : 'a plaintext protocol',
          advice: advice(hits),
          ...extra,
        },
      });
    };

    /** A port whose value is read from a variable named for the protocol (`${COWRIE_TELNET_PORT:-2223}`). */
    const reportByVariable = (d: PortDeclaration): void => {
      for (const variable of variablesIn(d.raw)) {
        const hits = nameHits(table, variable);
        if (hits.length === 0) continue;
        report('variable', d, hits, { variable, where: describeContext(d), services: describeHits(hits) });
        return;
      }
    };

    // Listeners first (container, Service, NodePort), so host ports can defer to the container port they forward to.
    for (const d of decls) {
      const range = rangeOf(d);
      if (!range || (d.role !== 'container' && d.role !== 'service' && d.role !== 'nodePort')) continue;
      const byNumber = judge.byNumber(d, range);
      const byName = d.role === 'nodePort' ? [] : nameHits(table, d.name);
      if (byNumber.length > 0) report('port', d, byNumber, { services: describeHits(byNumber, range) });
      else if (byName.length > 0) report('named', d, byName, { name: d.name ?? '', services: describeHits(byName) });
      else reportByVariable(d);
    }

    for (const d of decls) {
      const range = rangeOf(d);
      if (!range || d.role !== 'host' || forwardsToReported(d, decls, reported)) continue;
      const target = targetRange(d);
      const byNumber = judge.byNumber(d, range);
      const byTarget = target ? judge.byNumber(d, target) : [];
      const byName = nameHits(table, d.name);
      if (byNumber.length > 0) {
        report('port', d, byNumber, { services: describeHits(byNumber, range) });
      } else if (byTarget.length > 0 && target) {
        const services = `${describeHits(byTarget, target)} (forwarded to container port ${formatRange(target, d.protocol)})`;
        report('port', d, byTarget, { services });
      } else if (byName.length > 0) {
        report('named', d, byName, { name: d.name ?? '', services: describeHits(byName) });
      } else {
        reportByVariable(d);
      }
    }

    if (passiveRanges) reportPassiveRanges(decls, judge, reported, report);

    const ftpRow = table.find((r) => serviceKey(r.service) === 'ftp');
    const evidenceByOwner = new Map<Owner, string | undefined>();
    for (const d of decls) {
      const range = rangeOf(d);
      if (!ftpRow || !range || d.role !== 'container' || d.protocol !== 'tcp' || reported.has(d)) continue;
      if (range.port === range.endPort && NOT_FTP_PORTS.has(range.port)) continue;
      const owner = d.owner;
      if (!evidenceByOwner.has(owner)) evidenceByOwner.set(owner, ftpServerEvidence(owner));
      const evidence = evidenceByOwner.get(owner);
      if (!evidence || hasSecureWord(d.name) || forwardedFromReported(d, decls, reported)) continue;
      report('server', d, [{ service: ftpRow.service, replacement: ftpRow.replacement, ranges: [] }], { evidence });
    }

    // A URL's scheme is known even when its port is a variable.
    const seenUrls = new Set<string>();
    for (const d of all) {
      const url = d.source.format === 'env' ? d.source.url : undefined;
      if (d.role !== 'url' || !url || d.source.format !== 'env') continue;
      const key = `${d.file}:${d.line}:${d.source.variable}:${url.scheme}`;
      const hits = schemeHits(table, url.scheme);
      if (hits.length === 0 || seenUrls.has(key)) continue;
      seenUrls.add(key);
      report('url', d, hits, { scheme: url.scheme, services: describeHits(hits) });
    }

    const seenVariables = new Set<string>();
    for (const d of decls) {
      if (d.role !== 'env' || d.source.format !== 'env') continue;
      const variable = d.source.variable;
      const key = `${d.file}:${d.line}:${variable}`;
      const range = rangeOf(d);
      const byName = nameHits(table, variable);
      const byNumber = range && isListenPortVariable(variable) ? judge.byNumber(d, range) : [];
      const hits = byName.length > 0 ? byName : byNumber;
      if (hits.length === 0 || seenVariables.has(key)) continue;
      seenVariables.add(key);
      const where = d.format === 'env' ? 'this env file' : describeContext(d);
      report('variable', d, hits, { variable, where, services: describeHits(hits) });
    }
  },
});

type Reporter = (messageId: MessageId, d: PortDeclaration, hits: Hit[], extra: Record<string, string>) => void;

/** Matches declarations against the table, knowing each owner's UDP ports and the names around a declaration. */
class Judge {
  private readonly udpByOwner = new Map<Owner, PortRange[]>();

  constructor(
    readonly table: readonly ProtocolPort[],
    decls: readonly PortDeclaration[],
  ) {
    for (const d of decls) {
      const r = rangeOf(d);
      if (!r || d.protocol !== 'udp' || d.role === 'url' || d.role === 'env') continue;
      const owner = d.owner;
      this.udpByOwner.set(owner, [...(this.udpByOwner.get(owner) ?? []), r]);
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

/** Variable names a raw value reads (`${FTP_PORT:-21}` → `FTP_PORT`). */
function variablesIn(raw: string): string[] {
  return [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/**
 * The image or name that shows a declaration's owner is an FTP server (`crazymax/pure-ftpd`,
 * service `vsftpd`), or undefined. Any secure or non-server word among the names rules it out.
 */
function ftpServerEvidence(owner: Owner): string | undefined {
  let names: (string | undefined)[] = [];
  if (owner.kind === 'composeService') {
    const s = owner.service;
    names = [s.image && `image ${s.image}`, s.name && `service name ${s.name}`, s.containerName && `container name ${s.containerName}`];
  } else if (owner.kind === 'podContainer') {
    const k = owner.container;
    names = [k.name && k.image && `image ${k.image}`, k.name && `container name ${k.name}`];
  } else if (owner.kind === 'stage') {
    names = [`base image ${owner.stage.from}`, owner.stage.name && `stage name ${owner.stage.name}`];
  }
  const present = names.filter((n): n is string => Boolean(n));
  const words = present.flatMap((n) => n.toLowerCase().split(/[^a-z0-9]+/));
  if (words.some((w) => SECURE_WORDS.has(w) || NOT_SERVER_WORDS.has(w))) return undefined;
  // The labels ("image", "service name", …) are never FTP words, so each entry can be searched whole.
  return present.find((n) => n.toLowerCase().split(/[^a-z0-9]+/).some(isFtpDaemonWord));
}

function isFtpDaemonWord(w: string): boolean {
  return w === 'ftp' || w === 'ftpd' || DAEMONS[w] === 'ftp';
}

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
  if (o.kind === 'podContainer' || o.kind === 'service' || o.kind === 'ingress') names.push(o.object.name);
  if (o.kind === 'stage') names.push(o.stage.name);
  if (d.source.format === 'env') names.push(d.source.variable);
  names.push(...variablesIn(d.raw));
  if (o.kind === 'podContainer' && o.container.name) names.push(ownerImage(o));
  return names.filter((n): n is string => n !== undefined).map((n) => n.toLowerCase());
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
  const words = name.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  if (words.some((w) => SECURE_WORDS.has(w))) return [];
  const hits: Hit[] = [];
  for (const row of table) {
    const key = serviceKey(row.service);
    if (words.some((w) => w === key || w === `${key}d` || DAEMONS[w] === key)) addHit(hits, row);
  }
  return hits;
}

/** Table rows whose service is the URL scheme (`ftp://` is FTP; `sftp://` and `ftps://` are not). */
function schemeHits(table: readonly ProtocolPort[], scheme: string): Hit[] {
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

function serviceKey(service: string): string {
  return service.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `FTP`, or `FTP (20-21) and Telnet (23)` when the declaration is a range. */
function describeHits(hits: readonly Hit[], range?: PortRange): string {
  const single = !range || range.port === range.endPort;
  const parts = hits.map((h) => {
    if (single || h.ranges.length === 0) return h.service;
    const ports = h.ranges.map((r) => (r.port === r.endPort ? String(r.port) : `${r.port}-${r.endPort}`));
    return `${h.service} (${ports.join(', ')})`;
  });
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** `Use SSH instead`, or one replacement per service when they differ. */
function advice(hits: readonly Hit[]): string {
  const replacements = [...new Set(hits.map((h) => h.replacement))];
  if (replacements.length === 1) return `Use ${replacements[0]} instead`;
  return `Use ${hits.map((h) => `${h.replacement} for ${h.service}`).join('; ')}`;
}

function hasSecureWord(name: string | undefined): boolean {
  return (name ?? '').toLowerCase().split(/[^a-z]+/).some((w) => SECURE_WORDS.has(w));
}

/** True when a reported host port of the same owner forwards to this container port. */
function forwardedFromReported(container: PortDeclaration, decls: readonly PortDeclaration[], reported: ReadonlySet<PortDeclaration>): boolean {
  const range = rangeOf(container);
  if (!range) return false;
  const owner = container.owner;
  return decls.some((h) => {
    const target = h.role === 'host' && reported.has(h) ? targetRange(h) : undefined;
    return target !== undefined && sameProtocol(h.protocol, container.protocol) && h.owner === owner && overlaps(range, target);
  });
}

/** True when a host port forwards to a container port of the same owner that was already reported. */
function forwardsToReported(host: PortDeclaration, decls: readonly PortDeclaration[], reported: ReadonlySet<PortDeclaration>): boolean {
  const target = targetRange(host);
  if (!target) return false;
  const owner = host.owner;
  return decls.some((c) => {
    const r = rangeOf(c);
    return c.role === 'container' && reported.has(c) && r !== undefined && sameProtocol(c.protocol, host.protocol) && c.owner === owner && overlaps(r, target);
  });
}

/**
 * The FTP control port of each owner: a TCP port that is FTP by number or name, but not only the
 * active-mode data port 20 (`ftp-data`). Passive ranges sit beside it.
 */
function controlPorts(decls: readonly PortDeclaration[], judge: Judge): Map<Owner, PortDeclaration> {
  const control = new Map<Owner, PortDeclaration>();
  for (const d of decls) {
    const range = rangeOf(d);
    if ((d.role !== 'container' && d.role !== 'host') || !range || d.protocol !== 'tcp') continue;
    const ftp = [...judge.byNumber(d, range), ...nameHits(judge.table, d.name)].find((h) => serviceKey(h.service) === 'ftp');
    if (!ftp) continue;
    const onlyData = (range.port === FTP_DATA_PORT && range.endPort === FTP_DATA_PORT) || /data/i.test(d.name ?? '');
    const owner = d.owner;
    if (!onlyData && !control.has(owner)) control.set(owner, d);
  }
  return control;
}

/** Ranges beside an FTP control port in the same owner: its passive data ports. */
function reportPassiveRanges(decls: readonly PortDeclaration[], judge: Judge, reported: Set<PortDeclaration>, report: Reporter): void {
  const ftpRow = judge.table.find((r) => serviceKey(r.service) === 'ftp');
  if (!ftpRow) return;
  const control = controlPorts(decls, judge);
  for (const role of ['container', 'host'] as const) {
    for (const d of decls) {
      const range = rangeOf(d);
      if (d.role !== role || !range || range.endPort === range.port || d.protocol !== 'tcp' || reported.has(d)) continue;
      const ftp = control.get(d.owner);
      if (!ftp || ftp === d) continue;
      if (role === 'host' && forwardsToReported(d, decls, reported)) continue;
      report('passive', d, [{ service: ftpRow.service, replacement: ftpRow.replacement, ranges: [] }], { control: formatPort(ftp) });
    }
  }
}
