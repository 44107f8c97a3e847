/** Run `main()` in a temporary folder with a fake IO (for the CLI tests of issue 14's flags). */
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

export interface Sandbox {
  root: string;
  write(files: Record<string, string>): void;
  cli(args: string[], options?: { cwd?: string }): Promise<Run>;
  remove(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'portlint-fleet-'));
  return {
    root,
    write(files) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    },
    async cli(args, options = {}) {
      let stdout = '';
      let stderr = '';
      const io: CliIO = {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        readStdin: async () => '',
        cwd: options.cwd ?? root,
        isTTY: false,
      };
      const code = await main(args, io);
      return { code, stdout, stderr };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A sandbox made anew for each test of the file (hooks registered here), removed after it. */
export function sandboxPerTest(): Sandbox {
  let current: Sandbox | undefined;
  beforeEach(() => {
    current = sandbox();
  });
  afterEach(() => current?.remove());
  const now = (): Sandbox => {
    if (!current) throw new Error('the sandbox exists only inside a test');
    return current;
  };
  return {
    get root() {
      return now().root;
    },
    write: (files) => now().write(files),
    cli: (args, options) => now().cli(args, options),
    remove: () => now().remove(),
  };
}

/** A `fail` callback for the CLI helpers that throws the message. */
export const fail = (message: string): never => {
  throw new Error(message);
};

export const FTP = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n";
/** One warning (host-port) and nothing else. */
export const HOST_PORT =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n';
