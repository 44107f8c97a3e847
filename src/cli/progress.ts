/**
 * A progress indicator for long runs: after about two seconds, one line on stderr that rewrites
 * itself (`portlint: 1200/5000 files`), cleared before the report is written. Only when stderr is
 * a terminal and not in CI: never in a pipe or a log.
 */
export interface Progress {
  /** Hand to `LintOptions.onProgress`. */
  update(done: number, total: number): void;
  /** Erase the line (if one was drawn) and stop. */
  stop(): void;
}

export interface ProgressOptions {
  write: (text: string) => void;
  /** stderr is a terminal. */
  terminal: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds before the first draw (default 2000). */
  delay?: number;
  /** Milliseconds between draws (default 100). */
  interval?: number;
  now?: () => number;
}

const NONE: Progress = { update() {}, stop() {} };

export function createProgress(options: ProgressOptions): Progress {
  if (!options.terminal || options.env.CI !== undefined) return NONE;
  const now = options.now ?? Date.now;
  const start = now();
  const delay = options.delay ?? 2000;
  const interval = options.interval ?? 100;
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - start < delay || t - last < interval) return;
      last = t;
      drawn = true;
      options.write(`\r\u001b[2Kportlint: ${done}/${total} files`);
    },
    stop() {
      if (drawn) options.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
