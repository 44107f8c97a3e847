import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPortError,
  parseExpose,
  parsePortRange,
  parseShortPort,
  rangeMismatch,
  splitShortPort,
  type ShortPort,
  type Span,
} from '../../src/parsers/compose-ports.js';

function ok(text: string): ShortPort {
  const out = parseShortPort(text);
  if (isPortError(out)) throw new Error(`unexpected error for ${text}: ${out.error}`);
  return out;
}

function at(text: string, span: Span | undefined): string | undefined {
  return span && text.slice(span.start, span.end);
}

describe('parsePortRange', () => {
  it('reads ports and ranges, keeping out-of-range numbers as parsed', () => {
    expect(parsePortRange('80')).toEqual({ port: 80, endPort: 80 });
    expect(parsePortRange('3000-3005')).toEqual({ port: 3000, endPort: 3005 });
    expect(parsePortRange('70000')).toEqual({ port: 70000, endPort: 70000 });
    expect(parsePortRange('0')).toEqual({ port: 0, endPort: 0 });
  });

  it('rejects text, empty parts and backwards ranges', () => {
    for (const bad of ['', 'http', '80-', '-80', '80-70', '8 0', '+80', '80.5', '1-2-3']) {
      expect(isPortError(parsePortRange(bad)), bad).toBe(true);
    }
  });
});

describe('parseShortPort', () => {
  it('"80": container port only, no published port', () => {
    const p = ok('80');
    expect(p).toEqual({ target: { port: 80, endPort: 80 }, spans: { target: { start: 0, end: 2 } } });
  });

  it('"8080:80": published and target with offsets', () => {
    const p = ok('8080:80');
    expect(p.published).toEqual({ port: 8080, endPort: 8080 });
    expect(p.target).toEqual({ port: 80, endPort: 80 });
    expect(at('8080:80', p.spans.published)).toBe('8080');
    expect(at('8080:80', p.spans.target)).toBe('80');
    expect(p.hostIp).toBeUndefined();
    expect(p.invalid).toBeUndefined();
  });

  it('"127.0.0.1:8080:80": host IP', () => {
    const text = '127.0.0.1:8080:80';
    const p = ok(text);
    expect(p.hostIp).toBe('127.0.0.1');
    expect(at(text, p.spans.hostIp)).toBe('127.0.0.1');
    expect(at(text, p.spans.published)).toBe('8080');
    expect(at(text, p.spans.target)).toBe('80');
  });

  it('"[::1]:8080:80": bracketed IPv6, brackets stripped', () => {
    const text = '[::1]:8080:80';
    const p = ok(text);
    expect(p.hostIp).toBe('::1');
    expect(p.spans.hostIp).toEqual({ start: 1, end: 4 });
    expect(p.published?.port).toBe(8080);
    expect(at(text, p.spans.target)).toBe('80');
  });

  it('"::1:8080:80": unbracketed IPv6 is accepted (docker joins all leading fields)', () => {
    const p = ok('::1:8080:80');
    expect(p.hostIp).toBe('::1');
    expect(p.published?.port).toBe(8080);
    expect(p.invalid).toBeUndefined();
    // `[::1]:80` splits as IP "[:" and published "1]" in docker too: an error.
    expect(isPortError(parseShortPort('[::1]:80'))).toBe(true);
  });

  it('"127.0.0.1::80": an IP with an ephemeral host port', () => {
    const p = ok('127.0.0.1::80');
    expect(p.hostIp).toBe('127.0.0.1');
    expect(p.published).toBeUndefined();
    expect(p.target.port).toBe(80);
    expect(ok(':80').published).toBeUndefined();
  });

  it('"3000-3005": a container range', () => {
    expect(ok('3000-3005').target).toEqual({ port: 3000, endPort: 3005 });
  });

  it('"9090-9091:8080-8081": equal ranges', () => {
    const p = ok('9090-9091:8080-8081');
    expect(p.published).toEqual({ port: 9090, endPort: 9091 });
    expect(p.target).toEqual({ port: 8080, endPort: 8081 });
    expect(at('9090-9091:8080-8081', p.spans.published)).toBe('9090-9091');
    expect(p.invalid).toBeUndefined();
  });

  it('"6005-6015:80": a host range onto one container port is allowed', () => {
    const p = ok('6005-6015:80');
    expect(p.published).toEqual({ port: 6005, endPort: 6015 });
    expect(p.invalid).toBeUndefined();
  });

  it('mismatched range lengths are well-formed but invalid', () => {
    const p = ok('7000-7002:80-81');
    expect(p.invalid).toMatch(/differ in length/);
    expect(ok('80:8000-8001').invalid).toMatch(/differ in length/);
  });

  it('"6060:6060/udp" and "0.0.0.0:53:53/udp": protocols', () => {
    const a = ok('6060:6060/udp');
    expect(a.protocol).toBe('udp');
    expect(at('6060:6060/udp', a.spans.protocol)).toBe('udp');
    const b = ok('0.0.0.0:53:53/udp');
    expect(b).toMatchObject({ hostIp: '0.0.0.0', published: { port: 53 }, target: { port: 53 }, protocol: 'udp' });
    expect(ok('80/').protocol).toBeUndefined();
    expect(ok('80/SCTP').protocol).toBe('SCTP');
  });

  it('an invalid host IP is reported as invalid, not as an error', () => {
    expect(ok('localhost:8080:80').invalid).toMatch(/not an IP address/);
    expect(ok('1.2.3:8080:80').invalid).toMatch(/not an IP address/);
  });

  it('garbage is an error', () => {
    for (const bad of ['', 'garbage', 'http:80', '80:http', '/udp', '80/tcp/x', ':', '8080:', 'a:b:c']) {
      expect(isPortError(parseShortPort(bad)), bad).toBe(true);
    }
  });

  it('never throws, and every span lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '8', '0', ':', '-', '/', '.', '[', ']', 'u', 'd', 'p', '$', '{', '}') }), (s) => {
        const out = parseShortPort(s);
        if (isPortError(out)) return;
        for (const span of Object.values(out.spans)) {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(s.length);
        }
      }),
    );
  });
});

