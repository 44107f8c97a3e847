import { describe, expect, it } from 'vitest';
import type { PortEntry as PortDeclaration } from '../../src/inventory.js';
import { entries } from '../support/entries.js';
import { isComposeDocument, isLegacyComposeDocument, parseCompose, type ComposeOptions } from '../../src/parsers/compose.js';
import { parseYaml } from '../../src/parsers/yaml.js';

/** A one-service compose file with the given `ports:` items (indented for the list). */
function withPorts(...items: string[]): string {
  return `services:\n  web:\n    image: nginx\n    ports:\n${items.map((i) => `      - ${i}`).join('\n')}\n`;
}

function parse(text: string, options?: ComposeOptions) {
  return entries(parseCompose(text, 'compose.yaml', options));
}

function decls(text: string, options?: ComposeOptions): PortDeclaration[] {
  return parse(text, options).declarations;
}

/** The source text a (single-line) declaration points at. */
function pointed(text: string, d: PortDeclaration): string {
  expect(d.endLine).toBe(d.line);
  return text.split('\n')[d.line - 1]!.slice(d.column - 1, d.endColumn - 1);
}

/** [role, field, port, endPort, pointed text] of each declaration. */
function summary(text: string, options?: ComposeOptions) {
  return decls(text, options).map((d) => [d.role, d.field, d.port, d.endPort, pointed(text, d)]);
}

describe('isComposeDocument', () => {
  const first = (text: string) => {
    const [doc] = parseYaml(text).docs;
    expect(doc).toBeDefined();
    return doc!;
  };
  it('needs a top-level services map and no apiVersion/kind', () => {
    expect(isComposeDocument(first('services:\n  a:\n    image: x\n'))).toBe(true);
    expect(isComposeDocument(first('services: {}\n'))).toBe(true);
    expect(isComposeDocument(first('services:\n  - a\n'))).toBe(false);
    expect(isComposeDocument(first('apiVersion: v1\nkind: Service\nservices:\n  a: {}\n'))).toBe(false);
    expect(isComposeDocument(first('web:\n  image: x\n'))).toBe(false);
    expect(isComposeDocument(first('- 1\n'))).toBe(false);
  });

  it('recognises version-1 files separately', () => {
    expect(isLegacyComposeDocument(first('version: "1"\nweb:\n  image: x\ndb:\n  build: .\n'))).toBe(true);
    expect(isLegacyComposeDocument(first('web:\n  image: x\nsettings:\n  debug: true\n'))).toBe(false);
    expect(isLegacyComposeDocument(first('services:\n  a:\n    image: x\n'))).toBe(false);
  });
});

