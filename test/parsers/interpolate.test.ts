import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate, referenceEnd, references } from '../../src/parsers/interpolate.js';

const vars = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
  ['PORT', '8080'],
]);

function value(text: string): string {
  return interpolate(text, vars).value;
}

describe('interpolate', () => {
  it('replaces $VAR and ${VAR}', () => {
    expect(interpolate('$PORT:80', vars)).toEqual({ value: '8080:80', unresolved: [], errors: [], malformed: [] });
    expect(value('${PORT}:80')).toBe('8080:80');
    expect(value('a${SET}b')).toBe('avalueb');
    // $VAR takes the longest name: $PORTS is another variable.
    expect(interpolate('$PORTS', vars).unresolved).toEqual(['PORTS']);
  });

  it('records unset variables without a default as unresolved and substitutes an empty string', () => {
    const out = interpolate('${NOPE}:80 $ALSO_NOPE ${NOPE}', vars);
    expect(out.value).toBe(':80  ');
    expect(out.unresolved).toEqual(['NOPE', 'ALSO_NOPE']);
    expect(out.errors).toEqual([]);
  });

  it(':- uses the default when unset or empty, - only when unset', () => {
    expect(value('${NOPE:-1}')).toBe('1');
    expect(value('${EMPTY:-1}')).toBe('1');
    expect(value('${SET:-1}')).toBe('value');
    expect(value('${NOPE-1}')).toBe('1');
    expect(value('${EMPTY-1}')).toBe('');
    expect(interpolate('${NOPE:-}', vars)).toEqual({ value: '', unresolved: [], errors: [], malformed: [] });
  });

  it(':+ uses the alternative when set and non-empty, + when set', () => {
    expect(value('${SET:+alt}')).toBe('alt');
    expect(value('${EMPTY:+alt}')).toBe('');
    expect(value('${NOPE:+alt}')).toBe('');
    expect(value('${EMPTY+alt}')).toBe('alt');
    expect(value('${NOPE+alt}')).toBe('');
    expect(interpolate('${NOPE:+alt}', vars).unresolved).toEqual([]);
  });

  it(':? and ? report an error (and an unresolved name) when the variable is missing', () => {
    const out = interpolate('${NOPE:?set NOPE first}', vars);
    expect(out.value).toBe('');
    expect(out.errors).toEqual(['required variable NOPE is missing a value: set NOPE first']);
    expect(out.malformed).toEqual([]);
    expect(out.unresolved).toEqual(['NOPE']);
    expect(interpolate('${EMPTY:?x}', vars).errors).toHaveLength(1);
    expect(interpolate('${EMPTY?x}', vars)).toEqual({ value: '', unresolved: [], errors: [], malformed: [] });
    expect(interpolate('${SET:?x}', vars).value).toBe('value');
    expect(interpolate('${NOPE?}', vars).errors).toEqual(['required variable NOPE is missing a value']);
  });

  it('$$ is a literal dollar', () => {
    expect(interpolate('$$PORT and $${PORT}', vars)).toEqual({
      value: '$PORT and ${PORT}',
      unresolved: [],
      errors: [],
      malformed: [],
    });
  });

  it('nests defaults and evaluates them lazily', () => {
    expect(value('${A:-${B:-1}}')).toBe('1');
    expect(value('${A:-${PORT:-1}}')).toBe('8080');
    expect(value('${NOPE:-x${PORT}y}:80')).toBe('x8080y:80');
    // The default is not used, so its variables are not reported.
    expect(interpolate('${PORT:-${UNUSED}}', vars).unresolved).toEqual([]);
    expect(interpolate('${NOPE:-${INNER}}', vars).unresolved).toEqual(['INNER']);
    expect(value('${A:-${B:-${C:-${D:-deep}}}}')).toBe('deep');
  });

  it('reports malformed references and keeps them as written', () => {
    const bad = interpolate('echo $1', vars);
    expect(bad.value).toBe('echo $1');
    expect(bad.malformed).toHaveLength(1);
    expect(bad.errors).toEqual(bad.malformed);
    expect(interpolate('${', vars)).toMatchObject({ value: '${', malformed: [expect.stringContaining('unterminated')] });
    expect(interpolate('${PORT', vars).value).toBe('${PORT');
    expect(interpolate('${}', vars).malformed).toHaveLength(1);
    expect(interpolate('${PORT!x}', vars)).toMatchObject({ value: '${PORT!x}', malformed: [expect.any(String)] });
    expect(interpolate('trailing $', vars).malformed).toHaveLength(1);
  });

  it('bounds nesting depth', () => {
    const deep = `${'${A:-'.repeat(40)}x${'}'.repeat(40)}`;
    const out = interpolate(deep, vars);
    expect(out.malformed).toEqual(['invalid interpolation format: nested too deeply']);
  });

  it('never throws and leaves text without $ unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '?', '+', 'A', '_', '1', ' ') }), (s) => {
        const out = interpolate(s, vars);
        expect(typeof out.value).toBe('string');
      }),
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => {
          expect(interpolate(s, vars)).toEqual({ value: s, unresolved: [], errors: [], malformed: [] });
        },
      ),
    );
  });
});

describe('the ${…} scanner', () => {
  it('finds the end of a reference, nested ones counted and $$ skipped', () => {
    const text = '${PORT:-${DEFAULT:-80}}:80';
    expect(referenceEnd(text, 0)).toBe(text.indexOf(':80', 5) - 1);
    expect(referenceEnd('${A:-$$}}', 0)).toBe(7);
    expect(referenceEnd('${OPEN', 0)).toBe(5);
    expect(referenceEnd('8080', 0)).toBe(0);
  });

  it('lists the variables a text is written in terms of, used or not, without duplicates', () => {
    expect(references('${FTP_PORT:-21}:21')).toEqual(['FTP_PORT']);
    expect(references('$HOST:${A:-${B}}-$A')).toEqual(['HOST', 'A', 'B']);
    expect(references('$$NOT_A_VAR ${1} 80')).toEqual([]);
  });
});
