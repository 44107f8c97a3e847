/** A throwaway project folder and the CLI run against it through `main()` with a fake IO. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  env?: Record<string, string>;
  columns?: number;
  cwd?: string;
}

/** A fresh folder per test: `project.root`, filled with `project.write()`. */
export function useProject(): { root: string; write(files: Record<string, string | Buffer>): void } {
  const project = {
    root: '',
    write(files: Record<string, string | Buffer>): void {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(project.root, path)), { recursive: true });
        writeFileSync(join(project.root, path), text);
      }
    },
  };
  beforeEach(() => {
    project.root = mkdtempSync(join(tmpdir(), 'portlint-cli-'));
  });
  afterEach(() => rmSync(project.root, { recursive: true, force: true }));
  return project;
}

/** Run the CLI in `cwd` with an empty environment unless one is given (no CI, no NO_COLOR from the test runner). */
export async function runCli(cwd: string, args: string[], options: RunOptions = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? '',
    cwd: options.cwd ?? cwd,
    isTTY: options.isTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    env: options.env ?? {},
    ...(options.columns !== undefined && { columns: options.columns }),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export const ESC = '\u001b';
