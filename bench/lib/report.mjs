/** Markdown rendering of the benchmark figures. */

/** A Markdown table from a header row and body rows (cells are strings or numbers). */
export function table(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c ?? '')).join(' | ')} |`;
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

export const fmt = {
  /** Seconds from milliseconds, 2 decimals (3 under 1 s). */
  s: (ms) => (ms === undefined ? '–' : (ms / 1000).toFixed(ms < 1000 ? 3 : 2)),
  ms: (ms) => (ms === undefined ? '–' : ms.toFixed(0)),
  int: (n) => (n === undefined ? '–' : Math.round(n).toLocaleString('en-US')),
  mb: (n) => (n === undefined ? '–' : n.toFixed(n < 10 ? 2 : 1)),
  ratio: (x) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(x < 10 ? 2 : 0)}×`),
  us: (x) => (x === undefined ? '–' : x.toFixed(0)),
};

/** `yes` / `NO` for a met / missed target (missing figures are `n/a`). */
export function verdict(met) {
  return met === undefined ? 'n/a' : met ? 'yes' : '**NO**';
}
