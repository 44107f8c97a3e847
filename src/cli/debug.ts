/** `--debug`: one stderr line per file found, with the format it was read as or why it was skipped. */
import type { FileEvent } from '../api.js';

export function debugLine(event: FileEvent): string {
  return event.format !== null
    ? `portlint: debug: ${event.file}: read as ${event.format}\n`
    : `portlint: debug: ${event.file}: skipped: ${event.reason ?? 'not linted'}\n`;
}
