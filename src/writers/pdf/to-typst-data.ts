import { createHash } from 'node:crypto';
import type { Nodes, Parents, PhrasingContent, Root, RootContent, TableCell } from 'mdast';
import { editionRows as sharedRows } from '../shared/edition-rows.ts';
import { assetBytes } from '../shared/figures.ts';
import { CHANGES_COLUMNS, CHANGES_TABLE, CHANGES_TITLE, changeFacts, changeRows, NO_CHANGES } from '../shared/change-summary.ts';
import { CONTENTS_TITLE, HISTORY_COLUMNS, HISTORY_TITLE, historyRows } from '../shared/history.ts';
import { accentHex, accentTint, houseStyle, logoOf } from '../shared/house-style.ts';
import { isolateMeta } from '../../document/bidi.ts';
import { editionIdOf } from '../../document/edition-id.ts';
import type { Asset, Edition, EditionMeta } from '../../document/types.ts';
import { isLinkable } from '../../document/urls.ts';
import type { ListNumbering, ListTag } from './list-numbering.ts';

/**
 * The JSON the Typst template (templates/pdf/edition.typ) reads as *data*: every
 * piece of text is a JSON string that Typst shows as a string value, never parses
 * as markup, so no character of a policy or a school's config can become Typst code.
 */
export interface TypstData {
  meta: {
    title: string;
    school: string;
    version: string;
    review: string;
    owner: string;
    keywords: string[];
    /** The edition's ID, printed in every page's footer and kept in the document's keywords. */
    edition: string;
    /** The house style's accent, "#1d4f91" (six hex digits, checked here). */
    accent: string;
    /** A table header's fill: the accent mixed with white ("#dfe6f0"). */
    tint: string;
    /** The house style's logo, shown above the title. */
    logo: Picture | null;
    /** "Draft for approval by the Governing Body" on every page of a draft edition; none otherwise. */
    draft: string | null;
  };
  blocks: Block[];
}

/**
 * An embedded image: `image` is the name the writer gives its bytes (a digest and
 * the type, "3f…a1.svg"), which the compiler maps in memory under assets/; never a
 * path from a policy. Width and height are its intrinsic size in points.
 */
export interface Picture {
  image: string;
  alt: string;
  width: number;
  height: number;
}

/** Text runs: a plain string, or a styled or linked run of them. */
export type Inline =
  | string
  | { type: 'strong' | 'emphasis' | 'delete'; children: Inline[] }
  /** A change summary's marks: text inserted or deleted since the old edition, and a clause's change label (the summary's table links to it). */
  | { type: 'inserted' | 'deleted'; children: Inline[] }
  | { type: 'change'; label: string; anchor: string }
  | { type: 'link'; url: string; children: Inline[] }
  | { type: 'xref'; target: string; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'break' }
  /** A line-break opportunity that adds no character (inside a long email address or URL). */
  | { type: 'wbr' }
  | { type: 'footnote'; blocks: Block[] };

export interface Item {
  /** The text printed before the item: "2.1", "IV.", "(a)", "3." or a bullet. */
  marker: string;
  /** The label cross-references jump to. */
  anchor: string | null;
  blocks: Block[];
}

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: number; marker: string | null; anchor: string | null; children: Inline[] }
  | { type: 'list'; kind: 'clauses' | 'roman' | 'decimal' | 'alpha' | 'ordered' | 'bullet'; tight: boolean; items: Item[] }
  | { type: 'table'; align: ('left' | 'center' | 'right' | null)[]; header: Inline[][]; rows: Inline[][][]; caption: string | null; name: string | null }
  | ({ type: 'figure'; caption: string | null } & Picture)
  | { type: 'contents'; title: string }
  | { type: 'history'; title: string; columns: string[]; rows: string[][] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'codeblock'; text: string }
  | { type: 'rule' }
  | { type: 'edition'; rows: [string, string][] }
  | { type: 'changes'; title: string; facts: [string, string][]; caption: string; columns: string[]; rows: { cells: string[]; anchor: string }[]; none: string | null }
  | { type: 'signatures'; intro: Inline[] | null; keep: boolean; signatories: { role: string; name: string | null; keep: boolean }[] };

const BULLETS = ['•', '–', '◦'];

