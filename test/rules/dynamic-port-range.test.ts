/**
 * The "this config → these findings" cases are fixtures (fixtures/dynamic-port-range/: iana/ and
 * linux/ set the range per file, container-ports/ the containerPorts option). Left here is what a
 * fixture cannot express: option validation (a bad option is a config error, not a finding).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/dynamic-port-range.js';
import { resolveOptions } from './lint-helper.js';

describe('dynamic-port-range', () => {
  it('rejects invalid options', () => {
    expect(() => resolveOptions(rule, { range: 'windows' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { containerPorts: 1 })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { start: 49152 })).toThrow(/start/);
    expect(resolveOptions(rule, { range: 'linux' })).toEqual({ range: 'linux', containerPorts: false });
  });
});
