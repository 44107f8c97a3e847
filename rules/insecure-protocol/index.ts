/**
 * insecure-protocol: ports of plaintext legacy protocols (FTP, Telnet, TFTP, the BSD r-commands),
 * found by number, by port name, by URL scheme, by variable name, and as FTP passive ranges.
 *
 * Each way of finding one is a detector module of this folder. A detector is a pure function of
 * the declarations and of the findings it defers to (a host port defers to the container port it
 * forwards to), so one server gives one finding and the order of the calls below is that data flow.
 */
import { roleTitle, formatPort, joinRuns } from '../../src/engine/ports.js';
import { createRule } from '../../src/engine/rule.js';
import { describeContext, type PortDeclaration } from '../../src/model.js';
import { exposureModel, type ExposureModel, hostPortReach, reachClause, serviceReach, type Reach } from '../../src/exposure/index.js';
import { detectBareTftp } from './bare-tftp.js';
import { declarationsOf, type Detection, type MessageId } from './detection.js';
import { detectFtpServers } from './ftp-servers.js';
import { detectHostPorts } from './host-ports.js';
import { Judge } from './judge.js';
import { detectListeners } from './listeners.js';
import { detectPassiveRanges } from './passive-ranges.js';
import { advice, DEFAULT_PORTS, serviceKey, type Hit, type ProtocolPort } from './table.js';
import { detectRoutes } from './routes.js';
import { detectUrls } from './urls.js';
import { detectVariables } from './variables.js';

export type { ProtocolPort } from './table.js';
export { nameHits, numberHits } from './table.js';

export interface Options {
  ports: ProtocolPort[];
  passiveRanges: boolean;
}

