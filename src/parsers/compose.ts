/**
 * Docker Compose files: the `ports:` (short and long syntax) and `expose:` of every service, with
 * compose's variable interpolation, plus one `ComposeServiceFact` per service.
 *
 * Values are interpolated as compose does: variables from `options.env` (the process
 * environment) first, then the `.env` beside the file, then `${VAR:-default}` defaults. A value
 * that still names an unset variable gives a declaration with `unresolved` and no port: never a
 * guess, never dropped. Positions point at the exact digits when the scalar holds them verbatim;
 * a part changed by interpolation points at its own `${…}` text when it can be told apart, and at
 * the whole scalar otherwise.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type Scalar } from 'yaml';
import {
  declaration,
  emptyFacts,
  type IncludedFile,
  invalidValue,
  isTransport,
  parseProtocol,
  portValue,
  unresolvedValue,
  type ComposeServiceFact,
  type Loc,
  type Owner,
  type ParseProblem,
  type ParseResult,
  type PortRange,
  type PortValue,
  type Role,
  type Source,
} from '../model.js';
import {
  hostIpProblem,
  isPortError,
  parseExpose,
  parsePortRange,
  rangeMismatch,
  splitShortPort,
  type ShortPortParts,
  type TextPart,
} from './compose-ports.js';
import { includedProject, isRemote, MAX_INCLUDE_DEPTH, readerBeside, type ReadFile } from './compose-files.js';
import { dirOf, relativePath, resolvePath } from '../util/paths.js';
import { envValueDeclarations, envVariables, mayDeclarePorts, type EnvValue } from './env.js';
import { flagListenPorts } from './listen-evidence.js';
import { interpolate, references } from './interpolate.js';
import { stripBom } from '../text.js';
import {
  deref,
  documentProblems,
  duplicateKeyProblems,
  reindentedProblems,
  entries,
  get,
  getPair,
  items,
  keyString,
  locOf,
  parseYaml,
  rawText,
  str,
  subLoc,
  type YamlFile,
} from './yaml.js';

export interface ComposeOptions {
  /** Contents of the `.env` beside the compose file, if any. */
  dotenv?: string | undefined;
  /** Extra variables (e.g. the process environment); like compose, these win over `.env`. */
  env?: ReadonlyMap<string, string> | undefined;
  /** Read a file beside the compose file by relative path (its `env_file:`); undefined when absent. The parser does no I/O itself. */
  readSibling?: ((name: string) => string | undefined) | undefined;
  /**
   * Read any file the project names (`include:`, `extends.file`, `env_file:`) by the path the
   * parser resolves (relative to the same base as `file`, or absolute). Without it, files are
   * read through `readSibling`.
   */
  readFile?: ReadFile | undefined;
}

/** True when a parsed YAML document looks like a compose file (top-level `services:` map, no apiVersion/kind). */
export function isComposeDocument(doc: Document.Parsed): boolean {
  const root = deref(doc.contents, doc);
  if (!isMap(root)) return false;
  if (getPair(root, 'apiVersion', doc) || getPair(root, 'kind', doc)) return false;
  return isMap(get(root, 'services', doc));
}

/** True when a parsed YAML document is a compose file that only `include:`s others (no `services:`). */
function isIncludeDocument(doc: Document.Parsed): boolean {
  const root = deref(doc.contents, doc);
  return isMap(root) && !getPair(root, 'apiVersion', doc) && !getPair(root, 'kind', doc) && getPair(root, 'include', doc) !== undefined;
}

/**
 * True for a version-1 compose file (no `services:`; every top-level key is a service: a map with
 * `image` or `build`), such as old `docker-compose.yml` files still in the wild. Compose v2 no
 * longer runs these, but their `ports:` still describe what was meant.
 */
export function isLegacyComposeDocument(doc: Document.Parsed): boolean {
  const root = deref(doc.contents, doc);
  if (!isMap(root) || getPair(root, 'services', doc) || getPair(root, 'apiVersion', doc)) return false;
  const services = legacyServices(root, doc);
  return services.length > 0 && services.every((p) => getPair(p.value, 'image', doc) || getPair(p.value, 'build', doc));
}

function legacyServices(root: unknown, doc: Document.Parsed): Pair<Node, Node>[] {
  return entries(root, doc).filter((p) => {
    const k = keyString(p.key);
    return k !== undefined && k !== 'version' && !k.startsWith('x-');
  });
}

interface Ctx {
  file: string;
  doc: Document.Parsed;
  lc: LineCounter;
  text: string;
  /** The variables of the project this file is read in (its own, or those of the include entry that brought it in). */
  vars: ReadonlyMap<string, string>;
  /** Where declarations and facts go: the linted file's result, for included files too. */
  result: ParseResult;
  /** Where problems about this file's lines go (the result's own, or an included file's). */
  problems: ParseProblem[];
  /** The folder this file's relative paths resolve against: its project directory (an extends base: its own folder). */
  dir: string;
  read?: ReadFile | undefined;
  /** The files of the include chain down to this one, the linted file first (for cycles). */
  chain: readonly string[];
}

