import type { Root, RootContent, Parents } from 'mdast';
import { BLOCK_PATTERN, detokenize, type Values } from '../templating/tokens.ts';
import type { School } from '../schools/school.ts';

/**
 * Swaps tokens for the literal values they stand for, and block tokens for the
 * generated blocks. Values only ever land in text and link targets: no parser
 * sees them again, so no value can become markup in any format.
 */
export function fillValues(tree: Root, values: Values, school: School): void {
  fill(tree, values, school);
}

function fill(node: Parents, values: Values, school: School): void {
  const children = node.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === 'paragraph' && child.children.length === 1 && child.children[0]!.type === 'text') {
      const block = BLOCK_PATTERN.exec(child.children[0]!.value.trim());
      if (block) {
        children[i] = block[1] === 'signature-block'
          ? { type: 'signatureBlock', signatories: school.signatories }
          : { type: 'editionBlock' };
        continue;
      }
    }
    switch (child.type) {
      case 'text':
      case 'inlineCode':
      case 'code':
        child.value = detokenize(child.value, values);
        break;
      case 'html':
        // Raw HTML in a source is shown as the text it is; comments are notes for editors.
        if (/^<!--[\s\S]*-->$/.test(child.value.trim())) {
          children.splice(i, 1);
          i -= 1;
          continue;
        }
        children[i] = { type: 'text', value: detokenize(child.value, values) } as RootContent;
        break;
      case 'link':
      case 'image':
      case 'definition':
        child.url = detokenize(child.url, values);
        if (child.title) child.title = detokenize(child.title, values);
        if (child.type === 'image' && child.alt) child.alt = detokenize(child.alt, values);
        break;
    }
    if ('children' in child) fill(child as Parents, values, school);
  }
}
