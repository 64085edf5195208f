import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/diagnostics/diagnostic.ts';
import { inShard, parseShard } from '../../src/batch/shard.ts';

describe('parseShard', () => {
  it('reads K/N', () => {
    expect(parseShard('2/4')).toEqual({ k: 2, n: 4 });
    expect(parseShard('1/1')).toEqual({ k: 1, n: 1 });
    expect(parseShard('4/4')).toEqual({ k: 4, n: 4 });
    expect(parseShard(' 3/7 ')).toEqual({ k: 3, n: 7 });
    expect(parseShard('10000/10000')).toEqual({ k: 10000, n: 10000 });
  });

  it('is undefined when no --shard is given', () => {
    expect(parseShard(undefined)).toBeUndefined();
  });

  it('refuses anything else as a usage error that quotes what was given', () => {
    for (const bad of ['', '2', '0/4', '5/4', '1/0', '0/0', '-1/4', '1.5/4', '2/4/8', 'a/b', '2 / 4', '1/10001', '1/4x']) {
      expect(() => parseShard(bad)).toThrow(UsageError);
      expect(() => parseShard(bad)).toThrow(`--shard must be K/N with 1 ≤ K ≤ N, e.g. --shard 2/4 (got \`${bad}\`)`);
    }
  });
});

describe('inShard', () => {
  it('takes every N-th item starting at the K-th', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(inShard(items, { k: 1, n: 3 })).toEqual(['a', 'd', 'g']);
    expect(inShard(items, { k: 2, n: 3 })).toEqual(['b', 'e']);
    expect(inShard(items, { k: 3, n: 3 })).toEqual(['c', 'f']);
  });

  it('keeps everything without a shard or with 1/1', () => {
    const items = [3, 1, 2];
    expect(inShard(items, undefined)).toEqual([3, 1, 2]);
    expect(inShard(items, { k: 1, n: 1 })).toEqual([3, 1, 2]);
  });

  it('leaves a shard empty when there are fewer items than shards', () => {
    expect(inShard(['a', 'b'], { k: 3, n: 4 })).toEqual([]);
  });

  it('the N shards are disjoint, cover every item, and each keeps the items\' order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 12 }), (count, n) => {
        const items = Array.from({ length: count }, (_, i) => i); // distinct, so positions are the items
        const shards = Array.from({ length: n }, (_, i) => inShard(items, { k: i + 1, n }));
        const all = shards.flat();
        expect(all).toHaveLength(count);
        expect(new Set(all).size).toBe(count);
        expect([...all].sort((a, b) => a - b)).toEqual(items);
        for (const shard of shards) expect(shard).toEqual([...shard].sort((a, b) => a - b));
        // sizes differ by at most one, and earlier shards are never smaller
        for (let i = 1; i < n; i++) expect(shards[i - 1]!.length - shards[i]!.length).toBeGreaterThanOrEqual(0);
        expect(shards[0]!.length - shards[n - 1]!.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same items give the same shard', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 8 }), fc.nat(), (items, n, k) => {
        const shard = { k: (k % n) + 1, n };
        expect(inShard(items, shard)).toEqual(inShard([...items], shard));
      }),
      { numRuns: 100 },
    );
  });
});