/**
 * Port declarations and service facts from an already parsed YAML file. Documents that are not
 * compose documents (current or version 1) are skipped; YAML errors become fatal problems; shapes compose would refuse
 * (a service that is not a map, `ports:` that is not a list) become `warn` problems.
 */
export function extractCompose(y: YamlFile, file: string, options: ComposeOptions = {}): ParseResult {
  const result: ParseResult = {
    file,
    format: 'compose',
    declarations: [],
    facts: emptyFacts(),
    problems: [],
    comments: y.comments,
    objects: [],
  };
  const vars = envVariables(options.dotenv ?? '', options.env);
  const lc = y.lineCounter;
  const read = options.readFile ?? (options.readSibling ? readerBeside(file, options.readSibling) : undefined);
  result.problems.push(...reindentedProblems(y));
  for (const doc of y.docs) {
    result.problems.push(...documentProblems(doc, y));
    if (doc.errors.length === 0) result.problems.push(...duplicateKeyProblems(doc, y, 'docker compose rejects the file'));
    const ctx: Ctx = {
      file,
      doc,
      lc,
      text: y.text,
      vars,
      result,
      problems: result.problems,
      dir: dirOf(file),
      read,
      chain: [resolvePath('.', file)],
    };
    composeDocument(ctx);
  }
  return result;
}

/** The services of one document (its includes first, as compose imports them before its own). */
function composeDocument(ctx: Ctx): void {
  const { doc } = ctx;
  if (isComposeDocument(doc) || isIncludeDocument(doc)) {
    includes(ctx, get(doc.contents, 'include', doc));
    for (const pair of entries(get(doc.contents, 'services', doc), doc)) service(ctx, pair);
  } else if (isLegacyComposeDocument(doc)) {
    for (const pair of legacyServices(doc.contents, doc)) service(ctx, pair);
  }
}

// --- include -------------------------------------------------------------------------------------

/**
 * Follow `include:` (a list of paths, or of `{ path, project_directory, env_file }`): each
 * included file is read as part of this project, with the variables and directory its entry
 * gives it (`compose-files.ts`), and its services are linted here, where they clash with this
 * file's. Their declarations keep their own file and lines. What stops an entry (a file that
 * cannot be read or parsed, a cycle, too deep a chain, an unset variable in a path, a remote
 * resource) is a warning at the entry, naming the file.
 */
function includes(ctx: Ctx, node: Node | undefined): void {
  if (isNull(node)) return;
  if (!isSeq(node)) {
    warn(ctx, '"include" must be a list of paths or of mappings with "path"', locOf(node!, ctx.lc));
    return;
  }
  for (const item of items(node, ctx.doc)) includeEntry(ctx, item);
}

/** A path-like value of an include entry, interpolated; undefined (with a warning) when it cannot be used. */
function includeValue(ctx: Ctx, node: Node, key: string): { value: string; loc: Loc } | undefined {
  const loc = locOf(node, ctx.lc);
  const v = isScalar(node) ? scalarValue(ctx, node) : undefined;
  if (!v || v.value === '') {
    if (!v || v.unresolved.length === 0) warn(ctx, `include: "${key}" must be a non-empty string`, loc);
    else warn(ctx, `include: ${key} "${v.raw}" uses unset ${plural(v.unresolved)}, so it is not followed`, loc);
    return undefined;
  }
  if (v.unresolved.length > 0) {
    warn(ctx, `include: ${key} "${v.raw}" uses unset ${plural(v.unresolved)}, so it is not followed`, loc);
    return undefined;
  }
  return { value: v.value, loc };
}

function plural(names: readonly string[]): string {
  return names.length === 1 ? `variable ${names[0]}` : `variables ${names.join(', ')}`;
}

