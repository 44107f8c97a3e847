/**
 * Which config applies to a file, and the rules it turns on there.
 *
 * - The nearest config file above a linted file applies to it (one file per directory, first of
 *   `CONFIG_FILE_NAMES`); config files do not cascade, so a config in a subdirectory replaces the
 *   one above it entirely. `configFile` (`--config`) replaces the search.
 * - Globs (`ignorePatterns`, `overrides[].files`) are relative to the config file's directory; for
 *   `--config` they are relative to the working directory (as ESLint's `--config`).
 * - `extends` (extends.ts) puts other configs under a file's own: their `rules` and `settings` lie
 *   below its own, their `ignorePatterns` and `overrides` come first and are read relative to the
 *   extending file's folder (a shared config speaks of the repository that uses it), and their
 *   `noInlineDisable` lists add up.
 * - Rule settings are layered: defaults ← extended configs ← `settings` ← `rules` ← each matching
 *   override in order ← `--rule` flags. A severity alone keeps the options set below it; `[severity, options]`
 *   replaces them.
 *
 * Each config file is read and validated once, and the resolved rule list is cached per config
 * file and set of matching overrides, so linting many files costs a glob test per file.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { resolveRules, type RuleSetting } from './rule-options.js';
import { ConfigError } from '../errors.js';
import type { AnyRule, ResolvedRule, Severity } from '../engine/rule.js';
import { compileGlob, compileIgnoreList, ignoredBy, type Glob } from './glob.js';
import { expandExtends, type BaseConfig } from './extends.js';
import { CONFIG_FILE_NAMES, readConfigFile, type ConfigOverride, type PortlintConfig } from './load.js';
import { optionsFromSettings, type Settings } from './settings.js';
import { toSetting } from '../severity.js';

export interface ResolverOptions {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Every rule that exists. */
  rules: readonly AnyRule[];
  /** Use this config file for every file instead of searching (`--config`). */
  configFile?: string | undefined;
  /** Search for config files (default true; `--no-config` sets false). Ignored with `configFile`. */
  useConfigFiles?: boolean | undefined;
  /** Settings applied over every config (`--rule id:severity`). */
  cliRules?: Record<string, RuleSetting> | undefined;
}

/** A config file, loaded and compiled. */
interface CompiledConfig {
  /** Absolute path. */
  file: string;
  /** Path shown to users (relative to cwd). */
  displayPath: string;
  /** Directory its globs are relative to. */
  baseDir: string;
  config: PortlintConfig;
  /** The configs it extends, lowest first (their rules and settings lie under its own). */
  bases: BaseConfig[];
  /** Rules no inline suppression may silence: its own and those of every config it extends. */
  noInlineDisable: ReadonlySet<string>;
  ignore: ReturnType<typeof compileIgnoreList>;
  /** Its overrides after those of the configs it extends, all relative to its own folder. */
  overrides: { files: Glob[]; excluded: Glob[]; source: ConfigOverride }[];
}

/** The config in effect for one file. */
export interface FileConfig {
  /** The config file that applies (shown relative to cwd), if any. */
  configFile?: string;
  /** True when the config's `ignorePatterns` exclude the file. */
  ignored: boolean;
  /** The rules to run on the file, with severity and validated options. */
  rules: readonly ResolvedRule[];
}

/** What `--print-config` shows. */
export interface EffectiveConfig {
  file: string;
  configFile: string | null;
  ignored: boolean;
  /** The configs it extends, lowest first, presets by name and files relative to cwd. */
  extends: string[];
  /** Rules whose findings no inline suppression may silence. */
  noInlineDisable: string[];
  /** Indexes of the overrides that apply (those of extended configs first, then the config's own). */
  overrides: number[];
  settings: Settings;
  /** Every rule: `off`, or `[severity, options]` with options complete. */
  rules: Record<string, Severity | [Severity, unknown]>;
}

/** Resolves the config of each linted file; one per run, so every config file is read once. */
export class ConfigResolver {
  private readonly cwd: string;
  private readonly rules: readonly AnyRule[];
  private readonly cliRules: Record<string, RuleSetting>;
  private readonly fixed: CompiledConfig | undefined;
  private readonly search: boolean;
  /** Directory → the config that applies to files in it (null: none). */
  private readonly byDir = new Map<string, CompiledConfig | null>();
  /** Config file → compiled config (null: a package.json without `portlint`). */
  private readonly loaded = new Map<string, CompiledConfig | null>();
  /** Config file + matching override indexes → resolved rules. */
  private readonly resolved = new Map<string, { rules: ResolvedRule[]; settings: Settings; layered: Record<string, RuleSetting> }>();