export default createRule<Options, MessageId>({
  meta: {
    id: 'insecure-protocol',
    description:
      'Ports, port names, URLs and variables of plaintext legacy protocols: FTP (and its passive ranges), Telnet, TFTP, rexec, rlogin, rsh',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'security',
    scope: 'project',
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
          description:
            'Also report port ranges declared beside an FTP control port (in the same container, compose service or Dockerfile stage) as FTP passive data ports.',
          type: 'boolean',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { ports: DEFAULT_PORTS, passiveRanges: true },
    messages: {
      port: '{{role}} {{port}} of {{where}} is {{services}}, {{plaintext}}{{reached}}. {{advice}}.',
      named: '{{role}} {{port}} of {{where}} is named "{{name}}": {{services}} is plaintext on any port{{reached}}. {{advice}}.',
      passive:
        '{{role}} {{port}} of {{where}} is FTP passive data ports (beside control port {{control}}), unencrypted{{reached}}. {{advice}}.',
      url: '{{scheme}}:// URL in {{where}} uses {{services}}, a plaintext protocol. {{advice}}.',
      variable: 'Variable {{variable}} ({{port}}) in {{where}} configures {{services}}, a plaintext protocol on any port. {{advice}}.',
      server: '{{role}} {{port}} of {{where}} is an FTP server ({{evidence}}): passwords in plaintext{{reached}}. {{advice}}.',
      route: '{{where}} carries {{services}} of {{service}} in {{reach}} through {{path}}, {{plaintext}}. {{advice}}.',
      tftpTcp: 'EXPOSE {{port}} in {{where}} is TCP, but TFTP runs on 69/udp: add /udp. TFTP has no authentication at all. {{advice}}.',
    },
    docs: {
      rationale: [
        'FTP, Telnet, TFTP and the BSD r-commands (rexec, rlogin, rsh) send passwords, commands and files in cleartext (TFTP has no authentication at all), so anyone on the path can read or change them. Each has a secure replacement: SFTP or FTPS with TLS required instead of FTP, SSH instead of Telnet and the r-commands, SFTP or HTTPS boot instead of TFTP. FTPS in explicit mode still uses port 21: if your server requires TLS, suppress the finding with that reason.',
        '',
        'How each declaration is judged, so one server gives one finding:',
        '- **Listeners** (container ports, `EXPOSE`, compose `expose:`/`target`, Service ports, and gateway listeners that pass raw TCP or UDP through from outside the cluster: a Gateway API `TCP`/`UDP` listener, an Istio Gateway `TCP` server; HTTP, HTTPS, TLS and gRPC listeners carry those protocols whatever their number) are matched by number *and* transport: `EXPOSE 22/tcp` and `EXPOSE 22` are the same port, while rsh (514/tcp) does not match 514/udp (syslog) and TFTP (69/udp) does not match 69/tcp. A range matches every port inside it (`EXPOSE 20-30` is FTP and Telnet).',
        '- **Shared numbers**: syslog also runs over TCP on 514 (rsyslog, syslog-ng, Graylog), far more often today than rsh. A row with `sharedWith` (514/tcp: `syslog`) is skipped when a name around the port mentions that service — its port name, a variable its value is read from (`${GRAYLOG_SYSLOG_TCP_PORT}:514`), its container, image, compose service, object or stage name — or when the same container also declares the port over UDP (`EXPOSE 514 514/udp`), where rsh never runs.',
        '- A **published/host port** forwards to a container port: the container port is the server, so `"2121:21"` is reported once, on the container side; the host side is reported only when it is the only part that matches (`"21:2121"`). A NodePort is matched by number only (its Service port carries the name).',
        '- **Routes** into the cluster: a Gateway API `TCPRoute` or `UDPRoute` attached to a Gateway, whose backend Service port (found across the run as references are: the same file, folder, kustomize build or namespace nearby; judged by its numeric `targetPort`, else its port, else its name; the backendRef port when the Service is not in the run) is a plaintext protocol, carries it in from outside; it is not reported again behind a listener already reported.',
        '- **How far**: messages about a listener, a Service port or a published port say how far it is reached, from the exposure model the `ports` inventory shows (REACHABLE): `on the pod network only`, `on every interface as 2121`, `reachable from the internet through Service ftp (LoadBalancer, no source ranges) in service.yaml`. The rule runs over the whole run so that a Deployment, its Services and routes may be in files of their own. The severity is the same either way: a plaintext protocol on the pod network is still read by anything on that network.',
        '- **References** — `targetPort`, probe and Ingress backend ports — point at a listener that is already judged where it is declared, so they are never reported.',
        '- **Port names** (`name: ftp`, `ftp-data`, `telnet`; not `sftp`, `ftps`, `ftp-tls`) mark the protocol on any number: FTP on 2121 is still FTP.',
        '- **FTP server images**: a container, compose service or Dockerfile stage whose image or name is an FTP daemon (`vsftpd`, `proftpd`, `pure-ftpd`, `*-ftp-server`; not `sftp`, `ftps` or an `ftp-exporter`) serves FTP on whatever ports it declares, so `crazymax/pure-ftpd` publishing 2100 and 30000-30009 is reported even without port 21 (SSH, FTPS-implicit 990 and web ports 80/443/8080/8443 excepted).',
        '- **Passive ranges**: an FTP server opens a data connection for every transfer on a range it advertises. A port range declared in the same container, compose service or Dockerfile stage as an FTP control port is reported as those data ports (option `passiveRanges`).',
        "- **URLs** (`ftp://`, `telnet://`, `tftp://`, explicit or implied port) are reported by scheme; the URL itself is not echoed, as it may hold a password. URLs and variables are read wherever an env value is written, the same way as in env files: a compose service's `environment:` (map and list forms, interpolated as compose does), a Kubernetes container's `env[].value`, a Dockerfile `ENV` value or `ARG` default; an `ftp://` URL in a Deployment's env is FTP as much as one in a `.env` file. A URL in a build stage is reported too: the build itself fetches over the plaintext protocol.",
        "- **Variables**: a port variable whose name names the protocol (`FTP_PORT`, `TELNET_PORT`, `VSFTPD_PORT`; not `SFTP_PORT` or `FTP_TLS_PORT`) configures that protocol whatever its value, so `FTP_PORT=2121` is FTP on a non-standard port; a list (`FTP_PORTS=20,21`) gives one finding. Other variables are matched by number only when they name the process's own listen port (`PORT`, `LISTEN_PORT`): `SYSLOG_PORT=514` is not rsh.",
        '',
        'TFTP has no authentication at all (anyone who reaches it reads, and often writes, files), and its messages say so. It runs over UDP only, so `69/tcp` is not TFTP, but a bare `EXPOSE 69` in a Dockerfile (TCP, since EXPOSE defaults to TCP) is a TFTP image with its `/udp` missing: reported as such.',
        '',
        "EXPOSE in a Dockerfile build stage that does not end up in the image (a `builder` stage that only compiles) opens nothing and is not reported; the stages of the final image's lineage are.",
        '',
        "A run of three or more consecutive ports listed one by one (an FTP server's passive ports as ten entries), all of one well-known service or of none, is reported once, as the range it forms, at the first entry.",
      ].join('\n'),
      wrong: ['passive/compose.yaml', 'telnetd/Dockerfile', 'k8s/port-names.yaml'],
      right: ['clean-compose.yaml', 'rsyslog/tcp-and-udp.compose.yaml'],
    },
  },

  check(context) {
    const { ports: table, passiveRanges } = context.options;
    // A run of consecutive ports listed one by one is one finding, naming the run.
    const all = joinRuns(context.declarations);
    // EXPOSE in a build stage that does not end up in the image opens nothing.
    const decls = all.filter(
      (d) => d.value.kind !== 'unresolved' && d.value.kind !== 'invalid' && !(d.owner.kind === 'stage' && !d.owner.stage.inImage),
    );
    const judge = new Judge(table, decls);
    const model = exposureModel(context.declarations, context.facts);

    const listeners = detectListeners(decls, judge);
    const hosts = detectHostPorts(decls, judge, declarationsOf(listeners));
    const passive = passiveRanges ? detectPassiveRanges(decls, judge, declarationsOf(listeners, hosts)) : [];
    const servers = detectFtpServers(
      decls,
      table,
      declarationsOf(
        listeners,
        passive.filter((f) => f.d.role === 'container'),
      ),
      declarationsOf(
        hosts,
        passive.filter((f) => f.d.role === 'host'),
      ),
    );
    const routes = detectRoutes(decls, context.facts, judge, declarationsOf(listeners));
    const found: Detection[] = [
      ...listeners,
      ...hosts,
      ...passive,
      ...servers,
      ...routes,
      ...detectUrls(all, table),
      ...detectVariables(decls, judge),
      ...detectBareTftp(decls, table, declarationsOf(listeners)),
    ];

    for (const { messageId, d, hits, extra } of found) {
      context.report({
        messageId,
        decl: d,
        data: {
          role: roleTitle(d),
          port: formatPort(d),
          where: describeContext(d),
          plaintext: plaintextPhrase(hits),
          advice: advice(hits),
          reached: reachedClause(d, model),
          ...extra,
        },
      });
    }
  },
});

/**
 * `, reachable from the internet through Service ftp (LoadBalancer, no source ranges)`, `, on the
 * pod network only`: how far the port is reached (the exposure model), or nothing when it says
 * nothing (an image's EXPOSE, a URL or variable). Findings keep their severity either way.
 */
function reachedClause(d: PortDeclaration, model: ExposureModel): string {
  let r: Reach | undefined;
  if (d.role === 'service') r = model.servicePortReach(d);
  else if (d.role === 'nodePort' && d.owner.kind === 'service') r = serviceReach(d.owner.service);
  else if (d.role === 'host' && d.format === 'kubernetes') r = hostPortReach(d);
  else if (d.role === 'container' || d.role === 'listener' || d.role === 'host') r = model.reachOf(d);
  const clause = r && reachClause(r, d.file);
  return clause ? `, ${clause}` : '';
}

/** `a plaintext protocol`; TFTP, which has no login at all, says so. */
function plaintextPhrase(hits: readonly Hit[]): string {
  if (hits.length > 1) return 'plaintext protocols';
  return hits[0] !== undefined && serviceKey(hits[0].service) === 'tftp'
    ? 'a plaintext protocol with no authentication at all'
    : 'a plaintext protocol';
}