describe('parseCompose: short syntax', () => {
  it('"80" (a YAML int) gives a container port and a host port 0 (a free port Docker picks) at the same digits', () => {
    const text = withPorts('80');
    const ds = decls(text);
    expect(ds).toEqual([
      {
        file: 'compose.yaml',
        format: 'compose',
        role: 'container',
        field: 'ports',
        port: 80,
        endPort: 80,
        protocol: 'tcp',
        raw: '80',
        context: { service: 'web' },
        service: 'HTTP',
        line: 5,
        column: 9,
        endLine: 5,
        endColumn: 11,
      },
      {
        file: 'compose.yaml',
        format: 'compose',
        role: 'host',
        field: 'ports',
        port: 0,
        endPort: 0,
        protocol: 'tcp',
        raw: '80',
        target: { port: 80, endPort: 80 },
        context: { service: 'web' },
        service: 'HTTP',
        line: 5,
        column: 9,
        endLine: 5,
        endColumn: 11,
      },
    ]);
    expect(parse(text).format).toBe('compose');
  });

  it('"8080:80": container and host declarations at their own digits', () => {
    const text = withPorts('"8080:80"');
    const [host, container] = decls(text);
    expect(container).toMatchObject({ role: 'container', port: 80, line: 5, column: 15, endColumn: 17, raw: '8080:80' });
    expect(host).toMatchObject({
      role: 'host',
      field: 'ports',
      port: 8080,
      endPort: 8080,
      target: { port: 80, endPort: 80 },
      line: 5,
      column: 10,
      endColumn: 14,
    });
    expect(host!.hostIp).toBeUndefined();
  });

  it('unquoted 22:22 is a string under YAML 1.2, not a sexagesimal number', () => {
    expect(summary(withPorts('22:22'))).toEqual([
      ['host', 'ports', 22, 22, '22'],
      ['container', 'ports', 22, 22, '22'],
    ]);
  });

  it('"127.0.0.1:8080:80" and "[::1]:8080:80" set hostIp', () => {
    const text = withPorts('"127.0.0.1:8080:80"', '"[::1]:9090:90"', '"::1:7070:70"');
    const hosts = decls(text).filter((d) => d.role === 'host');
    expect(hosts.map((d) => [d.hostIp, d.port, pointed(text, d)])).toEqual([
      ['127.0.0.1', 8080, '8080'],
      ['::1', 9090, '9090'],
      ['::1', 7070, '7070'],
    ]);
  });

  it('"127.0.0.1::80" publishes an ephemeral port: a host port 0 on that IP, at the target', () => {
    const text = withPorts('"127.0.0.1::80"', '"[::1]::81/udp"', '"${IP}::82"');
    expect(summary(text)).toEqual([
      ['container', 'ports', 80, 80, '80'],
      ['host', 'ports', 0, 0, '80'],
      ['container', 'ports', 81, 81, '81'],
      ['host', 'ports', 0, 0, '81'],
      ['container', 'ports', 82, 82, '82'],
      ['host', 'ports', undefined, undefined, '82'],
    ]);
    const hosts = decls(text).filter((d) => d.role === 'host');
    expect(hosts.map((d) => [d.hostIp, d.protocol, d.target, d.raw, d.unresolved, d.invalid])).toEqual([
      ['127.0.0.1', 'tcp', { port: 80, endPort: 80 }, '127.0.0.1::80', undefined, undefined],
      ['::1', 'udp', { port: 81, endPort: 81 }, '[::1]::81/udp', undefined, undefined],
      [undefined, 'tcp', { port: 82, endPort: 82 }, '${IP}::82', ['IP'], undefined],
    ]);
  });

  it('ranges: "3000-3005", "9090-9091:8080-8081", "6005-6015:80"', () => {
    const text = withPorts('"3000-3005"', '"9090-9091:8080-8081"', '"6005-6015:80"');
    expect(summary(text)).toEqual([
      ['container', 'ports', 3000, 3005, '3000-3005'],
      ['host', 'ports', 0, 0, '3000-3005'],
      ['host', 'ports', 9090, 9091, '9090-9091'],
      ['container', 'ports', 8080, 8081, '8080-8081'],
      ['host', 'ports', 6005, 6015, '6005-6015'],
      ['container', 'ports', 80, 80, '80'],
    ]);
    const hosts = decls(text).filter((d) => d.role === 'host');
    expect(hosts.map((d) => d.target)).toEqual([
      { port: 3000, endPort: 3005 },
      { port: 8080, endPort: 8081 },
      { port: 80, endPort: 80 },
    ]);
    expect(hosts.every((d) => d.invalid === undefined)).toBe(true);
  });

  it('mismatched range lengths mark the host declaration invalid', () => {
    const [host, container] = decls(withPorts('"7000-7002:80-81"'));
    expect(container).toBeDefined();
    expect(container!.invalid).toBeUndefined();
    expect(host).toMatchObject({ role: 'host', port: 7000, endPort: 7002, invalid: expect.stringMatching(/differ in length/) });
  });

  it('"6060:6060/udp" and "0.0.0.0:53:53/udp": protocols on both declarations', () => {
    const ds = decls(withPorts('"6060:6060/udp"', '"0.0.0.0:53:53/UDP"'));
    expect(ds.map((d) => [d.role, d.port, d.protocol, d.protocolRaw, d.hostIp])).toEqual([
      ['host', 6060, 'udp', 'udp', undefined],
      ['container', 6060, 'udp', 'udp', undefined],
      ['host', 53, 'udp', 'UDP', '0.0.0.0'],
      ['container', 53, 'udp', 'UDP', undefined],
    ]);
  });

  it('garbage gives one invalid container declaration at the whole scalar', () => {
    const text = withPorts('garbage', '"localhost:80:80"');
    const ds = decls(text);
    expect(ds[0]).toMatchObject({ role: 'container', invalid: expect.any(String), line: 5, column: 9, endColumn: 16 });
    expect(ds[0]!.port).toBeUndefined();
    expect(ds[1]).toMatchObject({ role: 'host', port: 80, invalid: expect.stringMatching(/not an IP address/) });
  });
});