/** The rows of the edition block, as plain strings for Typst. */
export function editionRows(meta: EditionMeta): [string, string][] {
  return sharedRows(meta).map(([label, value]) => [label, plain(value)]);
}

/** mdast tree + metadata → the template's data. */
export function toTypstData(edition: Edition): TypstData {
  const { tree } = edition;
  // Values in the tree come isolated (../../document/bidi.ts); the metadata's are isolated here.
  const meta = isolateMeta(edition.meta);
  return {
    meta: {
      title: plain(meta.title),
      school: plain(meta.schoolName),
      version: plain(meta.version),
      review: plain(meta.reviewText),
      owner: plain(meta.owner),
      keywords: meta.keywords.map(plain),
      edition: editionIdOf(edition),
      accent: `#${accentHex(houseStyle(edition.meta)).toLowerCase()}`,
      tint: `#${accentTint(houseStyle(edition.meta)).toLowerCase()}`,
      logo: logoPicture(edition, meta),
      draft: meta.adoption?.draft ? plain(meta.adoption.text) : null,
    },
    blocks: new Converter(meta, tree, edition.assets ?? {}).convert(tree),
  };
}

class Converter {
  private readonly meta: EditionMeta;
  /** Anchors that exist once in the tree: only these become labels and link targets. */
  private readonly anchors: Set<string>;
  private readonly labelled = new Set<string>();
  /** Anchors cross-references point to. */
  private readonly targets = new Set<string>();
  private readonly footnotes = new Map<string, RootContent[]>();
  private readonly definitions = new Map<string, string>();
  /** Heading levels as printed: never deeper than one below the previous (PDF/UA forbids skips). */
  private lastLevel = 0;
  private bulletDepth = 0;

  private readonly assets: Record<string, Asset>;

  constructor(meta: EditionMeta, tree: Root, assets: Record<string, Asset>) {
    this.meta = meta;
    this.assets = assets;
    const seen = new Map<string, number>();
    walk(tree, (node) => {
      const anchor = (node.data as { anchor?: unknown } | undefined)?.anchor;
      if (typeof anchor === 'string' && anchor) seen.set(anchor, (seen.get(anchor) ?? 0) + 1);
      if (node.type === 'footnoteDefinition') this.footnotes.set(node.identifier, node.children);
      // The first definition of a name is the one that counts (CommonMark), as in the other writers.
      if (node.type === 'definition' && !this.definitions.has(node.identifier.toUpperCase())) this.definitions.set(node.identifier.toUpperCase(), node.url);
    });
    this.anchors = new Set([...seen].filter(([, count]) => count === 1).map(([anchor]) => anchor));
  }

  convert(tree: Root): Block[] {
    const blocks = this.blocks(tree.children);
    if ([...this.targets].every((t) => this.labelled.has(t))) return blocks;
    // A cross-reference whose target was never printed (say, inside an unused footnote) is plain text.
    return JSON.parse(JSON.stringify(blocks), (_key, value) => {
      if (!Array.isArray(value)) return value;
      return value.flatMap((v: unknown) => {
        const run = v as { type?: string; target?: string; children?: Inline[] };
        return run?.type === 'xref' && !this.labelled.has(run.target!) ? run.children : [v];
      });
    }) as Block[];
  }

  blocks(nodes: RootContent[]): Block[] {
    const out: Block[] = [];
    for (const node of nodes) {
      if (node.type === 'signatureBlock') {
        // A short lead-in ("Signed and dated:") stays on the signatures' page.
        const previous = out[out.length - 1];
        const intro = previous?.type === 'paragraph' && isLeadIn(previous.children) ? previous.children : null;
        if (intro) out.pop();
        const signatories = node.signatories.map((s) => {
          const role = plain(s.role);
          const name = s.name?.trim() ? plain(s.name) : null;
          return { role, name, keep: role.length + (name?.length ?? 0) <= KEEP_TOGETHER_CHARS };
        });
        // Kept on one page, unless the text is too long to fit on one: then it may break
        // rather than overflow into the footer.
        const keep = signatories.every((s) => s.keep) && signatories.reduce((n, s) => n + s.role.length + (s.name?.length ?? 0), 0) <= KEEP_TOGETHER_CHARS;
        out.push({ type: 'signatures', intro, keep, signatories });
        continue;
      }
      const block = this.block(node);
      if (block) out.push(block);
    }
    return out;
  }

