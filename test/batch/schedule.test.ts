import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runLanes } from '../../src/batch/schedule.ts';

/** A `run` that records what started, in what order, and how many ran at once. */
function recorder(delay: (item: number) => number = () => 1) {
  const started: number[] = [];
  const finished: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const run = async (item: number) => {
    started.push(item);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await sleep(delay(item));
    inFlight -= 1;
    finished.push(item);
  };
  return { run, started, finished, peak: () => peak };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('runLanes', () => {
  it('runs every item exactly once, handing them out in order', async () => {
    const r = recorder((i) => (i % 3) * 2);
    const result = await runLanes(range(20), 3, r.run);
    expect(result).toEqual({ interrupted: false });
    expect(r.started).toEqual(range(20));
    expect([...r.finished].sort((a, b) => a - b)).toEqual(range(20));
  });

  it('keeps at most `lanes` items in flight, and uses them all', async () => {
    for (const lanes of [1, 2, 4]) {
      const r = recorder(() => 3);
      await runLanes(range(12), lanes, r.run);
      expect(r.peak()).toBe(lanes);
    }
  });

  it('does not finish before the last item has', async () => {
    const r = recorder((i) => (i === 0 ? 30 : 1));
    await runLanes(range(5), 2, r.run);
    expect(r.finished).toHaveLength(5);
    expect(r.finished.at(-1)).toBe(0);
  });

  it('copes with more lanes than items, and with no items', async () => {
    const r = recorder();
    expect(await runLanes(range(2), 8, r.run)).toEqual({ interrupted: false });
    expect(r.started).toEqual([0, 1]);
    expect(r.peak()).toBe(2);
    expect(await runLanes([], 3, r.run)).toEqual({ interrupted: false });
  });

  it('stops handing out items once the signal aborts, lets those in flight finish, and says it was interrupted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const finished: number[] = [];
    const run = async (item: number) => {
      started.push(item);
      if (item === 3) controller.abort();
      await sleep(5);
      finished.push(item);
    };
    const result = await runLanes(range(50), 2, run, controller.signal);
    expect(result).toEqual({ interrupted: true });
    // items 0–3 were handed out before the abort; at most one more was already on its way to a lane
    expect(started.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(started.length).toBeLessThanOrEqual(5);
    expect(finished.sort((a, b) => a - b)).toEqual(started.sort((a, b) => a - b));
  });

  it('runs nothing when the signal has already aborted', async () => {
    const r = recorder();
    expect(await runLanes(range(5), 2, r.run, AbortSignal.abort())).toEqual({ interrupted: true });
    expect(r.started).toEqual([]);
  });

  it('is not interrupted when the signal aborts after the last item was handed out', async () => {
    const controller = new AbortController();
    const r = recorder();
    const result = await runLanes(range(3), 3, async (item) => {
      if (item === 2) controller.abort();
      await r.run(item);
    }, controller.signal);
    expect(result).toEqual({ interrupted: false });
    expect(r.finished).toHaveLength(3);
  });

  it('rejects with the error of an item that fails', async () => {
    await expect(runLanes(range(3), 2, async (item) => {
      if (item === 1) throw new Error('item 1 broke');
    })).rejects.toThrow('item 1 broke');
  });
});

describe('runLanes when an item fails', () => {
  it('hands out no more items and throws the first failure once those in flight have settled', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = async (item: number) => {
      started.push(item);
      await sleep(item === 1 ? 1 : 20);
      settled.push(item);
      if (item === 1) throw new Error('disk full');
    };
    await expect(runLanes(range(50), 3, run)).rejects.toThrow('disk full');
    // Items 0 and 2 were in flight with 1; at most one more started in the tick it failed.
    expect(started.length).toBeLessThanOrEqual(4);
    expect([...settled].sort((a, b) => a - b)).toEqual([...started].sort((a, b) => a - b));
  });
});
