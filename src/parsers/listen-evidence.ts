/**
 * Ports a process shows it listens on, read from what it is started with: flags in a container's
 * `command`/`args` (`--port=5317`, `--metrics-bind-address=:8443`, `--listen 0.0.0.0:9000`) and
 * wildcard binds in config text (`endpoint: 0.0.0.0:4317`). A port named this way is evidence the
 * process listens there even when no `containerPort` declares it (containerPort is informational).
 * Pure text scanning; no I/O.
 */

/** A flag whose name says it sets a listening port or address, then its value (`=v`, or the next word). */
const FLAG = /(?:^|\s)--?[\w.-]*?(?:port|addr|address|listen|bind)[\w.-]*(?:=|\s+)(\S+)/gi;
/** A flag's value: `8443`, `:8443`, `0.0.0.0:8443`, `[::]:8443`, `host:8443`. */
const FLAG_VALUE = /^["']?(?:(?:\[[0-9a-f:]*\]|[\w.-]*):)?(\d{1,5})["']?$/i;
/** A bind on every interface (or the empty host) after a listen-like key, in config text. */
const CONFIG_BIND =
  /\b(?:endpoint|listen[\w-]*|bind[\w-]*|[\w-]*addr(?:ess)?)["']?\s*[:=]\s*["']?(?:0\.0\.0\.0|\[::\]|::|\*)?:(\d{1,5})\b/gi;

function valid(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= 65535;
}

/** Ports named by listen-like flags in a process's words (command and args joined). */
export function flagListenPorts(words: readonly string[]): number[] {
  const text = words.join(' ');
  const out = new Set<number>();
  for (const m of text.matchAll(FLAG)) {
    const value = FLAG_VALUE.exec(m[1] ?? '');
    const n = Number(value?.[1]);
    if (value && valid(n)) out.add(n);
  }
  return [...out];
}

/** Ports bound on every interface in config text (a collector's `endpoint: 0.0.0.0:5317`). */
export function configListenPorts(text: string): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(CONFIG_BIND)) {
    const n = Number(m[1]);
    if (valid(n)) out.add(n);
  }
  return [...out];
}
