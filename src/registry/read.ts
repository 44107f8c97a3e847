/**
 * Reading the inventory files `portlint ports --merge` is given: JSON arrays as
 * `portlint ports --format json` writes them (checked against schema/ports.v1), each from one
 * repository. The repository is the `repository` its declarations carry (`--repo-name`), or else
 * the file's name without `.json` and `.ports` (`shop-api.ports.json` → `shop-api`).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { newAjv } from '../util/ajv.js';
import { portsSchema } from '../schemas/output.js';
import type { Inventory, InventoryDeclaration } from './merge.js';

let validator: ValidateFunction | undefined;

/** The repository a file's name says (`a/shop-api.ports.json` → `shop-api`). */
export function repositoryFromFileName(file: string): string {
  return basename(file)
    .replace(/\.json$/i, '')
    .replace(/\.ports$/i, '');
}

/** Parse and check one inventory's text; a problem throws an Error naming the file. */
export function parseInventory(text: string, source: string): Inventory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  validator ??= newAjv({ allErrors: true, strict: false }).compile(portsSchema());
  if (!validator(data)) {
    const first = validator.errors?.[0];
    const at = first?.instancePath ? ` at ${first.instancePath}` : '';
    throw new Error(
      `${source}: not a portlint ports inventory (write one with portlint ports --format json)${at}: ${first?.message ?? 'invalid'}`,
    );
  }
  const declarations = data as InventoryDeclaration[];
  const named = new Set(declarations.map((d) => d.repository));
  if (named.size > 1)
    throw new Error(
      `${source}: declarations of several repositories (${[...named].map((n) => n ?? '(none)').join(', ')}): give one inventory per repository`,
    );
  const repository = declarations[0]?.repository ?? repositoryFromFileName(source);
  return { repository, source, declarations };
}

/** Read one inventory file (`cwd`-relative paths are resolved by the caller). */
export function readInventory(path: string, source: string): Inventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(
      `${source}: cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      { cause: err },
    );
  }
  return parseInventory(text, source);
}
