// A worker thread of the build pool: renders and writes editions with writers it keeps for its lifetime.
import { renderEdition, type RenderTask } from './render-edition.ts';

export default function render(task: RenderTask) {
  return renderEdition(task);
}
