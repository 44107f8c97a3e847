/**
 * The knowledge base of well-known network services, written once: the ports and transport each
 * listens on, its name, whether it is a plaintext legacy protocol (and what replaces it) or a
 * sensitive admin/data-store port, the URL schemes that name it, and the images, daemons and env
 * variables that serve it or set its port. insecure-protocol, exposed-sensitive-port, the env
 * parser's scheme ports and the `ports` inventory all read it.
 *
 * To add a service: add one entry below (keep the list in port order). A service is only reported
 * when it is `plaintext` or `sensitive`; the rest names ports in the inventory and URL schemes, and
 * their `images` say what a port is in a container of that image (a port-number guess yields to them).
 */

/** `any`: every transport (the service runs on TCP and UDP, or the port is reserved for both). */
export type ServiceTransport = 'tcp' | 'udp' | 'sctp' | 'any';

export interface ServicePorts {
  port: number;
  endPort?: number;
  transport: ServiceTransport;
}

export interface Service {
  /** Stable key (`ftp`, `postgresql`). */
  id: string;
  /** The name as users know it, for tables and messages (`PostgreSQL`). Also matched against port, variable and scheme names of plaintext services. */
  name: string;
  /** How a message names it when that differs (`the Docker daemon API`). */
  phrase?: string;
  ports: readonly ServicePorts[];
  /** A plaintext protocol: anyone on the network path reads and changes it. */
  plaintext?: {
    /** What to use instead, as a phrase: `SSH`. */
    replacement: string;
    /** Another service commonly run on the same port and transport (`syslog`, over TCP on 514). */
    sharedWith?: string;
  };
  /** A remote-admin or data-store port that must not be reachable from beyond the host or cluster. */
  sensitive?: boolean;
  /** URL schemes whose default port is the service's first port (`postgres`, `postgresql`). */
  schemes?: readonly string[];
  /** URL schemes that name the service but no port (`mongodb+srv`: a DNS SRV lookup). */
  lookupSchemes?: readonly string[];
  /** Daemon names that stand for the service (`vsftpd` is FTP). */
  daemons?: readonly string[];
  /** Images that serve it (repository names, without registry or tag). */
  images?: readonly string[];
  /** OS packages whose install makes an image serve it (`openssh-server`). */
  packages?: readonly string[];
  /** The service this one runs inside (NETCONF over SSH): serving this one means serving that one too. */
  servedOver?: string;
  /** Env variables that set the port it listens on. */
  portVariables?: readonly string[];
}

const FTP_REPLACEMENT = 'SFTP, or FTPS with TLS required';

const tcp = (port: number, endPort?: number): ServicePorts =>
  endPort === undefined ? { port, transport: 'tcp' } : { port, endPort, transport: 'tcp' };
const udp = (port: number): ServicePorts => ({ port, transport: 'udp' });
const any = (port: number): ServicePorts => ({ port, transport: 'any' });

