import { describe, expect, it } from 'vitest';
import type { PortEntry as PortDeclaration } from '../../src/inventory.js';
import { entries } from '../support/entries.js';
import { envVariables, parseEnvEntries, parseEnvFile, portKeyKind } from '../../src/parsers/env.js';

function values(text: string): Record<string, string> {
  return Object.fromEntries(parseEnvEntries(text).entries.map((e) => [e.key, e.value]));
}

function decls(text: string): PortDeclaration[] {
  return entries(parseEnvFile(text, 'app.env')).declarations;
}

/** The source text a declaration points at (single-line declarations). */
function pointed(text: string, d: PortDeclaration): string {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  expect(d.endLine).toBe(d.line);
  return lines[d.line - 1]!.slice(d.column - 1, d.endColumn - 1);
}

describe('parseEnvEntries', () => {
  it('reads KEY=VALUE, export, and spaces around =', () => {
    expect(values('A=1\nexport B=2\nC = 3\nD= 4\nE =5\nexport\tF=6\n  G=7')).toEqual({
      A: '1',
      B: '2',
      C: '3',
      D: '4',
      E: '5',
      F: '6',
      G: '7',
    });
    expect(values('exportFOO=2\nexport_BAR=3')).toEqual({ exportFOO: '2', export_BAR: '3' });
  });

  it('reads keys with dots and dashes and yaml-style KEY: value', () => {
    expect(values('VAR.WITH.DOTS=1\nVAR-WITH-DASHES=2\nOPTION_A: 1\nOPTION_B: a=b')).toEqual({
      'VAR.WITH.DOTS': '1',
      'VAR-WITH-DASHES': '2',
      OPTION_A: '1',
      OPTION_B: 'a=b',
    });
  });

  it('keeps single-quoted and backtick values literal', () => {
    expect(values(`A='\\n $X # not a comment'\nB=\`a "b" 'c' \\n\``)).toEqual({
      A: '\\n $X # not a comment',
      B: `a "b" 'c' \\n`,
    });
    expect(parseEnvEntries("A='x'").entries[0]?.quote).toBe("'");
  });

  it('decodes escapes in double quotes', () => {
    expect(values('A="a\\nb\\tc\\"d\\\\e\\$f"')).toEqual({ A: 'a\nb\tc"d\\e$f' });
    expect(values('A="bar\\ baz"')).toEqual({ A: 'bar\\ baz' });
    expect(values(`A="echo 'asd'" # comment`)).toEqual({ A: "echo 'asd'" });
  });

  it('strips inline comments only after a blank in unquoted values', () => {
    expect(values('A=bar # comment\nB=pass#word\nC=#nothing\nD=x\t# tab comment\nE="b#c" # c')).toEqual({
      A: 'bar',
      B: 'pass#word',
      C: '',
      D: 'x',
      E: 'b#c',
    });
  });

  it('reads multi-line quoted values', () => {
    const text = 'A=\'first line\nsecond line\'\nB="x\ny"\nC=3';
    expect(values(text)).toEqual({ A: 'first line\nsecond line', B: 'x\ny', C: '3' });
    const b = parseEnvEntries(text).entries[1]!;
    expect(b.valueLoc).toEqual({ line: 3, column: 3, endLine: 4, endColumn: 3 });
    expect(b.raw).toBe('"x\ny"');
  });

  it('reads empty values, skips comments, blank lines and bare keys', () => {
    const out = parseEnvEntries('# comment\n\n   \nA=\nB= \nINHERITED\nC=""\n  # indented comment\n');
    expect(out.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', ''],
      ['B', ''],
      ['C', ''],
    ]);
    expect(out.problems).toEqual([]);
  });

  it('ignores a BOM and reads CRLF files', () => {
    const out = parseEnvEntries('\uFEFFA=1\r\nB="x"\r\nC=\'l1\r\nl2\'\r\n');
    expect(out.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', '1'],
      ['B', 'x'],
      ['C', 'l1\nl2'],
    ]);
    expect(out.entries[0]!.keyLoc).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 2 });
    expect(out.entries[1]!.valueLoc).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 6 });
  });

  it('reads a lone CR as a line break, as dotenv does', () => {
    const out = parseEnvEntries('A=1\rPORT=8080\rB="x\ry"\rC=3');
    expect(out.entries.map((e) => [e.key, e.value, e.keyLoc.line, e.keyLoc.column])).toEqual([
      ['A', '1', 1, 1],
      ['PORT', '8080', 2, 1],
      ['B', 'x\ny', 3, 1],
      ['C', '3', 5, 1],
    ]);
  });

  it('locates keys and values by line and column', () => {
    const [e] = parseEnvEntries('\n  export  API_PORT = "3000" # c').entries;
    expect(e).toEqual({
      key: 'API_PORT',
      value: '3000',
      raw: '"3000"',
      quote: '"',
      keyLoc: { line: 2, column: 11, endLine: 2, endColumn: 19 },
      valueLoc: { line: 2, column: 22, endLine: 2, endColumn: 28 },
    });
  });

  it('reports malformed lines and unterminated quotes as warnings, and keeps going', () => {
    const out = parseEnvEntries('A=1\nINVALID LINE\nlol$wut\nB="open\nC=3');
    expect(out.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', '1'],
      ['B', '"open'],
      ['C', '3'],
    ]);
    expect(out.problems.map((p) => [p.line, p.column, p.severity, p.fatal])).toEqual([
      [2, 1, 'warn', false],
      [3, 1, 'warn', false],
      [4, 3, 'warn', false],
    ]);
    expect(out.problems[2]!.message).toMatch(/unterminated/);
  });

  it('reports text after a closing quote', () => {
    const out = parseEnvEntries('A="x" y\nB=2');
    expect(values('A="x" y\nB=2')).toEqual({ A: 'x', B: '2' });
    expect(out.problems).toMatchObject([{ line: 1, column: 6, message: expect.stringMatching(/after the closing quote/) }]);
  });
});

