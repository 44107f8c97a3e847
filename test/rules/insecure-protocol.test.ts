/**
 * The "this config → these findings" cases are fixtures (fixtures/insecure-protocol/: expose/, k8s/,
 * host-ports/, dotenv/, named/, passive/, passive-off/, rsyslog/, urls/, variables/,
 * custom-ports/ and x11-range/ (their own ports tables through fixture-config), clean/). Left here
 * is what a fixture cannot express: that a URL's message does not echo the URL (its credentials),
 * where the message text is the behaviour, and option validation.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/insecure-protocol/index.js';
import { lintMessages, resolveOptions } from './lint-helper.js';

describe('insecure-protocol', () => {
  it('reports a URL by its scheme without echoing the URL or its credentials', () => {
    const messages = lintMessages(rule, [{ file: '.env', text: 'MIRROR=ftp://mirror:s3cret@files.example.com/pub\n' }]);
    expect(messages.map((m) => m.messageId)).toEqual(['url']);
    expect(messages[0]!.message).not.toContain('s3cret');
    expect(messages[0]!.message).not.toContain('files.example.com');
  });

  it('rejects invalid options', () => {
    expect(() => resolveOptions(rule, { ports: [{ port: 21, protocol: 'icmp', service: 'FTP', replacement: 'SFTP' }] })).toThrow(
      ConfigError,
    );
    expect(() => resolveOptions(rule, { ports: [{ port: 21, protocol: 'tcp', service: 'FTP' }] })).toThrow(/replacement/);
    expect(() => resolveOptions(rule, { ports: [{ port: 70000, protocol: 'tcp', service: 'FTP', replacement: 'SFTP' }] })).toThrow(
      ConfigError,
    );
    expect(() => resolveOptions(rule, { passiveRanges: 'yes' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { portList: [] })).toThrow(/portList/);
  });

  it('accepts valid options and keeps defaults for the rest', () => {
    expect(resolveOptions(rule, { passiveRanges: false })).toMatchObject({ passiveRanges: false, ports: rule.meta.defaultOptions.ports });
  });
});
