import { describe, expect, it } from 'vitest';
import { portsJson, portsTable, tableLines } from '../../src/formatters/ports-table.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { parseEnvFile } from '../../src/parsers/env.js';

const COMPOSE =
  'services:\n  db:\n    image: postgres:16\n    ports:\n      - "15432:5432"\n  ftp:\n    image: fauria/vsftpd\n    ports:\n      - "21:21"\n      - "21100-21110:21100-21110"\n';

describe('the ports inventory', () => {
  it('names the well-known service a process listens on, by the container port a published port forwards to', () => {
    const entries = portsJson(parseCompose(COMPOSE, 'compose.yaml').declarations);
    expect(entries.map((e) => [e.role, e.port, e.service])).toEqual([
      ['host', 15432, 'PostgreSQL'],
      ['container', 5432, 'PostgreSQL'],
      ['host', 21, 'FTP'],
      ['container', 21, 'FTP'],
      ['host', 21100, undefined],
      ['container', 21100, undefined],
    ]);
  });

  it('names a URL by its scheme', () => {
    const [url] = portsJson(parseEnvFile('DATABASE_URL=postgres://db/app\n', '.env').declarations);
    expect([url?.port, url?.scheme, url?.service]).toEqual([5432, 'postgres', 'PostgreSQL']);
  });

  it('has a SERVICE column in the table', () => {
    const table = portsTable(parseCompose(COMPOSE, 'compose.yaml').declarations);
    const [header, first] = table.split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['LOCATION', 'ROLE', 'PORT', 'PROTO', 'SERVICE', 'NAME', 'REACHABLE', 'WHERE']);
    expect(first).toMatch(/published port\s+15432 → 5432\s+tcp\s+PostgreSQL\s+service "db"/);
  });

  it('keeps a cell longer than its column whole, and the rest of its row under its columns', () => {
    const path = `${'deeply/nested/'.repeat(5)}guestbook-ui-deployment.yaml:20:26`;
    expect(path.length).toBeGreaterThan(60);
    const lines = tableLines(
      ['LOCATION', 'ROLE', 'PORT'],
      [
        ['compose.yaml:5:9', 'published port', '8080'],
        [path, 'container port', '80'],
      ],
    );
    const roleAt = 60 + 2;
    expect(lines).toEqual([
      'LOCATION'.padEnd(roleAt) + 'ROLE            PORT',
      'compose.yaml:5:9'.padEnd(roleAt) + 'published port  8080',
      path,
      ' '.repeat(roleAt) + 'container port  80',
    ]);
  });
});