describe('portKeyKind', () => {
  it('matches PORT as a whole word', () => {
    for (const k of ['PORT', 'port', 'HTTP_PORT', 'DB.PORT', 'FTP_PASV_PORTS', 'CQL_PORT_NUMBER', 'CLUSTER_PORT_RANGE']) {
      expect(portKeyKind(k), k).toBe('strong');
    }
    expect(portKeyKind('OTEL_COLLECTOR_PORT_HTTP')).toBe('weak');
    for (const k of ['REPORT', 'SUPPORT', 'TRANSPORT', 'PASSPORT', 'EXPORT', 'DBPORT', 'PORTAL', 'REPORT_SENDER', 'IMPORTANT']) {
      expect(portKeyKind(k), k).toBeUndefined();
    }
  });
});

describe('parseEnvFile', () => {
  it('declares numeric port-like values with exact positions', () => {
    const text = 'PORT=8080\nexport API_PORT = 3000 # api\nDB_PORT="5432"';
    const out = entries(parseEnvFile(text, 'app.env'));
    expect(out.format).toBe('env');
    expect(out.declarations).toEqual([
      {
        file: 'app.env',
        format: 'env',
        role: 'env',
        port: 8080,
        endPort: 8080,
        protocol: 'tcp',
        raw: '8080',
        field: 'PORT',
        context: { variable: 'PORT' },
        line: 1,
        column: 6,
        endLine: 1,
        endColumn: 10,
      },
      expect.objectContaining({ port: 3000, line: 2, column: 19, endColumn: 23, context: { variable: 'API_PORT' } }),
      expect.objectContaining({ port: 5432, line: 3, column: 10, endColumn: 14 }),
    ]);
  });

  it('declares one item per entry of a *_PORTS list, with exact columns', () => {
    const text = 'LIST_PORTS=8080,8081 9090\nFTP_PORTS="21, 990"';
    const ds = decls(text);
    expect(ds.map((d) => [d.port, pointed(text, d)])).toEqual([
      [8080, '8080'],
      [8081, '8081'],
      [9090, '9090'],
      [21, '21'],
      [990, '990'],
    ]);
    expect(ds[1]).toMatchObject({ line: 1, column: 17, endColumn: 21 });
  });

  it('declares a range as one declaration', () => {
    const [d] = decls('FTP_PASSIVE_PORTS=21100-21110');
    expect(d).toMatchObject({ port: 21100, endPort: 21110, column: 19, endColumn: 30, raw: '21100-21110' });
  });

  it('reads a protocol suffix on a port item', () => {
    expect(decls('DNS_PORT=53/udp')[0]).toMatchObject({ port: 53, protocol: 'udp', protocolRaw: 'udp' });
  });

  it('marks non-numeric values of port keys invalid, and ignores empty ones', () => {
    const ds = decls('PORT=abc\nEMPTY_PORT=\nCOLON_PORT=:8080');
    expect(ds).toHaveLength(2);
    expect(ds[0]).toMatchObject({ invalid: expect.stringContaining('abc'), column: 6, endColumn: 9 });
    expect(ds[1]).toMatchObject({ invalid: expect.any(String), line: 3 });
    expect(ds.map((d) => d.port)).toEqual([undefined, undefined]);
  });

  it('marks ${OTHER} references unresolved, and resolves earlier variables and defaults', () => {
    const text = "BASE=7000\nA_PORT=${OTHER}\nB_PORT=${BASE}\nC_PORT=${NOPE:-5000}\nD_PORT='${BASE}'";
    const ds = decls(text);
    expect(ds[0]!.port).toBeUndefined();
    expect(ds[0]).toMatchObject({ field: 'A_PORT', unresolved: ['OTHER'], raw: '${OTHER}', line: 2, column: 8, endColumn: 16 });
    expect(ds[1]).toMatchObject({ field: 'B_PORT', port: 7000, line: 3, column: 8, endColumn: 15 });
    expect(ds[2]).toMatchObject({ field: 'C_PORT', port: 5000, line: 4, column: 8, endColumn: 21 });
    // Single quotes are literal: '${BASE}' is not a number.
    expect(ds[3]).toMatchObject({ field: 'D_PORT', invalid: expect.any(String) });
    expect(ds[3]!.port).toBeUndefined();
  });

  it('does not flag keys that merely end in PORT', () => {
    expect(decls('REPORT=1\nSUPPORT=x\nTRANSPORT=tcp\nPASSPORT=123\nEXPORT=1\nDBPORT=5432')).toEqual([]);
  });

  it('counts numeric values of keys with PORT inside, ignores their text', () => {
    const ds = decls('OTEL_COLLECTOR_PORT_HTTP=4318\nPORT_FORWARDING=true');
    expect(ds.map((d) => [d.field, d.port])).toEqual([['OTEL_COLLECTOR_PORT_HTTP', 4318]]);
  });

  it('declares explicit URL ports at their digits', () => {
    const text = 'DATABASE_URL=postgres://user:p%40ss@db.internal:6543/app?sslmode=disable';
    const [d] = decls(text);
    expect(d).toMatchObject({
      role: 'url',
      port: 6543,
      scheme: 'postgres',
      field: 'DATABASE_URL',
      context: { variable: 'DATABASE_URL' },
      raw: 'postgres://user:p%40ss@db.internal:6543/app?sslmode=disable',
    });
    expect(d!.implicit).toBeUndefined();
    expect(pointed(text, d!)).toBe('6543');
  });

  it('declares implied URL ports at the whole URL', () => {
    const text = 'SITE="https://example.com/path" # c\nFTP=ftp://files.example.com\nT=tftp://boot';
    const ds = decls(text);
    expect(ds.map((d) => [d.scheme, d.port, d.implicit, d.protocol, pointed(text, d)])).toEqual([
      ['https', 443, true, 'tcp', 'https://example.com/path'],
      ['ftp', 21, true, 'tcp', 'ftp://files.example.com'],
      ['tftp', 69, true, 'udp', 'tftp://boot'],
    ]);
  });

  it('knows the well-known schemes and no more', () => {
    const ports = (v: string) => decls(`U=${v}`).map((d) => d.port);
    expect(ports('redis://cache')).toEqual([6379]);
    expect(ports('rediss://cache')).toEqual([6380]);
    expect(ports('amqp://guest:guest@mq')).toEqual([5672]);
    expect(ports('ldaps://dir')).toEqual([636]);
    expect(ports('mysql://db')).toEqual([3306]);
    expect(ports('postgresql+psycopg2://u@db/x')).toEqual([5432]);
    expect(ports('sftp://host')).toEqual([22]);
    expect(ports('mongodb+srv://cluster.example.com/db')).toEqual([]);
    expect(ports('custom://host')).toEqual([]);
    expect(ports('custom://host:1234')).toEqual([1234]);
    expect(ports('file:///etc/hosts')).toEqual([]);
    expect(ports('http://')).toEqual([]);
  });

  it('reads every host of a multi-host URL', () => {
    const text = 'M=mongodb://h1:27017,h2,h3:27019/db';
    const ds = decls(text);
    expect(ds.map((d) => [d.port, d.implicit ?? false, pointed(text, d)])).toEqual([
      [27017, false, '27017'],
      [27019, false, '27019'],
      [27017, true, 'mongodb://h1:27017,h2,h3:27019/db'],
    ]);
  });

  it('reads IPv6 hosts and several URLs in one value', () => {
    const text = 'A=http://[::1]:8080/x,http://[fe80::1]\nB="ws://a:1 wss://b"';
    const ds = decls(text);
    expect(ds.map((d) => [d.field, d.scheme, d.port, d.implicit ?? false])).toEqual([
      ['A', 'http', 8080, false],
      ['A', 'http', 80, true],
      ['B', 'ws', 1, false],
      ['B', 'wss', 443, true],
    ]);
  });

  it('resolves URL ports and hosts from earlier variables', () => {
    const text = 'P=4317\nADDR=collector:4318\nA=http://otel:${P}\nB=http://${ADDR}\nC=http://x:${NOPE}\nD=http://${NOHOST}/x';
    const ds = decls(text).filter((d) => d.role === 'url');
    expect(ds.map((d) => [d.field, d.port, d.unresolved, pointed(text, d)])).toEqual([
      ['A', 4317, undefined, '${P}'],
      ['B', 4318, undefined, '${ADDR}'],
      ['C', undefined, ['NOPE'], '${NOPE}'],
      ['D', undefined, ['NOHOST'], '${NOHOST}'],
    ]);
  });

  it('points into multi-line and escaped double-quoted values exactly', () => {
    const text = 'Q="first\nthen http://q:99 and \\"x\\" http://r:98"';
    const ds = decls(text);
    expect(ds.map((d) => [d.port, d.line, d.column, pointed(text, d)])).toEqual([
      [99, 2, 15, '99'],
      [98, 2, 37, '98'],
    ]);
  });

  it('does not make a port-like key with a URL value invalid', () => {
    const ds = decls('SERVER_PORT=tcp://0.0.0.0:8080');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ role: 'url', port: 8080, scheme: 'tcp' });
  });

  it('carries parse problems and never throws on junk', () => {
    const out = parseEnvFile('A=1\n=\n"\n\'\n`\nB="\\', 'x.env');
    expect(out.problems.length).toBeGreaterThan(0);
    expect(out.problems.every((p) => p.severity === 'warn' && !p.fatal)).toBe(true);
  });
});

describe('envVariables', () => {
  it('interpolates in file order and lets the given environment win', () => {
    const vars = envVariables('A=1\nB=${A}2\nC=\'${A}\'\nD="\\$A"\nE=from-file\nF=${E}', new Map([['E', 'from-env']]));
    expect(Object.fromEntries(vars)).toEqual({ A: '1', B: '12', C: '${A}', D: '$A', E: 'from-env', F: 'from-env' });
  });
});
