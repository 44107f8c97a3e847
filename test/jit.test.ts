/**
 * The V8 flags the CLI and the Action set (src/util/jit.ts) must be flags the running V8 has: an
 * unknown one makes V8 print an error on stderr before every run (as `--interrupt-budget` did
 * under Node 22 and 24).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { jitFlagsFor } from '../src/util/jit.js';

describe('jitFlagsFor', () => {
  it('raises the TurboFan budget only where V8 has --interrupt-budget (before V8 12)', () => {
    expect(jitFlagsFor('11.3.244.8-node.38')).toEqual(['--interrupt-budget=270336']);
    expect(jitFlagsFor('12.4.254.21-node.57')).toEqual([]);
    expect(jitFlagsFor('13.6.233.17-node.63')).toEqual([]);
  });

  it('gives this Node only flags its V8 lists', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 16 * 1024 ** 2 });
    for (const flag of jitFlagsFor(process.versions.v8)) expect(known).toContain(`\n  ${flag.replace(/=.*/, '')} (`);
  });
});
