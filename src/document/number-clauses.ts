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
  /** A warning does not stop the edition; absent: an error. */
  severity?: 'warning';
}

/** How a policy numbers its clauses' own lists (front matter `numbering:`): I., II. … or 2.1.1, 2.1.2 …. */
export type Numbering = 'roman' | 'decimal';

const LABEL = /^#[A-Za-z][\w-]*$/;
const LABEL_AT_START = /^\{#([A-Za-z][\w-]*)\}[ \t]*/;
/** Any `{…}` at the start of a clause: only `{#label}` may stand there. */
const BRACES_AT_START = /^\{[^{}\n]*\}/;
/** One `{…}` group at the end of a heading's text. */
const TRAILING_GROUP = /[ \t]*(\{[^{}\n]*\})[ \t]*$/;
const ATTRIBUTES_HINT = 'a heading may end with {-} or {.unnumbered} (no number) and {#label} (a name for references), in either order or together as {#label -}';
/**
 * A number typed at the start of a numbered item ("2.1 ", "2.1.3 ", "IV. ", "(a) ",
 * "3) ", "1."): the number is computed, so the typed one would print beside it.
 */
const TYPED_NUMBER = /^(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|[IVXLC]{1,6}\.|\((?:[a-z]|[ivx]{1,5}|[A-Z]|\d{1,3})\))(?=[ \t]|$)/;

/**
 * Numbering is computed, never typed. Every `#` heading is a numbered section
 * (`{-}` after it makes it unnumbered); the items of ordered lists directly in a
 * numbered section are its clauses (1.1, 1.2 …, counted across the whole section);
 * an ordered list inside a clause counts I., II. … (or, with `numbering: decimal`,
 * 1.1.1, 1.1.2 …), and inside that (a), (b) …. `{#label}` at the start of a clause or
 * the end of a heading names it for references; a problem with either is an error, and
 * a number typed at the start of a clause a warning.
 */
export function numberClauses(tree: Root, options: { numbering?: Numbering } = {}): { targets: Map<string, Target>; problems: StructureProblem[] } {
  const numbering = options.numbering ?? 'roman';
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
      const { label, unnumbered } = takeHeadingAttributes(node, problems);
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
        const label = takeItemLabel(item, problems);
        if (label) addTarget(label, { text: marker, anchor });
        numberNested(item, 1, marker, anchor, { addTarget, problems, numbering });
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

interface Nesting {
  addTarget: (l: string, t: Target) => void;
  problems: StructureProblem[];
  numbering: Numbering;
}

/**
 * The ordered lists inside a clause: roman (I., II. …, reference "6.1(IV)") or, under
 * `numbering: decimal`, decimal (2.1.1, 2.1.2 …, reference "2.1.1"); inside that, (a),
 * (b) … (reference "6.1(IV)(a)" or "2.1.1(a)").
 */
function numberNested(parent: ListItem, level: number, parentText: string, parentAnchor: string, nesting: Nesting) {
  let count = 0;
  for (const child of parent.children) {
    if (child.type !== 'list' || !child.ordered) continue;
    const kind = level === 1 ? nesting.numbering : 'alpha';
    child.data = { ...child.data, kind };
    for (const item of child.children) {
      count += 1;
      let marker: string;
      let anchor: string;
      let text: string;
      if (kind === 'decimal') {
        marker = `${parentText}.${count}`;
        anchor = `${parentAnchor}-${count}`;
        text = marker;
      } else {
        const n = kind === 'roman' ? toRoman(count) : toAlpha(count);
        marker = kind === 'roman' ? `${n}.` : `(${n})`;
        anchor = `${parentAnchor}-${n.toLowerCase()}`;
        text = `${parentText}(${n})`;
      }
      item.data = { ...item.data, marker, anchor };
      const label = takeItemLabel(item, nesting.problems);
      if (label) nesting.addTarget(label, { text, anchor });
      if (level < 2) numberNested(item, level + 1, text, anchor, nesting);
    }
  }
}

/**
 * The attributes at the end of a heading, taken off its text: `{-}` or `{.unnumbered}`,
 * `{#label}`, or both, as separate groups in either order (`{-} {#label}`,
 * `{#label} {-}`) or in one (`{#label -}`). A group that is anything else is an error
 * where it is written, and is never printed either.
 */
function takeHeadingAttributes(node: Heading, problems: StructureProblem[]): { label?: string; unnumbered: boolean } {
  const last = node.children[node.children.length - 1];
  if (last?.type !== 'text') return { unnumbered: false };
  let label: string | undefined;
  let unnumbered = false;
  let took = false;
  for (let m = TRAILING_GROUP.exec(last.value); m; m = TRAILING_GROUP.exec(last.value)) {
    const group = m[1]!;
    took = true;
    last.value = last.value.slice(0, m.index);
    const words = group.slice(1, -1).trim().split(/[ \t]+/).filter(Boolean);
    const unknown = words.length === 0 ? [group] : words.filter((w) => w !== '-' && w !== '.unnumbered' && !LABEL.test(w));
    const labels = words.filter((w) => LABEL.test(w));
    if (unknown.length) {
      problems.push({ message: `unknown heading attribute \`${group}\``, needle: group, hint: ATTRIBUTES_HINT });
      continue;
    }
    if (labels.length + (label ? 1 : 0) > 1) {
      problems.push({ message: `a heading has one label, not several (\`${group}\`)`, needle: group, hint: ATTRIBUTES_HINT });
      continue;
    }
    if (labels[0]) label = labels[0].slice(1);
    if (words.some((w) => w === '-' || w === '.unnumbered')) unnumbered = true;
  }
  if (took) last.value = last.value.trimEnd();
  return { ...(label ? { label } : {}), unnumbered };
}

/**
 * The `{#label}` at the start of a clause, taken off its text. Any other `{…}` there is
 * an error (and is taken off too, so it never prints); so is a typed number at the start
 * of the text (a warning: the number is computed).
 */
function takeItemLabel(item: ListItem, problems: StructureProblem[]): string | undefined {
  const first = item.children[0];
  if (first?.type === 'list' && first.ordered && first.position && first.position.start.line === item.position?.start.line) {
    // `1. 3) A clause` or `1. 1. A clause`: Markdown reads the typed number as a list inside the clause.
    const text = first.children[0]?.children[0];
    const typed = `${first.start ?? 1}`;
    const line = text?.type === 'paragraph' && text.children[0]?.type === 'text' ? text.children[0].value.split('\n')[0]!.split(/[\uE000-\uE005]/)[0]!.trimEnd() : '';
    problems.push({
      severity: 'warning',
      message: `the clause starts with a typed number \`${typed}\`, which makes a list inside it`,
      needle: line.length >= 3 ? line : typed,
      hint: `the number is computed: remove the typed \`${typed}\``,
    });
    return undefined;
  }
  if (first?.type !== 'paragraph') return undefined;
  const text = (first as Paragraph).children[0];
  if (text?.type !== 'text') return undefined;
  let label: string | undefined;
  const m = LABEL_AT_START.exec(text.value);
  if (m) {
    text.value = text.value.slice(m[0].length);
    label = m[1];
  } else {
    const braces = BRACES_AT_START.exec(text.value);
    if (braces) {
      problems.push({ message: `\`${braces[0]}\` at the start of a clause is not a label`, needle: braces[0], hint: 'a clause may start with {#label} (letters, digits, - and _, starting with a letter) to name it for references' });
      text.value = text.value.slice(braces[0].length).replace(/^[ \t]+/, '');
    }
  }
  const typed = TYPED_NUMBER.exec(text.value);
  if (typed) {
    const line = text.value.split('\n')[0]!.split(/[\uE000-\uE005]/)[0]!.trimEnd();
    problems.push({
      severity: 'warning',
      message: `the clause starts with a typed number \`${typed[0]}\`, printed after its own ${item.data?.marker ?? ''}`.trimEnd(),
      needle: line.length > typed[0].length ? line : typed[0],
      hint: `the number is computed: remove the typed \`${typed[0]}\``,
    });
  }
  return label;
}

export function headingText(node: { children: PhrasingContent[] } | RootContent): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(headingText).join('');
  return '';
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'untitled';
}

