import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { closeWriters, renderEdition, type RenderResult, type RenderTask } from './render-edition.ts';

export interface Renderer {
  render(task: RenderTask): Promise<RenderResult>;
  /** How many tasks may usefully be in flight at once. */
  readonly capacity: number;
  close(): Promise<void>;
}

const WORKER_OLD_MB = 256;
const WORKER_YOUNG_MB = 16;

export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * One thread renders in-process (no start-up cost: right for a handful of
 * editions); more use a pool of worker threads, each keeping its own writers.
 */
export function createRenderer(jobs: number): Renderer {
  if (jobs <= 1) {
    return { render: renderEdition, capacity: 1, close: closeWriters };
  }
  const pool = new Piscina({
    // worker.ts beside the sources in the repository, worker.js in the compiled package.
    filename: new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href,
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 60_000,
    // A second edition already waiting in each worker's port: a worker that finishes one starts
    // the next at once, instead of idling for the round trip through the busy main thread.
    concurrentTasksPerWorker: 2,
    // Left alone, each worker's heap grows far past what one edition needs before V8
    // collects it (600+ MB for a run with all three formats); these limits keep a run
    // of 1,000 schools in all three formats near 440 MB (measured: a 32 MB young generation
    // took 30 MB more and was no faster). An edition too big for them fails with its own
    // error and the others are built.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  return {
    render: (task) => pool.run(task) as Promise<RenderResult>,
    capacity: jobs * 3,
    close: () => pool.destroy(),
  };
}
