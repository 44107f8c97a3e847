/**
 * `--shard i/n` and `--changed-since REF`: the split is deterministic, a cross-file rule sees files
 * of other shards, and the union of the shards' reports is one unsharded run (on the shared corpus).
 */
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedSince, reportFilter } from '../../src/cli/shard.js';
import type { LintResult } from '../../src/engine/results.js';
import { inShard, parseShard, shardOf } from '../../src/shard.js';
import { CORPUS, corpusPresent } from '../support/corpus.js';
import { fail, FTP, HOST_PORT, sandboxPerTest } from './run-cli.js';

const box = sandboxPerTest();

const DEPLOY =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          ports:\n            - containerPort: 8080\n              name: http\n';
const SVC =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - name: web\n      port: 80\n      targetPort: http\n    - name: metrics\n      port: 81\n      targetPort: metrics\n';

/** A file name in shard `want` of `count`, from a stem. */
function nameIn(want: number, count: number, stem: string): string {
  for (let i = 0; ; i++) if (shardOf(`${stem}${i}.yaml`, count) === want) return `${stem}${i}.yaml`;
}

const byFile = (results: LintResult[]): LintResult[] =>
  [...results].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));

describe('shards', () => {
  it('parses i/n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2', '2/0', 'a/b', '1/2/3']) expect(parseShard(bad), bad).toBeUndefined();
  });

  it('puts every path in exactly one shard, the same way every time, by path alone', () => {
    const paths = Array.from({ length: 300 }, (_, i) => `k8s/app-${i}/deploy.yaml`);
    const counts = [1, 2, 3].map((index) => paths.filter((p) => inShard(p, { index, count: 3 })).length);
    expect(counts.reduce((a, b) => a + b)).toBe(300);
    for (const c of counts) expect(c).toBeGreaterThan(60);
    expect(shardOf('k8s/app-7/deploy.yaml', 3)).toBe(shardOf('k8s/app-7/deploy.yaml', 3));
    expect(shardOf('k8s\\app-7\\deploy.yaml', 3)).toBe(shardOf('k8s/app-7/deploy.yaml', 3));
  });

  it('a Service in one shard still resolves ports of a Deployment in the other', async () => {
    const svc = nameIn(1, 2, 'svc');
    const deploy = nameIn(2, 2, 'deploy');
    box.write({ [svc]: SVC, [deploy]: DEPLOY });
    const full = JSON.parse((await box.cli(['--format', 'json', '.'])).stdout) as LintResult[];
    const one = JSON.parse((await box.cli(['--format', 'json', '--shard', '1/2', '.'])).stdout) as LintResult[];
    const two = JSON.parse((await box.cli(['--format', 'json', '--shard', '2/2', '.'])).stdout) as LintResult[];
    expect(one.map((r) => relative(box.root, r.filePath))).toEqual([svc]);
    expect(two.map((r) => relative(box.root, r.filePath))).toEqual([deploy]);
    // "metrics" is unresolved, "http" resolves through the Deployment in the other shard.
    expect(one[0]!.messages.map((m) => m.ruleId)).toEqual(['unresolved-port-reference']);
    expect(byFile([...one, ...two])).toEqual(full);
    // The same through the worker pool, where the other shard's files get only the cross-file rules.
    const pooled = JSON.parse((await box.cli(['--format', 'json', '--concurrency', '2', '--shard', '1/2', '.'])).stdout) as LintResult[];
    expect(pooled).toEqual(one);
  });

  it('refuses a bad value, stdin, ports and --write-baseline', async () => {
    expect((await box.cli(['--shard', '3/2', '.'])).stderr).toContain('--shard expects i/n with 1 <= i <= n (e.g. 2/4), got "3/2"');
    for (const args of [
      ['--shard', '1/2', '-'],
      ['ports', '--shard', '1/2', '.'],
      ['--shard', '1/2', '--write-baseline', 'b.json', '.'],
    ]) {
      expect((await box.cli(args)).code, args.join(' ')).toBe(2);
    }
  });

  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  it.skipIf(!corpusPresent && !ci)(
    'on the shared corpus, the union of 3 shards is one unsharded run',
    async () => {
      expect(corpusPresent, `the shared corpus is missing at ${CORPUS} (CI must have it)`).toBe(true);
      const run = async (extra: string[]): Promise<LintResult[]> => {
        const out = await box.cli(['--format', 'json', '--no-config', ...extra, CORPUS]);
        expect(out.code, out.stderr).toBeLessThan(2);
        return JSON.parse(out.stdout) as LintResult[];
      };
      const full = await run([]);
      const shards = [await run(['--shard', '1/3']), await run(['--shard', '2/3']), await run(['--shard', '3/3'])];
      for (const s of shards) expect(s.length).toBeGreaterThan(full.length / 5);
      expect(byFile(shards.flat())).toEqual(full);
    },
    180_000,
  );
});

describe('--changed-since', () => {
  function git(...args: string[]): void {
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: box.root, stdio: 'ignore' });
  }

  it('reports only files changed since the ref, still linting the rest as context', async () => {
    box.write({ 'old/compose.yaml': FTP, 'deploy.yaml': DEPLOY });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    box.write({ 'new/pod.yaml': HOST_PORT, 'svc.yaml': SVC });
    git('add', '.');
    git('commit', '-q', '-m', 'change');
    const run = await box.cli(['--format', 'json', '--changed-since', 'main', '.']);
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(results.map((r) => relative(box.root, r.filePath))).toEqual(['new/pod.yaml', 'svc.yaml']);
    // The Service's "http" resolves through the unchanged Deployment: only "metrics" is reported.
    expect(results[1]!.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['13 unresolved-port-reference']);
    expect(run.code).toBe(1);
  });

  it('fails with git’s reason when it cannot tell', async () => {
    const run = await box.cli(['--changed-since', 'no-such-ref', '.']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^portlint: --changed-since no-such-ref: git diff no-such-ref\.\.\.HEAD failed/);
  });

  it('uses the Action’s git diff, and combines with a shard', () => {
    const seen: string[][] = [];
    const files = changedSince('origin/main', '/repo', fail, (args) => {
      seen.push([...args]);
      return 'a.yaml\0b/c.yaml\0';
    });
    expect(seen[0]).toContain('origin/main...HEAD');
    expect([...files]).toEqual(['a.yaml', 'b/c.yaml']);
    const filter = reportFilter({ index: shardOf('a.yaml', 2), count: 2 }, files)!;
    expect([filter('a.yaml'), filter('elsewhere.yaml')]).toEqual([true, false]);
    expect(reportFilter(undefined, undefined)).toBeUndefined();
  });
});
