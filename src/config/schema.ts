/**
 * The JSON Schema of portlint config files, generated from the rule registry: every rule id is a
 * known key of `rules`, and `[severity, options]` is typed by that rule's own option schema. The
 * committed copy (`schema/portlintrc.schema.json`, written by `npm run docs`) is what editors use
 * through `# yaml-language-server: $schema=…`; a test fails when it differs from this output.
 */
import type { AnyRule } from '../engine/rule.js';
import { SETTINGS } from './settings.js';

export const SCHEMA_PATH = 'schema/portlintrc.schema.json';
export const SCHEMA_URL = 'https://raw.githubusercontent.com/portlint/portlint/main/schema/portlintrc.schema.json';

export type JsonSchema = Record<string, unknown>;

const SEVERITY_DESCRIPTION = '`off` turns the rule off, `warn` reports warnings (exit code 0), `error` reports errors (exit code 1).';

/** The schema of one rule's setting: a severity, or `[severity]`, or `[severity, options]`. */
function ruleSettingSchema(rule: AnyRule): JsonSchema {
  const hasOptions = Object.keys((rule.meta.schema.properties ?? {}) as object).length > 0;
  return {
    description: `${rule.meta.description}. Default: \`${rule.meta.defaultSeverity}\`.${hasOptions ? ' Options: `[severity, { … }]`.' : ''}`,
    if: { type: 'array' },
    then: {
      type: 'array',
      items: [{ $ref: '#/definitions/severity' }, { description: `Options of ${rule.meta.id}.`, ...structuredClone(rule.meta.schema) }],
      minItems: 1,
      maxItems: 2,
    },
    else: { $ref: '#/definitions/severity' },
  };
}

function settingsSchema(rules: readonly AnyRule[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const s of SETTINGS) {
    const rule = rules.find((r) => r.meta.id === s.rule);
    const option = (rule?.meta.schema.properties as Record<string, JsonSchema> | undefined)?.[s.option];
    if (!rule || !option) throw new Error(`setting "${s.name}" maps to option "${s.option}" of rule "${s.rule}", which does not exist`);
    const { description, ...rest } = structuredClone(option);
    properties[s.name] = {
      description: `${String(description ?? '')} (Sets option \`${s.option}\` of rule \`${s.rule}\`.)`.trim(),
      ...rest,
    };
  }
  return {
    type: 'object',
    description: 'Facts about your environment; each one sets a rule option (explicit options in `rules` win).',
    properties,
    additionalProperties: false,
  };
}

const patternList = (what: string): JsonSchema => ({
  description: what,
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  ],
});

/** Build the config schema (JSON Schema draft-07) for a rule registry. */
export function configSchema(rules: readonly AnyRule[]): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_URL,
    title: 'portlint configuration',
    description:
      'Configuration of portlint (.portlintrc.yaml, .portlintrc.yml, .portlintrc.json, portlint.config.yaml, or the "portlint" key of package.json). The nearest config file above a linted file applies to it; configs do not cascade.',
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file (for editors).' },
      extends: {
        description:
          "Configs this one builds on, applied in order before this file: a YAML or JSON file path (relative to this file), an npm package (`@acme/portlint-config`, resolved from this file's folder; its `portlint.yaml`, `portlint.yml`, `portlint.json` or the `portlint` key of its package.json), or a preset: `portlint:recommended` (the defaults) or `portlint:all` (every rule and opt-in on). Configs are data: JavaScript is never loaded.",
        anyOf: [
          { type: 'string', minLength: 1, description: 'a config' },
          { type: 'array', items: { type: 'string', minLength: 1 }, description: 'a list of configs' },
        ],
      },
      noInlineDisable: {
        description:
          'Rules whose findings no `# portlint-disable` comment or `portlint.dev/ignore` annotation can suppress (for rules an organisation mandates). Adds up over `extends`: a config cannot take back what a config it extends lists.',
        type: 'array',
        items: { enum: rules.map((r) => r.meta.id) },
        uniqueItems: true,
      },
      rules: { $ref: '#/definitions/rules' },
      settings: { $ref: '#/definitions/settings' },
      ignorePatterns: {
        description: 'Files not to lint, as .gitignore-style globs relative to the directory of this config file (`!pattern` re-includes).',
        type: 'array',
        items: { type: 'string' },
      },
      overrides: {
        description: 'Rules and settings for some files only. Every override whose `files` match applies, in order; later ones win.',
        type: 'array',
        items: {
          type: 'object',
          properties: {
            files: patternList('Globs of the files this override applies to, relative to the directory of this config file.'),
            excludedFiles: patternList('Globs of files to leave out even though `files` match them.'),
            rules: { $ref: '#/definitions/rules' },
            settings: { $ref: '#/definitions/settings' },
          },
          required: ['files'],
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
    definitions: {
      severity: { description: SEVERITY_DESCRIPTION, enum: ['off', 'warn', 'error'] },
      rules: {
        type: 'object',
        description: 'Rule id → severity (`off`, `warn`, `error`) or `[severity, options]`.',
        properties: Object.fromEntries(rules.map((r) => [r.meta.id, { $ref: `#/definitions/rule-${r.meta.id}` }])),
        additionalProperties: false,
      },
      settings: settingsSchema(rules),
      ...Object.fromEntries(rules.map((r) => [`rule-${r.meta.id}`, ruleSettingSchema(r)])),
    },
  };
}

/** The committed schema file's text. */
export function renderConfigSchema(rules: readonly AnyRule[]): string {
  return JSON.stringify(configSchema(rules), null, 2) + '\n';
}
