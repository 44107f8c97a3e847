/** What `portlint ports --merge` prints: the merged inventory and the clashes, as a table or JSON. */
import { describeRole } from '../engine/ports.js';
import { tableLines } from '../formatters/ports-table.js';
import { describeEntry, type PortEntry } from '../inventory.js';
import type { Source } from '../model.js';
import type { Registry } from './merge.js';

export const REGISTRY_VERSION = 1;

/** The port of an entry as the inventory shows it: `80/tcp`, `8000-8010/udp`, a name, or the raw text. */
function entryPort(e: PortEntry): string {
  if (e.port === undefined) return e.name !== undefined ? `"${e.name}"` : e.raw;
  const range = e.endPort !== undefined && e.endPort !== e.port ? `${e.port}-${e.endPort}` : String(e.port);
  return `${e.hostIp ? `${e.hostIp.includes(':') ? `[${e.hostIp}]` : e.hostIp}:` : ''}${range}/${e.protocol}`;
}

/** The role as `portlint ports` words it (`published port`, `container port`), from the entry's format and field. */
function entryRole(e: PortEntry): string {
  return describeRole({ role: e.role, format: e.format, source: { format: e.format, field: e.field } as Source });
}

/** Inventory entries read back from JSON, as a table: each location prefixed by its repository. */
function entriesTable(entries: readonly (PortEntry & { repository: string })[]): string {
  if (entries.length === 0) return 'No port declarations found.\n';
  const header = ['LOCATION', 'ROLE', 'PORT', 'SERVICE', 'WHERE'];
  const rows = entries.map((e) => [
    `${e.repository}: ${e.file}:${e.line}:${e.column}`,
    entryRole(e),
    entryPort(e),
    e.service ?? '',
    describeEntry(e),
  ]);
  return tableLines(header, rows).join('\n') + '\n';
}

/**
 * The clashes first (what the run is for, so they are not buried under hundreds of rows), then the
 * repositories merged, then the merged declarations as a table (locations prefixed by their repository).
 */
export function registryText(registry: Registry): string {
  const repos = registry.repositories
    .map((r) => `${r.name} (${r.source}, ${r.declarations} declaration${r.declarations === 1 ? '' : 's'})`)
    .join(', ');
  const lines: string[] = [];
  if (registry.clashes.length === 0) lines.push('No clashes across repositories.');
  else {
    lines.push(`${registry.clashes.length} clash${registry.clashes.length === 1 ? '' : 'es'} across repositories:`);
    for (const c of registry.clashes) lines.push(`  ${c.kind}: ${c.message}`);
  }
  lines.push(
    '',
    `Merged ${registry.repositories.length} inventor${registry.repositories.length === 1 ? 'y' : 'ies'}: ${repos}.`,
    '',
    entriesTable(registry.declarations).trimEnd(),
  );
  return lines.join('\n') + '\n';
}

/** The merged view as JSON: repositories, declarations (each with its repository) and clashes. */
export function registryJson(registry: Registry): string {
  const clashes = registry.clashes.map((c) => ({
    kind: c.kind,
    port: c.port,
    endPort: c.endPort,
    ...(c.protocol !== undefined ? { protocol: c.protocol } : {}),
    message: c.message,
    declarations: c.declarations.map((p) => ({
      repository: p.repository,
      file: p.declaration.file,
      line: p.declaration.line,
      column: p.declaration.column,
      context: p.declaration.context,
    })),
  }));
  return (
    JSON.stringify(
      { version: REGISTRY_VERSION, repositories: registry.repositories, clashes, declarations: registry.declarations },
      null,
      2,
    ) + '\n'
  );
}