  constructor(options: ResolverOptions) {
    this.cwd = options.cwd;
    this.rules = options.rules;
    this.cliRules = options.cliRules ?? {};
    // Unknown ids or bad severities on the command line fail up front, whatever gets linted.
    resolveRules(this.rules, this.cliRules, '--rule');
    if (options.configFile !== undefined) {
      const file = resolve(this.cwd, options.configFile);
      const compiled = this.load(file, this.cwd, options.configFile);
      if (!compiled) throw new ConfigError(`${options.configFile}: package.json has no "portlint" key`);
      this.fixed = compiled;
    }
    this.search = options.configFile === undefined && options.useConfigFiles !== false;
  }

  /** The config in effect for `path` (relative to cwd, or absolute). */
  forFile(path: string): FileConfig {
    const abs = resolve(this.cwd, path);
    const config = this.configFor(abs);
    if (!config) return { ignored: false, rules: this.resolve(undefined, []).rules };
    const rel = this.relativeTo(config, abs);
    const ignored = ignoredBy(config.ignore, rel);
    const matched = config.overrides.flatMap((o, i) =>
      o.files.some((g) => g.test(rel)) && !o.excluded.some((g) => g.test(rel)) ? [i] : [],
    );
    return { configFile: config.displayPath, ignored, rules: this.resolve(config, matched).rules };
  }

  /** The effective config for `path`, for `--print-config`. */
  effectiveConfig(path: string): EffectiveConfig {
    const abs = resolve(this.cwd, path);
    const config = this.configFor(abs);
    const rel = config ? this.relativeTo(config, abs) : '';
    const matched = config
      ? config.overrides.flatMap((o, i) => (o.files.some((g) => g.test(rel)) && !o.excluded.some((g) => g.test(rel)) ? [i] : []))
      : [];
    const { rules: resolved, settings } = this.resolve(config, matched);
    const byId = new Map(resolved.map((r) => [r.rule.meta.id, r]));
    const rules: EffectiveConfig['rules'] = {};
    for (const rule of this.rules) {
      const r = byId.get(rule.meta.id);
      rules[rule.meta.id] = r && r.severity !== 0 ? [toSetting(r.severity), r.options] : 'off';
    }
    return {
      file: path,
      configFile: config?.displayPath ?? null,
      extends: config?.bases.map((b) => b.name) ?? [],
      noInlineDisable: [...(config?.noInlineDisable ?? [])],
      ignored: config ? ignoredBy(config.ignore, rel) : false,
      overrides: matched,
      settings,
      rules,
    };
  }

  private relativeTo(config: CompiledConfig, abs: string): string {
    return relative(config.baseDir, abs).split(sep).join('/');
  }

  private configFor(abs: string): CompiledConfig | undefined {
    if (this.fixed) return this.fixed;
    if (!this.search) return undefined;
    return this.findFrom(dirname(abs)) ?? undefined;
  }

  /** Walk up from `dir` to the nearest config, caching every directory on the way. */
  private findFrom(dir: string): CompiledConfig | null {
    const walked: string[] = [];
    let found: CompiledConfig | null;
    for (let d = dir; ; d = dirname(d)) {
      const cached = this.byDir.get(d);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      walked.push(d);
      found = this.configIn(d);
      if (found || dirname(d) === d) break;
    }
    for (const d of walked) this.byDir.set(d, found);
    return found;
  }

  private configIn(dir: string): CompiledConfig | null {
    for (const name of configNamesIn(dir)) {
      const file = join(dir, name);
      if (!isFile(file)) continue;
      const compiled = this.load(file, dir);
      if (compiled) return compiled;
    }
    return null;
  }

