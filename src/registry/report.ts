/** What `portlint ports --merge` prints: the merged inventory and the clashes, as a table or JSON. */
import { portsTable } from '../formatters/ports-table.js';
import type { Registry } from './merge.js';

export const REGISTRY_VERSION = 1;

/** The merged declarations as a table (locations prefixed by their repository), then every clash. */
export function registryText(registry: Registry): string {
  const shown = registry.declarations.map((d) => ({ ...d, file: `${d.repository}: ${d.file}` }));
  const repos = registry.repositories.map((r) => `${r.name} (${r.source}, ${r.declarations} declaration${r.declarations === 1 ? '' : 's'})`).join(', ');
  const lines = [portsTable(shown).trimEnd(), `Merged ${registry.repositories.length} inventor${registry.repositories.length === 1 ? 'y' : 'ies'}: ${repos}.`, ''];
  if (registry.clashes.length === 0) lines.push('No clashes across repositories.');
  else {
    lines.push(`${registry.clashes.length} clash${registry.clashes.length === 1 ? '' : 'es'} across repositories:`);
    for (const c of registry.clashes) lines.push(`  ${c.kind}: ${c.message}`);
  }
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
    declarations: c.declarations.map((p) => ({ repository: p.repository, file: p.declaration.file, line: p.declaration.line, column: p.declaration.column, context: p.declaration.context })),
  }));
  return JSON.stringify({ version: REGISTRY_VERSION, repositories: registry.repositories, clashes, declarations: registry.declarations }, null, 2) + '\n';
}