function includeEntry(ctx: Ctx, item: Node): void {
  const single = (n: Node | undefined): Node[] => (n === undefined || isNull(n) ? [] : isSeq(n) ? items(n, ctx.doc) : [n]);
  let pathNodes: Node[];
  let dirNode: Node | undefined;
  let envNodes: Node[] = [];
  if (isScalar(item)) pathNodes = [item];
  else if (isMap(item)) {
    pathNodes = single(get(item, 'path', ctx.doc));
    dirNode = get(item, 'project_directory', ctx.doc);
    envNodes = single(get(item, 'env_file', ctx.doc));
  } else {
    warn(ctx, 'include: an entry must be a path or a mapping with "path"', locOf(item, ctx.lc));
    return;
  }
  if (pathNodes.length === 0) {
    warn(ctx, 'include: the entry has no "path", so nothing is included', locOf(item, ctx.lc));
    return;
  }
  const paths = pathNodes.map((n) => includeValue(ctx, n, 'path'));
  const dir = dirNode === undefined || isNull(dirNode) ? undefined : includeValue(ctx, dirNode, 'project_directory');
  const envs = envNodes.map((n) => includeValue(ctx, n, 'env_file'));
  if (paths.some((p) => p === undefined) || (dirNode !== undefined && !isNull(dirNode) && !dir) || envs.some((e) => e === undefined))
    return;
  const written = paths as { value: string; loc: Loc }[];
  const remote = written.find((p) => isRemote(p.value));
  if (remote) {
    warn(ctx, `include: "${remote.value}" is a remote resource; portlint does not fetch it, so its services are not linted`, remote.loc);
    return;
  }
  if (!ctx.read) {
    warn(ctx, `include: "${written[0]!.value}" is not followed: no files can be read here`, written[0]!.loc);
    return;
  }
  if (ctx.chain.length > MAX_INCLUDE_DEPTH) {
    warn(
      ctx,
      `include: "${written[0]!.value}" is nested more than ${MAX_INCLUDE_DEPTH} includes deep, so it is not followed`,
      written[0]!.loc,
    );
    return;
  }
  const project = includedProject(
    { paths: written.map((p) => p.value), projectDirectory: dir?.value, envFiles: envs.map((e) => e!.value) },
    ctx,
    ctx.read,
  );
  if (project.missingEnvFile) {
    const at = envs.find((e) => resolvePath(ctx.dir, e!.value) === project.missingEnvFile!.path) ?? written[0]!;
    warn(
      ctx,
      `include: env_file "${at.value}" cannot be read (${project.missingEnvFile.reason}); docker compose refuses the project, and its variables are left unset here`,
      at.loc,
    );
  }
  const before = ctx.result.facts.composeServices.length;
  project.files.forEach((file, i) => includeFile(ctx, file, written[i]!, project));
  if (project.files.length > 1) mergeOverrides(ctx.result.facts.composeServices.slice(before), new Set(project.files));
}

/**
 * The files of one `path:` list are merged in order, as `docker compose -f a -f b` merges them: a
 * service written in several is one service, whose facts are the later files' over the earlier
 * ones'. Each part keeps its own declarations; every part gets the merged facts, so the base's
 * ports are judged with the override's `network_mode` or `image`.
 */
function mergeOverrides(facts: readonly ComposeServiceFact[], files: ReadonlySet<string>): void {
  const byName = new Map<string, ComposeServiceFact[]>();
  for (const f of facts) if (files.has(f.file)) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  for (const parts of byName.values()) {
    if (parts.length < 2) continue;
    const merged: Partial<ComposeServiceFact> = {};
    for (const part of parts) {
      for (const key of ['networkMode', 'user', 'image', 'containerName', 'profiles', 'listenPorts'] as const) {
        if (part[key] !== undefined) Object.assign(merged, { [key]: part[key] });
      }
      if (part.environment) merged.environment = { ...merged.environment, ...part.environment };
    }
    for (const part of parts) Object.assign(part, merged);
  }
}

/** Read one included file in its project, or say at the entry why not. */
function includeFile(
  ctx: Ctx,
  file: string,
  written: { value: string; loc: Loc },
  project: { dir: string; vars: ReadonlyMap<string, string> },
): void {
  const at = ctx.chain.indexOf(file);
  if (at >= 0) {
    const cycle = [...ctx.chain.slice(at), file].map((f) => relativePath(dirOf(ctx.file), f)).join(' → ');
    warn(ctx, `include: "${written.value}" makes a cycle (${cycle}); docker compose refuses it, so it is not followed again`, written.loc);
    return;
  }
  // Read once per project: a file included twice adds the same services (compose accepts identical ones).
  if (ctx.result.included?.some((f) => f.file === file)) return;
  const got = ctx.read!(file);
  if (!got.ok) {
    const where = resolvePath(ctx.dir, written.value) === resolvePath(dirOf(ctx.file), written.value) ? '' : ` (${file})`;
    warn(ctx, `include: cannot read "${written.value}"${where}: ${got.reason}; its services are not linted`, written.loc);
    return;
  }
  const y = parseYaml(stripBom(got.text));
  const included: IncludedFile = { file, comments: y.comments, problems: [] };
  (ctx.result.included ??= []).push(included);
  // Its syntax problems are said by its own lint (a walk finds it): here only that it is not followed,
  // and nothing of its text, which may be any file the entry names.
  if (y.docs.some((d) => d.errors.length > 0)) {
    warn(ctx, `include: "${written.value}" is not valid YAML, so its services are not linted with this project`, written.loc);
    return;
  }
  for (const doc of y.docs) {
    composeDocument({
      file,
      doc,
      lc: y.lineCounter,
      text: y.text,
      vars: project.vars,
      result: ctx.result,
      problems: included.problems,
      dir: project.dir,
      read: ctx.read,
      chain: [...ctx.chain, file],
    });
  }
}

/** Parse compose YAML text: `extractCompose(parseYaml(text), file, options)`. */
export function parseCompose(text: string, file: string, options: ComposeOptions = {}): ParseResult {
  return extractCompose(parseYaml(text), file, options);
}

function warn(ctx: Ctx, message: string, loc: Loc): void {
  const problem: ParseProblem = { id: 'parse-error', message, ...loc, severity: 'warn', fatal: false };
  ctx.problems.push(problem);
}

function isNull(node: Node | undefined): boolean {
  return node === undefined || (isScalar(node) && node.value === null);
}

