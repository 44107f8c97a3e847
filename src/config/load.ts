/**
 * Reading one config file: parse it (YAML, JSON, or the `portlint` key of package.json), validate
 * the whole of it against the generated schema with ajv, and turn every problem into a message
 * naming the file, the line and column, the path inside the file and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { newAjv } from '../util/ajv.js';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { closest } from '../util/closest.js';
import { ConfigError } from '../errors.js';
import type { RuleSetting } from './rule-options.js';
import type { AnyRule } from '../engine/rule.js';
import { configSchema, type JsonSchema } from './schema.js';
import type { Settings } from './settings.js';
import { stripBom } from '../text.js';

/** Config file names, in the order they are looked for in each directory. */
export const CONFIG_FILE_NAMES = [
  '.portlintrc.yaml',
  '.portlintrc.yml',
  '.portlintrc.json',
  'portlint.config.yaml',
  'package.json',
] as const;

export interface ConfigOverride {
  files: string | string[];
  excludedFiles?: string | string[];
  rules?: Record<string, RuleSetting>;
  settings?: Settings;
}

/** A config file's contents, as validated. */
export interface PortlintConfig {
  $schema?: string;
  /** Configs this one builds on: file paths, npm packages, or `portlint:recommended` / `portlint:all` (see extends.ts). */
  extends?: string | string[];
  /** Rules whose findings no inline comment or annotation may suppress (an organisation's mandated rules). */
  noInlineDisable?: string[];
  rules?: Record<string, RuleSetting>;
  settings?: Settings;
  ignorePatterns?: string[];
  overrides?: ConfigOverride[];
}

type Segment = string | number;

/** A config as read, with a way to name where in its file a key is (`file:line:col`). */
export interface LoadedConfig {
  config: PortlintConfig;
  /** `file:line:col` of the value at `path` (e.g. `['extends', 1]`), or the file alone when it cannot tell. */
  where(path: readonly Segment[]): string;
}

interface Located {
  doc?: Document.Parsed;
  lc: LineCounter;
  /** Path of the config inside the document (`['portlint']` in package.json). */
  root: Segment[];
}

const validators = new WeakMap<readonly AnyRule[], ValidateFunction>();

function validatorFor(rules: readonly AnyRule[]): ValidateFunction {
  let v = validators.get(rules);
  if (!v) {
    const ajv = newAjv({ allErrors: true, strict: false, verbose: true });
    v = ajv.compile(configSchema(rules));
    validators.set(rules, v);
  }
  return v;
}

/**
 * Parse and validate a config file's text. `displayPath` names the file in messages; package.json
 * is recognised by its base name. Returns undefined for a package.json without a `portlint` key.
 * Throws `ConfigError` listing every problem.
 */
export function parseConfigText(text: string, displayPath: string, rules: readonly AnyRule[]): PortlintConfig | undefined {
  return parseConfig(text, displayPath, rules)?.config;
}

function parseConfig(text: string, displayPath: string, rules: readonly AnyRule[]): LoadedConfig | undefined {
  const name = basename(displayPath);
  const lc = new LineCounter();
  let data: unknown;
  let doc: Document.Parsed | undefined;
  const root: Segment[] = [];
  if (name.endsWith('.json')) {
    data = parseJson(text, displayPath);
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
    if (name === 'package.json') {
      if (data === null || typeof data !== 'object' || !('portlint' in data)) return undefined;
      data = (data as Record<string, unknown>).portlint;
      root.push('portlint');
    }
  } else {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, merge: true });
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lc.linePos(err.pos[0]);
      throw new ConfigError(`${displayPath}:${line}:${col}: YAML syntax error: ${err.message.replace(/ at line \d+, column \d+.*$/s, '')}`);
    }
    data = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  }
  const validate = validatorFor(rules);
  if (!validate(data)) {
    const messages = describeErrors(validate.errors ?? [], rules);
    const lines = messages
      .map((m) => {
        const path = [...root, ...m.path];
        const pos = position({ doc, lc, root }, m.path, m.key) ?? { line: 0, col: 0 };
        const where = pos.line > 0 ? `${displayPath}:${pos.line}:${pos.col}` : displayPath;
        return { pos, text: `${where}: ${path.length > 0 ? `${formatPath(path)}: ` : ''}${m.message}` };
      })
      .sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col)
      .map((l) => l.text);
    throw new ConfigError([...new Set(lines)].join('\n'));
  }
  const where = (path: readonly Segment[]): string => {
    const pos = position({ doc, lc, root }, path);
    return pos ? `${displayPath}:${pos.line}:${pos.col}` : displayPath;
  };
  return { config: data as PortlintConfig, where };
}

