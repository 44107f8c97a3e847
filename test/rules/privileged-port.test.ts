/**
 * The "this config → these findings" cases are fixtures (fixtures/privileged-port/). Left here is
 * what a fixture cannot express:
 * - that the Dockerfile setcap exemption is read from the stage fact the parser records (the test
 *   edits the parsed fact; a fixture can only show the text and the outcome, as
 *   stages/clean-setcap.Dockerfile does);
 * - option validation (a bad option is a config error, not a finding).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { Linter } from '../../src/engine/linter.js';
import { resolveRules } from '../../src/config/rule-options.js';
import rule from '../../rules/privileged-port.js';
import { parseSource, resolveOptions } from './lint-helper.js';

describe('privileged-port', () => {
  it('reads the setcap exemption from the stage fact', () => {
    const run = (fileCapabilities?: string[]) => {
      // The declaration's owner links the stage fact itself: what the parser found is replaced there.
      const parsed = parseSource({
        file: 'Dockerfile',
        text: 'FROM alpine\nRUN setcap cap_net_bind_service=+ep /usr/sbin/nginx\nUSER www-data\nEXPOSE 80\n',
      });
      for (const stage of parsed.facts.stages) {
        if (fileCapabilities === undefined) delete stage.fileCapabilities;
        else stage.fileCapabilities = fileCapabilities;
      }
      const linter = new Linter(resolveRules([rule], { [rule.meta.id]: 'warn' }));
      linter.add(parsed);
      return linter.finish().flatMap((r) => r.messages).length;
    };
    expect(run(undefined)).toBe(1);
    expect(run(['NET_BIND_SERVICE'])).toBe(0);
  });

  it('rejects invalid options and accepts the documented one', () => {
    expect(() => resolveOptions(rule, { rootlessDocker: 'yes' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { threshold: 1024 })).toThrow(/threshold/);
    expect(() => resolveOptions(rule, { unprivilegedPods: null })).toThrow(ConfigError);
    expect(resolveOptions(rule, { rootlessDocker: true })).toEqual({ rootlessDocker: true, unprivilegedPods: false });
  });
});