  /** Load and compile a config file once; `shown` names it in messages (default: relative to cwd). */
  private load(file: string, baseDir: string, shown?: string): CompiledConfig | null {
    const cached = this.loaded.get(file);
    if (cached !== undefined) return cached;
    const displayPath = shown ?? this.display(file);
    const loaded = readConfigFile(file, displayPath, this.rules);
    let compiled: CompiledConfig | null = null;
    if (loaded) {
      const bases = expandExtends(loaded, file, {
        rules: this.rules,
        read: (f) => readConfigFile(f, this.display(f), this.rules),
        display: (f) => this.display(f),
      });
      const all = [...bases.map((b) => b.config), loaded.config];
      compiled = {
        file,
        displayPath,
        baseDir,
        config: loaded.config,
        bases,
        noInlineDisable: new Set(all.flatMap((c) => c.noInlineDisable ?? [])),
        ignore: compileIgnoreList(all.flatMap((c) => c.ignorePatterns ?? [])),
        overrides: all
          .flatMap((c) => c.overrides ?? [])
          .map((o) => ({ files: globList(o.files), excluded: globList(o.excludedFiles), source: o })),
      };
    }
    this.loaded.set(file, compiled);
    return compiled;
  }

  private display(file: string): string {
    const rel = relative(this.cwd, file);
    return (rel.startsWith('..') || isAbsolute(rel) ? file : rel).split(sep).join('/');
  }

  private resolve(
    config: CompiledConfig | undefined,
    matched: readonly number[],
  ): { rules: ResolvedRule[]; settings: Settings; layered: Record<string, RuleSetting> } {
    const key = `${config?.file ?? ''}\0${matched.join(',')}`;
    let hit = this.resolved.get(key);
    if (!hit) {
      const layers: { rules?: Record<string, RuleSetting>; settings?: Settings }[] = config
        ? [...config.bases.map((b) => b.config), config.config, ...matched.map((i) => config.overrides[i]!.source)]
        : [];
      const settings: Settings = Object.assign({}, ...layers.map((l) => l.settings ?? {}));
      const layered = layerRules(this.rules, settings, [...layers.map((l) => l.rules ?? {}), this.cliRules]);
      const source = config ? `${config.displayPath}${matched.length > 0 ? ` (overrides ${matched.join(', ')})` : ''}` : 'config';
      const mandated = config?.noInlineDisable;
      const resolved = resolveRules(this.rules, layered, source).map((r) =>
        mandated?.has(r.rule.meta.id) ? { ...r, noInlineDisable: true } : r,
      );
      hit = { rules: resolved, settings, layered };
      this.resolved.set(key, hit);
    }
    return hit;
  }
}

/**
 * Combine settings and rule-setting layers into one map for `resolveRules`. A severity alone keeps
 * the options of the layers below; `[severity, options]` replaces them. Settings-derived options
 * sit under the explicit ones.
 */
export function layerRules(
  rules: readonly AnyRule[],
  settings: Settings,
  layers: readonly Record<string, RuleSetting>[],
): Record<string, RuleSetting> {
  const severity = new Map<string, Severity>();
  const explicit = new Map<string, Record<string, unknown>>();
  for (const layer of layers) {
    for (const [id, setting] of Object.entries(layer)) {
      if (Array.isArray(setting)) {
        severity.set(id, setting[0]);
        if (setting.length > 1) explicit.set(id, setting[1] ?? {});
      } else severity.set(id, setting);
    }
  }
  const fromSettings = optionsFromSettings(settings);
  const out: Record<string, RuleSetting> = {};
  for (const id of new Set([...severity.keys(), ...explicit.keys(), ...fromSettings.keys()])) {
    const options = { ...(fromSettings.get(id) ?? {}), ...(explicit.get(id) ?? {}) };
    // Options from settings alone keep the rule's default severity.
    const sev = severity.get(id) ?? rules.find((r) => r.meta.id === id)?.meta.defaultSeverity ?? 'off';
    out[id] = Object.keys(options).length > 0 ? [sev, options] : sev;
  }
  return out;
}

function globList(patterns: string | string[] | undefined): Glob[] {
  if (patterns === undefined) return [];
  return (Array.isArray(patterns) ? patterns : [patterns]).map(compileGlob);
}

const CONFIG_NAMES: ReadonlySet<string> = new Set(CONFIG_FILE_NAMES);

/**
 * The names of `CONFIG_FILE_NAMES` that `dir` holds, in that order: one listing of the directory
 * instead of a stat for each name (a run asks about every directory a linted file is in, and most
 * hold none). Every name when the directory cannot be listed (it may still be searchable).
 */
function configNamesIn(dir: string): readonly string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return CONFIG_FILE_NAMES;
  }
  const present = names.filter((n) => CONFIG_NAMES.has(n));
  return present.length < 2 ? present : CONFIG_FILE_NAMES.filter((n) => present.includes(n));
}

function isFile(path: string): boolean {
  // No throw for a name that is not there (every name of a directory that cannot be listed).
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
