/**
 * `portlint ports --merge a.json b.json …`: the cross-repository port registry (src/registry/).
 * Prints the merged inventory and every clash between repositories; exit 1 when there is one.
 * `--repo-name NAME` on `portlint ports --format json` records which repository an inventory is of.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { PortEntry } from '../inventory.js';
import { mergeInventories } from '../registry/merge.js';
import { readInventory } from '../registry/read.js';
import { registryJson, registryText } from '../registry/report.js';

/** Merge the inventory files; returns the text to print and the exit code. A bad file is a ConfigError (exit 2). */
export function mergeCommand(files: readonly string[], format: 'table' | 'json', cwd: string): { text: string; code: 0 | 1 } {
  let registry;
  try {
    registry = mergeInventories(files.map((f) => readInventory(resolve(cwd, f), f)));
  } catch (err) {
    throw new ConfigError(`portlint ports --merge: ${(err as Error).message}`);
  }
  return { text: format === 'json' ? registryJson(registry) : registryText(registry), code: registry.clashes.length > 0 ? 1 : 0 };
}

/** The inventory's declarations, each carrying the repository it was taken in. */
export function withRepository(entries: readonly PortEntry[], repository: string): (PortEntry & { repository: string })[] {
  return entries.map((d) => ({ repository, ...d }));
}
