import type { Parents, Root, RootContent } from 'mdast';
import { blockToken } from '../templating/tokens.ts';

/** What `{{br}}` templates to: a token, made a line break once the Markdown is parsed. */
export const BREAK_TOKEN = blockToken('br');

const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
const STRING_FIELDS = ['value', 'alt', 'title', 'url'] as const;

/**
 * `{{br}}` is a line break wherever it stands: mid-line, at a line's end, in a table
 * cell, inside emphasis or a link's text. Its token splits the text node it is in, with
 * a `break` node between; a line end right after it belongs to the break (as with a
 * Markdown hard break), and a break at the very end of a block, which would show
 * nothing, is dropped. Where a break cannot stand (code, alternative text, a title, an
 * address) the token becomes a space.
 */
export function placeBreaks(tree: Root): void {
  walk(tree);
}

function walk(node: Parents): void {
  const out: RootContent[] = [];
  for (const child of node.children as RootContent[]) {
    if (child.type === 'text' && child.value.includes(BREAK_TOKEN)) {
      const parts = child.value.split(BREAK_TOKEN);
      parts.forEach((part, i) => {
        const text = i > 0 ? part.replace(/^\n[ \t]*/, '') : part;
        if (i > 0) out.push({ type: 'break' } as RootContent);
        if (text !== '') out.push({ ...child, value: text, ...(i > 0 ? { position: undefined } : {}) } as RootContent);
      });
      continue;
    }
    for (const field of STRING_FIELDS) {
      const fields = child as unknown as Record<string, unknown>;
      const value = fields[field];
      if (typeof value === 'string' && value.includes(BREAK_TOKEN)) fields[field] = value.replaceAll(BREAK_TOKEN, ' ');
    }
    if ('children' in child) walk(child as Parents);
    out.push(child);
  }
  if (BLOCKS.has(node.type)) while (out.length && out[out.length - 1]!.type === 'break') out.pop();
  (node as { children: RootContent[] }).children = out as never;
}