describe('parseCompose: long syntax', () => {
  it('reads target, published, host_ip, protocol, mode, name and app_protocol', () => {
    const text = [
      'services:',
      '  web:',
      '    ports:',
      '      - target: 80',
      '        published: "8080"',
      '        host_ip: 127.0.0.1',
      '        protocol: UDP',
      '        mode: host',
      '        name: web',
      '        app_protocol: http',
      '',
    ].join('\n');
    const [container, host] = decls(text);
    expect(container).toEqual({
      file: 'compose.yaml',
      format: 'compose',
      role: 'container',
      field: 'target',
      port: 80,
      endPort: 80,
      protocol: 'udp',
      protocolRaw: 'UDP',
      name: 'web',
      raw: '80',
      context: { service: 'web' },
      line: 4,
      column: 17,
      endLine: 4,
      endColumn: 19,
    });
    expect(host).toMatchObject({
      role: 'host',
      field: 'published',
      port: 8080,
      hostIp: '127.0.0.1',
      protocol: 'udp',
      name: 'web',
      target: { port: 80, endPort: 80 },
      line: 5,
      column: 21,
      endColumn: 25,
    });
  });

  it('published as a number and as a range', () => {
    const text = withPorts('{ target: 22, published: 2222 }', '{ target: 21, published: "21000-21010" }');
    expect(summary(text)).toEqual([
      ['container', 'target', 22, 22, '22'],
      ['host', 'published', 2222, 2222, '2222'],
      ['container', 'target', 21, 21, '21'],
      ['host', 'published', 21000, 21010, '21000-21010'],
    ]);
  });

  it('without published: the container port and a host port 0 (a free port Docker picks) at the target', () => {
    const text = withPorts(
      '{ target: 5432 }',
      '{ target: 5433, published: "" }',
      '{ target: "5434", host_ip: 127.0.0.1, protocol: udp, name: db }',
    );
    expect(summary(text)).toEqual([
      ['container', 'target', 5432, 5432, '5432'],
      ['host', 'published', 0, 0, '5432'],
      ['container', 'target', 5433, 5433, '5433'],
      ['host', 'published', 0, 0, '5433'],
      ['container', 'target', 5434, 5434, '5434'],
      ['host', 'published', 0, 0, '5434'],
    ]);
    const hosts = decls(text).filter((d) => d.role === 'host');
    expect(hosts.map((d) => [d.raw, d.hostIp, d.protocol, d.name, d.target])).toEqual([
      ['5432', undefined, 'tcp', undefined, { port: 5432, endPort: 5432 }],
      ['5433', undefined, 'tcp', undefined, { port: 5433, endPort: 5433 }],
      ['5434', '127.0.0.1', 'udp', 'db', { port: 5434, endPort: 5434 }],
    ]);
  });

  it('without target: a warning and no declaration', () => {
    const out = parse(withPorts('{ published: 8080 }'));
    expect(out.declarations).toEqual([]);
    expect(out.problems).toMatchObject([{ severity: 'warn', fatal: false, line: 5, column: 9, message: expect.stringMatching(/target/) }]);
  });
});

describe('parseCompose: expose', () => {
  it('reads "3000", "3000-3005", 8000/tcp and ints as container ports', () => {
    const text = 'services:\n  api:\n    expose:\n      - "3000"\n      - 3001-3005\n      - 8000/udp\n      - 9000\n';
    expect(decls(text).map((d) => [d.role, d.field, d.port, d.endPort, d.protocol, pointed(text, d)])).toEqual([
      ['container', 'expose', 3000, 3000, 'tcp', '3000'],
      ['container', 'expose', 3001, 3005, 'tcp', '3001-3005'],
      ['container', 'expose', 8000, 8000, 'udp', '8000'],
      ['container', 'expose', 9000, 9000, 'tcp', '9000'],
    ]);
  });

  it('marks a host mapping in expose invalid', () => {
    const [d] = decls('services:\n  api:\n    expose:\n      - "8080:80"\n');
    expect(d).toMatchObject({ field: 'expose', invalid: expect.any(String), line: 4, column: 9, endColumn: 18 });
  });
});