export const SERVICES: readonly Service[] = [
  { id: 'ftp-data', name: 'FTP', ports: [tcp(20)], plaintext: { replacement: FTP_REPLACEMENT } },
  {
    id: 'ftp',
    name: 'FTP',
    ports: [tcp(21)],
    plaintext: { replacement: FTP_REPLACEMENT },
    schemes: ['ftp'],
    daemons: ['vsftpd', 'proftpd', 'pureftpd'],
    images: ['fauria/vsftpd', 'stilliard/pure-ftpd', 'delfer/alpine-ftp-server', 'garethflowers/ftp-server'],
    portVariables: ['FTP_PORT'],
  },
  {
    id: 'ssh',
    name: 'SSH',
    ports: [tcp(22)],
    sensitive: true,
    schemes: ['ssh', 'sftp', 'scp'],
    daemons: ['sshd', 'dropbear'],
    images: ['atmoz/sftp', 'linuxserver/openssh-server', 'lscr.io/linuxserver/openssh-server', 'panubo/sshd', 'hermsi/alpine-sshd'],
    packages: ['openssh-server', 'openssh-server-pam', 'openssh-sftp-server', 'dropbear'],
    portVariables: ['SSH_PORT'],
  },
  { id: 'telnet', name: 'Telnet', ports: [tcp(23)], plaintext: { replacement: 'SSH' }, schemes: ['telnet'], daemons: ['telnetd'] },
  { id: 'smtp', name: 'SMTP', ports: [tcp(25)], schemes: ['smtp'] },
  { id: 'dns', name: 'DNS', ports: [any(53)] },
  {
    id: 'tftp',
    name: 'TFTP',
    ports: [udp(69)],
    plaintext: { replacement: 'SFTP, or HTTPS for network boot' },
    schemes: ['tftp'],
    daemons: ['tftpd'],
  },
  { id: 'gopher', name: 'Gopher', ports: [tcp(70)], schemes: ['gopher'] },
  { id: 'http', name: 'HTTP', ports: [tcp(80)], schemes: ['http', 'ws'] },
  { id: 'pop3', name: 'POP3', ports: [tcp(110)], schemes: ['pop3'] },
  { id: 'nntp', name: 'NNTP', ports: [tcp(119)], schemes: ['nntp'] },
  /** NetBIOS name and datagram services: Windows and Samba file sharing's discovery, long abused for reflection and enumeration. */
  { id: 'netbios', name: 'NetBIOS', ports: [udp(137), udp(138)], sensitive: true },
  /** SMB over NetBIOS session service (the classic port of Windows file sharing beside 445). */
  { id: 'smb-netbios', name: 'SMB', ports: [tcp(139)], sensitive: true },
  { id: 'imap', name: 'IMAP', ports: [tcp(143)], schemes: ['imap'] },
  { id: 'ldap', name: 'LDAP', ports: [tcp(389)], schemes: ['ldap'] },
  { id: 'https', name: 'HTTPS', ports: [tcp(443)], schemes: ['https', 'wss'] },
  { id: 'smb', name: 'SMB', ports: [tcp(445)], sensitive: true, images: ['dperson/samba', 'servercontainers/samba'], daemons: ['smbd'] },
  { id: 'smtps', name: 'SMTPS', ports: [tcp(465)], schemes: ['smtps'] },
  { id: 'rexec', name: 'rexec', ports: [tcp(512)], plaintext: { replacement: 'SSH' } },
  { id: 'rlogin', name: 'rlogin', ports: [tcp(513)], plaintext: { replacement: 'SSH' } },
  { id: 'rsh', name: 'rsh', ports: [tcp(514)], plaintext: { replacement: 'SSH', sharedWith: 'syslog' } },
  { id: 'rtsp', name: 'RTSP', ports: [tcp(554)], schemes: ['rtsp'] },
  /** Mail submission by clients (RFC 6409), with STARTTLS: named, not flagged. */
  { id: 'submission', name: 'SMTP submission', ports: [tcp(587)] },
  { id: 'ldaps', name: 'LDAPS', ports: [tcp(636)], schemes: ['ldaps'] },
  /** NETCONF runs over SSH: an image that serves it is a network device managed over SSH (router images). */
  { id: 'netconf', name: 'NETCONF', ports: [tcp(830)], servedOver: 'ssh' },
  { id: 'rsync', name: 'rsync', ports: [tcp(873)], schemes: ['rsync'] },
  { id: 'ftps', name: 'FTPS', ports: [tcp(990)], schemes: ['ftps'] },
  { id: 'imaps', name: 'IMAPS', ports: [tcp(993)], schemes: ['imaps'] },
  { id: 'pop3s', name: 'POP3S', ports: [tcp(995)], schemes: ['pop3s'] },
  { id: 'socks', name: 'SOCKS', ports: [tcp(1080)], schemes: ['socks', 'socks4', 'socks5'] },
  {
    id: 'sqlserver',
    name: 'SQL Server',
    ports: [tcp(1433)],
    sensitive: true,
    schemes: ['sqlserver', 'mssql'],
    images: ['mcr.microsoft.com/mssql/server'],
    portVariables: ['MSSQL_TCP_PORT'],
  },
  { id: 'sqlserver-browser', name: 'SQL Server Browser', ports: [any(1434)], sensitive: true },
  {
    id: 'oracle',
    name: 'Oracle Database',
    ports: [tcp(1521)],
    sensitive: true,
    images: ['gvenzl/oracle-xe', 'container-registry.oracle.com/database/express'],
  },
  { id: 'mqtt', name: 'MQTT', ports: [tcp(1883)], schemes: ['mqtt'] },
  { id: 'rtmp', name: 'RTMP', ports: [tcp(1935)], schemes: ['rtmp'] },
  {
    id: 'zookeeper',
    name: 'ZooKeeper',
    ports: [tcp(2181)],
    sensitive: true,
    images: ['zookeeper', 'confluentinc/cp-zookeeper', 'bitnami/zookeeper'],
    portVariables: ['ZOOKEEPER_CLIENT_PORT', 'ZOO_PORT'],
  },
  {
    id: 'docker',
    name: 'Docker daemon API',
    phrase: 'the Docker daemon API',
    ports: [tcp(2375)],
    sensitive: true,
    daemons: ['dockerd'],
    images: ['docker'],
  },
  { id: 'docker-tls', name: 'Docker daemon API (TLS)', phrase: 'the Docker daemon API (TLS)', ports: [tcp(2376)], sensitive: true },
  {
    id: 'etcd',
    name: 'etcd',
    ports: [tcp(2379, 2380)],
    sensitive: true,
    daemons: ['etcd'],
    images: ['quay.io/coreos/etcd', 'bitnami/etcd'],
  },
  {
    id: 'mysql',
    name: 'MySQL',
    ports: [tcp(3306)],
    sensitive: true,
    schemes: ['mysql', 'mariadb'],
    daemons: ['mysqld', 'mariadbd'],
    images: ['mysql', 'mariadb', 'percona', 'bitnami/mysql', 'bitnami/mariadb'],
    portVariables: ['MYSQL_TCP_PORT', 'MYSQL_PORT', 'MARIADB_PORT'],
  },
  { id: 'rdp', name: 'RDP', ports: [any(3389)], sensitive: true, schemes: ['rdp'] },
  /** Sieve filter management (RFC 5804), with STARTTLS. */
  { id: 'managesieve', name: 'ManageSieve', ports: [tcp(4190)], schemes: ['sieve'] },
  { id: 'nats', name: 'NATS', ports: [tcp(4222)], schemes: ['nats'] },
  { id: 'sip', name: 'SIP', ports: [tcp(5060)], schemes: ['sip'] },
  { id: 'sips', name: 'SIPS', ports: [tcp(5061)], schemes: ['sips'] },
  {
    id: 'postgresql',
    name: 'PostgreSQL',
    ports: [tcp(5432)],
    sensitive: true,
    schemes: ['postgres', 'postgresql'],
    daemons: ['postgres'],
    images: ['postgres', 'postgis/postgis', 'bitnami/postgresql', 'timescale/timescaledb', 'pgvector/pgvector'],
    portVariables: ['PGPORT', 'POSTGRES_PORT'],
  },
  { id: 'amqps', name: 'AMQPS', ports: [tcp(5671)], schemes: ['amqps'] },
  { id: 'amqp', name: 'AMQP', ports: [tcp(5672)], schemes: ['amqp'] },
  { id: 'vnc', name: 'VNC', ports: [tcp(5900, 5909)], sensitive: true, schemes: ['vnc'] },
  { id: 'couchdb', name: 'CouchDB', ports: [tcp(5984)], sensitive: true, images: ['couchdb', 'bitnami/couchdb'] },
  { id: 'winrm', name: 'WinRM', ports: [tcp(5985, 5986)], sensitive: true },
  {
    id: 'redis',
    name: 'Redis',
    ports: [tcp(6379)],
    sensitive: true,
    schemes: ['redis'],
    daemons: ['redis-server'],
    images: ['redis', 'valkey/valkey', 'bitnami/redis', 'redis/redis-stack', 'redis/redis-stack-server'],
    portVariables: ['REDIS_PORT', 'REDIS_PORT_NUMBER'],
  },
  { id: 'rediss', name: 'Redis (TLS)', ports: [tcp(6380)], schemes: ['rediss'] },
  { id: 'irc', name: 'IRC', ports: [tcp(6667)], schemes: ['irc'] },
  { id: 'ircs', name: 'IRCS', ports: [tcp(6697)], schemes: ['ircs'] },
  { id: 'mqtts', name: 'MQTTS', ports: [tcp(8883)], schemes: ['mqtts'] },
  {
    id: 'cassandra',
    name: 'Cassandra (CQL)',
    ports: [tcp(9042)],
    sensitive: true,
    images: ['cassandra', 'bitnami/cassandra', 'scylladb/scylla'],
  },
  { id: 'kafka', name: 'Kafka', ports: [tcp(9092)], schemes: ['kafka'] },
  {
    id: 'elasticsearch',
    name: 'Elasticsearch/OpenSearch',
    ports: [tcp(9200)],
    sensitive: true,
    images: ['elasticsearch', 'docker.elastic.co/elasticsearch/elasticsearch', 'opensearchproject/opensearch', 'bitnami/elasticsearch'],
  },
  // Listed so its image says what 9200 is there: ownCloud's proxy, not Elasticsearch (after it, so 9200 alone still reads as Elasticsearch).
  { id: 'ocis', name: 'ownCloud Infinite Scale', ports: [tcp(9200)], images: ['owncloud/ocis', 'owncloud/ocis-rolling'] },
  {
    id: 'elasticsearch-transport',
    name: 'Elasticsearch/OpenSearch transport',
    phrase: 'the Elasticsearch/OpenSearch transport',
    ports: [tcp(9300)],
    sensitive: true,
  },
  { id: 'git', name: 'Git', ports: [tcp(9418)], schemes: ['git'] },
  { id: 'kubelet', name: 'kubelet API', phrase: 'the kubelet API', ports: [tcp(10250)], sensitive: true },
  { id: 'kubelet-readonly', name: 'kubelet read-only API', phrase: 'the kubelet read-only API', ports: [tcp(10255)], sensitive: true },
  {
    id: 'memcached',
    name: 'Memcached',
    ports: [any(11211)],
    sensitive: true,
    schemes: ['memcached'],
    daemons: ['memcached'],
    images: ['memcached', 'bitnami/memcached'],
  },
  {
    id: 'mongodb',
    name: 'MongoDB',
    ports: [tcp(27017, 27019)],
    sensitive: true,
    schemes: ['mongodb'],
    lookupSchemes: ['mongodb+srv'],
    daemons: ['mongod'],
    images: ['mongo', 'mongodb/mongodb-community-server', 'bitnami/mongodb'],
  },
  { id: 'stomp', name: 'STOMP', ports: [tcp(61613)], schemes: ['stomp'] },
];

