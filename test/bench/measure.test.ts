import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measureRounds, ratioInRounds, ratiosInRounds, type Sample } from '../../bench/lib/measure.mjs';

const sample = (wallMs: number, cpuMs?: number): Sample => ({ wallMs, cpuMs, rssMb: undefined });

describe('bench rounds', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs every command once a round, the order turning by one each round', () => {
    dir = mkdtempSync(join(tmpdir(), 'portlint-bench-test-'));
    const log = join(dir, 'order');
    const command = (key: string) => ({
      key,
      label: key,
      nodeArgs: ['-e', `require('fs').appendFileSync(${JSON.stringify(log)}, '${key}')`],
    });
    const measured = measureRounds([command('a'), command('b'), command('c')], { runs: 3 });
    // The warm-up round in the given order, then each command first once.
    expect(readFileSync(log, 'utf8')).toBe('abc' + 'abc' + 'bca' + 'cab');
    for (const key of ['a', 'b', 'c']) {
      expect(measured[key]?.runs).toBe(3);
      expect(measured[key]?.samples).toHaveLength(3);
      expect(measured[key]?.wallMs).toBeGreaterThan(0);
    }
  });

  it('fails on an exit code the command does not accept', () => {
    expect(() => measureRounds([{ key: 'x', label: 'exits 3', nodeArgs: ['-e', 'process.exit(3)'] }], { runs: 1, warmup: false })).toThrow(
      /exits 3: exit code 3/,
    );
  });

  it('takes the median of the ratios within rounds', () => {
    // The floor's slow second round meets portlint's: 2, 2 and 3 within rounds. Block medians
    // would set portlint's 400 (third round) against the floor's 150 (first): 2.67.
    const portlint = { samples: [sample(300, 30), sample(1000, 100), sample(400, 40)] };
    const floor = { samples: [sample(150, 15), sample(500, 50), sample(133.3, 13.33)] };
    expect(ratiosInRounds(portlint, floor, 'wallMs')).toEqual([2, 2, 400 / 133.3]);
    expect(ratioInRounds(portlint, floor, 'wallMs')).toBe(2);
    expect(ratioInRounds(portlint, floor, 'cpuMs')).toBe(2);
    expect(ratioInRounds({ samples: [sample(1, 10)] }, { samples: [sample(1)] }, 'cpuMs')).toBeUndefined();
  });
});