/** Read, parse and validate one config file. Undefined for a package.json without `portlint`. */
export function loadConfigFile(file: string, displayPath: string, rules: readonly AnyRule[]): PortlintConfig | undefined {
  return readConfigFile(file, displayPath, rules)?.config;
}

/** Read, parse and validate one config file, keeping its positions. Undefined for a package.json without `portlint`. */
export function readConfigFile(file: string, displayPath: string, rules: readonly AnyRule[]): LoadedConfig | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (err as Error).message;
    throw new ConfigError(`${displayPath}: cannot read config file: ${why}`);
  }
  text = stripBom(text);
  // A broken package.json matters only when it tries to configure portlint.
  if (basename(file) === 'package.json' && !text.includes('"portlint"')) return undefined;
  return parseConfig(text, displayPath, rules);
}

function parseJson(text: string, displayPath: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : message.includes('end of JSON') ? text.length : undefined;
    const clean = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    if (offset === undefined) return fail(`${displayPath}: JSON syntax error: ${clean}`);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - before.lastIndexOf('\n');
    return fail(`${displayPath}:${line}:${col}: JSON syntax error: ${clean}`);
  }
}

function fail(message: string): never {
  throw new ConfigError(message);
}

/** `rules.host-port[1].range`, quoting keys that are not plain words. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Where a path (or a key inside the map at that path) is written. */
function position(at: Located, path: readonly Segment[], key?: string): { line: number; col: number } | undefined {
  if (!at.doc) return undefined;
  let node: unknown = at.doc.contents;
  for (const seg of [...at.root, ...path]) {
    const next = child(node, seg);
    if (next === undefined) break;
    node = next;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair) node = pair.key;
  }
  const range = (node as Node | null)?.range;
  return range ? at.lc.linePos(range[0]) : undefined;
}

function child(node: unknown, seg: Segment): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
    return pair?.value ?? undefined;
  }
  if (isSeq(node) && typeof seg === 'number') return node.items[seg] ?? undefined;
  return undefined;
}

interface ConfigMessage {
  path: Segment[];
  /** A key of the map at `path` that the message is about (located on the key itself). */
  key?: string;
  message: string;
}

function segmentsOf(instancePath: string): Segment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** True when `path` is a rule's setting: `rules.<id>` or `overrides[n].rules.<id>`. */
function isRuleSetting(path: readonly Segment[]): boolean {
  const n = path.length;
  return n >= 2 && path[n - 2] === 'rules' && (n === 2 || (n === 4 && path[0] === 'overrides'));
}

function isRulesMap(path: readonly Segment[]): boolean {
  return (path.length === 1 && path[0] === 'rules') || (path.length === 3 && path[0] === 'overrides' && path[2] === 'rules');
}

/** The rule id a path is inside of, with the path below the options object. */
function ruleOptionsOf(path: readonly Segment[]): { id: string; below: Segment[] } | undefined {
  const start = path[0] === 'overrides' ? 2 : 0;
  if (path[start] !== 'rules' || path[start + 2] !== 1 || typeof path[start + 1] !== 'string') return undefined;
  return { id: path[start + 1] as string, below: path.slice(start + 3) };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    null: 'null',
  };
  return names[type] ?? type;
}

