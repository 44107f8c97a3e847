/**
 * Env variables: one whose name names the protocol (`FTP_PORT`, `VSFTPD_PORT`) configures it
 * whatever its value; others are matched by number only when they name the process's own listen
 * port (`PORT`, `LISTEN_PORT`). A list (`FTP_PORTS=20,21`) gives one finding.
 */
import { isListenPortVariable } from '../../src/engine/ports.js';
import { describeContext, portRange, type PortDeclaration } from '../../src/model.js';
import type { Detection } from './detection.js';
import type { Judge } from './judge.js';
import { describeHits, nameHits } from './table.js';

export function detectVariables(decls: readonly PortDeclaration[], judge: Judge): Detection[] {
  const seen = new Set<string>();
  const out: Detection[] = [];
  for (const d of decls) {
    if (d.role !== 'env' || d.source.format !== 'env') continue;
    const variable = d.source.variable;
    const key = `${d.file}:${d.line}:${variable}`;
    const range = portRange(d);
    const byName = nameHits(judge.table, variable);
    const byNumber = range && isListenPortVariable(variable) ? judge.byNumber(d, range) : [];
    const hits = byName.length > 0 ? byName : byNumber;
    if (hits.length === 0 || seen.has(key)) continue;
    seen.add(key);
    const where = d.format === 'env' ? 'this env file' : describeContext(d);
    out.push({ messageId: 'variable', d, hits, extra: { variable, where, services: describeHits(hits) } });
  }
  return out;
}
