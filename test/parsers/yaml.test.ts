import { describe, expect, it } from 'vitest';
import { duplicateKeyProblems, entries, get, getPair, keyString, parseYaml, str } from '../../src/parsers/yaml.js';

/** The first document of `text`, with the file it came from. */
function first(text: string) {
  const y = parseYaml(text);
  const doc = y.docs[0];
  expect(doc).toBeDefined();
  return { y, doc: doc! };
}

/** [line, column, message] of each duplicate-key problem. */
function duplicates(text: string): [number, number, string][] {
  const { y, doc } = first(text);
  return duplicateKeyProblems(doc, y, 'kubectl rejects the object').map((p) => [p.line, p.column, p.message]);
}

describe('duplicateKeyProblems', () => {
  it('reports a repeated key at the second, naming the line of the first', () => {
    expect(duplicates('a: 1\nb: 2\na: 3\n')).toEqual([
      [3, 1, 'Duplicate key "a" (first on line 1): kubectl rejects the object. Remove one of them.'],
    ]);
  });

  it('reports every repeat against the first, in document order, in maps nested in maps and lists', () => {
    const text = ['x: 1', 'list:', '  - p: 1', '    p: 2', 'x: 2', 'flow: {q: 1, q: 2}', 'x: 3', ''].join('\n');
    expect(duplicates(text).map(([line, col, m]) => [line, col, m.split(':')[0]])).toEqual([
      [5, 1, 'Duplicate key "x" (first on line 1)'],
      [7, 1, 'Duplicate key "x" (first on line 1)'],
      [4, 5, 'Duplicate key "p" (first on line 3)'],
      [6, 14, 'Duplicate key "q" (first on line 6)'],
    ]);
  });

  it('compares keys as text (1 and "1" are one key), and lets `<<` merge keys repeat', () => {
    expect(duplicates('1: a\n"1": b\nb: &b {c: 1}\n<<: *b\n<<: *b\n')).toEqual([
      [2, 1, 'Duplicate key "1" (first on line 1): kubectl rejects the object. Remove one of them.'],
    ]);
  });

  it('finds repeats in large mappings as in small ones', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`);
    const text = [...keys, 'k3: again', '7: seven', '"7": again', 'k39: last', ''].join('\n');
    expect(duplicates(text).map(([line, , m]) => [line, m.split(':')[0]])).toEqual([
      [41, 'Duplicate key "k3" (first on line 4)'],
      [43, 'Duplicate key "7" (first on line 42)'],
      [44, 'Duplicate key "k39" (first on line 40)'],
    ]);
  });
});

describe('get, getPair and entries with merge keys', () => {
  const text = [
    'base: &base',
    '  a: from-base',
    '  b: from-base',
    'other: &other',
    '  b: from-other',
    '  c: from-other',
    'svc:',
    '  <<: [*base, *other]',
    '  a: own',
    '  d: own',
    '',
  ].join('\n');

  it('finds own keys before merged ones, and earlier merges before later ones', () => {
    const { doc } = first(text);
    const svc = get(doc.contents, 'svc', doc);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => str(get(svc, k, doc)))).toEqual(['own', 'from-base', 'from-other', 'own', undefined]);
    expect(getPair(svc, 'b', doc)?.key.range?.[0]).toBe(text.indexOf('b: from-base'));
    expect(entries(svc, doc).map((p) => keyString(p.key))).toEqual(['a', 'd', 'b', 'c']);
  });

  it('does not read a merge key as data', () => {
    const { doc } = first(text);
    expect(get(get(doc.contents, 'svc', doc), '<<', doc)).toBeUndefined();
    expect(get(doc.contents, 'nothing', doc)).toBeUndefined();
    expect(get(get(doc.contents, 'base', doc), 'a', doc)).toBeDefined();
  });
});

describe('quoted values under-indented as the libyaml family reads them', () => {
  /** The value at `path` in the first document, with the errors and what parseYaml noted. */
  function read(text: string, ...path: (string | number)[]) {
    const y = parseYaml(text);
    const doc = y.docs[0]!;
    return {
      errors: y.docs.flatMap((d) => d.errors.map((e) => e.message.split('\n')[0])),
      value: doc.getIn(path),
      reindented: y.reindented,
      y,
    };
  }

  it("reads a ConfigMap's JSON whose closing line sits under its key, as kubectl does, and warns once", () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      "  connector.json: '{",
      '    "name":"clicks",',
      '    "config": { "tasks.max": "1" }',
      "  }'",
      '  other: 1',
      '',
    ].join('\n');
    const got = read(text, 'data', 'connector.json');
    expect(got.errors).toEqual([]);
    // The value indented as YAML wants it.
    const proper = read(text.replace("\n  }'", "\n   }'"), 'data', 'connector.json');
    expect(proper.reindented).toEqual([]);
    expect(got.value).toBe(proper.value);
    expect(got.value).toBe('{ "name":"clicks", "config": { "tasks.max": "1" } }');
    expect(read(text, 'data', 'other').value).toBe(1);
    expect(got.reindented).toEqual([{ line: 4, column: 19, endLine: 7, endColumn: 20 }]);
    // On a line it indents, a position is still the file's column.
    const directive = read(text.replace("\n  }'", "\n  }' # portlint-disable-line"), 'data', 'connector.json');
    expect(directive.y.comments.map((c) => [c.line, c.column])).toEqual([[7, 6]]);
  });

  it('keeps every later position exact, and reads double quotes with their escapes', () => {
    const text = ['items:', '  - msg: "a \\" b', '  c"', '    port: 8080', 'next: x', ''].join('\n');
    const got = read(text, 'items', 0, 'msg');
    expect(got.errors).toEqual([]);
    expect(got.value).toBe('a " b c');
    const port = (got.y.docs[0]!.getIn(['items', 0], true) as { items: { value: { range: number[] } }[] }).items[1]!.value;
    expect(got.y.lineCounter.linePos(port.range[0]!)).toEqual({ line: 4, col: 11 });
    expect(read(text, 'next').value).toBe('x');
  });

  it('warns once for each such value, naming its first and last line', () => {
    const text = ["a: '{", '  "x": 1', "}'", "b: '[", '1,', '2', "]'", 'c: 3', ''].join('\n');
    const got = read(text, 'b');
    expect(got.errors).toEqual([]);
    expect([got.value, read(text, 'a').value, read(text, 'c').value]).toEqual(['[ 1, 2 ]', '{ "x": 1 }', 3]);
    expect(got.reindented.map((l) => [l.line, l.endLine])).toEqual([
      [1, 3],
      [4, 7],
    ]);
  });

  it('leaves a quote that never closes, or that a document marker cuts, an error', () => {
    expect(read("a: 'never\nb: 1\n").errors).toEqual(["Missing closing 'quote"]);
    expect(read("a: 'cut\n---\nb: 'x\n").errors[0]).toBe("Missing closing 'quote");
  });
});
