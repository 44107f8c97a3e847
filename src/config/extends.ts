/**
 * `extends:` — the configs a config builds on, expanded into the list of configs to layer under it.
 *
 * An entry is one of:
 * - a preset: `portlint:recommended`, `portlint:all` (presets.ts);
 * - a file: `./base.yaml`, `../org/portlint.json` or an absolute path, relative to the folder of the
 *   config that names it;
 * - an npm package, `@acme/portlint-config` or `portlint-config-acme`, looked up as node looks up a
 *   package from the folder of the config that names it (its `node_modules` folders up the tree),
 *   and read from its `portlint.yaml`, `portlint.yml`, `portlint.json` or the `portlint` key of its
 *   package.json; or a file inside it, `@acme/portlint-config/strict.yaml`.
 *
 * Configs are data. Only `.yaml`, `.yml` and `.json` files are read, and nothing is ever required or
 * imported: a pull request cannot run code in CI through a config it changes. A target that is not
 * a data file, a target that does not exist and a cycle are each a `ConfigError` naming the file
 * and line of the `extends` entry.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { AnyRule } from '../engine/rule.js';
import type { LoadedConfig, PortlintConfig } from './load.js';
import { PRESET_NAMES, PRESET_PREFIX, presetConfig } from './presets.js';

/** The files a package's config is read from, in order. */
export const PACKAGE_CONFIG_FILES = ['portlint.yaml', 'portlint.yml', 'portlint.json', 'package.json'] as const;

const DATA_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** One config under the one that extends it, in the order they are layered (the first lies lowest). */
export interface BaseConfig {
  config: PortlintConfig;
  /** The preset name, or the file as shown to users. */
  name: string;
}

export interface ExtendsContext {
  rules: readonly AnyRule[];
  /** Read and validate a config file (undefined: a package.json without `portlint`). */
  read(file: string): LoadedConfig | undefined;
  /** A file as users see it (relative to the working directory). */
  display(file: string): string;
}

/**
 * The configs `loaded` (read from `file`) extends, expanded depth-first: each entry's own bases,
 * then the entry, in the order written.
 */
export function expandExtends(loaded: LoadedConfig, file: string, context: ExtendsContext): BaseConfig[] {
  return expand(loaded, file, context, [file]);
}

function expand(loaded: LoadedConfig, file: string, context: ExtendsContext, chain: readonly string[]): BaseConfig[] {
  const raw = loaded.config.extends;
  if (raw === undefined) return [];
  const entries = Array.isArray(raw) ? raw : [raw];
  const out: BaseConfig[] = [];
  entries.forEach((entry, i) => {
    const where = loaded.where(Array.isArray(raw) ? ['extends', i] : ['extends']);
    if (entry.startsWith(PRESET_PREFIX)) {
      const preset = presetConfig(entry, context.rules);
      if (!preset) throw new ConfigError(`${where}: extends "${entry}": no such preset (use ${PRESET_NAMES.join(' or ')})`);
      out.push({ config: preset, name: entry });
      return;
    }
    const target = locate(entry, file, where);
    if (chain.includes(target)) {
      const cycle = [...chain.slice(chain.indexOf(target)), target].map(context.display).join(' → ');
      throw new ConfigError(`${where}: extends "${entry}" makes a cycle: ${cycle}`);
    }
    const base = context.read(target);
    if (!base) {
      throw new ConfigError(
        `${where}: extends "${entry}": ${context.display(target)} has no "portlint" key (a config package keeps its config in ${PACKAGE_CONFIG_FILES.slice(0, -1).join(', ')} or the "portlint" key of its package.json)`,
      );
    }
    out.push(...expand(base, target, context, [...chain, target]), { config: base.config, name: context.display(target) });
  });
  return out;
}

/** The absolute path of the config file an entry names; a missing or non-data target throws. */
function locate(entry: string, fromFile: string, where: string): string {
  const isPath = entry.startsWith('./') || entry.startsWith('../') || isAbsolute(entry) || /^\.\.?\\/.test(entry);
  const target = isPath ? resolve(dirname(fromFile), entry) : packageConfig(entry, fromFile, where);
  requireData(target, entry, where);
  if (!isFile(target)) throw new ConfigError(`${where}: extends "${entry}": no such file ${target}`);
  return target;
}

function requireData(target: string, entry: string, where: string): void {
  if (DATA_EXTENSIONS.includes(extname(target).toLowerCase())) return;
  throw new ConfigError(
    `${where}: extends "${entry}": ${target} is not a YAML or JSON file. portlint configs are data and portlint never runs JavaScript from a config; extend a .yaml, .yml or .json file`,
  );
}

/** Split `@scope/name/sub/path` into the package name and the path inside it. */
export function splitPackage(entry: string): { name: string; subpath: string } | undefined {
  const m = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:\/(.+))?$/i.exec(entry);
  return m ? { name: m[1]!, subpath: m[2] ?? '' } : undefined;
}

/** The config file of a package, found through node's lookup from the folder of `fromFile`. */
function packageConfig(entry: string, fromFile: string, where: string): string {
  const parts = splitPackage(entry);
  if (!parts) throw new ConfigError(`${where}: extends "${entry}": not a file path (start it with ./ or ../), a package name or a preset`);
  // The folders node would search for the package, nearest first. Nothing is resolved through
  // `require.resolve` on the package itself: that would read its `main`, which is code.
  const folders = createRequire(fromFile).resolve.paths(parts.name) ?? [];
  const dir = folders.map((f) => join(f, parts.name)).find((d) => isFile(join(d, 'package.json')));
  if (!dir) {
    const hint = /\.(ya?ml|json)$/i.test(entry)
      ? ` (for a file beside this config write ./${entry})`
      : ` (install it: npm install --save-dev ${parts.name})`;
    throw new ConfigError(`${where}: extends "${entry}": cannot find package "${parts.name}" from ${dirname(fromFile)}${hint}`);
  }
  if (parts.subpath !== '') return join(dir, parts.subpath);
  const file = PACKAGE_CONFIG_FILES.map((name) => join(dir, name)).find(isFile);
  return file ?? join(dir, 'package.json');
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
