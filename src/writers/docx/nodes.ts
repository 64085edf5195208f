import { DeletedTextRun, HeadingLevel, InsertedTextRun, InternalHyperlink, Paragraph, Tab, TabStopType, TextRun, type ParagraphChild } from 'docx';
import type { Definition, Heading, List, ListItem, Paragraph as MdParagraph, Root, RootContent, Table as MdTable } from 'mdast';
import { visit } from 'unist-util-visit';
import { isLinkable } from '../../document/urls.ts';
import type { Asset, ContentsBlock, DeletedText, EditionMeta, Figure, HistoryBlock, InsertedText, Numbered } from '../../document/types.ts';
import { HISTORY_TITLE } from '../shared/history.ts';
import { contentsPlaceholder } from './contents.ts';
import { figureParagraphs } from './figures.ts';
import { editionBlock, masthead, signatureBlock } from './blocks.ts';
import { Bookmarks } from './bookmarks.ts';
import { MASTHEAD, SPACER } from './prepare-tree.ts';
import { runs, within, type Ctx } from './layout.ts';
import type { DocxContent, NodeBuilders, RemarkDocxPlugin } from './remark-docx-api.ts';
import { STYLE } from './styles.ts';
import { captionParagraph, gfmTable, historyTable, type TableLook } from './tables.ts';
import { hasNonXml, xmlSafe } from './xml-text.ts';

/** What the builders of one document share: its metadata, bookmarks, and paragraphs to keep with the next block. */
export interface DocumentState {
  meta: EditionMeta;
  keepWithNext: WeakSet<MdParagraph>;
  bookmarks: Bookmarks;
  /** When the tree is a shape's tokenized tree: each table's twin with the values in, to size its columns. */
  twins?: WeakMap<MdTable, MdTable>;
  /** The images the edition embeds, by file. */
  assets: Record<string, Asset>;
  /** The house style's colours (six hex digits). */
  look: TableLook;
  /** The logo asset, if the style has one the edition carries. */
  logo?: Asset;
  /** Each w:tbl made, in document order: its accessible name, or null (see tables.ts nameTables). */
  tableNames: (string | null)[];
  /** The next drawing id (wp:docPr id): unique in the document and the same on every run. */
  pictures: number;
  /** The next tracked change's id (w:ins, w:del) in a change summary's edition. */
  revisions?: number;
}

/** Who and when a change summary's tracked changes say made them: policyc, on the new version's approval date. */
const REVISION_AUTHOR = 'policyc';

/** Width of the marker column (the hanging indent) before a clause, roman or alpha item, a bullet, a section number. */
const MARKER_WIDTH = { clauses: 720, roman: 720, decimal: 851, alpha: 567, plain: 567, bullet: 360, heading: 720 } as const;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

/**
 * remark-docx plugin: builders for our nodes and for the ones whose default output we
 * change. Each document's state is looked up by the root remark-docx is given, so
 * one processor serves every edition.
 */
export function policyPlugin(states: WeakMap<Root, DocumentState>): RemarkDocxPlugin {
  return async ({ root }) => {
    const state = states.get(root);
    if (!state) throw new Error('docx writer: no edition for this tree');
    return builders(state, definitionsOf(root));
  };
}

/** The link definitions of a tree by identifier, the first of each (as CommonMark and the other writers have it). */
function definitionsOf(root: Root): Map<string, Definition> {
  const found = new Map<string, Definition>();
  visit(root, 'definition', (node: Definition) => {
    const id = node.identifier.toUpperCase();
    if (!found.has(id)) found.set(id, node);
  });
  return found;
}

