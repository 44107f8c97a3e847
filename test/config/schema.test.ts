/**
 * The config JSON Schema is generated from the rule registry and committed for editors; the
 * committed copy must be the generated one, and the documented config examples must be valid.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { configSchema, renderConfigSchema, SCHEMA_PATH } from '../../src/config/schema.js';
import { REGISTRY } from '../../src/registry.js';
import { SETTINGS } from '../../src/config/settings.js';
import { rules } from '../../rules/index.js';

const repo = new URL('../../', import.meta.url).pathname;

describe('config schema', () => {
  it(`is committed as ${SCHEMA_PATH}, identical to the generated one (run \`npm run docs\`)`, () => {
    expect(existsSync(`${repo}${SCHEMA_PATH}`), `${SCHEMA_PATH} is missing: run npm run docs`).toBe(true);
    expect(readFileSync(`${repo}${SCHEMA_PATH}`, 'utf8'), `${SCHEMA_PATH} is stale: run npm run docs`).toBe(renderConfigSchema(REGISTRY));
  });

  it('is a valid draft-07 schema that ajv compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, strictTuples: false, allowMatchingProperties: true });
    expect(() => ajv.compile(configSchema(rules))).not.toThrow();
  });

  it("has a typed entry for every rule, whose options are that rule's schema", () => {
    const schema = configSchema(rules) as { definitions: Record<string, { then: { items: unknown[] } }> };
    for (const rule of rules) {
      const def = schema.definitions[`rule-${rule.meta.id}`];
      expect(def, rule.meta.id).toBeDefined();
      expect(def!.then.items[1]).toEqual({ description: `Options of ${rule.meta.id}.`, ...rule.meta.schema });
    }
  });

  it('rule option schemas are self-contained (they are embedded, so a $ref would break)', () => {
    for (const rule of rules) expect(JSON.stringify(rule.meta.schema), rule.meta.id).not.toContain('"$ref"');
  });

  it('maps every setting onto an existing rule option with the same schema', () => {
    const schema = configSchema(rules) as { definitions: { settings: { properties: Record<string, Record<string, unknown>> } } };
    for (const s of SETTINGS) {
      const option = (rules.find((r) => r.meta.id === s.rule)?.meta.schema.properties as Record<string, Record<string, unknown>>)[s.option];
      expect(option, `${s.name} → ${s.rule}.${s.option}`).toBeDefined();
      const { description: _a, ...generated } = schema.definitions.settings.properties[s.name]!;
      const { description: _b, ...expected } = option!;
      expect(generated).toEqual(expected);
    }
  });

  it('accepts every config example in docs/configuration.md', () => {
    const doc = readFileSync(`${repo}docs/configuration.md`, 'utf8');
    const examples = [...doc.matchAll(/```yaml\n# (\.portlintrc\.yaml)\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThan(2);
    for (const [, name, text] of examples) expect(() => parseConfigText(text!, name!, rules), text).not.toThrow();
  });
});
