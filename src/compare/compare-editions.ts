import { diffArrays, diffWordsWithSpace } from 'diff';
import type { Heading, Paragraph, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import type { ChangeLabel, ChangeRow, ChangeSummary, Edition, EditionMeta, Numbered, TokenizedEdition } from '../document/types.ts';
import { detokenize } from '../templating/tokens.ts';

/** What happened to a clause between the old edition and the new. */
export type ChangeKind = 'changed' | 'added' | 'removed' | 'moved' | 'renumbered';

/** One entry of the change list (`policyc changes --json`). */
export interface Change {
  kind: ChangeKind;
  /** `config`: the clause's policy text is the same and only the school's values in it differ; `text`: the LA's policy text changed. */
  source: 'text' | 'config';
  newNumber?: string;
  oldNumber?: string;
  oldText?: string;
  newText?: string;
}

export interface Comparison {
  changes: Change[];
  /** The new edition's tree with the changes marked and a summary block at the top. */
  tree: Root;
}

/** Most clauses compared pairwise by likeness when neither side has an identical partner (beyond it, only clauses of the same number are paired). */
const MAX_PAIRINGS = 40_000;
/** How alike (shared words over all words) two clauses must be to count as one clause changed. */
const ALIKE = 0.5;

/** A unit of comparison: a heading, or a paragraph (a numbered clause's is its first). */
interface Unit {
  node: Heading | Paragraph;
  parent: Parent;
  kind: 'heading' | 'paragraph';
  /** The clause's number ("6.3", "1.", "(a)"), when it has one. */
  number?: string;
  /** The node carrying the number: the heading, or the list item whose first paragraph this is. */
  numbered?: { data?: Numbered };
  text: string;
  /** The same text with the values still tokens: equal on both sides when only the school's values changed. */
  tokenText: string;
}

function textOf(nodes: readonly unknown[]): string {
  let out = '';
  for (const node of nodes as { value?: unknown; children?: unknown[]; alt?: unknown }[]) {
    if (typeof node.value === 'string') out += node.value;
    else if (Array.isArray(node.children)) out += textOf(node.children);
    else if (typeof node.alt === 'string') out += node.alt;
  }
  return out;
}

const normal = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The units of a tree in document order; `shape` (the same tree with tokens) gives each its token text. */
function unitsOf(tree: Root, shape: Root | undefined): Unit[] {
  const units: Unit[] = [];
  const walk = (parent: Parent, twin: Parent | undefined) => {
    parent.children.forEach((child, i) => {
      const other = twin?.children[i] as Parent | undefined;
      if (child.type === 'heading' || child.type === 'paragraph') {
        const first = parent.type === 'listItem' && i === 0;
        const numbered = child.type === 'heading' ? child : first ? (parent as { data?: Numbered }) : undefined;
        const text = normal(textOf(child.children));
        if (text) {
          units.push({
            node: child, parent, kind: child.type, text,
            tokenText: other ? normal(textOf(other.children)) : text,
            ...(numbered?.data?.marker ? { number: numbered.data.marker.replace(/\.$/, '') } : {}),
            ...(numbered ? { numbered } : {}),
          });
        }
      } else if ('children' in child && child.type !== 'table') {
        walk(child as Parent, other);
      }
    });
  };
  walk(tree, shape);
  return units;
}

/** How alike two texts are: the share of their words that the word diff keeps. */
function likeness(a: string, b: string): number {
  let kept = 0;
  let total = 0;
  for (const part of diffWordsWithSpace(a, b)) {
    const words = part.value.split(/\s+/).filter(Boolean).length;
    total += part.added || part.removed ? words : 2 * words;
    if (!part.added && !part.removed) kept += 2 * words;
  }
  return total ? kept / total : 1;
}

/**
 * Compares two editions of one policy for one school, clause by clause: clauses are
 * matched by their text (identical first, then alike), never by number, so a clause
 * that moved or was renumbered is that, not a deletion and an insertion. Returns the
 * change list and the new edition's tree with the changes marked.
 */
export function compareEditions(oldEdition: Edition, newEdition: Edition): Comparison {
  const shapeOf = (e: Edition) => (e.tokenized ? parsedShape(e.tokenized.shape) : undefined);
  return compareTrees(structuredClone(oldEdition.tree), shapeOf(oldEdition), structuredClone(newEdition.tree), shapeOf(newEdition), oldEdition.meta, newEdition.meta);
}

/**
 * Two tokenized editions whose schools' values are the same on both sides (no change from
 * the config): compared once for every school of the same pair of shapes, values still
 * tokens. The tree (as JSON) is a shape every writer renders once and fills each school's
 * values into; `changes` hold tokens too (fill them with fillChanges).
 */
export function compareShapes(oldEdition: TokenizedEdition, newEdition: TokenizedEdition): { changes: Change[]; json: string } {
  const side = (e: TokenizedEdition) => JSON.parse(fillPolicyValues(e.shape.json, new Map(e.values))) as Root;
  const { changes, tree } = compareTrees(side(oldEdition), undefined, side(newEdition), undefined, oldEdition.meta, newEdition.meta);
  return { changes, json: JSON.stringify(tree) };
}

const TOKEN = /\uE000([^\uE000-\uE005]*)\uE001/g;
/** Values that come from the policy, not the school (its version, dates, title): the same for every school, and compared as text. */
const fromPolicy = (path: string) => path.startsWith('policy.');

/** A shape's JSON with the policy's own values (policy.*) in: they change with the policy, and are compared as its text. */
function fillPolicyValues(json: string, values: ReadonlyMap<string, string>): string {
  return json.replace(TOKEN, (whole, path: string) => {
    const value = fromPolicy(path) ? values.get(path) : undefined;
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
}

/** Whether the values both editions have from the school are the same: then compareShapes serves, with the values of both (mergedValues). */
export function sameValues(oldEdition: TokenizedEdition, newEdition: TokenizedEdition): boolean {
  const now = new Map(newEdition.values);
  return oldEdition.values.every(([path, value]) => fromPolicy(path) || !now.has(path) || now.get(path) === value);
}

/** The values a summary of two editions with the same values shows: the new edition's, and those only the old one had. */
export function mergedValues(oldEdition: TokenizedEdition, newEdition: TokenizedEdition): [string, string][] {
  const all = new Map(oldEdition.values);
  for (const [path, value] of newEdition.values) all.set(path, value);
  return [...all];
}

/** A shared change list with one school's values in. */
export function fillChanges(changes: readonly Change[], values: ReadonlyMap<string, string>): Change[] {
  const fill = (text: string | undefined) => (text === undefined ? {} : { text: detokenize(text, values as Map<string, string>) });
  return changes.map((c) => ({
    ...c,
    ...(c.oldText === undefined ? {} : { oldText: fill(c.oldText).text! }),
    ...(c.newText === undefined ? {} : { newText: fill(c.newText).text! }),
  }));
}

function compareTrees(oldTree: Root, oldShape: Root | undefined, tree: Root, newShape: Root | undefined, oldMeta: EditionMeta, newMeta: EditionMeta): Comparison {
  const olds = unitsOf(oldTree, oldShape);
  const news = unitsOf(tree, newShape);

  // Matching: identical texts first (the same number preferred), then the most alike pairs.
  const match = new Map<number, number>(); // new index → old index
  const taken = new Set<number>();
  const byText = new Map<string, number[]>();
  olds.forEach((u, i) => byText.set(`${u.kind}\n${u.text}`, [...(byText.get(`${u.kind}\n${u.text}`) ?? []), i]));
  news.forEach((u, n) => {
    const candidates = (byText.get(`${u.kind}\n${u.text}`) ?? []).filter((i) => !taken.has(i));
    const o = candidates.find((i) => olds[i]!.number === u.number) ?? candidates[0];
    if (o === undefined) return;
    match.set(n, o);
    taken.add(o);
  });
  const freeNew = news.map((_, n) => n).filter((n) => !match.has(n));
  const freeOld = olds.map((_, o) => o).filter((o) => !taken.has(o));
  const everyPair = freeNew.length * freeOld.length <= MAX_PAIRINGS;
  const pairs: { n: number; o: number; score: number }[] = [];
  for (const n of freeNew) {
    for (const o of freeOld) {
      const a = olds[o]!;
      const b = news[n]!;
      if (a.kind !== b.kind || (!everyPair && a.number !== b.number)) continue;
      const score = likeness(a.text, b.text) + (a.number === b.number ? 0.01 : 0);
      if (score >= ALIKE) pairs.push({ n, o, score });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.n - y.n || x.o - y.o);
  for (const { n, o } of pairs) {
    if (match.has(n) || taken.has(o)) continue;
    match.set(n, o);
    taken.add(o);
  }

  // Order: the matched clauses whose order the word-for-word diff of the sequence keeps stayed; the rest moved.
  const matchedNew = news.map((_, n) => n).filter((n) => match.has(n));
  const inOldOrder = [...matchedNew].sort((a, b) => match.get(a)! - match.get(b)!);
  const moved = new Set<number>();
  for (const part of diffArrays(inOldOrder, matchedNew)) if (part.added) for (const n of part.value) moved.add(n);

  const changes: Change[] = [];
  const rows: ChangeRow[] = [];
  const counts = { changed: 0, added: 0, removed: 0, moved: 0 };
  let next = 1;
  const label = (unit: Unit, text: string, change: Change): ChangeLabel => {
    const anchor = `change-${next++}`;
    rows.push({ ...(change.newNumber ? { newNumber: change.newNumber } : {}), ...(change.oldNumber ? { oldNumber: change.oldNumber } : {}), kind: kindText(change), firstWords: firstWords(unit.text), anchor });
    return { type: 'changeLabel', label: text, anchor };
  };
  const markNumber = (unit: Unit, was: string | null) => {
    if (unit.numbered?.data) unit.numbered.data = { ...unit.numbered.data, was };
  };
  /** Deleted copies of old clauses, to go after a unit of the new tree (or at the top: -1). */
  const deletedAfter = new Map<number, Paragraph[]>();
  const oldPlace = new Map<number, number>(); // old index → new index
  for (const [n, o] of match) oldPlace.set(o, n);
  const deletedCopy = (o: number, text: string, change: Change) => {
    const unit = olds[o]!;
    let after = -1;
    for (let p = o - 1; p >= 0; p--) {
      const n = oldPlace.get(p);
      if (n !== undefined && !moved.has(n)) {
        after = n;
        break;
      }
    }
    const lead = unit.number ? `${unit.number} ` : '';
    const copy: Paragraph = { type: 'paragraph', children: [label(unit, text, change), { type: 'deletedText', value: lead + unit.text }] };
    deletedAfter.set(after, [...(deletedAfter.get(after) ?? []), copy]);
  };

  news.forEach((unit, n) => {
    const o = match.get(n);
    if (o === undefined) {
      const change: Change = { kind: 'added', source: 'text', ...(unit.number ? { newNumber: unit.number } : {}), newText: unit.text };
      changes.push(change);
      counts.added++;
      unit.node.children = [label(unit, 'Added', change), { type: 'insertedText', value: unit.text }];
      markNumber(unit, null);
      return;
    }
    const old = olds[o]!;
    const numbers = { ...(unit.number ? { newNumber: unit.number } : {}), ...(old.number ? { oldNumber: old.number } : {}) };
    const source = old.tokenText === unit.tokenText && old.text !== unit.text ? 'config' : 'text';
    if (moved.has(n)) {
      const change: Change = { kind: 'moved', source, ...numbers, oldText: old.text, newText: unit.text };
      changes.push(change);
      counts.moved++;
      unit.node.children = [label(unit, `Moved${old.number ? `, was ${old.number}` : ''}`, change), { type: 'insertedText', value: unit.text }];
      markNumber(unit, null);
      deletedCopy(o, `Moved from here${unit.number ? ` to ${unit.number}` : ''}`, { ...change });
      rows.pop(); // the moved clause is one row, at its new place
      return;
    }
    const renumbered = old.number !== unit.number;
    if (old.text !== unit.text) {
      const change: Change = { kind: 'changed', source, ...numbers, oldText: old.text, newText: unit.text };
      changes.push(change);
      counts.changed++;
      const what = source === 'config' ? 'Changed (school’s details)' : 'Changed';
      unit.node.children = [label(unit, `${what}${renumbered && old.number ? `, was ${old.number}` : ''}`, change), ...wordDiff(old.text, unit.text)];
    } else if (renumbered) {
      const change: Change = { kind: 'renumbered', source: 'text', ...numbers };
      changes.push(change);
      unit.node.children = [label(unit, `Renumbered${old.number ? `, was ${old.number}` : ''}`, change), ...unit.node.children];
    }
    if (renumbered) markNumber(unit, old.number === undefined ? null : numbered(old));
  });
  olds.forEach((unit, o) => {
    if (taken.has(o)) return;
    const change: Change = { kind: 'removed', source: 'text', ...(unit.number ? { oldNumber: unit.number } : {}), oldText: unit.text };
    changes.push(change);
    counts.removed++;
    deletedCopy(o, 'Removed', change);
  });

  // The deleted copies go in after the unit before them (in its list item, after its paragraph), last first.
  for (const [after, copies] of [...deletedAfter].sort((a, b) => b[0] - a[0])) {
    if (after < 0) {
      const first = tree.children.findIndex((c) => c.type === 'heading' || c.type === 'paragraph' || c.type === 'list');
      tree.children.splice(first < 0 ? tree.children.length : first, 0, ...copies);
      continue;
    }
    const unit = news[after]!;
    const at = unit.parent.children.indexOf(unit.node as RootContent);
    unit.parent.children.splice(at + 1, 0, ...(copies as RootContent[]));
  }

  const summary: ChangeSummary = {
    type: 'changeSummary',
    oldVersion: oldMeta.version,
    newVersion: newMeta.version,
    oldApproved: oldMeta.approvedText,
    newApproved: newMeta.approvedText,
    counts,
    rows,
  };
  const title = tree.children.findIndex((c) => c.type === 'editionBlock');
  tree.children.splice(title < 0 ? 0 : title + 1, 0, summary);
  return { changes, tree };
}

/** Shapes parsed lately, by id: every school of a shape shares its tokenized tree, which is only read here. */
const shapes = new Map<string, Root>();
function parsedShape(shape: { id: string; json: string }): Root {
  let tree = shapes.get(shape.id);
  if (!tree) {
    if (shapes.size >= 64) shapes.clear();
    tree = JSON.parse(shape.json) as Root;
    shapes.set(shape.id, tree);
  }
  return tree;
}

/** The old marker as the new tree prints markers (a heading's "6." keeps its point). */
function numbered(old: Unit): string {
  return old.numbered?.data?.marker ?? old.number ?? '';
}

function wordDiff(oldText: string, newText: string): PhrasingContent[] {
  return diffWordsWithSpace(oldText, newText).map((part): PhrasingContent =>
    part.added ? { type: 'insertedText', value: part.value } : part.removed ? { type: 'deletedText', value: part.value } : { type: 'text', value: part.value });
}

function firstWords(text: string): string {
  const words = text.split(' ');
  return words.length > 8 ? `${words.slice(0, 8).join(' ')} …` : text;
}

function kindText(change: Change): string {
  return change.kind === 'changed' && change.source === 'config' ? 'changed (school’s details)' : change.kind;
}
