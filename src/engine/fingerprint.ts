/**
 * The identity of a finding across edits, derived by the engine from what the finding is about —
 * the rule and message, the file, the owner (Kubernetes object kind/namespace/name and container,
 * compose service, Dockerfile stage, env variable) and the port — never its line, so moving a
 * block does not reopen an alert. SARIF's `partialFingerprints` and the baseline both use it.
 */
import { protocolName, sourceField, type ObjectRef, type Owner, type PortDeclaration, type PortValue } from '../model.js';
import type { ReportObject } from './rule.js';

function objectPart(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name ?? ''}`;
}

/** Who declares the port: an object and container, a compose service, a stage, a file. */
function ownerPart(owner: Owner): string {
  switch (owner.kind) {
    case 'podContainer': {
      const spec = owner.workload.podSpecPath !== undefined ? `@${owner.workload.podSpecPath}` : '';
      return `${objectPart(owner.object)}${spec}/${owner.container.kind}/${owner.container.name}`;
    }
    case 'service':
    case 'ingress':
      return objectPart(owner.object);
    case 'composeService':
      return `service/${owner.service.name}`;
    case 'stage':
      return `stage/${owner.stage.name ?? owner.stage.index}`;
    case 'file':
      return '';
    case 'listener':
      return `${objectPart(owner.object)}/listener/${owner.listener.name ?? ''}`;
    case 'route':
      return `${objectPart(owner.object)}/${owner.backend ? `backend/${owner.backend.kind}/${owner.backend.name ?? ''}` : `parent/${owner.parent?.name ?? ''}`}`;
    case 'networkPolicy':
      return `${objectPart(owner.object)}/${owner.rule.direction}/${owner.rule.index}`;
    case 'mesh':
      return objectPart(owner.object);
  }
}

function valuePart(v: PortValue | undefined): string {
  if (v === undefined) return '';
  switch (v.kind) {
    case 'port':
      return v.port === v.endPort ? String(v.port) : `${v.port}-${v.endPort}`;
    case 'name':
      return `"${v.name}"`;
    case 'unresolved':
      return `\${${v.variables.join(',')}}`;
    case 'invalid':
      return `!${v.reason}`;
  }
}

/** What the declaration is: its role, the key or variable it came from (and probe), its value and protocol. */
function declarationPart(d: PortDeclaration): string {
  const probe = 'probe' in d.source ? `:${d.source.probe}` : '';
  const value = d.value.kind === 'invalid' ? `!${d.raw}` : valuePart(d.value);
  return `${d.role}:${sourceField(d.source)}${probe}:${value}/${protocolName(d.protocol)}`;
}

/** `rule|file|where|what`: the baseline stores the part after `rule|file|`. */
export function fingerprintOf(
  ruleId: string,
  messageId: string,
  file: string,
  subject: { decl?: PortDeclaration | undefined; object?: ReportObject | undefined },
): string {
  const { decl, object } = subject;
  let where = '';
  let what = messageId;
  if (decl) {
    where = ownerPart(decl.owner);
    what = `${declarationPart(decl)}#${messageId}`;
  } else if (object) {
    where = `${objectPart(object.ref)}${object.part !== undefined ? `@${object.part}` : ''}`;
  }
  // A flat copy: its names and values are slices of the file's text, which the result would hold whole.
  return structuredClone(`${ruleId}|${file}|${where}|${what}`);
}