  private block(node: RootContent): Block | undefined {
    switch (node.type) {
      case 'paragraph':
        return { type: 'paragraph', children: this.inlines(node.children) };
      case 'heading': {
        const children = this.inlines(node.children);
        const marker = node.data?.marker ?? null;
        // A heading with nothing to show is no heading (PDF/UA refuses empty ones).
        if (!marker && !children.some((c) => typeof c !== 'string' || c.trim())) return undefined;
        const level = Math.min(node.depth, this.lastLevel + 1);
        this.lastLevel = level;
        return { type: 'heading', level, marker, anchor: this.label(node.data?.anchor), children };
      }
      case 'list':
        return this.list(node);
      case 'table':
        return {
          ...this.table(node.children.map((row) => row.children), node.align ?? []),
          caption: node.data?.caption ? plain(node.data.caption) : null,
          name: node.data?.name ? plain(node.data.name) : null,
        };
      case 'figure': {
        const asset = this.assets[node.file];
        // An edition always carries its figures (the document stage sees to it); without one, its alt text stands.
        if (!asset) return { type: 'paragraph', children: breakable(node.alt) };
        return { type: 'figure', ...picture(asset, plain(node.alt)), caption: node.caption ? plain(node.caption) : null };
      }
      case 'contentsBlock':
        return { type: 'contents', title: CONTENTS_TITLE };
      case 'historyBlock':
        return { type: 'history', title: HISTORY_TITLE, columns: [...HISTORY_COLUMNS], rows: historyRows(node.entries).map((r) => r.map(plain)) };
      case 'blockquote':
        return { type: 'quote', blocks: this.blocks(node.children) };
      case 'code':
        return { type: 'codeblock', text: node.value };
      case 'thematicBreak':
        return { type: 'rule' };
      case 'editionBlock':
        return { type: 'edition', rows: editionRows(this.meta) };
      case 'changeSummary': {
        const rows = changeRows(node).map((r) => ({ cells: r.cells.map(plain), anchor: r.anchor }));
        return { type: 'changes', title: CHANGES_TITLE, facts: changeFacts(node), caption: CHANGES_TABLE, columns: [...CHANGES_COLUMNS], rows, none: rows.length ? null : NO_CHANGES };
      }
      case 'footnoteDefinition':
      case 'definition':
      case 'yaml':
        return undefined;
      default: {
        // Inline content at block level (raw HTML turned to text, for one) is a paragraph.
        const children = this.inlines([node as PhrasingContent]);
        return children.length ? { type: 'paragraph', children } : undefined;
      }
    }
  }

  private list(node: Extract<RootContent, { type: 'list' }>): Block {
    const kind = node.data?.kind ?? (node.ordered ? 'ordered' : 'bullet');
    const start = node.start ?? 1;
    const bullet = BULLETS[this.bulletDepth % BULLETS.length]!;
    if (!node.ordered) this.bulletDepth += 1;
    const items = node.children.map((item, i): Item => {
      const task = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
      const blocks = this.blocks(item.children);
      if (task) {
        const first = blocks[0];
        if (first?.type === 'paragraph' && typeof first.children[0] === 'string') first.children[0] = task + first.children[0];
        else if (first?.type === 'paragraph') first.children.unshift(task);
        else blocks.unshift({ type: 'paragraph', children: [task] });
      }
      return {
        marker: item.data?.marker ?? (node.ordered ? `${start + i}.` : bullet),
        anchor: this.label(item.data?.anchor),
        blocks,
      };
    });
    if (!node.ordered) this.bulletDepth -= 1;
    return { type: 'list', kind, tight: node.spread !== true, items };
  }

  private table(rows: TableCell[][], align: (string | null)[]): Omit<Extract<Block, { type: 'table' }>, 'caption' | 'name'> {
    const width = Math.max(1, ...rows.map((r) => r.length));
    const cells = (row: TableCell[] = []) => Array.from({ length: width }, (_, i) => this.inlines(row[i]?.children ?? []));
    return {
      type: 'table',
      align: Array.from({ length: width }, (_, i) => {
        const a = align[i];
        return a === 'left' || a === 'center' || a === 'right' ? a : null;
      }),
      header: cells(rows[0]),
      rows: rows.slice(1).map(cells),
    };
  }