function quoteList(values: readonly unknown[]): string {
  const q = values.map((v) => JSON.stringify(v));
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** Turn ajv's errors into one clear message per problem. */
function describeErrors(errors: readonly ErrorObject[], rules: readonly AnyRule[]): ConfigMessage[] {
  // `if` only says which branch failed; anyOf branches are summarised by their anyOf error.
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    const owner = anyOfs.find((a) => a !== e && e.schemaPath.startsWith(`${a.schemaPath}/`));
    if (!owner) return true;
    // A branch whose type matched goes deeper than the anyOf: its errors are the useful ones.
    return e.instancePath.length > owner.instancePath.length && e.keyword !== 'type';
  });
  const out: ConfigMessage[] = [];
  for (const e of kept) {
    if (e.keyword === 'anyOf' && kept.some((k) => k !== e && k.schemaPath.startsWith(`${e.schemaPath}/`))) continue;
    out.push(describeError(e, rules));
  }
  return out;
}

function describeError(e: ErrorObject, rules: readonly AnyRule[]): ConfigMessage {
  const path = segmentsOf(e.instancePath);
  const parent = (e.parentSchema ?? {}) as JsonSchema;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as object);
      if (isRulesMap(path)) {
        const hint = closest(key, allowed);
        return {
          path,
          key,
          message: `unknown rule "${key}"${hint ? ` (did you mean "${hint}"?)` : `; known rules: ${allowed.join(', ')}`}`,
        };
      }
      const hint = closest(key, allowed);
      const mean = hint ? ` (did you mean "${hint}"?)` : '';
      const opts = ruleOptionsOf(path);
      if (opts && opts.below.length === 0) {
        if (allowed.length === 0) return { path, key, message: `unknown option "${key}": rule "${opts.id}" has no options` };
        return { path, key, message: `unknown option "${key}" of rule "${opts.id}"${mean}; allowed: ${allowed.join(', ')}` };
      }
      return { path, key, message: `unknown key "${key}"${mean}; allowed: ${allowed.join(', ')}` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const hint = typeof e.data === 'string' ? closest(e.data, allowed.map(String)) : undefined;
      const got = `got ${typeName(e.data)}${hint ? ` (did you mean "${hint}"?)` : ''}`;
      if (isRuleSetting(path)) return { path, message: `severity must be ${quoteList(allowed)}, or a list [severity, options]; ${got}` };
      const what = isRuleSetting(path.slice(0, -1)) && path[path.length - 1] === 0 ? 'severity' : 'value';
      return { path, message: `${what} must be ${quoteList(allowed)}; ${got}` };
    }
    case 'type': {
      const want = String((e.params as { type: string }).type)
        .split(',')
        .map(article)
        .join(' or ');
      return { path, message: `must be ${want}; got ${typeName(e.data)}` };
    }
    case 'required':
      return { path, message: `missing required key "${(e.params as { missingProperty: string }).missingProperty}"` };
    case 'maxItems':
    case 'minItems':
      if (isRuleSetting(path))
        return { path, message: `must be a severity, [severity] or [severity, options]; got a list of ${(e.data as unknown[]).length}` };
      return { path, message: `${e.message}` };
    case 'anyOf': {
      const branches = ((parent.anyOf ?? []) as JsonSchema[]).map((b) =>
        typeof b.description === 'string'
          ? b.description
          : b.type === 'string'
            ? 'a glob'
            : b.type === 'array'
              ? 'a list of globs'
              : article(String(b.type)),
      );
      return { path, message: `must be ${branches.join(' or ')}; got ${typeName(e.data)}` };
    }
    default: {
      const opts = ruleOptionsOf(path);
      const rule = opts ? rules.find((r) => r.meta.id === opts.id) : undefined;
      const detail = rule ? ` (see ${rule.meta.id} options)` : '';
      return { path, message: `${e.message ?? 'is not allowed'}; got ${typeName(e.data)}${detail}` };
    }
  }
}
