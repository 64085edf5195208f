// A worker thread of the build pool: renders and writes editions with writers it keeps for its lifetime.
import * as nodeModule from 'node:module';
import type { RenderTask } from './render-edition.ts';

// Each thread is its own Node.js instance: without this, every worker of every run would
// strip the types from and compile the writers' sources again (Node's own cache, as in bin/;
// read from the namespace, since Node.js 20 has none).
nodeModule.enableCompileCache?.();
const { renderEdition } = await import('./render-edition.ts');

export default function render(task: RenderTask) {
  return renderEdition(task);
}
