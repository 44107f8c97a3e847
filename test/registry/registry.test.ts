/**
 * The cross-repository port registry: inventories of two fixture repositories (test/registry/fixtures)
 * taken with `portlint ports --format json`, merged with `portlint ports --merge`, clash on a NodePort
 * and a published compose port; the clash rules on their own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import type { PortEntry } from '../../src/inventory.js';
import { mergeInventories, type Inventory } from '../../src/registry/merge.js';
import { parseInventory, repositoryFromFileName } from '../../src/registry/read.js';
import { registrySchema } from '../../src/schemas/output.js';
import { sandboxPerTest } from '../cli/run-cli.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

const box = sandboxPerTest();

/** `portlint ports --format json` in a fixture repository, written into the sandbox. */
async function inventory(repo: string, out: string, extra: string[] = []): Promise<void> {
  const run = await box.cli(['ports', '--format', 'json', ...extra, '-o', join(box.root, out), '.'], { cwd: join(FIXTURES, repo) });
  expect(run.code, run.stderr).toBe(0);
}

describe('portlint ports --merge', () => {
  it('finds the NodePort and published-port clashes between two repositories, naming both, with files and lines', async () => {
    await inventory('shop', 'shop.json', ['--repo-name', 'shop']);
    await inventory('payments', 'inventories/payments.ports.json');
    const run = await box.cli(['ports', '--merge', 'shop.json', 'inventories/payments.ports.json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('shop: k8s/web.yaml:14:17');
    expect(run.stdout).toContain(
      'Merged 2 inventories: shop (shop.json, 7 declarations), payments (inventories/payments.ports.json, 10 declarations).',
    );
    const clashes = run.stdout.split('\n').filter((l) => /^ {2}\w+: /.test(l));
    expect(clashes).toHaveLength(2);
    expect(clashes[1]).toMatch(
      /^ {2}nodePort: NodePort 30080 is used by shop \(k8s\/web\.yaml:14:17, Service shop\/web\) and by payments \(deploy\/api\.yaml:14:17, Service payments\/api\): /,
    );
    expect(clashes[0]).toContain(
      'Published port 8080/tcp on 127.0.0.1 is used by shop (local/compose.yaml:5:20, service "web") and by payments (local/compose.yaml:5:10, service "api")',
    );
    // The clashes come first, then the table, whose roles are worded as `portlint ports` words them.
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('2 clashes across repositories:');
    expect(lines.findIndex((l) => l.startsWith('LOCATION'))).toBeGreaterThan(lines.indexOf(clashes[1]!));
    expect(run.stdout).toMatch(/^shop: local\/compose\.yaml:5:20 +published port +/m);
    expect(run.stdout).toMatch(/^\S+: \S+ +container port +/m);
    expect(run.stdout).not.toMatch(/^\S+: \S+ +(?:host|container|nodePort) +\d/m);
  });

  it('writes the merged view as JSON, and exits 0 without clashes', async () => {
    await inventory('shop', 'shop.json', ['--repo-name', 'shop']);
    await inventory('payments', 'payments.json');
    const run = await box.cli(['ports', '--merge', '--format', 'json', 'shop.json', 'payments.json']);
    const view = JSON.parse(run.stdout);
    const validate = new Ajv({ allErrors: true, strict: true }).compile(registrySchema());
    expect(validate(view), JSON.stringify(validate.errors)).toBe(true);
    expect(view.version).toBe(1);
    expect(view.repositories.map((r: { name: string }) => r.name)).toEqual(['shop', 'payments']);
    expect(view.clashes.map((c: { kind: string; port: number }) => `${c.kind} ${c.port}`)).toEqual([
      'composeHostPort 8080',
      'nodePort 30080',
    ]);
    expect(view.clashes[1].declarations).toEqual([
      {
        repository: 'shop',
        file: 'k8s/web.yaml',
        line: 14,
        column: 17,
        context: expect.objectContaining({ kind: 'Service', name: 'web' }),
      },
      {
        repository: 'payments',
        file: 'deploy/api.yaml',
        line: 14,
        column: 17,
        context: expect.objectContaining({ kind: 'Service', name: 'api' }),
      },
    ]);
    expect(view.declarations.every((d: { repository: string }) => ['shop', 'payments'].includes(d.repository))).toBe(true);
    const shop = readFileSync(join(box.root, 'shop.json'), 'utf8');
    box.write({ 'shop-copy.json': shop.replaceAll('"repository": "shop"', '"repository": "shop-staging"') });
    // The same ports under another repository name (a staging copy of the charts) clash.
    expect((await box.cli(['ports', '--merge', 'shop.json', 'shop-copy.json'])).code).toBe(1);
  });

  it('refuses one file, an inventory that is not one, and two inventories of one repository', async () => {
    await inventory('shop', 'shop.json', ['--repo-name', 'shop']);
    box.write({ 'bad.json': '{"results": []}', 'shop2.json': readFileSync(join(box.root, 'shop.json'), 'utf8') });
    expect((await box.cli(['ports', '--merge', 'shop.json'])).code).toBe(2);
    const bad = await box.cli(['ports', '--merge', 'shop.json', 'bad.json']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'portlint: portlint ports --merge: bad.json: not a portlint ports inventory (write one with portlint ports --format json): must be array\n',
    ]);
    const twice = await box.cli(['ports', '--merge', 'shop.json', 'shop2.json']);
    expect(twice.stderr).toContain('shop.json and shop2.json are both inventories of repository "shop"');
    expect((await box.cli(['--merge', 'a.json', 'b.json'])).code).toBe(2);
    expect((await box.cli(['ports', '--repo-name', 'x', '.'])).code).toBe(2);
  });
});

describe('clash rules', () => {
  const decl = (over: Partial<PortEntry>): PortEntry => ({
    file: 'a.yaml',
    format: 'kubernetes',
    role: 'host',
    port: 8080,
    endPort: 8080,
    protocol: 'tcp',
    raw: '8080',
    field: 'hostPort',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 5,
    context: { kind: 'DaemonSet', name: 'x', container: 'c' },
    ...over,
  });
  const inv = (repository: string, ...declarations: PortEntry[]): Inventory => ({ repository, source: `${repository}.json`, declarations });
  const kinds = (...invs: Inventory[]): string[] => mergeInventories(invs).clashes.map((c) => `${c.kind} ${c.port}-${c.endPort}`);

  it('hostPort: same port and protocol on overlapping host IPs', () => {
    expect(kinds(inv('a', decl({})), inv('b', decl({})))).toEqual(['hostPort 8080-8080']);
    expect(kinds(inv('a', decl({})), inv('b', decl({ protocol: 'udp' })))).toEqual([]);
    expect(kinds(inv('a', decl({ hostIp: '10.0.0.1' })), inv('b', decl({ hostIp: '10.0.0.2' })))).toEqual([]);
    expect(kinds(inv('a', decl({ hostIp: '10.0.0.1' })), inv('b', decl({ hostIp: '0.0.0.0' })))).toEqual(['hostPort 8080-8080']);
  });

  it('compose: ranges overlap; port 0 (no published port) and unresolved ports never clash; one repository is its own lint', () => {
    const c = (over: Partial<PortEntry>): PortEntry => decl({ format: 'compose', field: 'ports', context: { service: 's' }, ...over });
    expect(kinds(inv('a', c({ port: 8000, endPort: 8010 })), inv('b', c({ port: 8005, endPort: 8020 })))).toEqual([
      'composeHostPort 8005-8010',
    ]);
    expect(kinds(inv('a', c({ port: 0, endPort: 0 })), inv('b', c({ port: 0, endPort: 0 })))).toEqual([]);
    const unresolved = (): PortEntry => {
      const { port: _port, endPort: _endPort, ...rest } = c({ unresolved: ['PORT'] });
      return rest;
    };
    expect(kinds(inv('a', unresolved()), inv('b', unresolved()))).toEqual([]);
    expect(kinds(inv('a', c({}), c({ file: 'b.yaml' })))).toEqual([]);
  });

  it('nodePort: any protocol; a Kubernetes hostPort and a compose port do not clash', () => {
    const np = (protocol: string): PortEntry =>
      decl({ role: 'nodePort', port: 30080, endPort: 30080, protocol, field: 'nodePort', context: { kind: 'Service', name: 's' } });
    expect(kinds(inv('a', np('tcp')), inv('b', np('udp')))).toEqual(['nodePort 30080-30080']);
    expect(kinds(inv('a', decl({})), inv('b', decl({ format: 'compose', context: { service: 's' } })))).toEqual([]);
  });

  it('names a repository from its inventory, else from the file name', () => {
    expect(repositoryFromFileName('out/shop-api.ports.json')).toBe('shop-api');
    expect(parseInventory('[]', 'x/payments.json').repository).toBe('payments');
    expect(() => parseInventory('[', 'x.json')).toThrow(/^x\.json: not JSON: /);
  });
});
