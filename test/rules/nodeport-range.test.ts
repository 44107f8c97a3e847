import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { resolveRules } from '../../src/config/rule-options.js';
import rule from '../../rules/nodeport-range.js';
import { resolveOptions } from './lint-helper.js';

// The plain "this config → these findings" cases are fixtures (fixtures/nodeport-range/); what is
// left here is option validation.
describe('nodeport-range', () => {
  it('rejects invalid options', () => {
    expect(() => resolveOptions(rule, { range: { start: 30000 } })).toThrow(/end/);
    expect(() => resolveOptions(rule, { range: { start: 0, end: 32767 } })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { range: { start: 30000, end: 70000 } })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { range: '30000-32767' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { min: 30000 })).toThrow(/min/);
  });

  it('rejects a start above end as a config error naming the option', () => {
    expect(() => resolveRules([rule], { 'nodeport-range': ['error', { range: { start: 32767, end: 30000 } }] })).toThrow(
      new ConfigError('config: rule "nodeport-range" has invalid options: /range start (32767) is greater than end (30000)'),
    );
  });
});
