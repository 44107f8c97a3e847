import { describe, expect, it } from 'vitest';
import { DEFAULT_SENSITIVE_PORTS } from '../rules/exposed-sensitive-port/index.js';
import { DEFAULT_PORTS } from '../rules/insecure-protocol/table.js';
import { SERVICES, imageRepository, schemePort, serviceAt, serviceOfImage, serviceOfScheme } from '../src/knowledge/services.js';

describe('the knowledge base of services', () => {
  it('has unique ids, port ranges that are ranges, and is in port order', () => {
    expect(new Set(SERVICES.map((s) => s.id)).size).toBe(SERVICES.length);
    for (const s of SERVICES) for (const p of s.ports) expect(p.endPort ?? p.port).toBeGreaterThanOrEqual(p.port);
    const first = SERVICES.map((s) => s.ports[0]!.port);
    expect(first).toEqual([...first].sort((a, b) => a - b));
  });

  it('gives URL schemes their default ports (and none to lookups and unknown schemes)', () => {
    const expected: Record<string, number | undefined> = {
      ftp: 21,
      ftps: 990,
      sftp: 22,
      ssh: 22,
      scp: 22,
      telnet: 23,
      tftp: 69,
      http: 80,
      https: 443,
      ws: 80,
      wss: 443,
      postgres: 5432,
      postgresql: 5432,
      mysql: 3306,
      mariadb: 3306,
      sqlserver: 1433,
      mssql: 1433,
      mongodb: 27017,
      'mongodb+srv': undefined,
      redis: 6379,
      rediss: 6380,
      memcached: 11211,
      amqp: 5672,
      amqps: 5671,
      ldap: 389,
      ldaps: 636,
      smtp: 25,
      smtps: 465,
      imap: 143,
      imaps: 993,
      pop3: 110,
      pop3s: 995,
      nats: 4222,
      mqtt: 1883,
      mqtts: 8883,
      kafka: 9092,
      stomp: 61613,
      git: 9418,
      rtsp: 554,
      rtmp: 1935,
      sip: 5060,
      sips: 5061,
      irc: 6667,
      ircs: 6697,
      vnc: 5900,
      rdp: 3389,
      rsync: 873,
      gopher: 70,
      nntp: 119,
      socks: 1080,
      socks4: 1080,
      socks5: 1080,
      'postgresql+psycopg2': 5432,
      'mysql+pymysql': 3306,
      'redis+sentinel': undefined,
      s3: undefined,
      constructor: undefined,
    };
    for (const [scheme, port] of Object.entries(expected)) expect(schemePort(scheme), scheme).toBe(port);
    const withSchemes = SERVICES.flatMap((s) => s.schemes ?? []);
    expect(new Set(withSchemes).size).toBe(withSchemes.length);
  });

  it('names the service on a port and transport, and of a scheme', () => {
    expect(serviceAt(5432, 'tcp')?.name).toBe('PostgreSQL');
    expect(serviceAt(21, 'tcp')?.name).toBe('FTP');
    expect(serviceAt(69, 'udp')?.name).toBe('TFTP');
    expect(serviceAt(69, 'tcp')).toBeUndefined();
    expect(serviceAt(5905, 'tcp')?.name).toBe('VNC');
    expect(serviceAt(11211, 'udp')?.name).toBe('Memcached');
    expect(serviceAt(587, 'tcp')?.name).toBe('SMTP submission');
    expect(serviceAt(4190, 'tcp')?.name).toBe('ManageSieve');
    expect(serviceOfScheme('postgres')?.name).toBe('PostgreSQL');
  });

  it('knows services by image, whatever the registry prefix, tag or digest', () => {
    expect(imageRepository('docker.io/library/postgres:16-alpine')).toBe('postgres');
    expect(imageRepository('quay.io/coreos/etcd:v3.5.9@sha256:abc')).toBe('quay.io/coreos/etcd');
    expect(imageRepository('localhost:5000/redis')).toBe('localhost:5000/redis');
    expect(serviceOfImage('postgres:16')?.name).toBe('PostgreSQL');
    expect(serviceOfImage('confluentinc/cp-zookeeper:7.6.0')?.name).toBe('ZooKeeper');
    expect(serviceOfImage('bitnami/redis')?.name).toBe('Redis');
    expect(serviceOfImage('nginx:1.27')).toBeUndefined();
    const images = SERVICES.flatMap((s) => s.images ?? []);
    expect(new Set(images).size).toBe(images.length);
    for (const image of images) expect(imageRepository(image), image).toBe(image);
  });

  it('feeds insecure-protocol the plaintext services it always had', () => {
    const ftp = 'SFTP, or FTPS with TLS required';
    expect(DEFAULT_PORTS).toEqual([
      { port: 20, protocol: 'tcp', service: 'FTP', replacement: ftp },
      { port: 21, protocol: 'tcp', service: 'FTP', replacement: ftp },
      { port: 23, protocol: 'tcp', service: 'Telnet', replacement: 'SSH' },
      { port: 69, protocol: 'udp', service: 'TFTP', replacement: 'SFTP, or HTTPS for network boot' },
      { port: 512, protocol: 'tcp', service: 'rexec', replacement: 'SSH' },
      { port: 513, protocol: 'tcp', service: 'rlogin', replacement: 'SSH' },
      { port: 514, protocol: 'tcp', service: 'rsh', replacement: 'SSH', sharedWith: 'syslog' },
    ]);
  });

  it('feeds exposed-sensitive-port the sensitive services it always had, and the classics issue 12 added (NetBIOS, SMB on 139)', () => {
    expect(DEFAULT_SENSITIVE_PORTS).toEqual([
      { port: 22, protocol: 'tcp', service: 'SSH' },
      { port: 137, protocol: 'udp', service: 'NetBIOS' },
      { port: 138, protocol: 'udp', service: 'NetBIOS' },
      { port: 139, protocol: 'tcp', service: 'SMB' },
      { port: 445, protocol: 'tcp', service: 'SMB' },
      { port: 1433, protocol: 'tcp', service: 'SQL Server' },
      { port: 1434, service: 'SQL Server Browser' },
      { port: 1521, protocol: 'tcp', service: 'Oracle Database' },
      { port: 2181, protocol: 'tcp', service: 'ZooKeeper' },
      { port: 2375, protocol: 'tcp', service: 'the Docker daemon API' },
      { port: 2376, protocol: 'tcp', service: 'the Docker daemon API (TLS)' },
      { port: 2379, endPort: 2380, protocol: 'tcp', service: 'etcd' },
      { port: 3306, protocol: 'tcp', service: 'MySQL' },
      { port: 3389, service: 'RDP' },
      { port: 5432, protocol: 'tcp', service: 'PostgreSQL' },
      { port: 5900, endPort: 5909, protocol: 'tcp', service: 'VNC' },
      { port: 5984, protocol: 'tcp', service: 'CouchDB' },
      { port: 5985, endPort: 5986, protocol: 'tcp', service: 'WinRM' },
      { port: 6379, protocol: 'tcp', service: 'Redis' },
      { port: 9042, protocol: 'tcp', service: 'Cassandra (CQL)' },
      { port: 9200, protocol: 'tcp', service: 'Elasticsearch/OpenSearch' },
      { port: 9300, protocol: 'tcp', service: 'the Elasticsearch/OpenSearch transport' },
      { port: 10250, protocol: 'tcp', service: 'the kubelet API' },
      { port: 10255, protocol: 'tcp', service: 'the kubelet read-only API' },
      { port: 11211, service: 'Memcached' },
      { port: 27017, endPort: 27019, protocol: 'tcp', service: 'MongoDB' },
    ]);
  });
});
