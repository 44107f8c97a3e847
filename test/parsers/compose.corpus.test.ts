import { describe, expect, it } from 'vitest';
import type { PortEntry as PortDeclaration } from '../../src/inventory.js';
import { entries } from '../support/entries.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { corpusFiles, corpusPresent, parseCache, readCorpusSibling } from '../support/corpus.js';

/** Parse a corpus compose file with the `.env` beside it, as the CLI does. */
const parsed = parseCache((text, path) => {
  const dotenv = readCorpusSibling(path, '.env');
  return entries(parseCompose(text, path, dotenv === undefined ? {} : { dotenv }));
});

function pointed(text: string, d: PortDeclaration): string {
  return text.split('\n')[d.line - 1]!.slice(d.column - 1, d.endLine === d.line ? d.endColumn - 1 : undefined);
}

function declaration(path: string, line: number, role: PortDeclaration['role']): PortDeclaration {
  const found = parsed(path).result.declarations.filter((d) => d.line === line && d.role === role);
  expect(found, `${role} at ${path}:${line}`).toHaveLength(1);
  return found[0]!;
}

describe.skipIf(!corpusPresent)('compose parser on the corpus', () => {
  it('parses every compose file without throwing, every declaration inside its file and on its digits', () => {
    const files = corpusFiles('compose');
    expect(files.length).toBeGreaterThan(1000);
    let declarations = 0;
    let exact = 0;
    for (const path of files) {
      const { text, result } = parsed(path);
      expect(result.format, path).toBe('compose');
      const lines = text.split('\n');
      for (const d of result.declarations) {
        declarations++;
        const where = `${path}:${d.line}:${d.column}`;
        expect(d.line, where).toBeGreaterThanOrEqual(1);
        expect(d.endLine, where).toBeGreaterThanOrEqual(d.line);
        expect(d.endLine, where).toBeLessThanOrEqual(lines.length);
        expect(d.column, where).toBeGreaterThanOrEqual(1);
        expect(d.column, where).toBeLessThanOrEqual(lines[d.line - 1]!.length + 1);
        expect(d.endColumn, where).toBeLessThanOrEqual(lines[d.endLine - 1]!.length + 1);
        expect(d.context.service, where).toBeDefined();
        // A literal value (no interpolation) is pointed at exactly: its port or range digits. A host
        // port 0 (a free port Docker picks) has no digits of its own: it sits on its target's.
        if (d.role !== 'env' && d.role !== 'url' && d.port !== undefined && !d.raw.includes('$') && /^\d+(:|$)|^\d+-\d+|:\d/.test(d.raw)) {
          const at = d.role === 'host' && d.port === 0 ? d.target : d;
          expect(at?.port, `${where}: target of a host port 0`).toBeDefined();
          const digits = at!.endPort !== at!.port ? `${at!.port}-${at!.endPort}` : `${at!.port}`;
          expect(pointed(text, d), where).toBe(digits);
          exact++;
        }
      }
    }
    expect(declarations).toBeGreaterThan(3000);
    expect(exact).toBeGreaterThan(2500);
  });

  it('cowrie: ${COWRIE_TELNET_PORT:-2223}:2223 gives host 2223 (default) and container 2223', () => {
    const path = 'cowrie__cowrie/docker/docker-compose.yml';
    const host = declaration(path, 18, 'host');
    expect(host).toMatchObject({ port: 2223, column: 10, raw: '${COWRIE_TELNET_PORT:-2223}:2223', context: { service: 'cowrie' } });
    expect(pointed(parsed(path).text, host)).toBe('${COWRIE_TELNET_PORT:-2223}');
    expect(declaration(path, 18, 'container')).toMatchObject({ port: 2223, column: 38 });
  });

  it('fauria/docker-vsftpd: passive range and 0.0.0.0 bindings', () => {
    const path = 'fauria__docker-vsftpd/docker-compose.yml';
    expect(declaration(path, 16, 'host')).toMatchObject({
      port: 21100,
      endPort: 21110,
      column: 9,
      target: { port: 21100, endPort: 21110 },
    });
    expect(declaration(path, 14, 'host')).toMatchObject({ port: 20, hostIp: '0.0.0.0', column: 17 });
  });

  it('crazy-max/docker-pure-ftpd: passive range 30000-30009', () => {
    const path = 'crazy-max__docker-pure-ftpd/test/compose.yml';
    expect(declaration(path, 7, 'host')).toMatchObject({ port: 30000, endPort: 30009, column: 10 });
    expect(declaration(path, 7, 'container')).toMatchObject({ port: 30000, endPort: 30009, column: 22 });
  });

  it('docker/cli full-example: short syntax with host IP, range and ports Docker picks, and the long-syntax golden file', () => {
    const short = 'docker__cli/cli/compose/loader/full-example.yml';
    expect(declaration(short, 227, 'host')).toMatchObject({ port: 5000, endPort: 5010, hostIp: '127.0.0.1', column: 20 });
    expect(declaration(short, 221, 'host')).toMatchObject({
      port: 0,
      endPort: 0,
      target: { port: 3000, endPort: 3000 },
      column: 9,
      endColumn: 13,
    });
    expect(declaration(short, 222, 'host')).toMatchObject({
      port: 0,
      endPort: 0,
      target: { port: 3001, endPort: 3005 },
      column: 10,
      endColumn: 19,
    });
    const golden = 'docker__cli/cli/compose/loader/testdata/full-example.yaml.golden';
    expect(declaration(golden, 184, 'host')).toMatchObject({ field: 'published', port: 9090, target: { port: 8080 }, column: 20 });
    expect(declaration(golden, 183, 'container')).toMatchObject({ field: 'target', port: 8080, protocol: 'tcp', column: 17 });
  });

  it('compose-go: ${PUBLIC_PORT} resolved from the .env beside the file', () => {
    const path = 'compose-spec__compose-go/cli/testdata/simple/compose-with-variables.yaml';
    expect(declaration(path, 5, 'host')).toMatchObject({ port: 8000, raw: '${PUBLIC_PORT}:80', column: 7 });
  });

  it('jitsi: ${HTTP_PORT} without a .env stays unresolved', () => {
    const d = declaration('jitsi__docker-jitsi-meet/docker-compose.yml', 11, 'host');
    expect(d.port).toBeUndefined();
    expect(d.unresolved).toEqual(['HTTP_PORT']);
  });
});