/** SQLAlchemy-style `dialect+driver` schemes take the dialect's port (`postgresql+psycopg2`). */
const DRIVER_DIALECTS = new Set(['postgres', 'postgresql', 'mysql', 'mariadb', 'mssql']);

const SCHEME_PORTS: ReadonlyMap<string, number | null> = new Map(
  SERVICES.flatMap((s) => [
    ...(s.schemes ?? []).map((scheme) => [scheme, s.ports[0]!.port] as const),
    ...(s.lookupSchemes ?? []).map((scheme) => [scheme, null] as const),
  ]),
);

/**
 * The default port of a URL scheme (lower case): `postgres` → 5432, `postgresql+psycopg2` →
 * 5432; undefined for schemes whose URLs name no port (`mongodb+srv`) or that are not known.
 */
export function schemePort(scheme: string): number | undefined {
  const known = SCHEME_PORTS.get(scheme);
  if (known !== undefined) return known ?? undefined;
  if (SCHEME_PORTS.has(scheme)) return undefined;
  const plus = scheme.indexOf('+');
  if (plus > 0 && DRIVER_DIALECTS.has(scheme.slice(0, plus))) return SCHEME_PORTS.get(scheme.slice(0, plus)) ?? undefined;
  return undefined;
}

function matches(p: ServicePorts, port: number, transport: string): boolean {
  return (p.transport === 'any' || p.transport === transport) && p.port <= port && port <= (p.endPort ?? p.port);
}

