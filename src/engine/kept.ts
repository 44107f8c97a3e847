/**
 * The models the project phase keeps until the end of a run. Project-scope rules read every file's
 * model at once, so on a large run these copies are most of the heap: at 100,000 files, some 4 KB
 * a file as `structuredClone` (or a worker's message) made them. A kept model is the parse result
 * as plain data (objects shared within it still shared), with only what project-scope rules read
 * (no problems, comments or objects: those are used by the per-file phase), and
 * - one string per distinct value: a file's path is written in each of its declarations, owners
 *   and facts, and words such as `tcp` or `compose` in most files; a clone makes each occurrence a
 *   string of its own. Each kept string is a flat copy, never a slice that holds the file's text;
 * - one frozen object per distinct place (`Loc`) and per distinct set of a declaration's spans:
 *   short files repeat the same lines and columns, and places were the most common kept object;
 * - one frozen empty array for every empty list (most facts lists of most files are empty), one
 *   frozen empty object for every empty map (labels, annotations), and one frozen empty `Facts`
 *   for a file without any;
 * - nothing at all for a file that declares no port and has no facts: no rule can read it.
 *
 * The copies are made only once a run is large enough for its heap to matter (`compact()`, which
 * the heap budget calls before its first collection): until then a model is the parse result as
 * it came, without its problems, comments and objects. Copying cost the corpus (4,140 files) some
 * 5% of its CPU, for 7-10 MB less at its peak; at 100,000 files the models as they came would
 * hold a few hundred MB more.
 * No I/O.
 */
import type { Facts, Loc, ParseResult } from '../model.js';

const EMPTY: readonly never[] = Object.freeze([]);

const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

const NO_FACTS: Facts = Object.freeze({
  workloads: EMPTY,
  services: EMPTY,
  composeServices: EMPTY,
  stages: EMPTY,
  gateways: EMPTY,
  routes: EMPTY,
  networkPolicies: EMPTY,
  kustomizations: EMPTY,
}) as unknown as Facts;

/** Whether a parse result has nothing a project-scope rule could read: no declaration, no fact, no included file. */
export function hasNoModel(parsed: ParseResult): boolean {
  return parsed.declarations.length === 0 && (parsed.included ?? []).length === 0 && factsEmpty(parsed.facts);
}

function factsEmpty(facts: Facts): boolean {
  return Object.values(facts).every((list: readonly unknown[]) => list.length === 0);
}

/**
 * Whether `v`, found under `key`, is a port value (`value`, `target`: it has a `kind`) or a source:
 * read-only data that means what it holds, and no rule tells two equal ones apart. Flat ones only
 * (an unresolved value lists its variables: kept as it is).
 */
function isValue(key: string, v: object): boolean {
  const kind = key === 'source' ? 'format' : key === 'value' || key === 'target' ? 'kind' : undefined;
  return kind !== undefined && kind in v && Object.values(v).every(isScalar);
}

/** Whether `v` is a `Loc` and nothing more: four numbers, read-only data no rule tells from an equal one. */
function isLoc(v: object): v is Loc {
  const keys = Object.keys(v);
  return (
    keys.length === 4 &&
    typeof (v as Loc).line === 'number' &&
    typeof (v as Loc).column === 'number' &&
    typeof (v as Loc).endLine === 'number' &&
    typeof (v as Loc).endColumn === 'number'
  );
}

/** A value that JSON writes as itself (so a flat object's JSON tells it from every other). */
function isScalar(x: unknown): boolean {
  return typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)) || x === undefined;
}

function locKey(loc: Loc): string {
  return `${loc.line},${loc.column},${loc.endLine},${loc.endColumn}`;
}

/** The kept models of a run, in the order they were added; once compacted, sharing one string per distinct value. */
export class KeptModels {
  readonly models: ParseResult[] = [];
  /** Whether the models are compact copies (all of them since `compact()`, and every one added after). */
  private compacted = false;
  private readonly strings = new Map<string, string>();
  /** Port values and sources by their JSON: a few hundred distinct ones in a run of any size. */
  private readonly values = new Map<string, object>();
  /**
   * Places by their numbers: most files are short, so the same few thousand line and column
   * pairs recur across a run, and a kept `Loc` (56 bytes) was the most common object of the heap.
   */
  private readonly locs = new Map<string, Loc>();
  /** Declarations' spans by their places: most are one `Loc` (the value's), the declaration's own. */
  private readonly spanSets = new Map<string, object>();

