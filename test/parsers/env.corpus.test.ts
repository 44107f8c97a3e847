import { describe, expect, it } from 'vitest';
import type { PortEntry as PortDeclaration } from '../../src/inventory.js';
import { entries } from '../support/entries.js';
import { parseEnvFile } from '../../src/parsers/env.js';
import { corpusFiles, corpusPresent, parseCache } from '../support/corpus.js';

const parsed = parseCache((text, path) => entries(parseEnvFile(text, path)));

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split('\n');
}

function pointed(text: string, d: PortDeclaration): string {
  return lines(text)[d.line - 1]!.slice(d.column - 1, d.endLine === d.line ? d.endColumn - 1 : undefined);
}

function declaration(path: string, line: number, variable: string): PortDeclaration[] {
  const found = parsed(path).result.declarations.filter((d) => d.line === line && d.context.variable === variable);
  expect(found.length, `${variable} at ${path}:${line}`).toBeGreaterThan(0);
  return found;
}

describe.skipIf(!corpusPresent)('env parser on the corpus', () => {
  it('parses every env file without throwing, every declaration inside its file and on its value', () => {
    const files = corpusFiles('env');
    expect(files.length).toBeGreaterThan(150);
    let declarations = 0;
    for (const path of files) {
      const { text, result } = parsed(path);
      expect(result.format, path).toBe('env');
      const ls = lines(text);
      for (const d of result.declarations) {
        declarations++;
        const where = `${path}:${d.line}:${d.column}`;
        expect(d.line, where).toBeGreaterThanOrEqual(1);
        expect(d.endLine, where).toBeGreaterThanOrEqual(d.line);
        expect(d.endLine, where).toBeLessThanOrEqual(ls.length);
        expect(d.column, where).toBeGreaterThanOrEqual(1);
        expect(d.column, where).toBeLessThanOrEqual(ls[d.line - 1]!.length + 1);
        expect(d.endColumn, where).toBeLessThanOrEqual(ls[d.endLine - 1]!.length + 1);
        const at = pointed(text, d);
        if (d.implicit) expect(at, where).toBe(d.raw);
        else if (d.port !== undefined && !at.startsWith('$')) {
          expect(at, where).toBe(d.endPort !== d.port ? `${d.port}-${d.endPort}` : `${d.port}`);
        }
      }
    }
    expect(declarations).toBeGreaterThan(200);
  });

  it('open-telemetry-demo .env: OTEL_COLLECTOR_PORT_GRPC=4317, and URLs built from variables', () => {
    const path = 'open-telemetry__opentelemetry-demo/.env';
    expect(declaration(path, 33, 'OTEL_COLLECTOR_PORT_GRPC')).toMatchObject([{ role: 'env', port: 4317, column: 26 }]);
    // K6_TARGET_URL=http://${FRONTEND_PROXY_ADDR}, and FRONTEND_PROXY_ADDR=frontend-proxy:${ENVOY_PORT}.
    expect(declaration(path, 104, 'K6_TARGET_URL')).toMatchObject([{ role: 'url', scheme: 'http', port: 8080 }]);
  });

  it('laradock redis-cluster: a port range is one declaration', () => {
    const [d] = declaration('laradock__laradock/redis-cluster/defaults.env', 1, 'REDIS_CLUSTER_PORT_RANGE');
    expect(d).toMatchObject({ role: 'env', port: 7000, endPort: 7005, column: 26 });
  });

  it('vulhub jumpserver config.env: a *_PORTS range and an http URL', () => {
    const path = 'vulhub__vulhub/jumpserver/CVE-2023-42820/config.env';
    expect(declaration(path, 47, 'MAGNUS_ORACLE_PORTS')).toMatchObject([{ port: 30000, endPort: 30010 }]);
    expect(declaration(path, 56, 'CORE_HOST')).toMatchObject([{ role: 'url', port: 8080, scheme: 'http', column: 28 }]);
  });

  it("compose-go equals.env: the postgres URL's port", () => {
    const path = 'compose-spec__compose-go/dotenv/fixtures/equals.env';
    expect(declaration(path, 1, 'OPTION_A')).toMatchObject([{ role: 'url', scheme: 'postgres', port: 5432, column: 39, endColumn: 43 }]);
  });

  it('laradock thumbor: HTTP_LOADER_PROXY_PORT=None is invalid', () => {
    const [d] = declaration('laradock__laradock/thumbor/defaults.env', 75, 'HTTP_LOADER_PROXY_PORT');
    expect(d).toBeDefined();
    expect(d!.port).toBeUndefined();
    expect(d!.invalid).toMatch(/None/);
  });

  it('compose-go utf8-bom.env: columns ignore the BOM', () => {
    const { result } = parsed('compose-spec__compose-go/dotenv/fixtures/utf8-bom.env');
    expect(result.problems).toEqual([]);
    expect(result.declarations).toEqual([]);
  });
});
