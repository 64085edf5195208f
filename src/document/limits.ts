import type { Nodes, Root } from 'mdast';
import { LIMITS, type Limit } from '../sources/limits.ts';

/** A parsed tree past a limit: the node where the limit is passed, what was found, and the limit. */
export interface TreeBreach {
  /** Offset in the parsed text of the node past the limit (0 when it has no position). */
  offset: number;
  message: string;
  limit: Limit;
}

const INLINE_CONTAINERS = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);
const LABEL = /\{#[A-Za-z][\w-]*\}/g;

/**
 * The exact counts on a parsed tree, taken before it is numbered or written: the
 * elements, links, list items, headings, block quotes, footnotes, labels, table rows
 * and cells, and how deep lists and quotes, and emphasis and links, are nested. A footnote
 * may not refer to a footnote (nothing could print it). The walk keeps its own stack,
 * so no tree is too deep for it.
 */
export function checkTree(tree: Root): TreeBreach | undefined {
  const counts = { nodes: 0, links: 0, listItems: 0, headings: 0, blockQuotes: 0, footnoteRefs: 0, footnoteDefs: 0, labels: 0, tableRows: 0, tableCells: 0 };
  const stack: { node: Nodes; depth: number; inline: number; footnote: boolean }[] = [{ node: tree, depth: 0, inline: 0, footnote: false }];
  while (stack.length) {
    const { node, depth, inline, footnote } = stack.pop()!;
    const at = (message: string, limit: Limit): TreeBreach => ({ offset: node.position?.start.offset ?? 0, message, limit });
    const over = (count: number, which: Limit, what: string) => (count > which.value ? at(`the text has more than ${which.value} ${what}`, which) : undefined);
    counts.nodes += 1;
    let found = over(counts.nodes, LIMITS.nodes, 'elements (paragraphs, list items, cells, links, emphasis …)');
    let childDepth = depth;
    let childInline = inline;
    switch (node.type) {
      case 'listItem':
      case 'blockquote':
        childDepth += 1;
        if (childDepth > LIMITS.nesting.value) found ??= at(`lists and block quotes are nested ${childDepth} deep here`, LIMITS.nesting);
        if (node.type === 'listItem') found ??= over(++counts.listItems, LIMITS.listItems, 'list items');
        else found ??= over(++counts.blockQuotes, LIMITS.blockQuotes, 'block quotes');
        break;
      case 'heading':
        found ??= over(++counts.headings, LIMITS.headings, 'headings');
        break;
      case 'footnoteReference':
        if (footnote) found ??= at(`footnote \`[^${node.label ?? node.identifier}]\` is referred to inside a footnote`, LIMITS.footnotesInFootnotes);
        found ??= over(++counts.footnoteRefs, LIMITS.footnotes, 'footnote references');
        break;
      case 'footnoteDefinition':
        found ??= over(++counts.footnoteDefs, LIMITS.footnotes, 'footnote definitions');
        break;
      case 'tableRow':
        found ??= over(++counts.tableRows, LIMITS.tableRows, 'table rows');
        break;
      case 'tableCell':
        found ??= over(++counts.tableCells, LIMITS.tableCells, 'table cells');
        break;
      case 'text':
        for (LABEL.lastIndex = 0; LABEL.exec(node.value); ) found ??= over(++counts.labels, LIMITS.labels, 'labels');
        break;
      default:
        if (node.type === 'link' || node.type === 'linkReference') found ??= over(++counts.links, LIMITS.links, 'links and cross-references');
        if (INLINE_CONTAINERS.has(node.type)) {
          childInline += 1;
          if (childInline > LIMITS.inlineNesting.value) found ??= at(`emphasis, strikethrough and links are nested ${childInline} deep here`, LIMITS.inlineNesting);
        }
    }
    if (found) return found;
    if ('children' in node) {
      const inFootnote = footnote || node.type === 'footnoteDefinition';
      // Pushed in reverse, so that nodes are counted in the order they are written.
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as Nodes, depth: childDepth, inline: childInline, footnote: inFootnote });
    }
  }
  return undefined;
}

/** A tree refused for a limit: the problem, with the text to look for in the source to locate it. */
export interface LimitProblem {
  message: string;
  /** Text to look for in the policy source (a line of the templated text, without values). */
  needle: string;
  hint: string;
}

declare module 'mdast' {
  interface RootData {
    /** Set on the empty tree parseMarkdown returns for a text past a limit. */
    limitProblem?: LimitProblem;
  }
}