/** The well-known service on a port and transport (`5432/tcp` → PostgreSQL), if any. */
export function serviceAt(port: number, transport: string): Service | undefined {
  return SERVICES.find((s) => s.ports.some((p) => matches(p, port, transport)));
}

/** The service a URL scheme names (`postgres` → PostgreSQL), if any. */
export function serviceOfScheme(scheme: string): Service | undefined {
  return SERVICES.find((s) => s.schemes?.includes(scheme) || s.lookupSchemes?.includes(scheme));
}

/** One port row of a service, flattened with its service: the shape the rules' option tables take. */
export interface ServicePortRow {
  service: Service;
  port: number;
  endPort?: number;
  transport: ServiceTransport;
}

/** The port rows of the services that pass `filter`, in port order. */
export function portRows(filter: (s: Service) => boolean): ServicePortRow[] {
  return SERVICES.filter(filter)
    .flatMap((service) => service.ports.map((p) => ({ service, ...p })))
    .sort((a, b) => a.port - b.port);
}

/**
 * An image reference's repository, as the knowledge base lists images: without tag or digest, and
 * without Docker Hub's registry and `library/` prefix (`docker.io/library/postgres:16` → `postgres`,
 * `quay.io/coreos/etcd:v3.5` → `quay.io/coreos/etcd`). Lower case.
 */
