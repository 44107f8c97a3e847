/**
 * The flat view of a declaration that the `ports --format json` inventory prints and that
 * fingerprints are made of: stable, plain data, one key per fact (`port`, `name`, `context`…),
 * without the links of the model. Computed from the model, never parsed back.
 */
import { serviceAt, serviceOfScheme } from './knowledge/services.js';
import {
  isTransport,
  portRange,
  protocolName,
  sourceField,
  targetRange,
  valueName,
  writtenRange,
  type PortDeclaration,
  type ObjectRef,
  type PortValue,
} from './model.js';

/** Where a declaration lives, flat: the Kubernetes object, container, compose service, stage or variable. */
export interface EntryContext {
  kind?: string;
  name?: string;
  namespace?: string;
  /** The engine's object key (`file#documentIndex[/itemIndex][@podSpecPath]`). */
  objectId?: string;
  container?: string;
  containerKind?: string;
  serviceType?: string;
  probe?: string;
  backendService?: string;
  service?: string;
  stage?: string;
  stageIndex?: number;
  finalStage?: boolean;
  variable?: string;
  /** A Gateway listener's or Istio server's name. */
  listener?: string;
  /** The Gateway a route's parentRef names. */
  parent?: string;
  /** A NetworkPolicy rule: `ingress[0]`, `egress[1]`. */
  rule?: string;
}

export interface PortEntry {
  file: string;
  format: PortDeclaration['format'];
  role: PortDeclaration['role'];
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  port?: number;
  endPort?: number;
  protocol: string;
  protocolRaw?: string;
  name?: string;
  hostIp?: string;
  target?: { port?: number; endPort?: number; name?: string };
  raw: string;
  field: string;
  unresolved?: string[];
  invalid?: string;
  scheme?: string;
  implicit?: boolean;
  context: EntryContext;
  /** The well-known service on the port a process listens on (`PostgreSQL`), from the knowledge base. */
  service?: string;
}

/** `T` with `undefined` allowed for its optional keys, before `defined` drops them. */
type Loose<T> = { [K in keyof T]: T[K] | (undefined extends T[K] ? undefined : never) };

/** A copy without the keys whose value is undefined. */
function defined<T extends object>(obj: Loose<T>): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** Where an entry lives, for messages about inventories read back from JSON (the words of `describeOwner`). */
export function describeEntry(e: Pick<PortEntry, 'format' | 'context'>): string {
  const c = e.context;
  switch (e.format) {
    case 'kubernetes': {
      const obj = `${c.kind || 'object'} ${c.namespace ? `${c.namespace}/` : ''}${c.name ?? '(unnamed)'}`;
      return c.container ? `container "${c.container}" of ${obj}` : obj;
    }
    case 'compose':
      return c.service ? `service "${c.service}"` : 'compose file';
    case 'dockerfile':
      if (c.stage) return `stage "${c.stage}"`;
      if (c.finalStage) return 'the image';
      return c.stageIndex !== undefined ? `build stage ${c.stageIndex}` : 'the Dockerfile';
    case 'env':
      return c.variable ? `variable ${c.variable}` : 'env file';
  }
}

/** The object part of an entry's context, first in its keys as the JSON has it. */
function objectFields(o: ObjectRef): Loose<Pick<EntryContext, 'kind' | 'name' | 'namespace'>> {
  return { kind: o.kind, name: o.name, namespace: o.namespace };
}

export function entryContext(d: Pick<PortDeclaration, 'owner' | 'source'>): EntryContext {
  const { owner, source } = d;
  const probe = source.format === 'kubernetes' && 'probe' in source ? source.probe : undefined;
  const backendService = source.format === 'kubernetes' && 'service' in source ? source.service : undefined;
  switch (owner.kind) {
    case 'podContainer': {
      return defined<EntryContext>({
        ...objectFields(owner.object),
        objectId: owner.workload.id,
        container: owner.container.name || undefined,
        containerKind: owner.container.kind,
        probe,
      });
    }
    case 'service': {
      return defined<EntryContext>({
        ...objectFields(owner.object),
        objectId: owner.service.id,
        serviceType: owner.service.type,
      });
    }
    case 'ingress': {
      return defined<EntryContext>({ ...objectFields(owner.object), objectId: owner.id, backendService });
    }
    case 'composeService':
      return { service: owner.service.name };
    case 'stage':
      return defined<EntryContext>({ stage: owner.stage.name, stageIndex: owner.stage.index, finalStage: owner.stage.final });
    case 'file':
      return source.format === 'env' ? { variable: source.variable } : {};
    case 'listener': {
      return defined<EntryContext>({ ...objectFields(owner.object), listener: owner.listener.name });
    }
    case 'route': {
      return defined<EntryContext>({
        ...objectFields(owner.object),
        backendService: owner.backend?.name,
        parent: owner.parent?.name,
      });
    }
    case 'networkPolicy': {
      return defined<EntryContext>({
        ...objectFields(owner.object),
        rule: `${owner.rule.direction}[${owner.rule.index}]`,
      });
    }
    case 'mesh': {
      return defined<EntryContext>({ ...objectFields(owner.object) });
    }
  }
}

function entryTarget(d: PortDeclaration): PortEntry['target'] {
  const t: PortValue | undefined = d.target;
  if (t === undefined) return undefined;
  const range = writtenRange(t);
  if (d.format === 'compose') return range ? { port: range.port, endPort: range.endPort } : undefined;
  return defined<NonNullable<PortEntry['target']>>({ port: range?.port, name: valueName(t) });
}

/**
 * The well-known service a declaration stands for, by the knowledge base: a URL by its scheme,
 * otherwise the single port a process listens on — a host or Service port by the container port it
 * forwards to — and its transport (`5432/tcp` is PostgreSQL; ranges name none).
 */
export function serviceName(d: PortDeclaration): string | undefined {
  if (d.source.format === 'env' && d.source.url) {
    const byScheme = serviceOfScheme(d.source.url.scheme);
    if (byScheme) return byScheme.name;
  }
  const listening = d.role === 'host' || d.role === 'service' ? (targetRange(d) ?? portRange(d)) : portRange(d);
  if (!listening || listening.port !== listening.endPort || listening.port === 0 || !isTransport(d.protocol)) return undefined;
  return serviceAt(listening.port, d.protocol)?.name;
}

/** The flat entry of one declaration. */
export function portEntry(d: PortDeclaration): PortEntry {
  const range = writtenRange(d.value);
  const url = d.source.format === 'env' ? d.source.url : undefined;
  return defined<PortEntry>({
    file: d.file,
    format: d.format,
    role: d.role,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    port: range?.port,
    endPort: range?.endPort,
    protocol: protocolName(d.protocol),
    protocolRaw: d.protocolText,
    name: valueName(d.value) ?? d.name,
    hostIp: d.hostIp,
    target: entryTarget(d),
    raw: d.raw,
    field: sourceField(d.source),
    unresolved: d.value.kind === 'unresolved' ? [...d.value.variables] : undefined,
    invalid: d.value.kind === 'invalid' ? d.value.reason : undefined,
    scheme: url?.scheme,
    implicit: url?.implicit ? true : undefined,
    context: entryContext(d),
    service: serviceName(d),
  });
}
