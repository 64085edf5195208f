import type { Root } from 'mdast';
import { unified } from 'unified';
import type { Edition } from '../../document/types.ts';
import { documentDate } from '../document-date.ts';
import type { Writer, WriterOptions } from '../writers.ts';
import { Bookmarks } from './bookmarks.ts';
import { coreProperties } from './core-properties.ts';
import { partText, readZip, writeZip } from './deterministic-zip.ts';
import { policyPlugin, type DocumentState } from './nodes.ts';
import { addPageFurniture } from './page-furniture.ts';
import { prepareTree } from './prepare-tree.ts';
import { remarkDocxPlugin } from './remark-docx-api.ts';
import { stableHyperlinkIds } from './stable-ids.ts';
import { storeWhenPacking } from './stored-packer.ts';
import { documentStyles, MARGIN, markDefaults, PAGE } from './styles.ts';

/**
 * One Word document per edition. remark-docx renders the body from the edition's
 * tree (with our builders for numbered clauses, the edition and signature blocks,
 * cross-references and tables); the package it returns is then finished here:
 * running header and footer, core properties, stable ids, and a zip whose bytes
 * depend on the input alone.
 */
export function createDocxWriter(_options: WriterOptions): Writer {
  // Made once per writer: the processor, its options and styles. Per edition only the state below.
  storeWhenPacking();
  const states = new WeakMap<Root, DocumentState>();
  const processor = unified()
    .use(remarkDocxPlugin, {
      size: PAGE,
      margin: MARGIN,
      styles: documentStyles(),
      thematicBreak: 'line',
      plugins: [policyPlugin(states)],
    })
    .freeze();

  return {
    format: 'docx',
    async write(edition: Edition): Promise<Uint8Array> {
      const { root, keepWithNext } = prepareTree(edition.tree);
      states.set(root, { meta: edition.meta, keepWithNext, bookmarks: new Bookmarks() });
      const packed = await processor.stringify(root);
      const parts = readZip(new Uint8Array(packed));
      stableHyperlinkIds(parts);
      parts.set('word/styles.xml', markDefaults(partText(parts, 'word/styles.xml')));
      addPageFurniture(parts, edition.meta);
      parts.set('docProps/core.xml', coreProperties(edition.meta, documentDate(edition.meta)));
      return writeZip(parts);
    },
  };
}
