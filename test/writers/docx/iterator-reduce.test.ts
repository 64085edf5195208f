import { describe, expect, it } from 'vitest';
import { iteratorReduce } from '../../../src/writers/docx/iterator-reduce.ts';

/** The Iterator.prototype.reduce policyc adds on a Node.js without it (20), checked against the language's own. */
type Reduce = (this: Iterator<unknown>, reducer: (accumulator: any, value: any, counter: number) => unknown, ...initial: unknown[]) => unknown;

describe('iteratorReduce, for remark-docx on Node.js 20', () => {
  const native = (Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as { reduce: Reduce }).reduce;

  it('is installed only where the language lacks the helper (Node.js before 22)', () => {
    expect(typeof native).toBe('function');
    expect(native === iteratorReduce).toBe(Number(process.versions.node.split('.')[0]) < 22);
  });

  it('folds as the language does: with and without an initial value, counting from where it starts', () => {
    const map = new Map([['a', 1], ['b', 2], ['c', 3]]);
    for (const reduce of [iteratorReduce as Reduce, native]) {
      // remark-docx's own call: footnote entries into a config object.
      expect(reduce.call(map.entries(), (acc: Record<string, { children: number }>, [k, v]: [string, number]) => ((acc[k] = { children: v }), acc), {})).toEqual({ a: { children: 1 }, b: { children: 2 }, c: { children: 3 } });
      const calls: [number, number, number][] = [];
      expect(reduce.call(map.values(), (acc: number, v: number, i: number) => (calls.push([acc, v, i]), acc + v))).toBe(6);
      expect(calls).toEqual([[1, 2, 1], [3, 3, 2]]);
      expect(reduce.call(new Map().values(), () => 0, 'empty')).toBe('empty');
      expect(() => reduce.call(new Map().values(), () => 0)).toThrow(TypeError);
    }
  });

  it('closes the iterator when the reducer throws', () => {
    let closed = false;
    const iterator = { next: () => ({ done: false, value: 1 }), return: () => ((closed = true), { done: true, value: undefined }) };
    expect(() => iteratorReduce.call(iterator as Iterator<number>, () => { throw new Error('stop'); }, 0)).toThrow('stop');
    expect(closed).toBe(true);
  });
});
