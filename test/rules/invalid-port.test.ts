/**
 * The "this config → these findings" cases are fixtures (fixtures/invalid-port/: compose-cases/,
 * variables/ (unset, and set by a .env), k8s/, expose/, env-values/). Left here is what a fixture
 * cannot express: the exported name checks, whose reasons are the words of the message, and option
 * validation (a bad option is a config error, not a finding).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule, { dnsLabelProblem, ianaServiceNameProblem } from '../../rules/invalid-port.js';
import { resolveOptions } from './lint-helper.js';

describe('invalid-port: helpers and options', () => {
  it('applies the IANA service-name and DNS-label rules', () => {
    expect(ianaServiceNameProblem('http')).toBeUndefined();
    expect(ianaServiceNameProblem('h2c-8080')).toBeUndefined();
    expect(ianaServiceNameProblem('-http')).toBe('it must not start or end with "-"');
    expect(ianaServiceNameProblem('8080')).toBe('it must contain at least one letter');
    expect(dnsLabelProblem('8080')).toBeUndefined();
    expect(dnsLabelProblem('a'.repeat(64))).toBe('it is longer than 63 characters');
    expect(dnsLabelProblem('http-')).toBe('it must start and end with a letter or digit');
  });

  it('takes no options', () => {
    expect(resolveOptions(rule, {})).toEqual({});
    expect(() => resolveOptions(rule, { allowZero: true })).toThrow(ConfigError);
  });
});
