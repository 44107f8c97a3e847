/**
 * The "this config → these findings" cases are fixtures (fixtures/unbound-host-interface/, where
 * interpolated/ has its own .env and wildcard/ turns reportWildcard on). Left here is what a fixture
 * cannot express: that the rule is off by default (the fixture folder of an off rule runs with it
 * on), and option validation.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/unbound-host-interface.js';
import { resolveOptions } from './lint-helper.js';

describe('unbound-host-interface', () => {
  it('is off by default', () => {
    expect(rule.meta.defaultSeverity).toBe('off');
  });

  it('validates its options', () => {
    expect(resolveOptions(rule, {})).toEqual({ reportWildcard: false });
    expect(() => resolveOptions(rule, { reportWildcard: 'yes' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { allow: ['0.0.0.0'] })).toThrow(ConfigError);
  });
});
