import type { Root, Table } from 'mdast';
import { unified } from 'unified';
import { isolate, isolateMeta } from '../../document/bidi.ts';
import type { Edition, EditionMeta, Numbered } from '../../document/types.ts';
import { visit } from 'unist-util-visit';
import { documentDate } from '../shared/document-date.ts';
import type { Writer } from '../shared/writer.ts';
import { PerShape } from '../shared/per-shape.ts';
import { Bookmarks } from './bookmarks.ts';
import { coreProperties } from './core-properties.ts';
import { partText, readZip, writeZip, type Parts } from './deterministic-zip.ts';
import { xmlText } from './xml-text.ts';
import { withEditionId } from '../../document/edition-id.ts';
import { fillTokens, hasToken } from '../../document/tokenized-edition.ts';
import { policyPlugin, type DocumentState } from './nodes.ts';
import { addPageFurniture } from './page-furniture.ts';
import { prepareTree } from './prepare-tree.ts';
import { remarkDocxPlugin } from './remark-docx-api.ts';
import { stableHyperlinkIds } from './stable-ids.ts';
import { storeWhenPacking } from './stored-packer.ts';
import { documentStyles, MARGIN, markDefaults, PAGE, withAccent, withWidowControl } from './styles.ts';
import { tableOfContents } from '../../document/toc.ts';
import type { Asset } from '../../document/types.ts';
import { accentHex, accentTint, houseStyle, logoOf } from '../shared/house-style.ts';
import { fillContents } from './contents.ts';
import { nameTables } from './tables.ts';

/**
 * One Word document per edition. remark-docx renders the body from the edition's
 * tree (with our builders for numbered clauses, the edition and signature blocks,
 * cross-references and tables); the package it returns is then finished here:
 * running header and footer, core properties, stable ids, and a zip whose bytes
 * depend on the input alone.
 */
export function createDocxWriter(): Writer {
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

  /**
   * The package for a tree: remark-docx's body, then the running header and footer;
   * all but the core properties, which are made per edition (they hold the date, which
   * SOURCE_DATE_EPOCH may set). Parts are strings; `encode` turns them to bytes.
   */
  async function render(tree: Root, edition: EditionMeta, assets: Record<string, Asset>, twins?: WeakMap<Table, Table>): Promise<Parts> {
    const meta = isolateMeta(edition);
    const { root, keepWithNext } = prepareTree(tree);
    const style = houseStyle(edition);
    const look = { accent: accentHex(style), tint: accentTint(style) };
    const logo = logoOf({ meta: edition, assets });
    const bookmarks = new Bookmarks(anchorsOf(tree));
    const state: DocumentState = { meta, keepWithNext, bookmarks, assets, look, tableNames: [], pictures: 1, ...(logo ? { logo } : {}), ...(twins ? { twins } : {}) };
    states.set(root, state);
    const packed = await processor.stringify(root);
    const parts = readZip(new Uint8Array(packed));
    stableHyperlinkIds(parts);
    parts.set('word/styles.xml', withAccent(withWidowControl(markDefaults(partText(parts, 'word/styles.xml'))), look.accent));
    let body = partText(parts, 'word/document.xml');
    body = fillContents(body, tableOfContents(tree), bookmarks);
    body = nameTables(body, state.tableNames);
    parts.set('word/document.xml', body);
    addPageFurniture(parts, meta);
    return parts;
  }

  const encoder = new TextEncoder();
  const encode = (parts: Parts) => {
    for (const [name, value] of parts) if (typeof value === 'string') parts.set(name, encoder.encode(value));
    return parts;
  };

  /**
   * A rendered shape (see ../shared/per-shape.ts): the parts that hold tokens, as text
   * to fill in, and the rest as bytes that are the same objects in every edition of
   * the shape, so the zip writer deflates them once.
   */
  const shapes = new PerShape({
    async render(tree, meta, twins, assets) {
      const parts = await render(tree, meta, assets, twins);
      const templated = new Map<string, string>();
      for (const name of parts.keys()) {
        if (!/\.(xml|rels)$/.test(name)) continue; // tokens are only ever in XML text; other parts stay bytes
        const text = partText(parts, name);
        if (hasToken(text)) templated.set(name, text);
      }
      return { fixed: encode(parts), templated };
    },
  });

  const fill = ({ shape, values }: { shape: { fixed: Parts; templated: Map<string, string> }; values: ReadonlyMap<string, string> }): Parts | undefined => {
    const parts: Parts = new Map(shape.fixed);
    for (const [name, text] of shape.templated) {
      const filled = fillTokens(text, values, escapeValue);
      if (filled === undefined) return undefined;
      parts.set(name, encoder.encode(filled));
    }
    return parts;
  };

  /** A value as the edition's own tree has it, isolated (../../document/bidi.ts), as XML text. */
  const escapeValue = (value: string) => xmlText(isolate(value));

  return {
    format: 'docx',
    async write(edition: Edition): Promise<Uint8Array> {
      const meta = withEditionId(edition);
      const parts = await shapes.write(edition, fill, async () => encode(await render(edition.tree, meta, edition.assets ?? {})));
      parts.set('docProps/core.xml', encoder.encode(coreProperties(isolateMeta(meta), documentDate(meta))));
      return writeZip(parts);
    },
  };
}

/** Every anchor of a tree (headings, clauses, items), in document order. */
function anchorsOf(tree: Root): string[] {
  const anchors: string[] = [];
  visit(tree, (node) => {
    const anchor = (node.data as Numbered | undefined)?.anchor;
    if (anchor) anchors.push(anchor);
  });
  return anchors;
}
