import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Heading, List, ListItem, Parents } from 'mdast';
import { defaultHandlers, type Handler, type State } from 'mdast-util-to-hast';
import { editionRows } from '../shared/edition-rows.ts';
import type { EditionBlock, EditionMeta, SignatureBlock } from '../../document/types.ts';

/** mdast → hast for our numbered structure and generated blocks. */
export function handlers(meta: EditionMeta): Record<string, Handler> {
  return {
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

function line(label: string, value?: string): Element {
  return h('p.line', [h('span.label', label), ' ', h('span.rule', value ? [value] : [])]);
}

export function editionBlock(meta: EditionMeta): Element {
  return h('dl.edition', editionRows(meta).flatMap(([k, v]) => [h('dt', k), h('dd', v)] as ElementContent[]));
}