function builders(state: DocumentState, definitions: Map<string, Definition>): NodeBuilders {
  const { meta, bookmarks, keepWithNext } = state;
  const tab = () => new TextRun({ children: [new Tab()] });
  const revision = () => ({ id: (state.revisions = (state.revisions ?? 0) + 1), author: REVISION_AUTHOR, date: `${meta.approved}T00:00:00Z` });
  /** A number's runs: in a change summary, a changed number is the old one deleted and the new one inserted. */
  const numberRuns = (marker: string, data: Numbered | undefined): ParagraphChild[] => {
    if (data?.was === undefined || data.was === marker) return [new TextRun(marker)];
    return [...(data.was ? [new DeletedTextRun({ text: data.was, ...revision() })] : []), new InsertedTextRun({ text: marker, ...revision() })];
  };

  /** A list item: its first paragraph carries the marker (or Word bullet); the rest is indented to the item's text. */
  function item(node: ListItem, ctx: Ctx, lead: ParagraphChild[], width: number, bullets: number, bulletLevel?: number): DocxContent[] {
    const indent = (ctx.indent ?? 0) + width;
    const inner = within(ctx, { indent, bullets, list: undefined });
    const [first, ...rest] = node.children;
    const opening = first?.type === 'paragraph' ? first : undefined;
    const head = new Paragraph({
      children: [...lead, ...(lead.length ? [tab()] : []), ...(opening ? runs(opening.children, inner) : [])],
      indent: { left: indent, hanging: width },
      ...(opening && keepWithNext.has(opening) ? { keepNext: true } : {}),
      ...(lead.length ? { tabStops: [{ type: TabStopType.LEFT, position: indent }] } : {}),
      ...(bulletLevel === undefined ? {} : { numbering: { reference: 'bullet', level: Math.min(bulletLevel, 5) } }),
    });
    return [head, ...inner.render((opening ? rest : node.children) as RootContent[], inner)];
  }

  const nodes: NodeBuilders = {
    paragraph(node, ctx) {
      const { indent } = ctx as Ctx;
      return new Paragraph({
        children: runs(node.children, ctx),
        ...(indent ? { indent: { left: indent } } : {}),
        ...(keepWithNext.has(node) ? { keepNext: true } : {}),
      });
    },

    heading(node: Heading, ctx) {
      const level = Math.min(Math.max(node.depth, 1), 6);
      const marker = node.data?.marker;
      const text = runs(node.children, ctx);
      const children = marker ? [...bookmarks.wrap(node.data?.anchor, numberRuns(marker, node.data)), tab(), ...text] : bookmarks.wrap(node.data?.anchor, text);
      const width = MARKER_WIDTH.heading;
      // Kept with the block after it and on one page, at every level, whatever the style says.
      return new Paragraph({
        heading: HEADINGS[level - 1],
        outlineLevel: level - 1,
        keepNext: true,
        keepLines: true,
        children,
        ...(marker ? { indent: { left: width, hanging: width }, tabStops: [{ type: TabStopType.LEFT, position: width }] } : {}),
      });
    },

    // Numbers are text, exactly as computed (1.1, IV., (a)); never Word numbering, which could count differently.
    list(node: List, ctx) {
      const c = ctx as Ctx;
      const bullets = c.bullets ?? 0;
      const out: DocxContent[] = [];
      node.children.forEach((li, i) => {
        if (node.ordered) {
          const marker = li.data?.marker ?? `${(node.start ?? 1) + i}.`;
          const lead = bookmarks.wrap(li.data?.anchor, numberRuns(marker, li.data));
          out.push(...item(li, c, lead, MARKER_WIDTH[node.data?.kind ?? 'plain'], bullets));
        } else if (typeof li.checked === 'boolean') {
          out.push(...item(li, c, [new TextRun(li.checked ? '☒' : '☐')], MARKER_WIDTH.plain, bullets + 1));
        } else {
          out.push(...item(li, c, [], MARKER_WIDTH.bullet, bullets + 1, bullets));
        }
      });
      return out.length ? out : null;
    },

    blockquote(node, ctx) {
      const c = ctx as Ctx;
      const out = c.render(node.children, within(c, { indent: (c.indent ?? 0) + 567 }));
      return out.length ? out : null;
    },

    code(node, ctx) {
      const { indent } = ctx as Ctx;
      return new Paragraph({
        style: STYLE.code,
        ...(indent ? { indent: { left: indent } } : {}),
        children: xmlSafe(node.value).split(/\r?\n/).map((line, i) => new TextRun({ text: line, ...(i ? { break: 1 } : {}) })),
      });
    },

    // Text is left to remark-docx once it is fit for a w:t: a line break inside a paragraph's source
    // is a space (as in HTML), and a character XML cannot carry is dropped.
    text: (node, ctx) => (/[\r\n]/.test(node.value) || hasNonXml(node.value)
      ? ctx.render([{ ...node, value: xmlSafe(node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' ')) }], ctx)
      : null),

    // Code in a monospace font; remark-docx would highlight it with w:highlightCs, which Word's schema lacks.
    inlineCode: (node, { style }) => new TextRun({
      text: xmlSafe(node.value), font: 'Courier New',
      ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italics: true } : {}), ...(style.strike ? { strike: true } : {}),
      ...(style.link ? { style: 'Hyperlink' } : {}),
    }),

    // Raw HTML reaches the writers as text (the pipeline turns it so); shown as it is, never interpreted.
    html: (node, ctx) => ctx.render([{ type: 'text', value: node.value }], ctx),

    // There is no image in a policy today; one would be shown as its alt text, never fetched.
    image: (node, ctx) => (node.alt ? ctx.render([{ type: 'text', value: node.alt }], ctx) : null),
    imageReference: (node, ctx) => (node.alt ? ctx.render([{ type: 'text', value: node.alt }], ctx) : null),

    // Cross-references jump to the clause's bookmark; other links are left to remark-docx (external hyperlinks).
    // A link without an address, or with one that is not allowed (../../document/urls.ts), is its text alone.
    link(node, ctx) {
      if (!isLinkable(node.url)) return runs(node.children, ctx);
      if (!node.url.startsWith('#')) return null;
      const inner = runs(node.children, within(ctx, { style: { ...ctx.style, link: true } }));
      if (node.url.length === 1) return inner;
      return new InternalHyperlink({ anchor: bookmarks.name(node.url.slice(1)), children: inner });
    },

    // A link by reference (`[text][name]` and `[name]: address`) is its definition's link, under the same rules.
    linkReference(node, ctx) {
      const definition = definitions.get(node.identifier.toUpperCase());
      if (!definition) return null; // remark-docx prints the text
      return nodes.link!({ type: 'link', url: definition.url, children: node.children }, ctx);
    },

    table(node, ctx) {
      const indent = (ctx as Ctx).indent ?? 0;
      const caption = node.data?.caption;
      state.tableNames.push(node.data?.name ?? caption ?? null);
      const table = gfmTable(node, ctx, state.twins?.get(node), state.look);
      return caption ? [captionParagraph(caption, indent), table] : table;
    },

    editionBlock: () => {
      state.tableNames.push(null);
      return editionBlock(meta);
    },
    // A paragraph after the table: Word wants one at the end of the body, and it keeps a following table apart.
    signatureBlock: (node) => {
      const table = signatureBlock(node.signatories);
      if (table) state.tableNames.push(null);
      return table ? [table, new Paragraph({ spacing: { before: 0, after: 0 }, children: [] })] : null;
    },
  };
  const more = nodes as Record<string, (node: never, ctx: Ctx) => DocxContent | DocxContent[] | null>;
  more.figure = (node: Figure, ctx: Ctx) => {
    const asset = state.assets[node.file];
    // An edition carries its figures (the document stage sees to it); without one, its alt text stands.
    if (!asset) return new Paragraph({ children: [new TextRun(xmlSafe(node.alt))] });
    return figureParagraphs(asset, node.alt, node.caption, state.pictures++, ctx.indent ?? 0);
  };
  more.contentsBlock = (_node: ContentsBlock) => contentsPlaceholder();
  // A change summary's marks are Word's own tracked changes; its labels and summary table are not in the Word edition (Accept All gives the new edition).
  more.insertedText = (node: InsertedText) => new InsertedTextRun({ text: xmlSafe(node.value), ...revision() });
  more.deletedText = (node: DeletedText) => new DeletedTextRun({ text: xmlSafe(node.value), ...revision() });
  more.changeLabel = () => [];
  more.changeSummary = () => [];
  more.historyBlock = (node: HistoryBlock) => {
    state.tableNames.push(HISTORY_TITLE);
    return [captionParagraph(HISTORY_TITLE), historyTable(node.entries, state.look), new Paragraph({ spacing: { before: 0, after: 0 }, children: [] })];
  };
  // Our own nodes, not mdast ones: the builders map is keyed by node type at run time.
  (nodes as Record<string, unknown>)[MASTHEAD] = () => masthead(meta, state.logo ? { asset: state.logo, id: state.pictures++ } : undefined);
  (nodes as Record<string, unknown>)[SPACER] = () => new Paragraph({ spacing: { before: 0, after: 0, line: 160, lineRule: 'exact' }, children: [] });
  return nodes;
}
