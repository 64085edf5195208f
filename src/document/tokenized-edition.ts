import type { Parents, Root, RootContent } from 'mdast';
import { BLOCK_PATTERN, CLOSE, MARKED_CLOSE, MARKED_OPEN, MARKED_PATTERN, OPEN, RESERVED_CHARS, token, TOKEN_PATTERN, type Values } from '../templating/tokens.ts';
import { isolate, isolateSignatories } from './bidi.ts';
import { collapseSpaces } from './collapse-spaces.ts';
import type { Edition, HistoryEntry, TokenizedEdition } from './types.ts';

/** The generated blocks a policy's front matter asks for: a contents list, a document-control table. */
export interface Blocks {
  contents?: boolean;
  history?: HistoryEntry[];
}

/**
 * Structure-only steps on a parsed tree that every school of the same shape
 * shares: generated blocks replace their tokens (and are added where a policy has
 * none: the edition block first, then the document-control table when the front matter
 * has a `history:`, then the contents list when it says `contents: true`, and the
 * signature block last), raw HTML becomes the text it is, runs of spaces in the policy's
 * text become one space (./collapse-spaces.ts; values, still tokens, are left as given),
 * and source positions (which point into templated text, not the source) are dropped.
 */
export function prepareShared(tree: Root, blocks: Blocks = {}): void {
  const history = blocks.history ?? [];
  prepare(tree, history);
  collapseSpaces(tree);
  if (!tree.children.some((n) => n.type === 'editionBlock')) tree.children.unshift({ type: 'editionBlock' });
  const placed = (type: string) => tree.children.some((n) => n.type === type);
  let after = tree.children.findIndex((n) => n.type === 'editionBlock') + 1;
  if (history.length && !placed('historyBlock')) tree.children.splice(after++, 0, { type: 'historyBlock', entries: history });
  else if (placed('historyBlock') && tree.children[after]?.type === 'historyBlock') after += 1;
  if (blocks.contents && !placed('contentsBlock')) tree.children.splice(after, 0, { type: 'contentsBlock' });
  if (!tree.children.some((n) => n.type === 'signatureBlock')) tree.children.push({ type: 'signatureBlock', signatories: [] });
}

function generated(name: string, history: HistoryEntry[]): RootContent {
  switch (name) {
    case 'signature-block':
      return { type: 'signatureBlock', signatories: [] };
    case 'contents':
      return { type: 'contentsBlock' };
    case 'document-control':
      return { type: 'historyBlock', entries: history };
    default:
      return { type: 'editionBlock' };
  }
}

