/**
 * Human output for a terminal, in the layout of eslint-formatter-pretty: a header per file, then
 * one entry per message (symbol, line:column, message, rule id). Written here rather than through
 * that package so that what it prints is decided by the CLI alone: colors only when asked
 * (`context.color`; the package reads the environment and the stream itself), messages wrapped at
 * word boundaries to `context.width`, and each rule id linked to its docs (an OSC 8 link on
 * terminals that show them, and the docs URLs listed at the end otherwise).
 */
import type { LintMessage, LintResult } from '../engine/results.js';
import { paint, type Paint } from '../cli/color.js';
import { label } from './compact.js';
import type { FormatterContext } from './index.js';

/** Split `text` into lines of at most `width` columns at spaces; a word longer than a line stays whole. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** `code` in backticks reads bold, as eslint-formatter-pretty shows it (the backticks go). */
function styleCode(text: string, p: Paint): string {
  return text.replace(/`([^`]+)`/g, (_, code: string) => p.bold(code));
}

interface Entry {
  m: LintMessage;
  position: string;
  id: string;
  url: string | undefined;
}

export default function pretty(results: readonly LintResult[], context: FormatterContext): string {
  const p = paint(context.color ?? false, context.hyperlinks ?? false);
  const withMessages = results.filter((r) => r.messages.length > 0);
  if (withMessages.length === 0) return '';
  const entriesOf = (r: LintResult): Entry[] =>
    r.messages.map((m) => ({
      m,
      position: `${m.line}:${m.column}`,
      id: label(m),
      url: m.ruleId !== null ? context.rulesMeta[m.ruleId]?.docs.url : undefined,
    }));
  const files = withMessages.map((r) => ({ path: r.filePath, entries: entriesOf(r) }));
  const all = files.flatMap((f) => f.entries);
  const posWidth = Math.max(...all.map((e) => e.position.length));
  // Indent of a message's text: two spaces, the symbol, two spaces, the position, two spaces.
  const indent = 2 + 1 + 2 + posWidth + 2;
  const out: string[] = [''];
  const linked = new Map<string, string>();
  for (const file of files) {
    if (out.length > 1) out.push('');
    out.push(`  ${p.underline(file.path)}`);
    for (const e of file.entries) {
      const error = e.m.severity === 2;
      const symbol = error ? p.red('✖') : p.yellow('⚠');
      // The rule id goes last, as one more word (after a no-break space: two spaces apart), so it wraps with the text.
      const words = `${e.m.message} \u00a0${e.id}`;
      const lines = context.width !== undefined && context.width > indent + 20 ? wrapWords(words, context.width - indent) : [words];
      const id = p.dim(e.url !== undefined ? p.link(e.id, e.url) : e.id);
      if (e.url !== undefined) linked.set(e.id, e.url);
      lines.forEach((line, i) => {
        const last = i === lines.length - 1;
        const body = last ? line.slice(0, line.length - e.id.length - 1) : line;
        const text = styleCode(body, p) + (last ? `${body === '' ? '' : ' '}${id}` : '');
        out.push(i === 0 ? `  ${symbol}  ${p.dim(e.position.padStart(posWidth))}  ${text}` : `${' '.repeat(indent)}${text}`);
      });
    }
  }
  if (!(context.hyperlinks ?? false) && linked.size > 0) {
    out.push('', '  Rule docs:');
    for (const [id, url] of [...linked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push(`    ${id}  ${url}`);
  }
  return `${out.join('\n')}\n\n`;
}