export function imageRepository(image: string): string {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) ref = ref.slice(0, colon);
  return ref.replace(/^(?:index\.)?docker\.io\//, '').replace(/^library\//, '');
}

/**
 * The services that list a name under `field` (an image, a daemon, a package), in list order: the
 * parsers ask per image and per word of a command, so each field is indexed once, when first asked.
 */
const indexes = new Map<'images' | 'daemons' | 'packages', ReadonlyMap<string, readonly Service[]>>();
function servicesListing(field: 'images' | 'daemons' | 'packages', name: string): readonly Service[] {
  let index = indexes.get(field);
  if (!index) {
    const built = new Map<string, Service[]>();
    for (const s of SERVICES) {
      for (const n of new Set(s[field])) {
        const list = built.get(n);
        if (list) list.push(s);
        else built.set(n, [s]);
      }
    }
    indexes.set(field, (index = built));
  }
  return index.get(name) ?? [];
}

/** The service an image serves, when the knowledge base lists it (`postgres:16-alpine` → PostgreSQL). */
export function serviceOfImage(image: string): Service | undefined {
  return servicesListing('images', imageRepository(image))[0];
}

/** Every service an image is listed for (an image may serve several). */
export function servicesOfImage(image: string): Service[] {
  return [...servicesListing('images', imageRepository(image))];
}

/** The service a daemon or program name stands for (`sshd` → SSH, `/usr/sbin/vsftpd` → FTP), if any. */
export function serviceOfDaemon(word: string): Service | undefined {
  const base = word.slice(word.lastIndexOf('/') + 1).toLowerCase();
  return servicesListing('daemons', base)[0];
}

/** The services whose packages a shell command installs (`apt-get install -y openssh-server` → SSH). */
export function servicesInstalledBy(command: string): Service[] {
  if (!/\b(?:apt-get|apt|apk|yum|dnf|microdnf|zypper|pacman)\b[^;&|]*\b(?:install|add|-S)\b/.test(command)) return [];
  const installed = new Set<Service>();
  for (const word of command.toLowerCase().split(/[\s;&|\\]+/)) for (const s of servicesListing('packages', word)) installed.add(s);
  return SERVICES.filter((s) => installed.has(s));
}