function service(ctx: Ctx, pair: Pair<Node, Node>): void {
  const name = keyString(pair.key);
  if (name === undefined) return;
  const fact: ComposeServiceFact = { file: ctx.file, name, loc: locOf(pair.key, ctx.lc) };
  ctx.result.facts.composeServices.push(fact);
  const owner: Owner = { kind: 'composeService', service: fact };
  const node = deref(pair.value, ctx.doc);
  if (!isMap(node)) {
    warn(ctx, `service "${name}" is not a mapping`, locOf(node ?? pair.key, ctx.lc));
    return;
  }
  const networkMode = factValue(ctx, get(node, 'network_mode', ctx.doc) ?? get(node, 'net', ctx.doc));
  const user = factValue(ctx, get(node, 'user', ctx.doc));
  const image = factValue(ctx, get(node, 'image', ctx.doc));
  const containerName = factValue(ctx, get(node, 'container_name', ctx.doc));
  if (networkMode !== undefined) fact.networkMode = networkMode;
  if (user !== undefined) fact.user = user;
  if (image !== undefined) fact.image = image;
  if (containerName !== undefined) fact.containerName = containerName;
  const profiles = items(get(node, 'profiles', ctx.doc), ctx.doc)
    .map((n) => (isScalar(n) ? factValue(ctx, n) : undefined))
    .filter((p): p is string => p !== undefined && p !== '');
  if (profiles.length > 0) fact.profiles = profiles;
  // `env_file:` first: `environment:` wins over it, as in compose.
  const environment = {
    ...envFileVariables(ctx, get(node, 'env_file', ctx.doc)),
    ...composeEnvironment(ctx, get(node, 'environment', ctx.doc)),
  };
  if (Object.keys(environment).length > 0) fact.environment = environment;
  for (const v of environmentValues(ctx, get(node, 'environment', ctx.doc))) {
    ctx.result.declarations.push(...envValueDeclarations({ file: ctx.file, format: 'compose', owner, vars: ctx.vars }, v));
  }
  const words = ['command', 'entrypoint'].flatMap((k) => {
    const n = get(node, k, ctx.doc);
    if (isSeq(n)) return items(n, ctx.doc).map((w) => (isScalar(w) ? (factValue(ctx, w) ?? '') : ''));
    return [factValue(ctx, n) ?? ''];
  });
  inheritExtended(ctx, node, fact);
  const listens = flagListenPorts(words);
  if (listens.length > 0) fact.listenPorts = listens;
  for (const item of list(ctx, node, 'ports', name)) {
    if (isScalar(item)) shortPort(ctx, owner, item);
    else if (isMap(item)) longPort(ctx, owner, item);
    else warn(ctx, `service "${name}": a ports item must be a string, a number or a mapping`, locOf(item, ctx.lc));
  }
  for (const item of list(ctx, node, 'expose', name)) {
    if (isScalar(item)) exposeItem(ctx, owner, item);
    else warn(ctx, `service "${name}": an expose item must be a string or a number`, locOf(item, ctx.lc));
  }
}

/** The items under `key`, or none (with a problem when it is not a list). */
function list(ctx: Ctx, node: Node, key: string, name: string): Node[] {
  const value = get(node, key, ctx.doc);
  if (isNull(value)) return [];
  if (!isSeq(value)) {
    warn(ctx, `service "${name}": "${key}" must be a list`, locOf(value, ctx.lc));
    return [];
  }
  return items(value, ctx.doc).filter((n) => !isNull(n));
}

/** A string fact (`network_mode`, `user`) after interpolation; the raw text when a variable is unset. */
/** A service's `environment`, map (`KEY: value`) or list (`KEY=value`) form, interpolated; unresolved values left out. */
function composeEnvironment(outer: Ctx, node: Node | undefined): Record<string, string> {
  // Read for facts only: interpolation problems in values no rule reads are not reported.
  const ctx: Ctx = { ...outer, problems: [] };
  const out: Record<string, string> = {};
  if (isMap(node)) {
    for (const pair of entries(node, ctx.doc)) {
      const key = keyString(pair.key);
      const v = scalarValue(ctx, deref(pair.value, ctx.doc));
      if (key !== undefined && v && v.unresolved.length === 0) out[key] = v.value;
    }
  } else if (isSeq(node)) {
    for (const item of items(node, ctx.doc)) {
      const v = scalarValue(ctx, item);
      const eq = v ? v.value.indexOf('=') : -1;
      if (v && eq > 0 && v.unresolved.length === 0) out[v.value.slice(0, eq)] = v.value.slice(eq + 1);
    }
  }
  return out;
}

/**
 * Fill the facts a service leaves out from the service it `extends:` (`network_mode`, `user`,
 * `image`, `container_name`, `environment` under its own), following a chain of at most five.
 * The base is read from `file:` (relative to the project directory of the file that names it;
 * a base's own `file:` relative to the base's folder, as compose-go resolves it), else from the
 * same file, interpolated with this project's variables as compose does. Its ports are declared
 * where they are written: in the base service, when that file is linted.
 */
