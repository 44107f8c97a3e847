/**
 * Which files a pull request changes: the commit range from the event payload, then
 * `git diff --name-only --diff-filter=ACMR base...head`. Every way this can fail (not a pull-request
 * event, a payload without commits, a shallow clone without the base, no git) is a `reason`, never a
 * throw: the Action then falls back to reporting everything.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CommitRange {
  base: string;
  head: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Events whose payload carries the commits a change is made of. */
const PR_EVENTS = ['pull_request', 'pull_request_target', 'merge_group'];

/** Whether the event is one whose payload names a base and a head commit. */
export function isPullRequestEvent(eventName: string | undefined): eventName is string {
  return eventName !== undefined && PR_EVENTS.includes(eventName);
}

function notPullRequest(eventName: string | undefined): { ok: false; reason: string } {
  return { ok: false, reason: `the "${eventName ?? 'unknown'}" event is not a pull request` };
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

function get(payload: unknown, ...keys: string[]): unknown {
  let v = payload;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/**
 * The base and head commits of a pull request (or merge-queue group) from its event payload:
 * `pull_request.base.sha` / `pull_request.head.sha`, or `merge_group.base_sha` / `head_sha`.
 */
export function rangeFromEvent(eventName: string | undefined, payload: unknown): Outcome<CommitRange> {
  if (!isPullRequestEvent(eventName)) return notPullRequest(eventName);
  const base = get(payload, 'pull_request', 'base', 'sha') ?? get(payload, 'merge_group', 'base_sha');
  const head = get(payload, 'pull_request', 'head', 'sha') ?? get(payload, 'merge_group', 'head_sha');
  if (typeof base !== 'string' || typeof head !== 'string') {
    return { ok: false, reason: `the ${eventName} event payload has no base and head commit` };
  }
  if (!SHA.test(base) || !SHA.test(head)) return { ok: false, reason: `the ${eventName} event payload has malformed commit ids` };
  return { ok: true, value: { base, head } };
}

/** Read the event payload the runner wrote to `GITHUB_EVENT_PATH`. */
export function readEvent(eventPath: string | undefined): Outcome<unknown> {
  if (!eventPath) return { ok: false, reason: 'GITHUB_EVENT_PATH is not set' };
  try {
    return { ok: true, value: JSON.parse(readFileSync(eventPath, 'utf8')) };
  } catch (err) {
    return { ok: false, reason: `cannot read the event payload ${eventPath}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Runs git in `cwd` and returns its stdout; throws with git's stderr when it fails. */
export type GitRunner = (args: readonly string[], cwd: string) => string;

const runGit: GitRunner = (args, cwd) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

/** What git says when a commit or the merge base is not in the clone. */
const MISSING_HISTORY = /revision|symmetric difference|merge base|bad object|not a valid object|unknown commit/i;
const FETCH_DEPTH_HINT = 'actions/checkout needs fetch-depth: 0 so both commits and their merge base are present';

function gitFailure(err: unknown): string {
  const stderr = (err as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : err instanceof Error ? err.message : String(err);
  return text.trim().split('\n')[0] ?? '';
}

/** A full commit SHA cut to git's 7 characters; any other ref (`main`, `HEAD~3`, a typo) as written. */
export function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}

/**
 * Files added, copied, modified or renamed between the merge base of `base` and `head`, relative to
 * `cwd` with `/` separators (as portlint shows paths). Files outside `cwd` are left out.
 */
export function gitChangedFiles(cwd: string, range: CommitRange, git: GitRunner = runGit): Outcome<string[]> {
  let out: string;
  try {
    out = git(
      [
        '-c',
        'core.quotePath=false',
        'diff',
        '--name-only',
        '--diff-filter=ACMR',
        '--relative',
        '-z',
        `${range.base}...${range.head}`,
        '--',
      ],
      cwd,
    );
  } catch (err) {
    const failure = gitFailure(err);
    const reason = `git diff ${shortRef(range.base)}...${shortRef(range.head)} failed (${failure})`;
    return { ok: false, reason: MISSING_HISTORY.test(failure) ? `${reason}; ${FETCH_DEPTH_HINT}` : reason };
  }
  return {
    ok: true,
    value: out
      .split('\0')
      .filter((f) => f !== '')
      .sort(),
  };
}

/** The commit range of the pull request that triggered this run, from the runner's environment. */
export function pullRequestRange(env: NodeJS.ProcessEnv): Outcome<CommitRange> {
  // Checked before reading the payload, so a push says "not a pull request", not "no commits".
  if (!isPullRequestEvent(env.GITHUB_EVENT_NAME)) return notPullRequest(env.GITHUB_EVENT_NAME);
  const event = readEvent(env.GITHUB_EVENT_PATH);
  if (!event.ok) return event;
  return rangeFromEvent(env.GITHUB_EVENT_NAME, event.value);
}
