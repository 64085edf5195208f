import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Heading, Image, ImageReference, Link, LinkReference, List, ListItem, Parents, Root, Table } from 'mdast';
import { defaultHandlers, type Handler, type State } from 'mdast-util-to-hast';
import { editionRows } from '../shared/edition-rows.ts';
import type { Asset, ChangeLabel, ChangeSummary, ContentsBlock, DeletedText, InsertedText, EditionBlock, EditionMeta, Figure, HistoryBlock, SignatureBlock } from '../../document/types.ts';
import { tableOfContents } from '../../document/toc.ts';
import { dataUri } from '../shared/figures.ts';
import { CHANGES_COLUMNS, CHANGES_TABLE, CHANGES_TITLE, changeFacts, changeRows, NO_CHANGES } from '../shared/change-summary.ts';
import { CONTENTS_TITLE, HISTORY_COLUMNS, HISTORY_TITLE, historyRows } from '../shared/history.ts';
import { isLinkable } from '../../document/urls.ts';

/**
 * mdast → hast for our numbered structure and generated blocks. A link, a link
 * reference or an image whose address is not allowed (../../document/urls.ts) is
 * never a link or a fetch: it is its text (an image, its alternative text).
 */
export function handlers(meta: EditionMeta, assets: Record<string, Asset> = {}, tree?: Root): Record<string, Handler> {
  const definition = (state: State, node: LinkReference | ImageReference) => state.definitionById.get(String(node.identifier).toUpperCase());
  const altText = (alt: string | null | undefined): ElementContent[] => (alt ? [{ type: 'text', value: alt }] : []);
  return {
    link(state: State, node: Link) {
      return isLinkable(node.url) ? defaultHandlers.link(state, node) : state.all(node);
    },
    linkReference(state: State, node: LinkReference) {
      const found = definition(state, node);
      return !found || isLinkable(found.url) ? defaultHandlers.linkReference(state, node) : state.all(node);
    },
    image(state: State, node: Image) {
      return isLinkable(node.url) ? defaultHandlers.image(state, node) : altText(node.alt);
    },
    imageReference(state: State, node: ImageReference) {
      const found = definition(state, node);
      return !found || isLinkable(found.url) ? defaultHandlers.imageReference(state, node) : altText(node.alt);
    },
    heading(state: State, node: Heading) {
      const level = Math.min(node.depth + 1, 6);
      const children = state.all(node);
      const marker = node.data?.marker;
      const element = h(`h${level}`, { id: node.data?.anchor }, marker ? [h('span.marker', marker), ' ', ...children] : children);
      state.patch(node, element);
      return element;
    },
    list(state: State, node: List) {
      const element = defaultHandlers.list(state, node) as Element;
      if (node.data?.kind) {
        element.properties = { className: ['numbered', node.data.kind] };
        delete element.properties.start;
      }
      return element;
    },
    listItem(state: State, node: ListItem, parent: Parents | undefined) {
      const element = defaultHandlers.listItem(state, node, parent) as Element;
      const marker = node.data?.marker;
      if (!marker) return element;
      element.properties = { ...element.properties, id: node.data?.anchor };
      const span = h('a.marker', { href: `#${node.data?.anchor}` }, marker);
      const first = element.children.find((c): c is Element => c.type === 'element' && c.tagName === 'p');
      if (first) first.children.unshift(span, { type: 'text', value: ' ' });
      else element.children.unshift(span, { type: 'text', value: ' ' });
      return element;
    },
    // A body table: its caption above it, named for assistive technology; each data cell carries its
    // column's header as data-label, so on a narrow screen the rows stack with every cell labelled.
    table(state: State, node: Table) {
      const element = defaultHandlers.table(state, node) as Element;
      labelCells(element);
      const caption = node.data?.caption;
      if (caption) element.children.unshift(h('caption', caption));
      const name = node.data?.name ?? caption ?? 'Table';
      return h('div.table-wrap', { role: 'region', 'aria-label': name, tabIndex: 0 }, [element]);
    },
    // A figure: its image embedded as a data: URI (the page stays one file and fetches nothing), alt text, caption under it.
    figure(_state: State, node: Figure) {
      const asset = assets[node.file];
      if (!asset) return h('p.figure-missing', node.alt);
      return h('figure.figure', [
        h('img', { src: dataUri(asset), alt: node.alt, width: Math.round(asset.width), height: Math.round(asset.height) }),
        ...(node.caption ? [h('figcaption', node.caption)] : []),
      ]);
    },
    contentsBlock(_state: State, _node: ContentsBlock) {
      const entries = tree ? tableOfContents(tree) : [];
      return h('nav.contents', { 'aria-labelledby': 'contents-heading' }, [
        h('h2#contents-heading', CONTENTS_TITLE),
        // The number beside the link, not in it: the link is the section's title, underlined from its first letter.
        h('ol', entries.map((entry) => h('li', [...(entry.marker ? [h('span.marker', entry.marker), ' '] : []), h('a', { href: `#${entry.anchor}` }, entry.text)]))),
      ]);
    },
    historyBlock(_state: State, node: HistoryBlock) {
      return h('div.table-wrap.history', { role: 'region', 'aria-label': HISTORY_TITLE, tabIndex: 0 }, [
        h('table', [
          h('caption', HISTORY_TITLE),
          h('thead', [h('tr', HISTORY_COLUMNS.map((c) => h('th', { scope: 'col' }, c)))]),
          h('tbody', historyRows(node.entries).map((row) => h('tr', row.map((v, i) => h('td', { dataLabel: HISTORY_COLUMNS[i] }, v))))),
        ]),
      ]);
    },
    // A change summary's marks: underlined or struck through, and said in words to a screen reader, never colour alone.
    insertedText(_state: State, node: InsertedText) {
      return h('ins', [h('span.visually-hidden', '[inserted: '), node.value, h('span.visually-hidden', ']')]);
    },
    deletedText(_state: State, node: DeletedText) {
      return h('del', [h('span.visually-hidden', '[deleted: '), node.value, h('span.visually-hidden', ']')]);
    },
    changeLabel(_state: State, node: ChangeLabel) {
      return [h('strong.change-label', { id: node.anchor }, `[${node.label}]`), { type: 'text', value: ' ' }];
    },
    changeSummary(_state: State, node: ChangeSummary) {
      return changeSummary(node);
    },
    editionBlock(_state: State, _node: EditionBlock) {
      return editionBlock(meta);
    },
    signatureBlock(_state: State, node: SignatureBlock) {
      return h('section.signatures', { 'aria-labelledby': 'signatures-heading' }, [
        h('h2.visually-hidden#signatures-heading', 'Signatures'),
        ...node.signatories.map((s) =>
          h('div.signatory', [
            h('p.role', s.role),
            line('Signature'),
            line('Print name', s.name),
            line('Date'),
          ]),
        ),
      ]);
    },
  } as Record<string, Handler>;
}