function inheritExtended(ctx: Ctx, node: Node, fact: ComposeServiceFact): void {
  let at: { ctx: Ctx; node: Node } | undefined = { ctx, node };
  for (let depth = 0; depth < 5 && at; depth++) {
    at = extendedService(at.ctx, at.node);
    if (!at) return;
    const { ctx: b, node: base } = at;
    const pick = (...keys: string[]): string | undefined =>
      factValue(
        b,
        keys.map((k) => get(base, k, b.doc)).find((n) => n !== undefined),
      );
    const networkMode = fact.networkMode ?? pick('network_mode', 'net');
    const user = fact.user ?? pick('user');
    const image = fact.image ?? pick('image');
    const containerName = fact.containerName ?? pick('container_name');
    if (networkMode !== undefined) fact.networkMode = networkMode;
    if (user !== undefined) fact.user = user;
    if (image !== undefined) fact.image = image;
    if (containerName !== undefined) fact.containerName = containerName;
    const environment = {
      ...envFileVariables(b, get(base, 'env_file', b.doc)),
      ...composeEnvironment(b, get(base, 'environment', b.doc)),
      ...fact.environment,
    };
    if (Object.keys(environment).length > 0) fact.environment = environment;
  }
}

/**
 * The service an `extends:` names (`extends: web`, or `{ service, file? }`), with the context to
 * read it in: a base in another file is read in that file with its folder for its own relative
 * paths. A `file:` that cannot be read or parsed is a warning at it (compose refuses the project)
 * when this file names it; deeper in a chain, the base's own lint says so.
 */
function extendedService(ctx: Ctx, node: Node): { ctx: Ctx; node: Node } | undefined {
  const ext = get(node, 'extends', ctx.doc);
  const quiet: Ctx = { ...ctx, problems: [] };
  const name = scalarValue(quiet, isMap(ext) ? get(ext, 'service', ctx.doc) : ext)?.value;
  if (name === undefined || name === '') return undefined;
  const fileNode = isMap(ext) ? get(ext, 'file', ctx.doc) : undefined;
  const file = scalarValue(quiet, fileNode)?.value;
  let where: Pick<Ctx, 'doc' | 'lc' | 'text' | 'file' | 'dir'> = ctx;
  if (file !== undefined && file !== '' && isRemote(file)) {
    warn(
      ctx,
      `extends: "${file}" is a remote resource; portlint does not fetch it, so the service is linted without what it extends`,
      locOf(fileNode!, ctx.lc),
    );
    return undefined;
  }
  if (file !== undefined && file !== '') {
    const path = resolvePath(ctx.dir, file);
    const got = ctx.read?.(path);
    const y = got?.ok ? parseYaml(stripBom(got.text)) : undefined;
    const doc = y?.docs[0];
    if (!y || !doc || doc.errors.length > 0) {
      const why = !got ? 'no files can be read here' : !got.ok ? got.reason : 'it is not valid YAML';
      const where = path === resolvePath(dirOf(ctx.file), file) ? '' : ` (${relativePath(dirOf(ctx.file), path)})`;
      warn(ctx, `extends: cannot read "${file}"${where}: ${why}; the service is linted without what it extends`, locOf(fileNode!, ctx.lc));
      return undefined;
    }
    where = { doc, lc: y.lineCounter, text: y.text, file: path, dir: dirOf(path) };
  }
  const base = deref(get(get(where.doc.contents, 'services', where.doc), name, where.doc), where.doc);
  return isMap(base) && base !== node ? { ctx: { ...quiet, ...where }, node: base } : undefined;
}

/**
 * The values of `environment:` (map or list form) for the env port and URL detection, located in
 * the file; compose interpolates each with the project's variables. A `KEY` with no value
 * (taken from the shell) has nothing to read, nor has a value that cannot declare a port.
 */
function environmentValues(ctx: Ctx, node: Node | undefined): EnvValue[] {
  const out: EnvValue[] = [];
  const value = (key: string, scalar: Scalar, text: string, offset: number): void => {
    if (!mayDeclarePorts(key, text)) return;
    const loc = locOf(scalar, ctx.lc);
    const exact = (rawText(scalar) ?? '') === (str(scalar) ?? '');
    const span = (from: number, to: number): Loc => (exact ? subLoc(scalar, ctx.lc, ctx.text, offset + from, offset + to) : loc);
    out.push({ key, value: text, loc: offset > 0 && exact ? span(0, text.length) : loc, span, template: text });
  };
  if (isMap(node)) {
    for (const pair of entries(node, ctx.doc)) {
      const key = keyString(pair.key);
      const v = deref(pair.value, ctx.doc);
      if (key !== undefined && isScalar(v) && v.value !== null) value(key, v, str(v) ?? '', 0);
    }
  } else if (isSeq(node)) {
    for (const item of items(node, ctx.doc)) {
      const text = isScalar(item) ? (str(item) ?? '') : '';
      const eq = text.indexOf('=');
      if (isScalar(item) && eq > 0) value(text.slice(0, eq), item, text.slice(eq + 1), eq + 1);
    }
  }
  return out;
}

/**
 * The variables of a service's `env_file:` (a path, or a list of paths or `{ path, required }`),
 * read relative to the project directory, later files winning, for the service's environment
 * facts. Their ports and URLs are declared where they are written, when the env file itself is linted.
 */