  private inlines(nodes: PhrasingContent[]): Inline[] {
    const out: Inline[] = [];
    const push = (run: Inline) => {
      if (typeof run === 'string') {
        if (!run) return;
        const last = out[out.length - 1];
        if (typeof last === 'string') {
          out[out.length - 1] = last + run;
          return;
        }
      }
      out.push(run);
    };
    const text = (value: string) => {
      for (const run of breakable(value)) push(run);
    };
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
        case 'html':
          text(node.value);
          break;
        case 'strong':
        case 'emphasis':
        case 'delete':
          push({ type: node.type, children: this.inlines(node.children) });
          break;
        case 'insertedText':
          push({ type: 'inserted', children: breakable(node.value) });
          break;
        case 'deletedText':
          push({ type: 'deleted', children: breakable(node.value) });
          break;
        case 'changeLabel':
          push({ type: 'change', label: `[${node.label}]`, anchor: node.anchor });
          break;
        case 'inlineCode':
          push({ type: 'code', text: node.value });
          break;
        case 'break':
          push({ type: 'break' });
          break;
        case 'link':
          for (const run of this.link(node.url, this.inlines(node.children))) push(run);
          break;
        case 'linkReference': {
          const url = this.definitions.get(node.identifier.toUpperCase());
          const children = this.inlines(node.children);
          for (const run of url === undefined ? children : this.link(url, children)) push(run);
          break;
        }
        case 'image':
        case 'imageReference':
          // Images render as their alt text: a PDF never fetches or embeds anything named by a source.
          text(node.alt ?? '');
          break;
        case 'footnoteReference': {
          const body = this.footnotes.get(node.identifier);
          if (body) push({ type: 'footnote', blocks: this.blocks(body) });
          break;
        }
        default: {
          const children = (node as { children?: PhrasingContent[] }).children;
          if (children) for (const c of this.inlines(children)) push(c);
          else if (typeof (node as { value?: unknown }).value === 'string') text((node as { value: string }).value);
        }
      }
    }
    return out;
  }

  /** A link to a label of this edition or to an allowed address (../../document/urls.ts); anything else is just its text. */
  private link(url: string, children: Inline[]): Inline[] {
    const body = children.length ? children : breakable(url);
    if (url.startsWith('#')) {
      const target = decodeFragment(url.slice(1));
      if (!this.anchors.has(target)) return body;
      this.targets.add(target);
      return [{ type: 'xref', target, children: body }];
    }
    return isLinkable(url) && url.length <= 2000 ? [{ type: 'link', url, children: body }] : body;
  }

  /** An anchor becomes a label only once, and only if nothing else claims it. */
  private label(anchor: string | undefined): string | null {
    if (!anchor || !this.anchors.has(anchor) || this.labelled.has(anchor)) return null;
    this.labelled.add(anchor);
    return anchor;
  }
}

/** The name an asset's bytes get in the compiler's memory: a digest and its type. */
export function imageName(asset: Asset): string {
  return `${createHash('sha256').update(asset.base64).digest('hex').slice(0, 32)}.${asset.mime === 'image/png' ? 'png' : 'svg'}`;
}

function picture(asset: Asset, alt: string): Picture {
  // CSS pixels to points.
  return { image: imageName(asset), alt, width: Math.max(1, asset.width) * 0.75, height: Math.max(1, asset.height) * 0.75 };
}

function logoPicture(edition: Edition, meta: EditionMeta): Picture | null {
  const logo = logoOf(edition);
  return logo ? picture(logo, plain(`${meta.laName ?? meta.owner} logo`)) : null;
}

/** The images an edition's data names, by name, with their bytes: its figures and its logo. */
export function imageFiles(edition: Edition): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const asset of Object.values(edition.assets ?? {})) files.set(imageName(asset), assetBytes(asset));
  return files;
}

/** Runs longer than this may break after URL punctuation… */
const LONG = 18;
/** …and runs longer than this (no word is) every PIECE characters too. */
const UNBROKEN = 30;
const PIECE = 16;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
/**
 * A web address Typst breaks by itself (text starting "www." or a scheme and "://"): it
 * gets no opportunities of ours, which would cut a link into one region per piece.
 */
