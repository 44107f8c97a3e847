import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitChangedFiles, pullRequestRange, rangeFromEvent, type CommitRange } from '../../src/action/changed-files.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('rangeFromEvent', () => {
  it('reads base and head from pull_request and pull_request_target payloads', () => {
    const payload = { pull_request: { number: 7, base: { sha: A, ref: 'main' }, head: { sha: B, ref: 'feature' } } };
    expect(rangeFromEvent('pull_request', payload)).toEqual({ ok: true, value: { base: A, head: B } });
    expect(rangeFromEvent('pull_request_target', payload)).toEqual({ ok: true, value: { base: A, head: B } });
  });

  it('reads a merge queue group', () => {
    expect(rangeFromEvent('merge_group', { merge_group: { base_sha: A, head_sha: B } })).toEqual({ ok: true, value: { base: A, head: B } });
  });

  it('explains why there is no range', () => {
    expect(rangeFromEvent('push', { before: A, after: B })).toEqual({ ok: false, reason: 'the "push" event is not a pull request' });
    expect(rangeFromEvent(undefined, {})).toMatchObject({ ok: false, reason: expect.stringContaining('not a pull request') });
    expect(rangeFromEvent('pull_request', { pull_request: { base: {} } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no base and head commit'),
    });
    expect(rangeFromEvent('pull_request', null)).toMatchObject({ ok: false });
  });

  it('refuses commit ids that are not hex, so nothing odd reaches git', () => {
    const payload = { pull_request: { base: { sha: '--output=/tmp/x' }, head: { sha: B } } };
    expect(rangeFromEvent('pull_request', payload)).toMatchObject({ ok: false, reason: expect.stringContaining('malformed') });
  });
});

describe('pullRequestRange', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portlint-event-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the event file the runner writes', () => {
    const path = join(dir, 'event.json');
    writeFileSync(path, JSON.stringify({ pull_request: { base: { sha: A }, head: { sha: B } } }));
    expect(pullRequestRange({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path })).toEqual({
      ok: true,
      value: { base: A, head: B },
    });
  });

  it('reports a missing or unreadable event file', () => {
    expect(pullRequestRange({ GITHUB_EVENT_NAME: 'pull_request' })).toEqual({ ok: false, reason: 'GITHUB_EVENT_PATH is not set' });
    expect(pullRequestRange({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'missing.json') })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('cannot read the event payload'),
    });
    expect(pullRequestRange({ GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: join(dir, 'missing.json') })).toEqual({
      ok: false,
      reason: 'the "schedule" event is not a pull request',
    });
  });
});

describe('gitChangedFiles', () => {
  let repo: string;
  let range: CommitRange;
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'portlint-git-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    git('config', 'commit.gpgsign', 'false');
    write('keep.yaml', 'a: 1\n');
    write('modify.yaml', 'a: 1\n');
    write('delete.yaml', 'a: 1\n');
    write('rename-me.yaml', 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n');
    write('svc/Dockerfile', 'FROM nginx\nEXPOSE 80\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    // A commit on main after the branch point: three-dot diff must not show it.
    git('checkout', '-qb', 'feature');
    write('modify.yaml', 'a: 2\n');
    git('rm', '-q', 'delete.yaml');
    git('mv', 'rename-me.yaml', 'renamed.yaml');
    write('new dir/ünïcode compose.yaml', 'services: {}\n');
    write('svc/Dockerfile', 'FROM nginx\nEXPOSE 21\n');
    git('add', '-A');
    git('commit', '-qm', 'head');
    const head = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'main');
    write('main-only.yaml', 'a: 1\n');
    git('add', '-A');
    git('commit', '-qm', 'main moves on');
    range = { base: git('rev-parse', 'HEAD'), head };
    expect(base).not.toBe(range.base);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('lists added, modified and renamed files since the merge base, not deleted ones or the base branch’s own changes', () => {
    expect(gitChangedFiles(repo, range)).toEqual({
      ok: true,
      value: ['modify.yaml', 'new dir/ünïcode compose.yaml', 'renamed.yaml', 'svc/Dockerfile'],
    });
  });

  it('gives paths relative to the directory it runs in, leaving out the rest', () => {
    expect(gitChangedFiles(join(repo, 'svc'), range)).toEqual({ ok: true, value: ['Dockerfile'] });
  });

  it('explains a missing commit (a shallow clone) and points at fetch-depth', () => {
    const outcome = gitChangedFiles(repo, { base: 'c'.repeat(40), head: range.head });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(
      /^git diff ccccccc\.\.\.[0-9a-f]{7} failed \(.+\); actions\/checkout needs fetch-depth: 0/,
    );
  });

  it('shortens only full SHAs in the reason: a named ref is shown as written', () => {
    const outcome = gitChangedFiles(repo, { base: 'nosuchref', head: 'HEAD' });
    expect(!outcome.ok && outcome.reason).toMatch(/^git diff nosuchref\.\.\.HEAD failed \(/);
  });

  it('explains a shallow clone (the default depth of actions/checkout) that lacks the merge base', () => {
    const clone = mkdtempSync(join(tmpdir(), 'portlint-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth=1', '--branch', 'feature', `file://${repo}`, clone]);
      const outcome = gitChangedFiles(clone, range);
      expect(outcome).toMatchObject({ ok: false, reason: expect.stringContaining('fetch-depth: 0') });
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('explains a directory that is not a git repository', () => {
    const outside = mkdtempSync(join(tmpdir(), 'portlint-nogit-'));
    try {
      const outcome = gitChangedFiles(outside, range);
      expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/not a git repository/i) });
      expect(!outcome.ok && outcome.reason).not.toContain('fetch-depth');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reports git itself failing to start', () => {
    const outcome = gitChangedFiles(repo, range, () => {
      throw Object.assign(new Error('spawnSync git ENOENT'), { code: 'ENOENT' });
    });
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringContaining('spawnSync git ENOENT') });
  });
});