function envFileVariables(ctx: Ctx, node: Node | undefined): Record<string, string> {
  const read = ctx.read;
  if (!read || node === undefined) return {};
  const paths = (isSeq(node) ? items(node, ctx.doc) : [node]).flatMap((n) => {
    const p = isMap(n) ? get(n, 'path', ctx.doc) : n;
    const v = scalarValue({ ...ctx, problems: [] }, p);
    return v && v.unresolved.length === 0 && v.value !== '' ? [v.value] : [];
  });
  const out: Record<string, string> = {};
  for (const path of paths) {
    const got = read(resolvePath(ctx.dir, path));
    if (!got.ok) continue;
    for (const [k, v] of envVariables(got.text)) out[k] = v;
  }
  return out;
}

function factValue(ctx: Ctx, node: Node | undefined): string | undefined {
  const v = scalarValue(ctx, node);
  if (!v) return undefined;
  return v.unresolved.length > 0 ? v.raw : v.value;
}

// --- scalars and interpolation -----------------------------------------------------------------

interface ScalarValue {
  node: Scalar;
  /** Source text as written. */
  raw: string;
  /** The value before interpolation (YAML numbers in their canonical form). */
  text: string;
  /** After interpolation. */
  value: string;
  unresolved: string[];
  /** True when `text` is written verbatim in the scalar, so offsets into it are positions in the file. */
  exact: boolean;
}

/** Read and interpolate a scalar; malformed interpolation becomes a `warn` problem. */
function scalarValue(ctx: Ctx, node: Node | undefined): ScalarValue | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  const raw = rawText(node) ?? '';
  const text = str(node) ?? '';
  const out = interpolate(text, ctx.vars);
  for (const m of out.malformed) warn(ctx, m, locOf(node, ctx.lc));
  return { node, raw, text, value: out.value, unresolved: out.unresolved, exact: text === raw };
}

/** The place of characters `from`..`to` of a scalar's text, or the whole scalar when they cannot be told. */
function partLoc(ctx: Ctx, v: ScalarValue, from: number, to: number): Loc {
  return v.exact ? subLoc(v.node, ctx.lc, ctx.text, from, to) : locOf(v.node, ctx.lc);
}

/**
 * What one side of an item says while it is being read: its number, or why there is none, and
 * its parts. `declare` turns drafts into declarations with the model's one constructor.
 */
interface DraftFields {
  port?: number | undefined;
  endPort?: number | undefined;
  unresolved?: string[] | undefined;
  invalid?: string | undefined;
  /** A transport, or the text of a protocol that is none (or not resolved). */
  protocol?: string;
  protocolRaw?: string;
  protocolLoc?: Loc | undefined;
  name?: string;
  nameLoc?: Loc | undefined;
  hostIp?: string;
  hostIpLoc?: Loc | undefined;
  target?: PortRange;
}

type DeclFields = { role: Role; field: 'ports' | 'target' | 'published' | 'expose'; raw: string } & Loc & DraftFields;

/** The value a draft says: unresolved variables win, then an invalid reason (keeping a range read), then the number. */
function draftValue(f: DraftFields): PortValue {
  if (f.unresolved !== undefined) return unresolvedValue(f.unresolved);
  const range = f.port !== undefined ? { port: f.port, endPort: f.endPort ?? f.port } : undefined;
  if (f.invalid !== undefined) return invalidValue(f.invalid, { range });
  return range ? portValue(range.port, range.endPort) : invalidValue('no port');
}

/** One source object per key, shared by every declaration read from it. */
const SOURCES: { readonly [F in DeclFields['field']]: Source } = {
  ports: { format: 'compose', field: 'ports' },
  target: { format: 'compose', field: 'target' },
  published: { format: 'compose', field: 'published' },
  expose: { format: 'compose', field: 'expose' },
};

/** Add declarations of one item, in the order they are written (host part before container part). */
function declare(ctx: Ctx, owner: Owner, ...all: DeclFields[]): void {
  const sorted = [...all].sort((a, b) => a.line - b.line || a.column - b.column);
  for (const f of sorted) {
    const protocol = f.protocol === undefined ? 'tcp' : isTransport(f.protocol) ? f.protocol : { invalid: f.protocol };
    ctx.result.declarations.push(
      declaration({
        file: ctx.file,
        role: f.role,
        loc: { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn },
        value: draftValue(f),
        protocol,
        protocolText: f.protocolRaw,
        name: f.name,
        hostIp: f.hostIp,
        target: f.target ? portValue(f.target.port, f.target.endPort) : undefined,
        raw: f.raw,
        variables: references(f.raw),
        source: SOURCES[f.field],
        owner,
        spans: { protocol: f.protocolLoc, name: f.nameLoc, hostIp: f.hostIpLoc },
      }),
    );
  }
}

/** The number (or why there is none) of a resolved port text. */
function portFields(part: Resolved | undefined): { range?: PortRange; fields: DraftFields } {
  if (!part) return { fields: {} };
  if (part.unresolved.length > 0) return { fields: { unresolved: part.unresolved } };
  const range = parsePortRange(part.text);
  if (isPortError(range)) return { fields: { invalid: range.error } };
  return { range, fields: { port: range.port, endPort: range.endPort } };
}

