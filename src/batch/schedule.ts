import { setImmediate } from 'node:timers/promises';

/**
 * Runs `work` items, `lanes` at a time, in order. Stops handing out items once
 * `signal` aborts (those in flight finish) and says whether it did.
 */
export async function runLanes<T>(work: readonly T[], lanes: number, run: (item: T) => Promise<void>, signal?: AbortSignal): Promise<{ interrupted: boolean }> {
  let next = 0;
  let interrupted = false;
  const lane = async () => {
    while (next < work.length) {
      if (signal?.aborted) {
        interrupted = true;
        return;
      }
      const item = work[next++]!;
      await setImmediate(); // let signals (Ctrl-C) and I/O in between editions
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return { interrupted };
}
