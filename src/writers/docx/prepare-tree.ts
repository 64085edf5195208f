import type { List, Paragraph, Parents, PhrasingContent, Root, RootContent } from 'mdast';

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
  /**
   * Paragraphs to keep on the page of the block after them (w:keepNext): "Signed and
   * dated:" before the signatures, a paragraph that introduces a list or a table, and
   * list items (see keepListTogether).
   */
  keepWithNext: WeakSet<Paragraph>;
}

/** A list of at most this many items is kept on one page (each item kept with the next). */
export const SHORT_LIST = 4;

/**
 * The tree remark-docx is given: the edition's tree is shared with the other writers,
 * so it is never changed; parents are copied only where something changes.
 * - the masthead goes first;
 * - text that stands where a block belongs (raw HTML the pipeline turned into text)
 *   is wrapped in a paragraph, as Word allows no run directly in the body or a cell;
 * - a table without rows is left out;
 * - a spacer follows a table (or the edition block) when anything but a heading does;
 * - what must not end a page is kept with what follows it (keepWithNext).
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
  const root: Root = { ...tree, children };
  keepTogether(root, keepWithNext);
  return { root, keepWithNext };
}

/**
 * Marks, at every depth, the paragraphs a page must not end after: one that introduces
 * a list or a table (the clause's lead, "Department for Education related documents:"),
 * and the items of each list that keepListTogether names. Headings keep with their next
 * block by their own property (nodes.ts), and widow and orphan control is on for every
 * paragraph (styles.ts).
 *
 * A lead that is the first text under a heading is not marked: LibreOffice moves a kept
 * paragraph whole to the next page with its list but then leaves the heading kept with
 * it behind, the last line of the page (the shipped Riverside edition's section 6). The
 * heading's own keep holds such a lead to it instead.
 */
function keepTogether(parent: Parents, keep: WeakSet<Paragraph>, afterHeading = false): void {
  const children = parent.children as RootContent[];
  children.forEach((node, i) => {
    const next = children[i + 1];
    const first = i === 0 ? afterHeading : children[i - 1]!.type === 'heading';
    if (node.type === 'paragraph' && (next?.type === 'list' || next?.type === 'table') && !first) keep.add(node);
    if (node.type === 'list') keepListTogether(node, keep);
    if ('children' in node) keepTogether(node as Parents, keep, first && (node.type === 'list' || node.type === 'listItem'));
  });
}

/**
 * A list is never split after its first item, and a short one (up to SHORT_LIST items)
 * not at all: those items are kept with the next. Only an item that is one paragraph
 * can be (its paragraph is the item's last line); the section's numbered clauses are
 * paragraphs of text, not a list to keep together. A long list may still break before
 * its last item: keeping that too cost the shipped editions a page of blank space and
 * gains less (the item opens the page, as a paragraph would). The rules read structure
 * only, never text, so editions of one shape (../shared/per-shape.ts) break alike.
 */
function keepListTogether(list: List, keep: WeakSet<Paragraph>): void {
  const n = list.children.length;
  if (n < 2 || list.data?.kind === 'clauses') return;
  list.children.forEach((item, i) => {
    const only = item.children.length === 1 && item.children[0]!.type === 'paragraph' ? item.children[0] : undefined;
    if (only && (n <= SHORT_LIST ? i < n - 1 : i === 0)) keep.add(only);
  });
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