function protocolFields(part: Resolved | undefined): DraftFields {
  if (!part) return {};
  if (part.unresolved.length > 0) return { protocol: part.raw, protocolRaw: part.raw, protocolLoc: part.loc };
  return { protocol: protocolText(parseProtocol(part.text)), protocolRaw: part.text, protocolLoc: part.loc };
}

function protocolText(p: ReturnType<typeof parseProtocol>): string {
  return typeof p === 'string' ? p : p.invalid;
}

/** `[::1]` → `::1` (a bracketed IPv6 that came from a variable). */
function unbracket(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

function union(...lists: (string[] | undefined)[]): string[] | undefined {
  const out = [...new Set(lists.flatMap((l) => l ?? []))];
  return out.length > 0 ? out : undefined;
}

// --- short syntax --------------------------------------------------------------------------------

/** One part of a port string after interpolation. */
interface Resolved {
  /** The text before interpolation. */
  raw: string;
  /** After interpolation. */
  text: string;
  loc: Loc;
  unresolved: string[];
}

type ResolvedParts = { [K in keyof ShortPortParts]: undefined extends ShortPortParts[K] ? Resolved | undefined : Resolved };

/**
 * Split a short-syntax value into interpolated parts. The raw text is split first (references
 * kept whole) and each part interpolated on its own, which keeps precise positions and lets an
 * unset variable in one part leave the others known; when a variable's value itself holds
 * separators (`PORTS=8080:80`), the interpolated whole is split instead.
 */
function resolveShortParts(ctx: Ctx, v: ScalarValue): ResolvedParts | { error: string; unresolved: string[] } {
  const rawSplit = splitShortPort(v.text);
  if (!isPortError(rawSplit)) {
    const per = mapParts(rawSplit, (p) => {
      const out = interpolate(p.text, ctx.vars);
      return { raw: p.text, text: out.value, loc: partLoc(ctx, v, p.start, p.end), unresolved: out.unresolved };
    });
    if (v.unresolved.length > 0 || sameParts(per, splitShortPort(v.value))) return per;
  }
  if (v.unresolved.length > 0) return { error: `cannot read "${v.raw}"`, unresolved: v.unresolved };
  const split = splitShortPort(v.value);
  if (isPortError(split)) return { error: split.error, unresolved: [] };
  const whole = locOf(v.node, ctx.lc);
  return mapParts(split, (p) => ({ raw: v.raw, text: p.text, loc: whole, unresolved: [] }));
}

function mapParts(parts: ShortPortParts, f: (p: TextPart) => Resolved): ResolvedParts {
  return {
    hostIp: parts.hostIp && f(parts.hostIp),
    published: parts.published && f(parts.published),
    target: f(parts.target),
    protocol: parts.protocol && f(parts.protocol),
  };
}

function sameParts(per: ResolvedParts, whole: ShortPortParts | { error: string }): boolean {
  if (isPortError(whole)) return false;
  const keys = ['hostIp', 'published', 'target', 'protocol'] as const;
  return keys.every((k) => per[k]?.text === whole[k]?.text);
}

function shortPort(ctx: Ctx, owner: Owner, node: Scalar): void {
  const v = scalarValue(ctx, node);
  if (!v) return;
  const parts = resolveShortParts(ctx, v);
  if ('error' in parts) {
    const problem = parts.unresolved.length > 0 ? { unresolved: parts.unresolved } : { invalid: parts.error };
    declare(ctx, owner, { role: 'container', field: 'ports', raw: v.raw, ...locOf(node, ctx.lc), ...problem });
    return;
  }
  declareMapping(ctx, owner, { ...parts, raw: v.raw, targetField: 'ports', publishedField: 'ports' });
}

/** A port mapping, short or long syntax, with its parts interpolated. */
interface Mapping {
  target: Resolved;
  published?: Resolved | undefined;
  hostIp?: Resolved | undefined;
  protocol?: Resolved | undefined;
  name?: string | undefined;
  nameLoc?: Loc;
  targetField: 'ports' | 'target';
  publishedField: 'ports' | 'published';
  /** The whole scalar (short syntax); each part's own text when undefined (long syntax). */
  raw?: string;
}

/**
 * One `container` declaration for the target and one `host` declaration for the published port.
 * No or an empty published part (`"80"`, `127.0.0.1::80`, `${HP:-}:80`) is a free host port Docker
 * picks: a `host` declaration with port 0. An unresolved part leaves `port` undefined on the declarations it
 * feeds (the host IP and protocol feed the host declaration).
 */
function declareMapping(ctx: Ctx, owner: Owner, m: Mapping): void {
  const target = portFields(m.target);
  const protocol = protocolFields(m.protocol);
  const named = m.name !== undefined ? { name: m.name, nameLoc: m.nameLoc } : {};
  const container: DeclFields = {
    role: 'container',
    field: m.targetField,
    raw: m.raw ?? m.target.raw,
    ...m.target.loc,
    ...target.fields,
    ...protocol,
    ...named,
    ...unresolvedFields(target.fields.unresolved, m.protocol?.unresolved),
  };
  const published = m.published;
  const hostIp = m.hostIp;
  const ip = hostIp && hostIp.unresolved.length === 0 && hostIp.text !== '' ? unbracket(hostIp.text) : undefined;
  const ipProblem = ip ? hostIpProblem(ip) : undefined;
  const ipFields = ip ? { hostIp: ip, hostIpLoc: hostIp?.loc } : {};
  if (!published || (published.text === '' && published.unresolved.length === 0)) {
    // No published port: Docker still publishes the target, on a free host port it picks (port 0).
    // Not for a target Docker would refuse, nor for an unset variable in the short syntax: it may
    // have held a whole mapping (`"${PORTS}"`), so what is published is unknown, never guessed.
    if (target.fields.invalid !== undefined || (m.raw !== undefined && target.fields.unresolved !== undefined)) {
      declare(ctx, owner, container);
      return;
    }
    declare(ctx, owner, container, {
      role: 'host',
      field: m.publishedField,
      raw: m.raw ?? m.target.raw,
      ...m.target.loc,
      port: 0,
      endPort: 0,
      ...protocol,
      ...named,
      ...ipFields,
      ...(target.range ? { target: { port: target.range.port, endPort: target.range.endPort } } : {}),
      ...(ipProblem ? { invalid: ipProblem } : {}),
      ...unresolvedFields(m.hostIp?.unresolved, m.protocol?.unresolved),
    });
    return;
  }
  const host = portFields(published);
  const invalid = host.fields.invalid ?? (host.range && target.range ? rangeMismatch(host.range, target.range) : undefined) ?? ipProblem;
  declare(ctx, owner, container, {
    role: 'host',
    field: m.publishedField,
    raw: m.raw ?? published.raw,
    ...published.loc,
    ...host.fields,
    ...protocol,
    ...named,
    ...ipFields,
    ...(target.range ? { target: { port: target.range.port, endPort: target.range.endPort } } : {}),
    ...(invalid ? { invalid } : {}),
    ...unresolvedFields(host.fields.unresolved, m.hostIp?.unresolved, m.protocol?.unresolved),
  });
}

/** `unresolved` (and no port) when any list has a name. */
function unresolvedFields(...lists: (string[] | undefined)[]): DraftFields {
  const unresolved = union(...lists);
  return unresolved ? { unresolved, port: undefined, endPort: undefined } : {};
}

// --- long syntax ---------------------------------------------------------------------------------

/** A long-syntax field, interpolated, located at its digits (quotes excluded). */
function longField(ctx: Ctx, map: Node, key: string): Resolved | undefined {
  const v = scalarValue(ctx, get(map, key, ctx.doc));
  if (!v) return undefined;
  const loc = partLoc(ctx, v, 0, v.text.length);
  return { raw: v.raw, text: v.value, loc, unresolved: v.unresolved };
}

function longPort(ctx: Ctx, owner: Owner & { kind: 'composeService' }, node: Node): void {
  const target = longField(ctx, node, 'target');
  if (!target) {
    warn(ctx, `service "${owner.service.name}": a ports mapping needs a "target"`, locOf(node, ctx.lc));
    return;
  }
  const nameNode = get(node, 'name', ctx.doc);
  const name = str(nameNode);
  declareMapping(ctx, owner, {
    target,
    published: longField(ctx, node, 'published'),
    hostIp: longField(ctx, node, 'host_ip'),
    protocol: longField(ctx, node, 'protocol'),
    name,
    ...(name !== undefined && nameNode ? { nameLoc: locOf(nameNode, ctx.lc) } : {}),
    targetField: 'target',
    publishedField: 'published',
  });
}

// --- expose --------------------------------------------------------------------------------------

function exposeItem(ctx: Ctx, owner: Owner, node: Scalar): void {
  const v = scalarValue(ctx, node);
  if (!v) return;
  const base = { role: 'container' as const, field: 'expose' as const, raw: v.raw };
  if (v.unresolved.length > 0) {
    declare(ctx, owner, { ...base, ...locOf(node, ctx.lc), unresolved: v.unresolved });
    return;
  }
  const parsed = parseExpose(v.value);
  const changed = v.value !== v.text;
  if (isPortError(parsed)) {
    declare(ctx, owner, { ...base, ...locOf(node, ctx.lc), invalid: parsed.error });
    return;
  }
  const { start, end } = parsed.spans.range;
  const loc = changed ? partLoc(ctx, v, 0, v.text.length) : partLoc(ctx, v, start, end);
  const protocolLoc =
    parsed.spans.protocol && !changed ? partLoc(ctx, v, parsed.spans.protocol.start, parsed.spans.protocol.end) : undefined;
  declare(ctx, owner, {
    ...base,
    ...loc,
    port: parsed.range.port,
    endPort: parsed.range.endPort,
    ...(parsed.protocol !== undefined
      ? { protocol: protocolText(parseProtocol(parsed.protocol)), protocolRaw: parsed.protocol, protocolLoc }
      : {}),
  });
}
