/**
 * Config `settings`: environment facts that several users want to state once, in words, instead of
 * as a rule option. THE one place that maps each setting onto a rule option; the config schema,
 * the resolver and the docs all read this table.
 */

export interface SettingMapping {
  /** Key under `settings:` in the config file. */
  name: string;
  /** The rule whose option it sets. */
  rule: string;
  /** The option of that rule; its JSON Schema is the setting's schema. */
  option: string;
}

export const SETTINGS: readonly SettingMapping[] = [
  { name: 'dynamicPortRange', rule: 'dynamic-port-range', option: 'range' },
  { name: 'nodePortRange', rule: 'nodeport-range', option: 'range' },
];

/** `settings` as written in a config file. */
export type Settings = Record<string, unknown>;

/**
 * The rule options the given settings imply: rule id → partial options. Explicit options of a rule
 * in `rules:` are applied on top of these.
 */
export function optionsFromSettings(settings: Settings): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const s of SETTINGS) {
    if (settings[s.name] === undefined) continue;
    const opts = out.get(s.rule) ?? {};
    opts[s.option] = structuredClone(settings[s.name]);
    out.set(s.rule, opts);
  }
  return out;
}
