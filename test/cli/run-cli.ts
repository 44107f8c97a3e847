/** Run `main()` in a temporary folder with a fake IO (for the CLI tests of issue 14's flags). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

export const FTP = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n";
/** One warning (host-port) and nothing else. */
export const HOST_PORT =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n';
