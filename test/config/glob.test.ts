import { describe, expect, it } from 'vitest';
import { compileGlob, compileIgnoreList, ignoredBy } from '../../src/config/glob.js';

const matches = (pattern: string, path: string): boolean => compileGlob(pattern).test(path);

describe('compileGlob', () => {
  it('matches a pattern without a slash against names at any depth (files and directories)', () => {
    expect(matches('*.env', '.env')).toBe(true); // as in .gitignore: * may match nothing, dotfiles included
    expect(matches('.env*', '.env.production')).toBe(true);
    expect(matches('*.yaml', 'a/b/deploy.yaml')).toBe(true);
    expect(matches('vendor', 'x/vendor/deploy.yaml')).toBe(true);
    expect(matches('vendor', 'x/vendors/deploy.yaml')).toBe(false);
    expect(matches('Dockerfile', 'svc/Dockerfile')).toBe(true);
  });

  it('anchors a pattern with a slash to the base directory, and a leading slash too', () => {
    expect(matches('k8s/*.yaml', 'k8s/deploy.yaml')).toBe(true);
    expect(matches('k8s/*.yaml', 'apps/k8s/deploy.yaml')).toBe(false);
    expect(matches('k8s/*.yaml', 'k8s/prod/deploy.yaml')).toBe(false);
    expect(matches('/compose.yaml', 'compose.yaml')).toBe(true);
    expect(matches('/compose.yaml', 'sub/compose.yaml')).toBe(false);
    expect(matches('./k8s/**', 'k8s/a/b.yaml')).toBe(true);
  });

  it('matches everything inside a matching directory', () => {
    expect(matches('charts/legacy', 'charts/legacy/templates/deploy.yaml')).toBe(true);
    expect(matches('charts/**', 'charts/a/b/c.yaml')).toBe(true);
    expect(matches('build/', 'build/Dockerfile')).toBe(true);
    expect(matches('build/', 'build')).toBe(false);
  });

  it('supports **, ?, classes and braces, never letting * or ? cross a slash', () => {
    expect(matches('**/test/**', 'test/x.yaml')).toBe(true);
    expect(matches('**/test/**', 'a/b/test/c/x.yaml')).toBe(true);
    expect(matches('a/**/b.yaml', 'a/b.yaml')).toBe(true);
    expect(matches('a/**/b.yaml', 'a/x/y/b.yaml')).toBe(true);
    expect(matches('a/*.yaml', 'a/x/b.yaml')).toBe(false);
    expect(matches('env/?.env', 'env/a.env')).toBe(true);
    expect(matches('env/?.env', 'env/ab.env')).toBe(false);
    expect(matches('k8s/[a-c]*.yaml', 'k8s/b.yaml')).toBe(true);
    expect(matches('k8s/[!a-c]*.yaml', 'k8s/b.yaml')).toBe(false);
    expect(matches('*.{yaml,yml}', 'x/y.yml')).toBe(true);
    expect(matches('{k8s,deploy}/**/*.yaml', 'deploy/a/b.yaml')).toBe(true);
    expect(matches('{k8s,deploy}/**/*.yaml', 'other/a/b.yaml')).toBe(false);
  });

  it('treats regular expression characters literally', () => {
    expect(matches('a+b.(yaml)', 'a+b.(yaml)')).toBe(true);
    expect(matches('a+b.(yaml)', 'aab.(yaml)')).toBe(false);
    expect(matches('x.yaml', 'xxyaml')).toBe(false);
  });

  it('outside the base directory only name patterns match', () => {
    expect(matches('*.yaml', '../other/deploy.yaml')).toBe(true);
    expect(matches('other/*.yaml', '../other/deploy.yaml')).toBe(false);
  });
});

describe('ignore lists', () => {
  it('the last matching pattern wins; ! re-includes; blank lines and # comments are skipped', () => {
    const list = compileIgnoreList(['', '# generated', 'generated/', '!generated/keep.yaml']);
    expect(ignoredBy(list, 'generated/a.yaml')).toBe(true);
    expect(ignoredBy(list, 'generated/keep.yaml')).toBe(false);
    expect(ignoredBy(list, 'src/a.yaml')).toBe(false);
  });
});
