import { setImmediate } from 'node:timers/promises';

/**
 * Runs `work` items, `lanes` at a time, in order. Stops handing out items once
 * `signal` aborts (those in flight finish) and says whether it did. When an item
 * fails, no lane takes another; the first failure is thrown once those in flight
 * have settled, so nothing is still writing when the caller hears of it.
 */
export async function runLanes<T>(work: readonly T[], lanes: number, run: (item: T) => Promise<void>, signal?: AbortSignal): Promise<{ interrupted: boolean }> {
  let next = 0;
  let interrupted = false;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < work.length && !failure) {
      if (signal?.aborted) {
        interrupted = true;
        return;
      }
      const item = work[next++]!;
      await setImmediate(); // let signals (Ctrl-C) and I/O in between editions
      if (failure) return;
      try {
        await run(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.error;
  return { interrupted };
}
