/** Where the report goes: stdout, or a file (`-o`), whose folder is created when missing. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Write `text` to `file` (relative to `cwd`), creating its folder; returns an error message or undefined. */
export function writeReport(file: string, cwd: string, text: string): string | undefined {
  const path = resolve(cwd, file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
