/** A port whose value is read from a variable named for the protocol (`${COWRIE_TELNET_PORT:-2223}`). */
import { describeContext, type PortDeclaration } from '../../src/model.js';
import type { Detection } from './detection.js';
import { describeHits, nameHits, type ProtocolPort } from './table.js';

export function byVariable(d: PortDeclaration, table: readonly ProtocolPort[]): Detection | undefined {
  for (const variable of d.variables ?? []) {
    const hits = nameHits(table, variable);
    if (hits.length > 0)
      return { messageId: 'variable', d, hits, extra: { variable, where: describeContext(d), services: describeHits(hits) } };
  }
  return undefined;
}
