/** The `portlint ports` inventory as a readable table, and as JSON. */
import { describeContext, protocolName, valueName, type PortDeclaration } from '../model.js';
import { describeRole, formatPort } from '../engine/ports.js';
import { portEntry, serviceName, type PortEntry } from '../inventory.js';
import { describeReach, type Reach } from '../exposure/index.js';

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

/**
 * The inventory table. `reach` (from `src/exposure/`) fills the REACHABLE column: how far each
 * listening port can be reached, and through what; it is empty for references and env values.
 */
export function portsTable(declarations: readonly PortDeclaration[], reach: ReadonlyMap<PortDeclaration, Reach> = new Map()): string {
  if (declarations.length === 0) return 'No port declarations found.\n';
  const header = ['LOCATION', 'ROLE', 'PORT', 'PROTO', 'SERVICE', 'NAME', 'REACHABLE', 'WHERE'];
  const rows = declarations.map((d) => {
    const url = d.source.format === 'env' ? d.source.url : undefined;
    return [
      `${d.file}:${d.line}:${d.column}`,
      describeRole(d),
      url ? `${portText(d)} (${url.scheme}${url.implicit ? ', implied' : ''})` : portText(d),
      protocolName(d.protocol),
      serviceName(d) ?? '',
      valueName(d.value) ?? d.name ?? '',
      reachText(reach.get(d)),
      describeContext(d),
    ];
  });
  const files = new Set(declarations.map((d) => d.file)).size;
  return (
    [
      ...tableLines(header, rows),
      '',
      `${declarations.length} port declaration${declarations.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`,
    ].join('\n') + '\n'
  );
}

function reachText(r: Reach | undefined): string {
  return r ? describeReach(r) : '';
}

/**
 * One inventory entry: the flat declaration, and how far it reaches when it is a listening port
 * (`via`: the Kubernetes objects of the path, outside in, each with its file, when there are any).
 */
export type InventoryEntry = PortEntry & { reachable?: Pick<Reach, 'scope' | 'path'> & { via?: Reach['hops'] } };

/** The inventory as JSON: one flat entry per declaration (see `PortEntry`), with its `reachable` scope, path and objects. */
export function portsJson(
  declarations: readonly PortDeclaration[],
  reach: ReadonlyMap<PortDeclaration, Reach> = new Map(),
): InventoryEntry[] {
  return declarations.map((d) => {
    const r = reach.get(d);
    if (!r) return portEntry(d);
    return { ...portEntry(d), reachable: { scope: r.scope, path: r.path, ...(r.hops.length > 0 ? { via: r.hops } : {}) } };
  });
}

/** Rows under a header, in columns (each at most 60 wide, the last left ragged), two spaces apart. */
export function tableLines(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
