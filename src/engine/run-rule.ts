/** Running one rule: the `report` it is handed turns a report into a finding (message, position, fingerprint). */
import { emptyFacts, ownerObject, type Facts, type ObjectRef, type ParseResult, type PortDeclaration } from '../model.js';
import { ListMemo } from '../util/list-memo.js';
import { fingerprintOf } from './fingerprint.js';
import type { LintMessage } from './results.js';
import { formatMessage, type Report, type ResolvedRule } from './rule.js';

/** A finding before it is attached to a result. */
export interface Finding extends LintMessage {
  filePath: string;
  /** Reported whatever inline suppressions say (its rule is in `noInlineDisable`). */
  noInlineDisable?: boolean;
  /** The Kubernetes object the finding is about (its declaration's owner, or the report's object): its annotations apply. */
  object?: ObjectRef;
}

/** The merged facts of a list of files: the project rules of a run share one. */
const merged = new ListMemo<readonly ParseResult[], Facts>();

/**
 * The facts of the files as one. The rules of a run get the same object for the same list (rules
 * only read facts), so what is indexed on it (src/references.ts) is built once, not per rule.
 */
export function mergeFacts(files: readonly ParseResult[]): Facts {
  if (files.length === 1) return files[0]!.facts;
  return merged.get(files, () => mergedFacts(files));
}

function mergedFacts(files: readonly ParseResult[]): Facts {
  const facts = emptyFacts();
  for (const f of files) {
    facts.workloads.push(...f.facts.workloads);
    facts.services.push(...f.facts.services);
    facts.composeServices.push(...f.facts.composeServices);
    facts.stages.push(...f.facts.stages);
    facts.gateways.push(...f.facts.gateways);
    facts.routes.push(...f.facts.routes);
    facts.networkPolicies.push(...f.facts.networkPolicies);
    facts.kustomizations.push(...f.facts.kustomizations);
  }
  return facts;
}

/** The declarations of a list of files, shared by the project rules of a run as `merged` is. */
const joined = new ListMemo<readonly ParseResult[], readonly PortDeclaration[]>();

/**
 * The declarations of the files as one list. The rules of a run get the same array for the same
 * list (rules only read it), so what is derived from it (`joinRuns`) is built once, not per rule.
 */
function allDeclarations(files: readonly ParseResult[]): readonly PortDeclaration[] {
  if (files.length === 1) return files[0]!.declarations;
  return joined.get(files, () => files.flatMap((f) => f.declarations));
}

/** Run one rule over a set of files, collecting findings. A rule that throws becomes a fatal finding, not a crash. */
export function runRule(resolved: ResolvedRule, files: readonly ParseResult[], sink: (f: Finding) => void): void {
  const { rule, severity, options } = resolved;
  if (severity === 0) return;
  const declarations = allDeclarations(files);
  const report = (r: Report<string>): void => {
    const template = rule.meta.messages[r.messageId];
    if (template === undefined) throw new Error(`rule "${rule.meta.id}" reported unknown messageId "${r.messageId}"`);
    const loc = r.loc ?? r.decl;
    if (!loc) throw new Error(`rule "${rule.meta.id}" reported without a position`);
    const filePath = r.loc?.file ?? r.decl!.file;
    const object = r.object?.ref ?? (r.decl ? ownerObject(r.decl.owner) : undefined);
    sink({
      filePath,
      ruleId: rule.meta.id,
      severity: rule.meta.warnOnly?.includes(r.messageId) ? 1 : severity,
      message: formatMessage(template, r.data),
      line: loc.line,
      column: loc.column,
      endLine: loc.endLine,
      endColumn: loc.endColumn,
      messageId: r.messageId,
      fingerprint: fingerprintOf(rule.meta.id, r.messageId, filePath, r),
      ...(resolved.noInlineDisable ? { noInlineDisable: true } : {}),
      ...(object ? { object } : {}),
    });
  };
  try {
    rule.check({ options, files, declarations, facts: mergeFacts(files), report });
  } catch (err) {
    const first = files[0];
    sink({
      filePath: first?.file ?? '<unknown>',
      ruleId: rule.meta.id,
      severity: 2,
      fatal: true,
      message: `internal error in rule "${rule.meta.id}": ${err instanceof Error ? err.message : String(err)}`,
      line: 1,
      column: 1,
    });
  }
}
