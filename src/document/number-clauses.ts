import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { toAlpha, toRoman } from './roman.ts';
import type { Numbered } from './types.ts';

export interface Target {
  /** What a cross-reference prints: "2", "2.1", "6.1(IV)" */
  text: string;
  anchor: string;
}

export interface StructureProblem {
  message: string;
  /** Text to look for in the source to locate the problem. */
  needle: string;
  hint?: string;
}

const LABEL_AT_START = /^\{#([A-Za-z][\w-]*)\}[ \t]*/;
const HEADING_ATTRIBUTES = /[ \t]*\{(#[A-Za-z][\w-]*)?[ \t]*(-|\.unnumbered)?\}[ \t]*$/;

/**
 * Numbering is computed, never typed. Every `#` heading is a numbered section
 * (`{-}` after it makes it unnumbered); the items of ordered lists directly in a
 * numbered section are its clauses (1.1, 1.2 …, counted across the whole section);
 * an ordered list inside a clause counts I., II. …, and inside that (a), (b) ….
 * `{#label}` at the start of a clause or the end of a heading names it for references.
 */
export function numberClauses(tree: Root): { targets: Map<string, Target>; problems: StructureProblem[] } {
  // A text past a limit was not parsed (see parse-markdown.ts): its one problem is the limit's.
  if (tree.data?.limitProblem) return { targets: new Map(), problems: [tree.data.limitProblem] };
  const targets = new Map<string, Target>();
  const problems: StructureProblem[] = [];
  const addTarget = (label: string, target: Target) => {
    if (targets.has(label)) problems.push({ message: `label \`${label}\` is used twice`, needle: `{#${label}}`, hint: 'each label must be unique in a policy' });
    else targets.set(label, target);
  };

  let section = 0;
  let clause = 0;
  let numbered = false;
  /** Headings whose anchor is made from their text, and the target a label gives each: made unique at the end. */
  const slugged: { node: Heading; target?: Target }[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const { label, unnumbered } = takeHeadingAttributes(node);
      if (node.depth === 1) {
        numbered = !unnumbered;
        clause = 0;
        if (numbered) {
          section += 1;
          node.data = { ...node.data, marker: `${section}.`, anchor: `section-${section}` };
        } else {
          node.data = { ...node.data, anchor: `section-${slug(headingText(node))}` };
        }
      } else {
        node.data = { ...node.data, anchor: `heading-${slug(headingText(node))}` };
      }
      const target = label ? { text: node.data?.marker?.replace(/\.$/, '') ?? headingText(node), anchor: node.data!.anchor! } : undefined;
      if (label) addTarget(label, target!);
      if (!node.data.marker) slugged.push({ node, ...(target ? { target } : {}) });
      continue;
    }
    if (node.type === 'list' && node.ordered && numbered) {
      node.data = { ...node.data, kind: 'clauses' };
      for (const item of node.children) {
        clause += 1;
        const marker = `${section}.${clause}`;
        const anchor = `clause-${section}-${clause}`;
        item.data = { ...item.data, marker, anchor };
        const label = takeItemLabel(item);
        if (label) addTarget(label, { text: marker, anchor });
        numberNested(item, 1, marker, anchor, addTarget);
      }
    }
  }
  uniqueAnchors(tree, slugged);
  return { targets, problems };
}

/**
 * Anchors are unique in every format. Numbers make unique anchors; a heading's text
 * may not (two `## Notes`, or an unnumbered `# 3 {-}` beside section 3): the first
 * heading keeps `heading-notes`, the next gets `heading-notes-2`, and so on, never an
 * anchor a number or another heading already has.
 */
function uniqueAnchors(tree: Root, slugged: { node: Heading; target?: Target }[]): void {
  const headings = new Set(slugged.map((s) => s.node));
  const taken = new Set<string>();
  visit(tree, (node) => {
    const anchor = (node.data as Numbered | undefined)?.anchor;
    if (anchor && !headings.has(node as Heading)) taken.add(anchor);
  });
  for (const { node, target } of slugged) {
    const base = node.data!.anchor!;
    let anchor = base;
    for (let n = 2; taken.has(anchor); n++) anchor = `${base}-${n}`;
    taken.add(anchor);
    node.data!.anchor = anchor;
    if (target) target.anchor = anchor;
  }
}

function numberNested(parent: ListItem, level: number, parentText: string, parentAnchor: string, addTarget: (l: string, t: Target) => void) {
  let count = 0;
  for (const child of parent.children) {
    if (child.type !== 'list' || !child.ordered) continue;
    const kind = level === 1 ? 'roman' : 'alpha';
    child.data = { ...child.data, kind };
    for (const item of child.children) {
      count += 1;
      const n = kind === 'roman' ? toRoman(count) : toAlpha(count);
      const marker = kind === 'roman' ? `${n}.` : `(${n})`;
      const anchor = `${parentAnchor}-${n.toLowerCase()}`;
      const text = `${parentText}(${n})`;
      item.data = { ...item.data, marker, anchor };
      const label = takeItemLabel(item);
      if (label) addTarget(label, { text, anchor });
      if (level < 2) numberNested(item, level + 1, text, anchor, addTarget);
    }
  }
}

function takeHeadingAttributes(node: Heading): { label?: string; unnumbered: boolean } {
  const last = node.children[node.children.length - 1];
  if (last?.type !== 'text') return { unnumbered: false };
  const m = HEADING_ATTRIBUTES.exec(last.value);
  if (!m || (!m[1] && !m[2])) return { unnumbered: false };
  last.value = last.value.slice(0, m.index);
  return { ...(m[1] ? { label: m[1].slice(1) } : {}), unnumbered: Boolean(m[2]) };
}

function takeItemLabel(item: ListItem): string | undefined {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return undefined;
  const text = (first as Paragraph).children[0];
  if (text?.type !== 'text') return undefined;
  const m = LABEL_AT_START.exec(text.value);
  if (!m) return undefined;
  text.value = text.value.slice(m[0].length);
  return m[1];
}

export function headingText(node: { children: PhrasingContent[] } | RootContent): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(headingText).join('');
  return '';
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'untitled';
}

