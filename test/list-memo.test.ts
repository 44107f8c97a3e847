import { describe, expect, it } from 'vitest';
import { ListMemo } from '../src/util/list-memo.js';

describe('ListMemo', () => {
  it('derives once per list, again when the list has grown or `also` differs', () => {
    const memo = new ListMemo<number[], number>();
    let calls = 0;
    const sum = (list: number[]) => () => {
      calls++;
      return list.reduce((a, b) => a + b, 0);
    };
    const list = [1, 2];
    expect(memo.get(list, sum(list))).toBe(3);
    expect(memo.get(list, sum(list))).toBe(3);
    expect(calls).toBe(1);
    expect(memo.get([1, 2], sum([1, 2]))).toBe(3);
    expect(calls).toBe(2);
    list.push(3);
    expect(memo.get(list, sum(list))).toBe(6);
    expect(calls).toBe(3);
    const facts = {};
    expect(memo.get(list, sum(list), facts)).toBe(6);
    expect(memo.get(list, sum(list), facts)).toBe(6);
    expect(memo.get(list, sum(list), {})).toBe(6);
    expect(calls).toBe(5);
  });
});
