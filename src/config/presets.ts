/**
 * The built-in configs a config can extend: `portlint:recommended` (every rule at its default
 * severity and options: what portlint does with no config) and `portlint:all` (every rule on, and
 * every option that makes a rule report more turned on).
 */
import type { AnyRule } from '../engine/rule.js';
import type { PortlintConfig } from './load.js';

export const PRESET_PREFIX = 'portlint:';

/**
 * Options that make a rule report more, by rule: what `portlint:all` turns on. A test checks that
 * every boolean option defaulting to false is either here or in `RELAXING_OPTIONS`, so a new
 * option has to be placed.
 */
export const OPT_IN_OPTIONS: Readonly<Record<string, Record<string, unknown>>> = {
  'dynamic-port-range': { containerPorts: true },
  'host-port': { daemonSets: true },
  'privileged-port': { rootlessDocker: true },
  'unbound-host-interface': { reportWildcard: true },
};

/** Boolean options that make a rule report less when on: `portlint:all` leaves them off. */
export const RELAXING_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  'privileged-port': ['unprivilegedPods'],
};

function allConfig(rules: readonly AnyRule[]): PortlintConfig {
  const out: NonNullable<PortlintConfig['rules']> = {};
  for (const r of rules) {
    const severity = r.meta.defaultSeverity === 'off' ? 'warn' : r.meta.defaultSeverity;
    const options = OPT_IN_OPTIONS[r.meta.id];
    out[r.meta.id] = options ? [severity, { ...options }] : severity;
  }
  return { rules: out };
}

const PRESETS: Readonly<Record<string, (rules: readonly AnyRule[]) => PortlintConfig>> = {
  recommended: () => ({}),
  all: allConfig,
};

export const PRESET_NAMES = Object.keys(PRESETS).map((n) => `${PRESET_PREFIX}${n}`);

/** The preset's config, or undefined when `name` (with its `portlint:` prefix) names none. */
export function presetConfig(name: string, rules: readonly AnyRule[]): PortlintConfig | undefined {
  const make = name.startsWith(PRESET_PREFIX) ? PRESETS[name.slice(PRESET_PREFIX.length)] : undefined;
  return make?.(rules);
}
