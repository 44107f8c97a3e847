/**
 * The grammar of compose's short port syntax (`[[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]`) and of
 * `expose:` items, as docker (`go-connections/nat`) reads them. Pure string functions: every part
 * comes back with its character offsets, so callers can point at the exact digits.
 *
 * YAML note: compose files are read with the YAML 1.2 core schema, so an unquoted `22:22` is the
 * string "22:22" (YAML 1.1 would read the sexagesimal number 1342); an unquoted `80` is the int 80,
 * which callers pass here as its string form.
 */
import { referenceEnd } from './interpolate.js';
import { isIP } from 'node:net';
import type { PortRange } from '../model.js';

/** Characters `start`..`end` (exclusive) of the parsed text. */
export interface Span {
  start: number;
  end: number;
}

/** One part of a port string: its text and where it is. */
export interface TextPart extends Span {
  text: string;
}

/** The parts of a short-syntax port string, split but not yet read as numbers. */
export interface ShortPortParts {
  /** The host IP, without the brackets of `[::1]`. */
  hostIp?: TextPart;
  /** The published (host) side; present but empty in `127.0.0.1::80` and `:80`. */
  published?: TextPart;
  target: TextPart;
  /** The protocol after `/`; absent when not written (or written empty, `80/`). */
  protocol?: TextPart | undefined;
}

/** A fully read short-syntax port. */
export interface ShortPort {
  hostIp?: string;
  /** Undefined when no fixed host port is published (`"80"`, `"127.0.0.1::80"`): docker picks one. */
  published?: PortRange;
  target: PortRange;
  /** As written; undefined means the default, `tcp`. */
  protocol?: string;
  spans: { hostIp?: Span; published?: Span; target: Span; protocol?: Span };
  /** Set when the string is well-formed but docker would refuse it (bad IP, mismatched ranges). */
  invalid?: string | undefined;
}

export interface PortError {
  error: string;
}

export function isPortError(x: object): x is PortError {
  return 'error' in x;
}

/** Indexes of `sep` in `text` outside `${…}` references. */
function separators(text: string, sep: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') i++;
    else if (c === '$') i = referenceEnd(text, i);
    else if (c === sep) out.push(i);
  }
  return out;
}

function part(text: string, start: number, end: number): TextPart {
  return { text: text.slice(start, end), start, end };
}

/**
 * Split a short-syntax port string into its parts, as docker's `splitParts` does: the last
 * colon-separated field is the target, the one before it the published port, and everything
 * before that the host IP, brackets stripped (so `[::1]:8080:80` and unbracketed `::1:8080:80`
 * both work, and `[::1]:80` does not, as in docker). `${…}`
 * references are kept whole, so the raw text of an interpolated value can be split.
 */
export function splitShortPort(text: string): ShortPortParts | PortError {
  const slashes = separators(text, '/');
  if (slashes.length > 1) return { error: `unexpected "/" in "${text}"` };
  const body = slashes.length === 1 ? slashes[0]! : text.length;
  const protocol = body < text.length && body + 1 < text.length ? part(text, body + 1, text.length) : undefined;
  if (body === 0) return { error: `no port in "${text}"` };

  const colons = separators(text.slice(0, body), ':');
  const n = colons.length;
  const target = part(text, n > 0 ? colons[n - 1]! + 1 : 0, body);
  if (target.text === '') return { error: `no container port in "${text}"` };
  if (n === 0) return { target, protocol };
  const published = part(text, n > 1 ? colons[n - 2]! + 1 : 0, colons[n - 1]!);
  if (n === 1) return { published, target, protocol };
  const ipEnd = colons[n - 2]!;
  const bracketed = text[0] === '[' && text[ipEnd - 1] === ']';
  const hostIp = bracketed ? part(text, 1, ipEnd - 1) : part(text, 0, ipEnd);
  return { hostIp, published, target, protocol };
}

/** Read `80` or `3000-3005`. Numbers above 65535 are kept as parsed (rules report them). */
export function parsePortRange(text: string): PortRange | PortError {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return { error: `"${text}" is not a port or port range` };
  const port = Number(m[1]);
  const endPort = m[2] === undefined ? port : Number(m[2]);
  if (endPort < port) return { error: `port range "${text}" ends before it starts` };
  return { port, endPort };
}

/**
 * Why docker refuses this published/target pair, if it does: ranges must have the same length,
 * except that a host range may publish a single container port (docker picks one free host port).
 */
export function rangeMismatch(published: PortRange, target: PortRange): string | undefined {
  const hostLen = published.endPort - published.port;
  const targetLen = target.endPort - target.port;
  if (hostLen === targetLen || targetLen === 0) return undefined;
  return `host range ${published.port}-${published.endPort} and container range ${target.port}-${target.endPort} differ in length`;
}

/** Why a host IP is not usable, if it is not (it must be an IPv4 or IPv6 address). */
export function hostIpProblem(ip: string): string | undefined {
  return isIP(ip) === 0 ? `"${ip}" is not an IP address` : undefined;
}

/**
 * Read a short-syntax port string (`"80"`, `"8080:80"`, `"127.0.0.1:8080:80"`, `"[::1]:8080:80"`,
 * `"127.0.0.1::80"`, `"9090-9091:8080-8081"`, `"6005-6015:80"`, `"53:53/udp"`). Malformed text
 * gives a `PortError`; well-formed text docker would still refuse has `invalid` set.
 */
export function parseShortPort(text: string): ShortPort | PortError {
  const parts = splitShortPort(text);
  if (isPortError(parts)) return parts;
  const target = parsePortRange(parts.target.text);
  if (isPortError(target)) return target;
  const out: ShortPort = { target, spans: { target: span(parts.target) } };
  if (parts.published && parts.published.text !== '') {
    const published = parsePortRange(parts.published.text);
    if (isPortError(published)) return published;
    out.published = published;
    out.spans.published = span(parts.published);
    out.invalid = rangeMismatch(published, target);
  }
  if (parts.hostIp) {
    out.hostIp = parts.hostIp.text;
    out.spans.hostIp = span(parts.hostIp);
    out.invalid ??= hostIpProblem(parts.hostIp.text);
  }
  if (parts.protocol) {
    out.protocol = parts.protocol.text;
    out.spans.protocol = span(parts.protocol);
  }
  return out;
}

function span(p: Span): Span {
  return { start: p.start, end: p.end };
}

/** An `expose:` item: a port or range with an optional protocol. */
export interface ExposePort {
  range: PortRange;
  protocol?: string;
  spans: { range: Span; protocol?: Span };
}

/** Read an `expose:` item (`"3000"`, `"3000-3005"`, `"8000/udp"`). */
export function parseExpose(text: string): ExposePort | PortError {
  const slash = text.indexOf('/');
  const body = slash < 0 ? text : text.slice(0, slash);
  const range = parsePortRange(body);
  if (isPortError(range)) return range;
  const out: ExposePort = { range, spans: { range: { start: 0, end: body.length } } };
  if (slash >= 0 && slash + 1 < text.length) {
    out.protocol = text.slice(slash + 1);
    out.spans.protocol = { start: slash + 1, end: text.length };
  }
  return out;
}