function prepare(node: Parents, history: HistoryEntry[]): void {
  delete (node as { position?: unknown }).position;
  const children = node.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    delete (child as { position?: unknown }).position;
    if (child.type === 'paragraph' && child.children.length === 1 && child.children[0]!.type === 'text') {
      const block = BLOCK_PATTERN.exec(child.children[0]!.value.trim());
      if (block) {
        children[i] = generated(block[1]!, history);
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
    if ('children' in child) prepare(child as Parents, history);
  }
}

/**
 * Swaps tokens for the literal values they stand for, in the shared tree's JSON.
 * Values land only inside JSON strings (text and link targets): no parser sees
 * them again, so no value can become markup in any format.
 */
export function fillJson(sharedJson: string, values: ReadonlyMap<string, string>): string {
  const value = valueOf(values);
  return sharedJson.replace(TOKEN_PATTERN, (_, path: string) => JSON.stringify(value(path)).slice(1, -1));
}

/**
 * A token's value by its path. An identifier holds its token lower-cased (Markdown
 * compares labels without case), so a path with no value is looked up without case.
 */
function valueOf(values: ReadonlyMap<string, string>): (path: string) => string {
  let caseless: Map<string, string> | undefined;
  return (path) => {
    const found = values.get(path);
    if (found !== undefined) return found;
    caseless ??= new Map([...values].map(([k, v]) => [k.toLowerCase(), v]));
    return caseless.get(path) ?? '';
  };
}

/**
 * The fields of a node whose text an edition shows: a text's (or code's) value, an
 * image's or figure's alternative text, a link's or image's title, a figure's or
 * table's caption, a reference's label. A value
 * filled in here is isolated (./bidi.ts); in every other field (a link's, image's or
 * definition's address, an identifier, a code block's language) it is its bare self.
 */
export const SHOWN_FIELDS: ReadonlySet<string> = new Set(['value', 'alt', 'title', 'label', 'caption']);

/**
 * The shared tree with one school's values in every field that holds a token: each
 * shown field's value isolated, every other field's as it is.
 */
export function fillTree(sharedJson: string, values: ReadonlyMap<string, string>): Root {
  const value = valueOf(values);
  const fill = (node: Record<string, unknown> | unknown[]) => {
    for (const [key, field] of Object.entries(node)) {
      if (typeof field === 'string') {
        if (!field.includes(OPEN)) continue;
        const shown = SHOWN_FIELDS.has(key);
        (node as Record<string, unknown>)[key] = field.replace(TOKEN_PATTERN, (_, path: string) => (shown ? isolate(value(path)) : value(path)));
      } else if (field !== null && typeof field === 'object') {
        fill(field as Record<string, unknown>);
      }
    }
  };
  const tree = JSON.parse(sharedJson) as Root;
  fill(tree as unknown as Record<string, unknown>);
  return tree;
}

/** The edition a tokenized one stands for; its tree, with the values in, is made when first read. */
export function openEdition(tokenized: TokenizedEdition): Edition {
  let tree: Root | undefined;
  return {
    meta: tokenized.meta,
    assets: tokenized.assets,
    tokenized,
    get tree(): Root {
      if (!tree) {
        tree = fillTree(tokenized.shape.json, new Map(tokenized.values));
        const signatories = isolateSignatories(tokenized.signatories);
        for (const node of tree.children) if (node.type === 'signatureBlock') node.signatories = signatories;
      }
      return tree;
    },
  };
}

/*
 * What a writer needs to render a tokenized tree once and fill each school's values in
 * afterwards (see ../writers/shared/per-shape.ts): a token's text, whether a string
 * holds one, its second (marked) form, and one pass that puts the values in.
 */
export { token };

export function hasToken(text: string): boolean {
  return text.includes(OPEN);
}

/** `text` with each token in its marked form, to be filled with another escape. */
export function markTokens(text: string): string {
  return text.replaceAll(OPEN, MARKED_OPEN).replaceAll(CLOSE, MARKED_CLOSE);
}

const EITHER_TOKEN = new RegExp(`${TOKEN_PATTERN.source}|${MARKED_PATTERN.source}`, 'g');

/**
 * `text` with the values in place of their tokens, each escaped by `escape` (a marked
 * token by `escapeMarked`), in one pass: a value is never read again, so a value that
 * looks like a token stays the text it is. Undefined if a token has no value or a
 * reserved character is left that is not part of a token.
 */
export function fillTokens(text: string, values: ReadonlyMap<string, string>, escape: (value: string) => string, escapeMarked = escape): string | undefined {
  let out = '';
  let at = 0;
  EITHER_TOKEN.lastIndex = 0;
  for (let m = EITHER_TOKEN.exec(text); m; m = EITHER_TOKEN.exec(text)) {
    const gap = text.slice(at, m.index);
    if (RESERVED_CHARS.test(gap)) return undefined;
    const value = values.get(m[1] ?? m[2]!);
    if (value === undefined) return undefined;
    out += gap + (m[1] !== undefined ? escape(value) : escapeMarked(value));
    at = m.index + m[0].length;
  }
  const rest = text.slice(at);
  return RESERVED_CHARS.test(rest) ? undefined : out + rest;
}
