/** The `portlint ports` inventory as a readable table. */
import { describeContext, type PortDeclaration } from '../model.js';
import { describeRole, formatPort } from '../engine/ports.js';

function portText(d: PortDeclaration): string {
  if (d.unresolved) return `${d.raw} (unresolved: ${d.unresolved.join(', ')})`;
  if (d.invalid) return `${d.raw} (invalid)`;
  let s = formatPort({ ...d, protocol: 'tcp' });
  if (d.target && d.role === 'host' && d.target.port !== undefined) {
    const t = d.target.endPort !== undefined && d.target.endPort !== d.target.port ? `${d.target.port}-${d.target.endPort}` : String(d.target.port);
    s += ` → ${t}`;
  }
  if (d.hostIp) s = `${d.hostIp.includes(':') ? `[${d.hostIp}]` : d.hostIp}:${s}`;
  return s;
}

export function portsTable(declarations: readonly PortDeclaration[]): string {
  if (declarations.length === 0) return 'No port declarations found.\n';
  const header = ['LOCATION', 'ROLE', 'PORT', 'PROTO', 'NAME', 'WHERE'];
  const rows = declarations.map((d) => [
    `${d.file}:${d.line}:${d.column}`,
    describeRole(d),
    d.role === 'url' && d.scheme ? `${portText(d)} (${d.scheme}${d.implicit ? ', implied' : ''})` : portText(d),
    d.protocol,
    d.name ?? '',
    describeContext(d),
  ]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const files = new Set(declarations.map((d) => d.file)).size;
  return [line(header), ...rows.map(line), '', `${declarations.length} port declaration${declarations.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`].join('\n') + '\n';
}