  /** Keep the model of `parsed`, a compact copy once compacted (nothing when it has none). */
  add(parsed: ParseResult): void {
    if (hasNoModel(parsed)) return;
    const model: ParseResult = {
      ...parsed,
      problems: [],
      comments: [],
      objects: [],
      included: (parsed.included ?? []).map((inc) => ({ file: inc.file, comments: [], problems: [] })),
    };
    this.models.push(this.compacted ? this.compactCopy(model) : model);
  }

  /** Replace every model kept so far by its compact copy, and copy every one added from now on. */
  compact(): void {
    if (this.compacted) return;
    this.compacted = true;
    this.models.forEach((model, i) => (this.models[i] = this.compactCopy(model)));
  }

  private compactCopy(model: ParseResult): ParseResult {
    const copy = this.copy(model);
    if (factsEmpty(copy.facts)) copy.facts = NO_FACTS;
    return copy;
  }

  /** A deep copy of plain data: strings from the pool, shared objects (an owner and its facts) shared in the copy too. */
  private copy<T>(value: T): T {
    const copies = new Map<object, unknown>();
    const copyOf = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string') return this.string(v);
      if (typeof v !== 'object' || v === null) return v;
      const known = copies.get(v);
      if (known !== undefined) return known;
      if (key !== undefined && isValue(key, v)) return this.value(v);
      if (Array.isArray(v)) {
        if (v.length === 0) return EMPTY;
        // Of its exact length: an array grown by `push` has room for 16 more.
        const out: unknown[] = new Array<unknown>(v.length);
        copies.set(v, out);
        v.forEach((item, i) => (out[i] = copyOf(item)));
        return out;
      }
      // The model is plain objects and arrays; anything else (none today) is cloned as it is.
      if (Object.getPrototypeOf(v) !== Object.prototype) {
        const out: unknown = structuredClone(v);
        copies.set(v, out);
        return out;
      }
      if (isLoc(v)) return this.loc(v);
      if (key === 'spans' && Object.values(v).every((x: unknown) => typeof x === 'object' && x !== null && isLoc(x))) return this.spans(v);
      const keys = Object.keys(v);
      if (keys.length === 0) return EMPTY_OBJECT;
      const out: Record<string, unknown> = {};
      copies.set(v, out);
      for (const k of keys) out[k] = copyOf((v as Record<string, unknown>)[k], k);
      return out;
    };
    return copyOf(value) as T;
  }

  /** The pool's value equal to `v` (a flat object of scalars), with the same keys in the same order. */
  private value(v: object): object {
    const entries = Object.entries(v);
    const key = JSON.stringify(entries);
    let kept = this.values.get(key);
    if (kept === undefined) {
      kept = Object.freeze(Object.fromEntries(entries.map(([k, x]) => [k, typeof x === 'string' ? this.string(x) : x])));
      this.values.set(key, kept);
    }
    return kept;
  }

  /** The pool's spans (a declaration's places, all `Loc`s) equal to `spans`, with the same keys in the same order. */
  private spans(spans: object): object {
    const entries = Object.entries(spans as Record<string, Loc>);
    const key = entries.map(([k, loc]) => `${k}:${locKey(loc)}`).join(';');
    let kept = this.spanSets.get(key);
    if (kept === undefined) {
      kept = Object.freeze(Object.fromEntries(entries.map(([k, loc]) => [k, this.loc(loc)])));
      this.spanSets.set(key, kept);
    }
    return kept;
  }

  /** The pool's `Loc` equal to `loc`. */
  private loc(loc: Loc): Loc {
    const key = locKey(loc);
    let kept = this.locs.get(key);
    if (kept === undefined) {
      kept = Object.freeze({ line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn });
      this.locs.set(key, kept);
    }
    return kept;
  }

  /** The pool's string equal to `s`; a new one is a flat copy, as `s` may be a slice of a whole file's text. */
  private string(s: string): string {
    let kept = this.strings.get(s);
    if (kept === undefined) {
      kept = structuredClone(s);
      this.strings.set(kept, kept);
    }
    return kept;
  }
}
