/**
 * The identity of a finding across edits: what it is about (rule, file, object, container or
 * service, port), never its line, so moving a block does not reopen an alert. SARIF's
 * `partialFingerprints` and the baseline both use it.
 */
import type { PortDeclaration } from '../model.js';

export function fingerprintOf(ruleId: string, file: string, decl: PortDeclaration | undefined, key: string | undefined): string {
  const c = decl?.context ?? {};
  const where = [c.kind, c.namespace, c.name, c.container, c.service, c.stage ?? c.stageIndex, c.variable, c.probe]
    .filter((x) => x !== undefined)
    .join('/');
  const what = key ?? (decl ? `${decl.role}:${decl.field}:${decl.port ?? decl.name ?? decl.raw}-${decl.endPort ?? ''}/${decl.protocol}` : '');
  return `${ruleId}|${file}|${where}|${what}`;
}
