/**
 * `--shard i/n`: which shard of a run reports a file. A file belongs to shard
 * `1 + (first 32 bits of sha256(path)) mod n`, by its path relative to the working directory with
 * `/` separators: deterministic, the same on every runner and platform, and independent of which
 * other files exist, so adding a file never moves another one to a different shard.
 *
 * Cross-file rules (a Service in one shard, the Deployment it selects in another) still see every
 * file: each shard lints its own files with every rule and the other files with the project-scope
 * rules only, as context, and reports just its own files. So the union of the n shards' reports is
 * the report of one unsharded run.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parse `i/n` (1 ≤ i ≤ n); undefined when it is not one. */
export function parseShard(value: string): Shard | undefined {
  const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(value.trim());
  if (!m) return undefined;
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  return shard.index <= shard.count ? shard : undefined;
}

/** The shard (1-based) a path belongs to among `count`. */
export function shardOf(path: string, count: number): number {
  const digest = createHash('sha256').update(path.split('\\').join('/')).digest();
  return 1 + (digest.readUInt32BE(0) % count);
}

/** Whether `path` is reported by `shard`. */
export function inShard(path: string, shard: Shard): boolean {
  return shard.count === 1 || shardOf(path, shard.count) === shard.index;
}