describe('splitShortPort', () => {
  it('keeps ${…} references whole, even when they hold colons', () => {
    const text = '${BIND:-127.0.0.1}:${PORT:-8080}:80/${PROTO:-tcp}';
    const parts = splitShortPort(text);
    if (isPortError(parts)) throw new Error(parts.error);
    expect(parts.hostIp?.text).toBe('${BIND:-127.0.0.1}');
    expect(parts.published?.text).toBe('${PORT:-8080}');
    expect(parts.target.text).toBe('80');
    expect(parts.protocol?.text).toBe('${PROTO:-tcp}');
    expect(at(text, parts.published)).toBe('${PORT:-8080}');
  });

  it('splits "${COWRIE_TELNET_PORT:-2223}:2223" into published and target', () => {
    const parts = splitShortPort('${COWRIE_TELNET_PORT:-2223}:2223');
    expect(parts).toMatchObject({ published: { text: '${COWRIE_TELNET_PORT:-2223}', start: 0 }, target: { text: '2223', start: 28 } });
  });
});

describe('rangeMismatch', () => {
  it('allows equal lengths and single container ports only', () => {
    expect(rangeMismatch({ port: 1, endPort: 2 }, { port: 3, endPort: 4 })).toBeUndefined();
    expect(rangeMismatch({ port: 1, endPort: 9 }, { port: 3, endPort: 3 })).toBeUndefined();
    expect(rangeMismatch({ port: 1, endPort: 1 }, { port: 3, endPort: 4 })).toBeDefined();
  });
});

describe('parseExpose', () => {
  it('reads ports, ranges and protocols', () => {
    expect(parseExpose('3000')).toEqual({ range: { port: 3000, endPort: 3000 }, spans: { range: { start: 0, end: 4 } } });
    expect(parseExpose('3000-3005')).toMatchObject({ range: { port: 3000, endPort: 3005 } });
    expect(parseExpose('8000/tcp')).toEqual({
      range: { port: 8000, endPort: 8000 },
      protocol: 'tcp',
      spans: { range: { start: 0, end: 4 }, protocol: { start: 5, end: 8 } },
    });
  });

  it('rejects host mappings and text', () => {
    expect(isPortError(parseExpose('8080:80'))).toBe(true);
    expect(isPortError(parseExpose('http'))).toBe(true);
  });
});