/** The text of a hast node, as a header cell's label. */
function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** Each data cell of a table labelled with its column's header (data-label), for the stacked narrow-screen layout. */
export function labelCells(table: Element): void {
  const rows = (parent: Element, tag: string) =>
    parent.children.filter((c): c is Element => c.type === 'element' && c.tagName === tag).flatMap((g) => g.children.filter((r): r is Element => r.type === 'element' && r.tagName === 'tr'));
  const cells = (row: Element) => row.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'));
  const header = rows(table, 'thead')[0];
  if (!header) return;
  const labels = cells(header).map((c) => textOf(c).replace(/\s+/g, ' ').trim());
  for (const row of rows(table, 'tbody')) {
    cells(row).forEach((cell, i) => {
      if (cell.tagName === 'td' && labels[i]) cell.properties = { ...cell.properties, dataLabel: labels[i] };
    });
  }
}

function line(label: string, value?: string): Element {
  return h('p.line', [h('span.label', label), ' ', h('span.rule', value ? [value] : [])]);
}

export function editionBlock(meta: EditionMeta): Element {
  return h('dl.edition', editionRows(meta).flatMap(([k, v]) => [h('dt', k), h('dd', v)] as ElementContent[]));
}

/** The opening of a change summary: versions and dates, counts, and the table of changed clauses linking to each. */
function changeSummary(node: ChangeSummary): Element {
  const rows = changeRows(node);
  return h('section.change-summary', { 'aria-labelledby': 'changes-heading' }, [
    h('h2#changes-heading', CHANGES_TITLE),
    h('dl.edition', changeFacts(node).flatMap(([k, v]) => [h('dt', k), h('dd', v)] as ElementContent[])),
    ...(rows.length === 0
      ? [h('p', NO_CHANGES)]
      : [h('div.table-wrap', { role: 'region', 'aria-label': CHANGES_TABLE, tabIndex: 0 }, [
        h('table', [
          h('caption', CHANGES_TABLE),
          h('thead', [h('tr', CHANGES_COLUMNS.map((c) => h('th', { scope: 'col' }, c)))]),
          h('tbody', rows.map(({ cells, anchor }) => h('tr', cells.map((v, i) => h('td', { dataLabel: CHANGES_COLUMNS[i] }, i === 3 ? [h('a', { href: `#${anchor}` }, v)] : v))))),
        ]),
      ])]),
  ]);
}
