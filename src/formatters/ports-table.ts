/** The `portlint ports` inventory as a readable table, and as JSON. */
import { describeContext, protocolName, valueName, type PortDeclaration } from '../model.js';
import { describeRole, formatPort } from '../engine/ports.js';
import { portEntry, serviceName, type PortEntry } from '../inventory.js';

function portText(d: PortDeclaration): string {
  const v = d.value;
  if (v.kind === 'unresolved') return `${d.raw} (unresolved: ${v.variables.join(', ')})`;
  if (v.kind === 'invalid') return `${d.raw} (invalid)`;
  let s = formatPort({ ...d, protocol: 'tcp' });
  const t = d.target;
  if (t?.kind === 'port' && d.role === 'host') s += ` → ${t.endPort !== t.port ? `${t.port}-${t.endPort}` : String(t.port)}`;
  if (d.hostIp) s = `${d.hostIp.includes(':') ? `[${d.hostIp}]` : d.hostIp}:${s}`;
  return s;
}

export function portsTable(declarations: readonly PortDeclaration[]): string {
  if (declarations.length === 0) return 'No port declarations found.\n';
  const header = ['LOCATION', 'ROLE', 'PORT', 'PROTO', 'SERVICE', 'NAME', 'WHERE'];
  const rows = declarations.map((d) => {
    const url = d.source.format === 'env' ? d.source.url : undefined;
    return [
      `${d.file}:${d.line}:${d.column}`,
      describeRole(d),
      url ? `${portText(d)} (${url.scheme}${url.implicit ? ', implied' : ''})` : portText(d),
      protocolName(d.protocol),
      serviceName(d) ?? '',
      valueName(d.value) ?? d.name ?? '',
      describeContext(d),
    ];
  });
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const files = new Set(declarations.map((d) => d.file)).size;
  return [line(header), ...rows.map(line), '', `${declarations.length} port declaration${declarations.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`].join('\n') + '\n';
}

/** The inventory as JSON: one flat entry per declaration (see `PortEntry`). */
export function portsJson(declarations: readonly PortDeclaration[]): PortEntry[] {
  return declarations.map(portEntry);
}
