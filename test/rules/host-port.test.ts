/**
 * The "this config → these findings" cases are fixtures (fixtures/host-port/; daemonsets/ shows the
 * daemonSets option off and on). Left here is what a fixture cannot express: option validation (a
 * bad option is a config error, not a finding).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/host-port.js';
import { resolveOptions } from './lint-helper.js';

describe('host-port', () => {
  it('has one option, daemonSets', () => {
    expect(() => resolveOptions(rule, { allowDaemonSets: true })).toThrow(ConfigError);
    expect(resolveOptions(rule, {})).toEqual({ daemonSets: false });
  });
});
