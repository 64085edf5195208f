import { describe, it } from 'vitest';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { expectShapesAsRenderedAlone } from '../shared/shape-fixture.ts';

/**
 * The DOCX writer renders each shape's tokenized tree once and fills each school's
 * values in (src/writers/shared/per-shape.ts). The result must be the very document a
 * render of the school's own tree gives, byte for byte.
 */
describe('DOCX editions rendered per shape', () => {
  it('are byte for byte the documents rendered one by one', () => expectShapesAsRenderedAlone(createDocxWriter()), 120_000);
});
