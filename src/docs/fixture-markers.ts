/**
 * The fixture marker grammar, in one place: test/fixtures.test.ts reads the markers as the expected
 * findings, and the docs generator shows the fixture files a rule documents as examples without them.
 *
 * - `# expect: rule-id/messageId:column` at the end of a YAML line (several, comma-separated);
 *   `column-endColumn` also pins where the finding ends (on the same line). A built-in id has no
 *   message id (`parse-error:3`).
 * - `# expect-next-line: …` on its own line, for the line below (Dockerfiles and env files).
 * - `# fixture-config: { "rules": { … } }` anywhere: the file's own rule settings.
 */

const ITEM = String.raw`[a-z0-9-]+(?:\/[A-Za-z0-9]+)?:\d+(?:-\d+)?`;

/** A marker: group 1 is `-next-line` or empty, group 2 the comma-separated items. */
export const MARKER = new RegExp(String.raw`#\s*expect(-next-line)?:\s*(${ITEM}(?:\s*,\s*${ITEM})*)\s*$`);

/** A per-file config: group 1 is the JSON. */
export const CONFIG = /#\s*fixture-config:\s*(\{.*\})\s*$/;

/** One expected finding as a marker writes it. */
export interface MarkerItem {
  /** `rule-id/messageId`, or a built-in id alone. */
  what: string;
  column: number;
  endColumn?: number;
}

export function markerItems(items: string): MarkerItem[] {
  return items.split(',').map((item) => {
    const [what = '', position = ''] = item.trim().split(':');
    const [column, endColumn] = position.split('-').map(Number);
    return endColumn === undefined ? { what, column: column! } : { what, column: column!, endColumn };
  });
}

/**
 * The text of a fixture as a reader sees it: fixture-config comments removed, and each marker either
 * removed or, when it expects a finding of `ruleId`, replaced by `# ← reported` (`# ↓ reported` on its
 * own line).
 */
export function stripMarkers(text: string, ruleId: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (CONFIG.test(line) && /^\s*#/.test(line)) return [];
      const m = MARKER.exec(line);
      if (!m) return [line];
      const ours = markerItems(m[2]!).some((i) => i.what.startsWith(`${ruleId}/`));
      const before = line.slice(0, m.index).trimEnd();
      if (before.trim() === '') return ours ? [`${before}# ↓ reported`] : [];
      return [ours ? `${before}  # ← reported` : before];
    })
    .join('\n');
}
