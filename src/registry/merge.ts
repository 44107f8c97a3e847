/**
 * The cross-repository port registry: merge the `portlint ports --format json` inventories of
 * several repositories and find what clashes between them, which no lint of one repository can see:
 *
 * - `nodePort`: the same NodePort in two repositories. A cluster allocates each NodePort once
 *   (whatever the protocol), so the Service applied second is rejected.
 * - `hostPort`: the same Kubernetes hostPort and protocol on overlapping host IPs. A node runs only
 *   one pod with it, so the second pod cannot be scheduled on a node that runs the first.
 * - `composeHostPort`: the same published compose host port and protocol on overlapping host IPs.
 *   On a host that runs both stacks the second fails to start.
 *
 * Merge the inventories of repositories that share a cluster (or hosts): every inventory given is
 * taken to deploy to the same place. Clashes inside one repository are left to its own lint
 * (`duplicate-port`). Pure: no I/O.
 */
import { describeEntry, type PortEntry } from '../inventory.js';

/** A declaration as an inventory holds it (`repository` set by `portlint ports --repo-name`). */
export type InventoryDeclaration = PortEntry & { repository?: string };

export interface Inventory {
  /** The repository it was taken in. */
  repository: string;
  /** The inventory file, as given. */
  source: string;
  declarations: InventoryDeclaration[];
}

export type ClashKind = 'nodePort' | 'hostPort' | 'composeHostPort';

export interface PlacedDeclaration {
  repository: string;
  declaration: InventoryDeclaration;
}

export interface Clash {
  kind: ClashKind;
  /** The ports both use (the overlap of their ranges). */
  port: number;
  endPort: number;
  protocol?: string;
  declarations: [PlacedDeclaration, PlacedDeclaration];
  message: string;
}

export interface Registry {
  repositories: { name: string; source: string; declarations: number }[];
  declarations: (InventoryDeclaration & { repository: string })[];
  clashes: Clash[];
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]', '*']);

/** Whether two host IPs can both be bound to by one port (a wildcard overlaps every address). */
function ipsOverlap(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || WILDCARDS.has(a) || WILDCARDS.has(b)) return true;
  return a === b;
}

/** Which shared resource a declaration takes, if any. */
function kindOf(d: InventoryDeclaration): ClashKind | undefined {
  if (d.port === undefined || d.invalid !== undefined || d.unresolved !== undefined) return undefined;
  if (d.role === 'nodePort' && d.format === 'kubernetes') return 'nodePort';
  // Port 0 is a compose mapping with no published port: the engine picks a free one.
  if (d.role === 'host' && d.port > 0)
    return d.format === 'kubernetes' ? 'hostPort' : d.format === 'compose' ? 'composeHostPort' : undefined;
  return undefined;
}

function where(p: PlacedDeclaration): string {
  const d = p.declaration;
  return `${p.repository} (${d.file}:${d.line}:${d.column}, ${describeEntry(d)})`;
}

const portText = (port: number, endPort: number): string => (endPort === port ? String(port) : `${port}-${endPort}`);

function describe(kind: ClashKind, a: PlacedDeclaration, b: PlacedDeclaration, port: number, endPort: number): string {
  const ports = portText(port, endPort);
  const proto = a.declaration.protocol;
  switch (kind) {
    case 'nodePort':
      return `NodePort ${ports} is used by ${where(a)} and by ${where(b)}: a cluster allocates each NodePort once, so the Service applied second is rejected. Give one of them another nodePort, or leave nodePort out and let the cluster pick one.`;
    case 'hostPort':
      return `hostPort ${ports}/${proto} is used by ${where(a)} and by ${where(b)}: a node runs only one pod with it, so the second cannot be scheduled on a node that runs the first. Use different hostPorts, or a Service instead of hostPort.`;
    case 'composeHostPort': {
      const ip = a.declaration.hostIp && !WILDCARDS.has(a.declaration.hostIp) ? a.declaration.hostIp : b.declaration.hostIp;
      const on = ip && !WILDCARDS.has(ip) ? ` on ${ip}` : '';
      return `Published port ${ports}/${proto}${on} is used by ${where(a)} and by ${where(b)}: on a host that runs both, the second fails to start (the port is already allocated). Publish one of them on another port or host IP.`;
    }
  }
}

/** Whether two declarations of one kind take the same resource. */
function collide(kind: ClashKind, a: InventoryDeclaration, b: InventoryDeclaration): boolean {
  if (kind === 'nodePort') return true;
  return a.protocol === b.protocol && ipsOverlap(a.hostIp, b.hostIp);
}

/**
 * Merge inventories and find the clashes between repositories, in port order. Throws when two
 * inventories name the same repository (one would be checked against itself).
 */
export function mergeInventories(inventories: readonly Inventory[]): Registry {
  const seen = new Map<string, string>();
  for (const inv of inventories) {
    const other = seen.get(inv.repository);
    if (other !== undefined)
      throw new Error(
        `${other} and ${inv.source} are both inventories of repository "${inv.repository}" (name them apart with portlint ports --repo-name)`,
      );
    seen.set(inv.repository, inv.source);
  }
  const declarations = inventories.flatMap((inv) => inv.declarations.map((d) => ({ ...d, repository: inv.repository })));
  const byKind = new Map<ClashKind, PlacedDeclaration[]>();
  for (const d of declarations) {
    const kind = kindOf(d);
    if (!kind) continue;
    let list = byKind.get(kind);
    if (!list) byKind.set(kind, (list = []));
    list.push({ repository: d.repository, declaration: d });
  }
  const clashes: Clash[] = [];
  for (const [kind, list] of byKind) {
    // A sweep in port order: each declaration meets only those whose range starts within its own.
    list.sort((x, y) => x.declaration.port! - y.declaration.port!);
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      const aEnd = a.declaration.endPort ?? a.declaration.port!;
      for (let j = i + 1; j < list.length && list[j]!.declaration.port! <= aEnd; j++) {
        const b = list[j]!;
        if (a.repository === b.repository || !collide(kind, a.declaration, b.declaration)) continue;
        const port = b.declaration.port!;
        const endPort = Math.min(aEnd, b.declaration.endPort ?? port);
        const clash: Clash = { kind, port, endPort, declarations: [a, b], message: describe(kind, a, b, port, endPort) };
        if (kind !== 'nodePort') clash.protocol = a.declaration.protocol;
        clashes.push(clash);
      }
    }
  }
  clashes.sort((x, y) => x.port - y.port || x.kind.localeCompare(y.kind));
  return {
    repositories: inventories.map((inv) => ({ name: inv.repository, source: inv.source, declarations: inv.declarations.length })),
    declarations,
    clashes,
  };
}
