import { basename, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** The folders of a project the preview watches: policies/ (and its figures), schools/ (defaults and trusts) and templates/. */
export const WATCHED = ['policies', 'schools', 'templates'] as const;

/** How long the watcher waits after the last change before it reports: one save is one rebuild. */
export const SETTLE_MS = 40;

export interface SourceWatcher {
  /** Resolves once the watcher is watching. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches the project's sources with chokidar (the system's file events, no polling) and
 * reports the files changed, added or removed, relative to the project with `/`, once
 * they have settled. Editors' backup and lock files (`.#x`, `x~`, `.x.swp`) are not sources.
 */
export function watchSources(root: string, onChange: (files: string[]) => void): SourceWatcher {
  // The project folder itself, entering only the watched folders: one made later (templates/) is watched too.
  const watched = new Set<string>(WATCHED);
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path: string) => {
      const rel = relative(root, path);
      if (rel === '') return false;
      if (!watched.has(rel.split(sep)[0]!)) return true;
      const name = basename(path);
      return name.startsWith('.') || name.endsWith('~') || name.endsWith('.swp');
    },
  });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const changed = (path: string) => {
    pending.add(relative(root, path).split(sep).join('/'));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending].sort();
      pending = new Set();
      onChange(files);
    }, SETTLE_MS);
  };
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, changed);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