describe('parseCompose: interpolation', () => {
  it("cowrie's ${COWRIE_TELNET_PORT:-2223}:2223 uses the default and points at each part", () => {
    const text = withPorts('"${COWRIE_TELNET_PORT:-2223}:2223"');
    const [host, container] = decls(text);
    expect(container).toMatchObject({ role: 'container', port: 2223, raw: '${COWRIE_TELNET_PORT:-2223}:2223', line: 5, column: 38 });
    expect(pointed(text, container!)).toBe('2223');
    expect(host).toMatchObject({ role: 'host', port: 2223, target: { port: 2223 } });
    expect(pointed(text, host!)).toBe('${COWRIE_TELNET_PORT:-2223}');
  });

  it('takes values from the .env text, and options.env wins over it', () => {
    const text = withPorts('"${WEB_PORT}:80"', '"${BIND}:${ADMIN_PORT:-9000}:9000"');
    const dotenv = 'WEB_PORT=8081\nBIND=127.0.0.1\nADMIN_PORT=9100 # admin\n';
    const fromDotenv = decls(text, { dotenv }).filter((d) => d.role === 'host');
    expect(fromDotenv.map((d) => [d.port, d.hostIp])).toEqual([
      [8081, undefined],
      [9100, '127.0.0.1'],
    ]);
    const env = new Map([['WEB_PORT', '8888']]);
    expect(decls(text, { dotenv, env }).find((d) => d.role === 'host')?.port).toBe(8888);
  });

  it('interpolates .env values with each other', () => {
    const text = withPorts('"${PUBLIC}:80"');
    const [host] = decls(text, { dotenv: 'BASE=80\nPUBLIC=${BASE}80' });
    expect(host?.port).toBe(8080);
  });

  it('unset variables give unresolved declarations, never a guess, and keep the known parts', () => {
    const text = withPorts('"${HOST_PORT}:80"', '"${ALL}"', '{ target: 80, published: "${PUB}" }', '"${IP}:81:81"');
    const ds = decls(text);
    expect(ds.map((d) => [d.role, d.port, d.unresolved, pointed(text, d)])).toEqual([
      ['host', undefined, ['HOST_PORT'], '${HOST_PORT}'],
      ['container', 80, undefined, '80'],
      ['container', undefined, ['ALL'], '${ALL}'],
      ['container', 80, undefined, '80'],
      ['host', undefined, ['PUB'], '${PUB}'],
      ['host', undefined, ['IP'], '81'],
      ['container', 81, undefined, '81'],
    ]);
    expect(ds[0]).toMatchObject({ target: { port: 80, endPort: 80 }, raw: '${HOST_PORT}:80' });
  });

  it('a variable holding a whole mapping is split after interpolation, located at the whole scalar', () => {
    const text = withPorts('"${MAPPING}"');
    const ds = decls(text, { dotenv: 'MAPPING=127.0.0.1:8080:80/udp' });
    expect(ds.map((d) => [d.role, d.port, d.hostIp, d.protocol, pointed(text, d)])).toEqual([
      ['container', 80, undefined, 'udp', '"${MAPPING}"'],
      ['host', 8080, '127.0.0.1', 'udp', '"${MAPPING}"'],
    ]);
  });

  it('an empty published part after interpolation is an ephemeral port: a host port 0 at the target', () => {
    const text = withPorts('"${HP:-}:80"');
    expect(summary(text)).toEqual([
      ['container', 'ports', 80, 80, '80'],
      ['host', 'ports', 0, 0, '80'],
    ]);
    expect(decls(text)[1]).toMatchObject({ raw: '${HP:-}:80', target: { port: 80, endPort: 80 } });
    expect(decls(text)[1]!.unresolved).toBeUndefined();
  });

  it('interpolates long-syntax fields and expose items', () => {
    const text = [
      'services:',
      '  web:',
      '    ports:',
      '      - target: ${T:-90}',
      '        published: ${P}',
      '        host_ip: ${IP:-127.0.0.1}',
      '    expose:',
      '      - ${E:-7000}',
      '',
    ].join('\n');
    const ds = decls(text, { env: new Map([['P', '9090']]) });
    expect(ds.map((d) => [d.role, d.field, d.port, d.hostIp, pointed(text, d)])).toEqual([
      ['container', 'target', 90, undefined, '${T:-90}'],
      ['host', 'published', 9090, '127.0.0.1', '${P}'],
      ['container', 'expose', 7000, undefined, '${E:-7000}'],
    ]);
  });

  it('$$ escapes and malformed references', () => {
    const out = parse(withPorts('"$$80"', '"$1:80"'));
    expect(out.declarations[0]).toMatchObject({ invalid: expect.any(String) });
    expect(out.problems).toMatchObject([{ severity: 'warn', line: 6, column: 9, message: expect.stringMatching(/interpolation/) }]);
  });

  it('${VAR:?msg} with VAR unset is unresolved, not a problem', () => {
    const out = parse(withPorts('"${PORT:?set PORT}:80"'));
    expect(out.problems).toEqual([]);
    expect(out.declarations[0]).toMatchObject({ role: 'host', unresolved: ['PORT'] });
  });
});

