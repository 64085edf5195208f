import { UsageError } from '../diagnostics/diagnostic.ts';
import type { Shard } from '../output/manifest.ts';

/** `--shard 2/4` → { k: 2, n: 4 }. */
export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n || n > 10_000) throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N, e.g. --shard 2/4 (got \`${text}\`)`);
  return { k, n };
}

/**
 * The editions (school × policy pairs, sorted) that belong to shard K of N: every
 * N-th, starting at the K-th. Deterministic for the same schools and policies.
 */
export function inShard<T>(items: T[], shard: Shard | undefined): T[] {
  if (!shard || shard.n === 1) return items;
  return items.filter((_, i) => i % shard.n === shard.k - 1);
}
