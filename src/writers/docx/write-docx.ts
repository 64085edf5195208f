import type { Root, Table } from 'mdast';
import { unified } from 'unified';
import type { Edition, EditionMeta } from '../../document/types.ts';
import { documentDate } from '../document-date.ts';
import type { Writer, WriterOptions } from '../writers.ts';
import { Bookmarks } from './bookmarks.ts';
import { coreProperties } from './core-properties.ts';
import { partText, readZip, writeZip, type Parts } from './deterministic-zip.ts';
import { fillTokens, ShapeCache, templateInput } from '../edition-template.ts';
import { xmlText } from './xml-text.ts';
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

  /** The body parts of a Word document for a tree: everything but the running header and footer and the core properties. */
  async function body(tree: Root, meta: EditionMeta, twins?: WeakMap<Table, Table>): Promise<Parts> {
    const { root, keepWithNext } = prepareTree(tree);
    states.set(root, { meta, keepWithNext, bookmarks: new Bookmarks(), ...(twins ? { twins } : {}) });
    const packed = await processor.stringify(root);
    const parts = readZip(new Uint8Array(packed));
    stableHyperlinkIds(parts);
    parts.set('word/styles.xml', markDefaults(partText(parts, 'word/styles.xml')));
    // As bytes: a shape's parts are then the same objects in every edition, deflated once (writeZip).
    for (const [name, value] of parts) if (typeof value === 'string') parts.set(name, encoder.encode(value));
    return parts;
  }

  const encoder = new TextEncoder();
  // Rendered shapes (see ../edition-template.ts).
  const shapes = new ShapeCache((tree, meta, twins) => body(tree, meta, twins));
  async function fromShape(edition: Edition): Promise<Parts | undefined> {
    const input = templateInput(edition);
    if (!input) return undefined;
    const shape = shapes.get(input);
    if (!shape) return undefined;
    const parts = new Map(await shape);
    for (const [name, value] of parts) {
      if (typeof value !== 'string' && !hasToken(value)) continue;
      const filled = fillTokens(typeof value === 'string' ? value : new TextDecoder().decode(value), input.values, xmlText);
      if (filled === undefined) return undefined;
      parts.set(name, filled);
    }
    return parts;
  }

  return {
    format: 'docx',
    async write(edition: Edition): Promise<Uint8Array> {
      const parts = (await fromShape(edition)) ?? (await body(edition.tree, edition.meta));
      addPageFurniture(parts, edition.meta);
      parts.set('docProps/core.xml', coreProperties(edition.meta, documentDate(edition.meta)));
      return writeZip(parts);
    },
  };
}

/** Whether UTF-8 bytes hold a token (U+E000 is EE 80 80). */
function hasToken(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0xee); i >= 0 && i < bytes.length - 2; i = bytes.indexOf(0xee, i + 1)) {
    if (bytes[i + 1] === 0x80 && bytes[i + 2] === 0x80) return true;
  }
  return false;
}
