/**
 * The scope index behind `nearest` and `reachable` (src/references.ts): on lists long enough to be
 * indexed it must give exactly what reading every candidate gives (`scanNearest`), in the same
 * order, for paths written any way (`./`, `..`, `\`), namespaces and kustomize builds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KustomizeBuilds,
  filedUnder,
  labelKeys,
  nearest,
  objectNamespace,
  reachable,
  scanNearest,
  selects,
  KeysOf,
} from '../src/references.js';
import type { ObjectRef } from '../src/model.js';

interface Candidate {
  id: number;
  file: string;
  namespace?: string | undefined;
}

const folder = fc.constantFrom('a', 'b', 'c', 'base', 'overlays', 'prod', '.', '..');
const file = fc
  .tuple(fc.array(folder, { maxLength: 5 }), fc.constantFrom('x.yaml', 'y.yaml', 'z.yml'), fc.constantFrom('/', '\\'))
  .map(([folders, name, sep]) => [...folders, name].join(sep));
const namespace = fc.option(fc.constantFrom('shop', 'ops'), { nil: undefined });
const kustomization = fc.record({
  file: fc.array(folder, { maxLength: 3 }).map((f) => [...f, 'kustomization.yaml'].join('/')),
  references: fc.array(
    fc.oneof(
      file,
      fc.array(folder, { minLength: 1, maxLength: 3 }).map((f) => f.join('/')),
    ),
    { maxLength: 4 },
  ),
});
const world = fc.record({
  candidates: fc.array(fc.record({ file, namespace }), { minLength: 17, maxLength: 60 }),
  froms: fc.array(fc.record({ file, namespace }), { minLength: 1, maxLength: 10 }),
  kustomizations: fc.array(kustomization, { maxLength: 4 }),
  odd: fc.nat(3),
});

describe('nearest and reachable over the scope index', () => {
  it('match reading every candidate, in order', () => {
    fc.assert(
      fc.property(world, ({ candidates, froms, kustomizations, odd }) => {
        const list: Candidate[] = candidates.map((c, id) => ({ id, ...c }));
        const builds = new KustomizeBuilds(kustomizations);
        const where = (c: Candidate): boolean => c.id % 4 !== odd;
        for (const from of froms) {
          expect(nearest(from, list, builds)).toEqual(scanNearest(from, list, builds));
          expect(nearest(from, list, builds, undefined, where)).toEqual(scanNearest(from, list, builds, undefined, where));
          // Reach is every candidate a one-element list would keep, and it goes both ways.
          const within = list.filter((c) => scanNearest(from, [c], builds).length > 0);
          expect(reachable(from, list, builds)).toEqual(within);
          for (const c of list) expect(scanNearest(c, [from], builds).length > 0).toBe(within.includes(c));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads namespaces through the accessor it is given', () => {
    const ref = (file: string, namespace?: string): { file: string; object: ObjectRef } => ({
      file,
      object: { file, document: 0, kind: 'Gateway', ...(namespace === undefined ? {} : { namespace }) },
    });
    const far = [
      ...Array.from({ length: 20 }, (_, i) => ref(`x/y/z${i}/g.yaml`, 'shop')),
      ref('a/c/g.yaml', 'shop'),
      ref('a/d/g.yaml', 'ops'),
    ];
    expect(nearest({ file: 'a/b/x.yaml', namespace: 'shop' }, far, undefined, objectNamespace)).toEqual([ref('a/c/g.yaml', 'shop')]);
    // Without the accessor a Gateway has no namespace of its own: only folders and builds reach it.
    expect(nearest({ file: 'a/b/x.yaml', namespace: 'shop' }, far)).toEqual([]);
  });

  it('indexes a list again when it has grown', () => {
    const list: Candidate[] = Array.from({ length: 20 }, (_, id) => ({ id, file: `far${id}/x.yaml` }));
    const from = { file: 'app/x.yaml' };
    expect(nearest(from, list)).toEqual([]);
    list.push({ id: 20, file: 'app/y.yaml' });
    expect(nearest(from, list)).toEqual([{ id: 20, file: 'app/y.yaml' }]);
  });
});

describe('filedUnder', () => {
  interface Labelled extends Candidate {
    labels: Record<string, string>;
  }
  const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('web', 'db', 'x=y'), { maxKeys: 3 });
  const byLabels = new KeysOf<Labelled>((c) => labelKeys(c.labels));

  it('gives nearest what the whole list gives, for a where that needs every key', () => {
    fc.assert(
      fc.property(
        world,
        fc.array(labels, { minLength: 60, maxLength: 60 }),
        fc.array(labels, { minLength: 1, maxLength: 5 }),
        ({ candidates, froms, kustomizations }, candidateLabels, selectors) => {
          const list: Labelled[] = candidates.map((c, id) => ({ id, ...c, labels: candidateLabels[id]! }));
          const builds = new KustomizeBuilds(kustomizations);
          for (const selector of selectors) {
            const where = (c: Labelled): boolean => selects(selector, c.labels);
            const filed = filedUnder(list, byLabels, labelKeys(selector));
            // Never more than the candidates with the rarest of the keys.
            for (const key of labelKeys(selector))
              expect(filed.length).toBeLessThanOrEqual(list.filter((c) => labelKeys(c.labels).includes(key)).length);
            for (const from of froms)
              expect(nearest(from, filed, builds, undefined, where)).toEqual(scanNearest(from, list, builds, undefined, where));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('files a list again when it has grown', () => {
    const list: Labelled[] = Array.from({ length: 20 }, (_, id) => ({ id, file: 'a/x.yaml', labels: { app: 'web' } }));
    expect(filedUnder(list, byLabels, ['app=db'])).toEqual([]);
    list.push({ id: 20, file: 'a/x.yaml', labels: { app: 'db' } });
    expect(filedUnder(list, byLabels, ['app=db'])).toEqual([list[20]]);
  });
});