const TYPST_BREAKS = /^(?:www\.|[a-z][a-z0-9+.-]*:\/\/)\S/iu;

/**
 * Text with line-break opportunities inside long unbroken runs (email addresses,
 * URLs, identifiers), so nothing overflows a table cell or the page: after URL
 * punctuation, and every few characters of a run that is still too long. The
 * opportunities add no character to the PDF's text.
 */
export function breakable(raw: string): Inline[] {
  const text = plain(raw);
  if (!/\S{19}/u.test(text)) return text ? [text] : [];
  const out: Inline[] = [];
  let run = '';
  for (const token of text.split(/(\s+)/u)) {
    const graphemes = Array.from(segmenter.segment(token), (s) => s.segment);
    if (graphemes.length <= LONG || TYPST_BREAKS.test(token)) {
      run += token;
      continue;
    }
    const forced = graphemes.length > UNBROKEN ? PIECE : Infinity;
    let piece = 0;
    graphemes.forEach((g, i) => {
      run += g;
      piece += 1;
      const last = i === graphemes.length - 1;
      if (!last && (/^[/.@_?&=#:;,\\|~+]$/u.test(g) || piece >= forced)) {
        out.push(run, { type: 'wbr' });
        run = '';
        piece = 0;
      }
    });
  }
  if (run) out.push(run);
  return out;
}

/**
 * Text as it reads: a Markdown soft line break, a tab or a run of spaces is one
 * space (Typst would print a newline in a string as a line break, and a tab as
 * nothing). No-break spaces stay.
 */
export function plain(text: string): string {
  return text.replace(/[\t\n\v\f\r \u0085\u2028\u2029]+/g, ' ');
}

/**
 * How much signatory text (roles and names) a signature block may carry and still be
 * kept on one page: 1,200 characters is about 14 lines, and the block's ruled lines
 * take another 15 or so of a page's 50.
 */
const KEEP_TOGETHER_CHARS = 1200;

/** A short paragraph ending in a colon introduces what follows it. */
function isLeadIn(children: Inline[]): boolean {
  const last = children[children.length - 1];
  return typeof last === 'string' && /:\s*$/.test(last) && JSON.stringify(children).length <= 200;
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  const children = (node as Parents).children as Nodes[] | undefined;
  if (children) for (const child of children) walk(child, visit);
}

/**
 * The edition's lists in the order the PDF's structure tree holds them (each before the
 * lists inside it), with the numbering their markers show (../pdf/list-numbering.ts).
 */
export function listTags(blocks: readonly Block[]): ListTag[] {
  const out: ListTag[] = [];
  const inlines = (runs: readonly Inline[]) => {
    for (const run of runs) {
      if (typeof run === 'string') continue;
      if (run.type === 'footnote') visit(run.blocks);
      else if ('children' in run) inlines(run.children);
    }
  };
  const visit = (list: readonly Block[]) => {
    for (const block of list) {
      if (block.type === 'list') {
        out.push({ numbering: numberingOf(block.kind, block.items[0]?.marker ?? ''), items: block.items.length });
        for (const item of block.items) visit(item.blocks);
      } else if (block.type === 'quote') visit(block.blocks);
      else if (block.type === 'paragraph' || block.type === 'heading') inlines(block.children);
      else if (block.type === 'table') for (const cell of [...block.header, ...block.rows.flat()]) inlines(cell);
      else if (block.type === 'signatures' && block.intro) inlines(block.intro);
    }
  };
  visit(blocks);
  return out;
}

function numberingOf(kind: Extract<Block, { type: 'list' }>['kind'], marker: string): ListNumbering {
  const letter = /\p{L}/u.exec(marker)?.[0] ?? '';
  const upper = letter !== '' && letter === letter.toUpperCase();
  switch (kind) {
    case 'roman':
      return upper ? 'UpperRoman' : 'LowerRoman';
    case 'alpha':
      return upper ? 'UpperAlpha' : 'LowerAlpha';
    case 'bullet':
      return marker === '•' ? 'Disc' : marker === '◦' ? 'Circle' : marker === '▪' || marker === '■' ? 'Square' : 'None';
    default:
      return 'Decimal';
  }
}
