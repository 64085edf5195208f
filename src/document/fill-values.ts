import type { Parents, Root, RootContent } from 'mdast';
import { BLOCK_PATTERN, TOKEN_PATTERN, type Values } from '../templating/tokens.ts';
import type { Edition, EditionMeta, EditionTemplate } from './types.ts';

/**
 * Structure-only steps on a parsed tree that every school of the same shape
 * shares: generated blocks replace their tokens (and are added where a policy has
 * none), raw HTML becomes the text it is, and source positions (which point into
 * templated text, not the source) are dropped.
 */
export function prepareShared(tree: Root): void {
  prepare(tree);
  if (!tree.children.some((n) => n.type === 'editionBlock')) tree.children.unshift({ type: 'editionBlock' });
  if (!tree.children.some((n) => n.type === 'signatureBlock')) tree.children.push({ type: 'signatureBlock', signatories: [] });
}

function prepare(node: Parents): void {
  delete (node as { position?: unknown }).position;
  const children = node.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    delete (child as { position?: unknown }).position;
    if (child.type === 'paragraph' && child.children.length === 1 && child.children[0]!.type === 'text') {
      const block = BLOCK_PATTERN.exec(child.children[0]!.value.trim());
      if (block) {
        children[i] = block[1] === 'signature-block' ? { type: 'signatureBlock', signatories: [] } : { type: 'editionBlock' };
        continue;
      }
    }
    if (child.type === 'html') {
      // Raw HTML in a source is shown as the text it is; comments are notes for editors.
      if (/^<!--[\s\S]*-->$/.test(child.value.trim())) {
        children.splice(i, 1);
        i -= 1;
        continue;
      }
      children[i] = { type: 'text', value: child.value } as RootContent;
      continue;
    }
    if ('children' in child) prepare(child as Parents);
  }
}

/**
 * One edition, ready to send to a writer thread: its metadata and its shape's
 * tokenized tree with the school's values beside it. A writer that renders per shape
 * never needs the tree with the values in; the others get it on first use.
 */
export interface SerializedEdition {
  meta: EditionMeta;
  template: EditionTemplate;
}

/**
 * Swaps tokens for the literal values they stand for, in the shared tree's JSON.
 * Values land only inside JSON strings (text and link targets): no parser sees
 * them again, so no value can become markup in any format.
 */
export function fillJson(sharedJson: string, values: Values): string {
  return sharedJson.replace(TOKEN_PATTERN, (_, path: string) => JSON.stringify(values.get(path) ?? '').slice(1, -1));
}

/** The edition a serialized one stands for; its tree, with the values in, is made when first read. */
export function openEdition(serialized: SerializedEdition): Edition {
  const { meta, template } = serialized;
  let tree: Root | undefined;
  return {
    meta,
    template,
    get tree(): Root {
      if (!tree) {
        tree = JSON.parse(fillJson(template.treeJson, new Map(template.values))) as Root;
        for (const node of tree.children) if (node.type === 'signatureBlock') node.signatories = template.signatories;
      }
      return tree;
    },
  };
}
