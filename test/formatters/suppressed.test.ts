/**
 * A suppressed finding (in a result's `suppressedMessages`) appears in no format but SARIF, and in
 * SARIF only with `sarifIncludeSuppressed` (`--sarif-include-suppressed`), marked suppressed.
 */
import { describe, expect, it } from 'vitest';
import { lintText, rulesMeta } from '../../src/api.js';
import { FORMAT_NAMES, loadFormatter, type FormatterContext } from '../../src/formatters/index.js';

const cwd = '/work/project';
// One finding of insecure-protocol, silenced; the other port still gives findings of other rules.
const compose =
  "services:\n  ftp:\n    image: ftp\n    ports:\n      # portlint-disable-next-line insecure-protocol -- FTPS only\n      - '21:21'\n      - '2222:22'\n";

describe('suppressed findings in the formats', () => {
  const results = lintText(compose, { filePath: 'compose.yaml', useConfigFiles: false, cwd });
  const suppressed = results[0]!.suppressedMessages ?? [];
  const context: FormatterContext = { rulesMeta: rulesMeta(), cwd, source: () => compose };

  it('the fixture has a suppressed finding and reported ones', () => {
    expect(suppressed.map((m) => m.ruleId)).toEqual(['insecure-protocol']);
    expect(results[0]!.messages.length).toBeGreaterThan(0);
    expect(results[0]!.messages.map((m) => m.ruleId)).not.toContain('insecure-protocol');
  });

  it('appears in none of the formats that read messages only', async () => {
    const others = FORMAT_NAMES.filter((f) => f !== 'sarif' && f !== 'json');
    expect(others).toEqual(expect.arrayContaining(['pretty', 'compact', 'junit', 'checkstyle', 'gitlab', 'rdjson', 'github']));
    for (const name of others) {
      const out = (await loadFormatter(name))(results, context);
      expect(out.length, name).toBeGreaterThan(0);
      expect(out, name).not.toContain(suppressed[0]!.message);
      expect(out, name).not.toContain('insecure-protocol');
    }
  });

  it('is in SARIF only with sarifIncludeSuppressed, as an inSource suppression with its reason', async () => {
    const sarif = await loadFormatter('sarif');
    const ruleIds = (log: { runs: { results: { ruleId: string }[] }[] }): string[] => log.runs[0]!.results.map((r) => r.ruleId);
    const plain = JSON.parse(sarif(results, context));
    expect(ruleIds(plain)).not.toContain('insecure-protocol');
    const included = JSON.parse(sarif(results, { ...context, sarifIncludeSuppressed: true }));
    const hit = included.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'insecure-protocol');
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatchObject({
      message: { text: suppressed[0]!.message },
      suppressions: [{ kind: 'inSource', justification: 'FTPS only' }],
    });
    // The reported findings are the same results, fingerprints included, and carry no suppressions.
    const unsuppressed = included.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions === undefined);
    expect(unsuppressed).toEqual(plain.runs[0].results);
  });
});
