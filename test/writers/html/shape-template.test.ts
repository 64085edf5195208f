import { describe, it } from 'vitest';
import { createHtmlWriter } from '../../../src/writers/html/write-html.ts';
import { expectShapesAsRenderedAlone } from '../shared/shape-fixture.ts';

/**
 * The HTML writer renders each shape's tokenized tree once and fills each school's
 * values in (src/writers/shared/per-shape.ts). The result must be the very document a
 * render of the school's own tree gives, byte for byte.
 */
describe('HTML editions rendered per shape', () => {
  it('are byte for byte the documents rendered one by one', () => expectShapesAsRenderedAlone(createHtmlWriter()), 120_000);
});
