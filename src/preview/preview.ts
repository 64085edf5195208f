import { PreviewEditions, type RebuildReport } from './editions.ts';
import { startServer, type PreviewServer } from './server.ts';
import { watchSources } from './watch.ts';

export interface PreviewOptions {
  port: number;
  policies?: string[];
  schools?: string[];
  /** Called after the first build and after each rebuild. */
  onRebuild?: (report: RebuildReport) => void;
  /** Called when a rebuild fails outright (an internal error; the preview goes on). */
  onError?: (error: Error) => void;
}

export interface Preview {
  url: string;
  port: number;
  editions: PreviewEditions;
  /** The first build's report. */
  first: RebuildReport;
  close(): Promise<void>;
}

/**
 * `policyc preview`: makes every edition in memory, serves them on 127.0.0.1, and on each
 * save makes again the editions the saved files affect and tells open pages to reload.
 * Rebuilds run one at a time; files saved during one are handled together in the next.
 */
export async function startPreview(root: string, options: PreviewOptions): Promise<Preview> {
  const editions = new PreviewEditions(root, { policies: options.policies, schools: options.schools });
  // The port first: a port in use is reported before any work, and pages wait for the first build.
  let loaded!: (value: unknown) => void;
  const server: PreviewServer = await startServer(editions, options.port, new Promise((resolve) => (loaded = resolve)));
  let first: RebuildReport;
  try {
    first = await editions.load();
  } catch (e) {
    await server.close();
    throw e;
  }
  loaded(undefined);
  options.onRebuild?.(first);
  let queued = new Set<string>();
  let running: Promise<void> | undefined;
  const drain = async () => {
    while (queued.size) {
      const files = [...queued].sort();
      queued = new Set();
      try {
        const report = await editions.rebuild(files);
        server.announce(report);
        options.onRebuild?.(report);
      } catch (e) {
        options.onError?.(e as Error);
      }
    }
    running = undefined;
  };
  const watcher = watchSources(root, (files) => {
    for (const f of files) queued.add(f);
    running ??= drain();
  });
  await watcher.ready;
  return {
    url: server.url,
    port: server.port,
    editions,
    first,
    close: async () => {
      await watcher.close();
      await running;
      await server.close();
      await editions.close();
    },
  };
}
