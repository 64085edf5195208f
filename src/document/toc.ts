import type { Root } from 'mdast';
import { headingText } from './number-clauses.ts';
import type { TocEntry } from './types.ts';

/** The numbered sections and their clauses, in order, for a table of contents. */
export function tableOfContents(tree: Root): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 1 && node.data?.anchor) {
      entries.push({ marker: node.data.marker ?? '', anchor: node.data.anchor, text: headingText(node), clauses: [] });
    } else if (node.type === 'list' && node.data?.kind === 'clauses') {
      const current = entries[entries.length - 1];
      for (const item of node.children) {
        if (current && item.data?.marker && item.data.anchor) current.clauses.push({ marker: item.data.marker, anchor: item.data.anchor });
      }
    }
  }
  return entries;
}
