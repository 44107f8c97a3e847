/**
 * Text as portlint reads it. A UTF-8 byte order mark is not part of a file's content: every reader
 * (parsers, file detection, config files) drops it here, so columns are those an editor shows.
 */

/** The text without a leading byte order mark (U+FEFF). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