describe('parseCompose: anchors and merge keys', () => {
  it('follows x- anchors, <<: merges and aliased port lists', () => {
    const text = [
      'x-ports: &web-ports',
      '  - "8081:81"',
      'x-base: &base',
      '  image: app',
      '  ports:',
      '    - "9000:9000"',
      '  network_mode: host',
      'x-port: &one',
      '  target: 443',
      '  published: 8443',
      'services:',
      '  a:',
      '    <<: *base',
      '  b:',
      '    <<: *base',
      '    ports: *web-ports',
      '  c:',
      '    ports:',
      '      - <<: *one',
      '        protocol: udp',
      '      - *one',
      '',
    ].join('\n');
    const out = parse(text);
    expect(out.declarations.map((d) => [d.context.service, d.role, d.port, d.protocol, d.line, d.column])).toEqual([
      ['a', 'host', 9000, 'tcp', 6, 8],
      ['a', 'container', 9000, 'tcp', 6, 13],
      ['b', 'host', 8081, 'tcp', 2, 6],
      ['b', 'container', 81, 'tcp', 2, 11],
      ['c', 'container', 443, 'udp', 9, 11],
      ['c', 'host', 8443, 'udp', 10, 14],
      ['c', 'container', 443, 'tcp', 9, 11],
      ['c', 'host', 8443, 'tcp', 10, 14],
    ]);
    expect(out.facts.composeServices.map((s) => [s.name, s.networkMode])).toEqual([
      ['a', 'host'],
      ['b', 'host'],
      ['c', undefined],
    ]);
    expect(out.problems).toEqual([]);
  });

  it('merges whole services through <<: at the services level', () => {
    const text = 'x-svc: &svc\n  web:\n    ports: ["80:80"]\nservices:\n  <<: *svc\n  db:\n    expose: [5432]\n';
    expect(decls(text).map((d) => [d.context.service, d.role, d.port])).toEqual([
      ['db', 'container', 5432],
      ['web', 'host', 80],
      ['web', 'container', 80],
    ]);
  });
});

describe('parseCompose: facts', () => {
  it('one fact per service with network_mode, user, image and container_name, interpolated', () => {
    const text = [
      'services:',
      '  host-net:',
      '    network_mode: host',
      '    user: "1000:1000"',
      '    ports: ["80:80"]',
      '  var-net:',
      '    network_mode: ${NET:-host}',
      '    user: ${UID}',
      '  plain:',
      '    image: ${IMAGE:-nginx:1.27}',
      '    container_name: web',
      '',
    ].join('\n');
    const out = parse(text);
    expect(out.facts.composeServices).toEqual([
      {
        file: 'compose.yaml',
        name: 'host-net',
        networkMode: 'host',
        user: '1000:1000',
        loc: { line: 2, column: 3, endLine: 2, endColumn: 11 },
      },
      {
        file: 'compose.yaml',
        name: 'var-net',
        networkMode: 'host',
        user: '${UID}',
        loc: { line: 6, column: 3, endLine: 6, endColumn: 10 },
      },
      {
        file: 'compose.yaml',
        name: 'plain',
        image: 'nginx:1.27',
        containerName: 'web',
        loc: { line: 9, column: 3, endLine: 9, endColumn: 8 },
      },
    ]);
    // network_mode: host still emits the declarations; rules decide.
    expect(out.declarations).toHaveLength(2);
    expect(out.facts.workloads).toEqual([]);
  });

  it('reads version-1 files, with net: host', () => {
    const out = parse('vpn:\n  build: .\n  net: host\n  ports:\n    - "1194:1194/udp"\n');
    expect(out.facts.composeServices.map((s) => [s.name, s.networkMode])).toEqual([['vpn', 'host']]);
    expect(out.declarations.map((d) => [d.role, d.port, d.protocol])).toEqual([
      ['host', 1194, 'udp'],
      ['container', 1194, 'udp'],
    ]);
  });
});

