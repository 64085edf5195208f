import type { Paragraph, PhrasingContent, Root, RootContent } from 'mdast';

/** The node the DOCX writer puts first: the school's name and the policy title (as the HTML masthead). */
export const MASTHEAD = 'policyMasthead';
/** A small empty paragraph after a table that text follows (Word puts no space after a table). */
export const SPACER = 'policySpacer';

const PHRASING = new Set<string>([
  'text', 'emphasis', 'strong', 'delete', 'inlineCode', 'break', 'link', 'linkReference',
  'image', 'imageReference', 'footnoteReference', 'html', 'inlineMath',
]);

export interface PreparedTree {
  root: Root;
  /** Paragraphs to keep on the page of the block after them ("Signed and dated:" before the signatures). */
  keepWithNext: WeakSet<Paragraph>;
}

/**
 * The tree remark-docx is given: the edition's tree is shared with the other writers,
 * so it is never changed; parents are copied only where something changes.
 * - the masthead goes first;
 * - text that stands where a block belongs (raw HTML the pipeline turned into text)
 *   is wrapped in a paragraph, as Word allows no run directly in the body or a cell;
 * - a table without rows is left out;
 * - a spacer follows a table (or the edition block) when anything but a heading does.
 */
export function prepareTree(tree: Root): PreparedTree {
  const keepWithNext = new WeakSet<Paragraph>();
  const children: RootContent[] = [{ type: MASTHEAD } as unknown as RootContent];
  const body = wrapLoose(tree.children);
  body.forEach((node, i) => {
    const next = body[i + 1];
    children.push(node);
    if (!next) return;
    if (node.type === 'paragraph' && next.type === 'signatureBlock') keepWithNext.add(node);
    if ((node.type === 'table' || node.type === 'editionBlock') && next.type !== 'heading') children.push({ type: SPACER } as unknown as RootContent);
  });
  return { root: { ...tree, children }, keepWithNext };
}

function wrapLoose(children: RootContent[]): RootContent[] {
  let out: RootContent[] | undefined;
  let run: PhrasingContent[] | undefined;
  const flush = () => {
    if (run) out!.push({ type: 'paragraph', children: run });
    run = undefined;
  };
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (PHRASING.has(child.type)) {
      out ??= children.slice(0, i);
      (run ??= []).push(child as PhrasingContent);
      continue;
    }
    if (child.type === 'table' && !child.children.length) {
      out ??= children.slice(0, i); // a table without rows shows nothing (and Word refuses one)
      continue;
    }
    const fixed = withWrappedChildren(child);
    if (out) {
      flush();
      out.push(fixed);
    } else if (fixed !== child) {
      out = children.slice(0, i);
      out.push(fixed);
    }
  }
  if (!out) return children;
  flush();
  return out;
}

/** Containers of blocks (list items, quotes, footnotes) get the same treatment. */
function withWrappedChildren(node: RootContent): RootContent {
  if (node.type === 'list') {
    const items = node.children.map((item) => {
      const c = wrapLoose(item.children as RootContent[]);
      return c === item.children ? item : { ...item, children: c as typeof item.children };
    });
    return items.every((item, i) => item === node.children[i]) ? node : { ...node, children: items };
  }
  if (node.type === 'blockquote' || node.type === 'footnoteDefinition' || node.type === 'listItem') {
    const c = wrapLoose(node.children as RootContent[]);
    return c === node.children ? node : ({ ...node, children: c } as RootContent);
  }
  return node;
}
