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

/** The widest a column grows for its longest cell: one long path must not widen every row. */
const MAX_COLUMN_WIDTH = 60;
const GAP = 2;

/**
 * Rows under a header, in columns two spaces apart, each as wide as its longest cell up to
 * `MAX_COLUMN_WIDTH` (the last left ragged). A longer cell is kept whole, never cut (a location
 * must stay one an editor or a terminal can open): the rest of its row goes on the next line,
 * under its columns.
 */
export function tableLines(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.min(MAX_COLUMN_WIDTH, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  // Where each column starts: after the columns before it, each with its gap.
  const starts = widths.map((_, i) => widths.slice(0, i).reduce((sum, w) => sum + w + GAP, 0));
  const lines = (cells: readonly string[]): string[] => {
    const out: string[] = [];
    let line = '';
    cells.forEach((cell, i) => {
      const at = starts[i]!;
      if (i > 0 && line.length + GAP > at) {
        out.push(line.trimEnd());
        line = '';
      }
      line = line.padEnd(at) + cell;
    });
    out.push(line.trimEnd());
    return out;
  };
  return [header, ...rows].flatMap(lines);
}
