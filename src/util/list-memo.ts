/**
 * A value derived from a list, kept per list object. The rules of a run are handed the same arrays
 * (a run's declarations, its files; every file of a config its rule list) and only read them, so
 * what is derived from them is built once, not once per rule or file. A list whose length has
 * changed since (one still being filled) is derived again.
 */
export class ListMemo<L extends readonly unknown[], V> {
  private readonly known = new WeakMap<L, { count: number; also: unknown; value: V }>();

  /** `derive()` for `list`, or what it gave before for this list at this length (and the same `also`, if given). */
  get(list: L, derive: () => V, also?: unknown): V {
    const known = this.known.get(list);
    if (known && known.count === list.length && known.also === also) return known.value;
    const value = derive();
    this.known.set(list, { count: list.length, also, value });
    return value;
  }
}
