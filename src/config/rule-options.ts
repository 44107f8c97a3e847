/**
 * Rule settings as config writes them (`error`, `["warn", { … }]`), resolved against the rule
 * registry: unknown ids get a "did you mean", options are validated against each rule's
 * `meta.schema` with ajv (as ESLint's), and errors name the rule.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import { newAjv } from '../util/ajv.js';
import type { AnyRule, ResolvedRule, Severity } from '../engine/rule.js';
import { ConfigError } from '../errors.js';
import { toMessageSeverity } from '../severity.js';
import { closest } from '../util/closest.js';

/** A rule's setting as written in config: a severity, or `[severity, options]`. */
export type RuleSetting = Severity | [Severity] | [Severity, Record<string, unknown>];

let ajv: Ajv | undefined;
const validators = new WeakMap<AnyRule, ValidateFunction>();

function validatorFor(rule: AnyRule): ValidateFunction {
  let v = validators.get(rule);
  if (!v) {
    v = (ajv ??= newAjv({ allErrors: true, useDefaults: true, strict: false })).compile(rule.meta.schema);
    validators.set(rule, v);
  }
  return v;
}

/**
 * Resolve the rules to run from a rule-setting map. Unknown ids and bad options throw `ConfigError`
 * naming the rule and what is allowed.
 */
export function resolveRules(
  all: readonly AnyRule[],
  settings: Readonly<Record<string, RuleSetting>> = {},
  source = 'config',
): ResolvedRule[] {
  const byId = new Map(all.map((r) => [r.meta.id, r]));
  for (const id of Object.keys(settings)) {
    if (!byId.has(id)) {
      const hint = closest(id, [...byId.keys()]);
      throw new ConfigError(`${source}: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }
  const out: ResolvedRule[] = [];
  for (const rule of all) {
    const setting = settings[rule.meta.id];
    const [severity, given] = Array.isArray(setting) ? setting : [setting ?? rule.meta.defaultSeverity, undefined];
    if (!['error', 'warn', 'off'].includes(severity)) {
      throw new ConfigError(
        `${source}: rule "${rule.meta.id}": severity must be "error", "warn" or "off", not ${JSON.stringify(severity)}`,
      );
    }
    if (severity === 'off') {
      if (rule.meta.builtin) out.push({ rule, severity: 0, options: {} });
      continue;
    }
    const options = structuredClone({ ...(rule.meta.defaultOptions as object), ...(given ?? {}) });
    // Defaults are valid (a test checks every rule's): compile a schema only for options a user gave.
    const validate = given === undefined ? undefined : validatorFor(rule);
    if (validate && !validate(options)) {
      const detail = (validate.errors ?? [])
        .map(
          (e) =>
            `${e.instancePath || '(options)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`,
        )
        .join('; ');
      throw new ConfigError(`${source}: rule "${rule.meta.id}" has invalid options: ${detail}`);
    }
    const problem = rule.meta.checkOptions?.(options);
    if (problem) throw new ConfigError(`${source}: rule "${rule.meta.id}" has invalid options: ${problem}`);
    out.push({ rule, severity: toMessageSeverity(severity), options });
  }
  return out;
}