describe('parseCompose: bad shapes never throw', () => {
  it('warns about services that are not maps, ports that are not lists and odd items', () => {
    const text = [
      'services:',
      '  a: null',
      '  b:',
      '    ports: "80:80"',
      '  c:',
      '    ports:',
      '      - [80, 81]',
      '      -',
      '      - "82"',
      '  d:',
      '    expose:',
      '      - { port: 1 }',
      '  e: [1, 2]',
      '',
    ].join('\n');
    const out = parse(text);
    expect(out.problems.map((p) => [p.line, p.column, p.severity, p.fatal])).toEqual([
      [2, 6, 'warn', false],
      [4, 12, 'warn', false],
      [7, 9, 'warn', false],
      [12, 9, 'warn', false],
      [13, 6, 'warn', false],
    ]);
    expect(out.declarations.map((d) => [d.context.service, d.role, d.port])).toEqual([
      ['c', 'container', 82],
      ['c', 'host', 0],
    ]);
    expect(out.facts.composeServices.map((s) => s.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reports YAML syntax errors as fatal problems', () => {
    const out = parse('services:\n  web:\n    ports: ["80:80"\n');
    expect(out.problems.some((p) => p.fatal && p.severity === 'error' && p.line >= 1)).toBe(true);
  });

  it('keeps lines right after a broken multi-line quoted key (the YAML parser loses a line there)', () => {
    const text = [
      ":version: '3.7'",
      'services:',
      ' "redpanda:',
      '    container_name: "redpanda"',
      '    image: docker.redpanda.com/vectorized/redpanda:v23.2.16',
      '    command:',
      '      - redpanda start',
      '      - --smp 1',
      '      - --overprovisioned',
      '      - --node-id 0',
      '      - --kafka-addr PLAINTEXT://0.0.0.0:29092,OUTSIDE://0.0.0.0:9092',
      '      - --advertise-kafka-addr PLAINTEXT://redpanda:29092,OUTSIDE://localhost:9092',
      '      - --pandaproxy-addr 0.0.0.0:8082',
      '      - --advertise-pandaproxy-addr localhost:8082',
      '    ports:',
      '      - 8081:8081',
      '',
    ].join('\n');
    const out = parse(text);
    expect(out.problems.some((p) => p.fatal)).toBe(true);
    expect(out.declarations.map((d) => [d.role, d.line, d.column, pointed(text, d)])).toEqual([
      ['host', 16, 9, '8081'],
      ['container', 16, 14, '8081'],
    ]);
  });

  it('skips documents that are not compose documents', () => {
    const out = parse('apiVersion: v1\nkind: Pod\n---\nservices:\n  web:\n    ports: [80]\n');
    expect(out.declarations.map((d) => [d.role, d.port, d.line])).toEqual([
      ['container', 80, 6],
      ['host', 0, 6],
    ]);
  });

  it('survives alias cycles and empty input', () => {
    expect(() => parse('')).not.toThrow();
    expect(parse('').declarations).toEqual([]);
    const cyclic = 'x: &a\n  <<: *a\nservices:\n  web:\n    <<: *a\n    ports: [80]\n';
    expect(() => parse(cyclic)).not.toThrow();
  });
});

describe('compose environment values', () => {
  it('reads environment: (map and list) like an env file, owned by the service, interpolated', () => {
    const text = ['services:', '  app:', '    image: example/app', '    environment:', '      FEED: ftp://${FEED_HOST}:2121/in', ''].join(
      '\n',
    );
    const list = ['services:', '  app:', '    environment:', '      - "DB_PORT=${DB:-5433}"', '      - URL=telnet://sw', ''].join('\n');
    const map = parseCompose(text, 'compose.yaml', { env: new Map([['FEED_HOST', 'f.example.com']]) });
    expect(map.declarations.map((d) => [d.role, d.line, d.column, d.value, d.format, d.owner.kind])).toEqual([
      ['url', 5, 32, { kind: 'port', port: 2121, endPort: 2121 }, 'compose', 'composeService'],
    ]);
    const items = parseCompose(list, 'compose.yaml').declarations;
    expect(items.map((d) => [d.role, d.line, d.value.kind === 'port' ? d.value.port : d.value.kind])).toEqual([
      ['env', 4, 5433],
      ['url', 5, 23],
    ]);
  });

  it('reads env_file: through readSibling into the service environment, environment: winning', () => {
    const text = [
      'services:',
      '  zk:',
      '    image: confluentinc/cp-zookeeper',
      '    env_file: [zk.env, {path: missing.env, required: false}]',
      '    environment:',
      '      B: from-compose',
      '',
    ].join('\n');
    const files: Record<string, string> = { 'zk.env': 'ZOOKEEPER_CLIENT_PORT=22181\nB=from-file\n' };
    const r = parseCompose(text, 'compose.yaml', { readSibling: (n) => files[n] });
    expect(r.facts.composeServices[0]?.environment).toEqual({ ZOOKEEPER_CLIENT_PORT: '22181', B: 'from-compose' });
  });
});
