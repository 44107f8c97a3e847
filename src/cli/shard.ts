/**
 * `--shard i/n` and `--changed-since REF`: which files a run reports. Both narrow the report, never
 * the lint: every file is still linted by the cross-file rules as context (see src/shard.ts), so a
 * reported file's findings are the ones a full run gives it.
 */
import { gitChangedFiles, type GitRunner } from '../action/changed-files.js';
import { inShard, parseShard, type Shard } from '../shard.js';

/** The `--shard` value, checked. */
export function shardFlag(value: string, fail: (message: string) => never): Shard {
  return parseShard(value) ?? fail(`--shard expects i/n with 1 <= i <= n (e.g. 2/4), got "${value}"`);
}

/**
 * Files added, copied, modified or renamed since `ref`: the Action's only-changed diff
 * (`git diff --name-only --diff-filter=ACMR REF...HEAD`, from the merge base of REF and HEAD), with
 * paths relative to `cwd`. When git cannot tell (not a repository, an unknown ref, a shallow clone)
 * the run fails: a CI step asked for changed files must not quietly report none or all.
 */
export function changedSince(ref: string, cwd: string, fail: (message: string) => never, git?: GitRunner): ReadonlySet<string> {
  if (ref === '' || ref.startsWith('-')) return fail(`--changed-since expects a git revision (a branch, tag or commit), got "${ref}"`);
  const changed = gitChangedFiles(cwd, { base: ref, head: 'HEAD' }, git);
  if (!changed.ok) return fail(`--changed-since ${ref}: ${changed.reason}`);
  return new Set(changed.value);
}

/** The report filter for a shard and a changed-file set (either may be absent); undefined: report all. */
export function reportFilter(shard: Shard | undefined, changed: ReadonlySet<string> | undefined): ((file: string) => boolean) | undefined {
  if (!shard && !changed) return undefined;
  return (file) => (!shard || inShard(file, shard)) && (!changed || changed.has(file));
}
