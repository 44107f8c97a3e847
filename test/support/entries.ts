/**
 * Parser tests pin the values a parser reads through the flat inventory view of each declaration
 * (`portEntry`: port, name, protocol, context, …), the same view `portlint ports --format json`
 * prints; tests of the model's own shape (owners, values, spans) read declarations directly.
 */
import { portEntry, type PortEntry } from '../../src/inventory.js';
import type { ParseResult } from '../../src/model.js';

export type EntryResult = Omit<ParseResult, 'declarations'> & { declarations: PortEntry[] };

export function entries(result: ParseResult): EntryResult {
  return { ...result, declarations: result.declarations.map(portEntry) };
}
