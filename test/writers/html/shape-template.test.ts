import { describe, expect, it } from 'vitest';
import { createHtmlWriter } from '../../../src/writers/html/write-html.ts';
import { shapeSamples } from '../shape-fixture.ts';

/**
 * The HTML writer renders each shape's tokenized tree once and fills each school's
 * values in (src/writers/edition-template.ts). The result must be the very document a
 * render of the school's own tree gives, byte for byte.
 */
describe('HTML editions rendered per shape', () => {
  it('are byte for byte the documents rendered one by one', async () => {
    const writer = createHtmlWriter();
    for (const edition of shapeSamples()) {
      expect(edition.template).toBeDefined();
      const perShape = await writer.write(edition);
      const alone = await writer.write({ meta: edition.meta, tree: edition.tree });
      expect(Buffer.from(perShape).equals(Buffer.from(alone)), edition.meta.schoolName).toBe(true);
    }
  }, 120_000);
});
