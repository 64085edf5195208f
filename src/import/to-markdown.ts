import { citedItem } from '../legislation/entries.ts';
import { findCitations } from '../legislation/citations.ts';
import type { Register } from '../legislation/register-entry.ts';
import type { School } from '../schools/school.ts';
import { plain, type Block, type Cell, type Inline, type ListItem, type Note } from './html-blocks.ts';
import type { ParagraphInfo, Unmapped } from './word-xml.ts';
import { roman } from './word-xml.ts';

/**
 * The recogniser: mammoth's blocks (with Word's numbers already turned into text) become
 * policyc's source format. Structure is recognised, not copied: typed or Word numbers are
 * stripped and left to the computed numbering, school data becomes placeholders and
 * partials, and everything that is not carried over is reported.
 */

export interface ImageData { bytes: Uint8Array; contentType: string; alt: string }

export interface RecogniseInput {
  id: string;
  blocks: Block[];
  notes: Map<string, Note>;
  paragraphs: Map<number, ParagraphInfo>;
  images: Map<string, ImageData>;
  coreTitle?: string;
  school?: School;
  register: Register;
}

export interface Substitution { paragraph?: number; placeholder: string; value: string }
export interface PartialUse { paragraph?: number; partial: string; replaced: string }
export interface NumberChange { paragraph?: number; was: string; now: string }
export interface Reference { paragraph?: number; written: string; label: string }
export interface CitationFound { paragraph?: number; written: string; entry?: string; verdict: string; message?: string }

export interface Recognised {
  body: string;
  title?: string;
  /** Values read from the edition block or typed metadata lines. */
  meta: Record<string, { value: string; from: string }>;
  numbering: 'roman' | 'decimal';
  figures: { name: string; bytes: Uint8Array; alt: string; paragraph?: number }[];
  counts: Record<string, number>;
  substitutions: Substitution[];
  partials: PartialUse[];
  numbers: NumberChange[];
  /** Cross-references made: the number as written, and the label now on its target. */
  references: Reference[];
  citations: CitationFound[];
  unmapped: Unmapped[];
  /** Text taken out of the body into the front matter or dropped as policyc's own edition block (for the word accounting). */
  dropped: string[];
  /** policyc's document-control table, read back into the front matter's `history:` (dates as written). */
  history?: { version: string; date: string; summary: string; approvedBy: string }[];
  /** A contents list (Word's TOC field or its TOC-styled lines): the front matter's `contents: true`. */
  contents?: boolean;
  /** The policies a clause says this one is read in conjunction with: the front matter's `related-policies`. */
  relatedPolicies?: string[];
}

// ---------- numbers ----------

type NumberKind = 'decimal' | 'integer' | 'roman' | 'letter';
interface NumberPrefix { kind: NumberKind; text: string; parts: string[]; length: number }

const PREFIX = /^[ \t]*(?:(\d+(?:\.\d+)+)\.?|(\d+)[.)]|\(?(\d+)\)|([ivxlcdm]+)[.)]|\(([ivxlcdm]+)\)|([IVXLCDM]+)[.)]|\(([IVXLCDM]+)\)|\(([a-z])\)|([a-z])[.)]|\(([A-Z])\)|([A-Z])\))(\t|[ \u00a0]+)/;

export function numberPrefix(text: string, wordNumbered: boolean): NumberPrefix | undefined {
  const m = PREFIX.exec(text);
  if (!m) return undefined;
  const sep = m[12]!;
  const after = text.slice(m[0].length);
  // A typed number needs a tab after it, or a word after it; "I. " with nothing else is not a clause.
  if (!wordNumbered && sep !== '\t' && !/^[\p{L}"“‘'(]/u.test(after)) return undefined;
  const text0 = m[0].trim();
  if (m[1]) return { kind: 'decimal', text: text0, parts: m[1].split('.'), length: m[0].length };
  if (m[2] || m[3]) return { kind: 'integer', text: text0, parts: [m[2] ?? m[3]!], length: m[0].length };
  const romanText = m[4] ?? m[5] ?? m[6] ?? m[7];
  if (romanText) return { kind: 'roman', text: text0, parts: [romanText], length: m[0].length };
  const letter = m[8] ?? m[9] ?? m[10] ?? m[11];
  return { kind: 'letter', text: text0, parts: [letter!], length: m[0].length };
}

/** A heading's number: a clause-like number, or `1 Introduction`, `Section 2: Scope`, `Part 3 – Duties`. */
export function headingPrefix(text: string, wordNumbered: boolean): NumberPrefix | undefined {
  const num = numberPrefix(text, wordNumbered);
  if (num) return num;
  const m = /^[ \t]*(?:(?:Section|Part)[ \t]+)?(\d{1,3})(?:[ \t]*[:.\u2013\u2014-])?[ \t\u00a0]+(?=\p{L})/iu.exec(text);
  return m ? { kind: 'integer', text: m[0].trim(), parts: [m[1]!], length: m[0].length } : undefined;
}

/** An unnumbered first heading before headings that are all numbered at its level: the title typed as a heading. */
function unnumberedBeforeNumbered(first: Extract<Block, { kind: 'heading' }>, blocks: Block[], wordNumbered: (para?: number) => unknown): boolean {
  if (headingPrefix(plain(first.inl), !!wordNumbered(first.para))) return false;
  const others = blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b !== first && b.kind === 'heading' && b.level === first.level);
  return others.length > 0 && others.every((b) => headingPrefix(plain(b.inl), !!wordNumbered(b.para)));
}

const BULLET = /^[ \t]*[•·▪●○■◦‣∙\-–*][ \t]+/;

// ---------- inline helpers ----------

function stripStart(inl: Inline[], count: number): Inline[] {
  let left = count;
  const out: Inline[] = [];
  for (const i of inl) {
    if (left <= 0) { out.push(i); continue; }
    if (i.t === 'text') {
      if (i.s.length <= left) { left -= i.s.length; continue; }
      out.push({ t: 'text', s: i.s.slice(left) });
      left = 0;
    } else if (i.t === 'br' || i.t === 'img' || i.t === 'note') out.push(i);
    else {
      const len = plain(i.c).length;
      if (len <= left) { left -= len; continue; }
      out.push({ ...i, c: stripStart(i.c, left) } as Inline);
      left = 0;
    }
  }
  return trimStart(out);
}

function trimStart(inl: Inline[]): Inline[] {
  const out = [...inl];
  while (out[0]?.t === 'text' && !out[0].s.trim()) out.shift();
  if (out[0]?.t === 'text') out[0] = { t: 'text', s: out[0].s.replace(/^[\s\u00a0]+/, '') };
  return out;
}

function unwrap(inl: Inline[], kinds: string[]): Inline[] {
  return inl.flatMap((i) => ('c' in i && kinds.includes(i.t) ? unwrap(i.c, kinds) : [i]));
}

const norm = (s: string) => s.normalize('NFC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
const same = (a: string, b: string) => norm(a).toLowerCase() === norm(b).toLowerCase();

function escapeText(s: string): string {
  return s
    .replace(/[\\`*_[\]<>~|&]/g, '\\$&')
    .replace(/\{/g, '\\{')
    .replace(/\t/g, ' ')
    .replace(/\u00a0/g, '\u00a0');
}

/** Escapes what would start a block at the start of a line. */
function escapeLineStart(md: string): string {
  return md.replace(/^([ ]*)(#|>|\+|-(?=\s)|=|(\d+)([.)])(?=\s|$))/, (all, sp: string, mark: string, digits?: string, dot?: string) => (digits ? `${sp}${digits}\\${dot}` : `${sp}\\${mark}`));
}

function slug(text: string): string {
  const stop = new Set(['the', 'a', 'an', 'of', 'and', 'to', 'in', 'for', 'on', 'or', 'by', 'is', 'are', 'be', 'this', 'that', 'all']);
  const ws = (norm(text).toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !stop.has(w)).slice(0, 4);
  return ws.join('-') || 'target';
}

// ---------- the model ----------

type Item =
  | { type: 'section'; inl: Inline[]; numbered: boolean; para?: number; bookmarks: string[]; was?: string; now?: string; label?: string }
  | { type: 'subheading'; level: number; inl: Inline[]; para?: number; label?: string; bookmarks: string[] }
  | { type: 'clause'; depth: number; inl: Inline[]; para?: number; bookmarks: string[]; was: string; now?: string; label?: string; scheme?: 'decimal' | 'roman' }
  | { type: 'para'; inl: Inline[]; indent: number; para?: number; title?: string }
  | { type: 'bullets'; items: ListItem[]; indent: number; para?: number }
  | { type: 'table'; rows: Cell[][]; headerRows: number; caption?: string; indent: number; para?: number }
  | { type: 'raw'; md: string; indent: number; para?: number };

const EDITION_LABELS: Record<string, string> = {
  school: 'school', version: 'version', approved: 'approved', 'date approved': 'approved', 'approval date': 'approved',
  'review by': 'review', 'review date': 'review', 'next review': 'review', 'next review date': 'review',
  'applies to': 'applies-to', owner: 'owner', 'policy owner': 'owner',
  // The school's adoption (its register, not the policy's front matter): dropped like the school.
  adoption: 'adoption',
};

export function recognise(input: RecogniseInput): Recognised {
  const { school } = input;
  const out: Recognised = { body: '', meta: {}, numbering: 'roman', figures: [], counts: {}, substitutions: [], partials: [], numbers: [], references: [], citations: [], unmapped: [], dropped: [] };
  const count = (k: string, n = 1) => (out.counts[k] = (out.counts[k] ?? 0) + n);
  const blocks = input.blocks.filter((b) => !(b.kind === 'p' && !plain(b.inl).trim() && !b.inl.some((i) => i.t === 'img')));
  const wordNumbered = (para?: number) => (para === undefined ? undefined : input.paragraphs.get(para)?.numbering);

  // ---- title and what policyc's own edition carries ----
  let at = 0;
  const first = blocks[0];
  const headingLevels = blocks.filter((b) => b.kind === 'heading').map((b) => (b as { level: number }).level);
  if (first?.kind === 'p' && first.cls === 'title') {
    out.title = norm(plain(first.inl));
    at = 1;
  } else if (first?.kind === 'heading' && (input.coreTitle && same(plain(first.inl), input.coreTitle)
    || headingLevels.filter((l) => l <= first.level).length === 1 && headingLevels.length > 1
    || unnumberedBeforeNumbered(first, blocks, wordNumbered))) {
    out.title = norm(plain(first.inl));
    at = 1;
  } else if (input.coreTitle) out.title = input.coreTitle;
  if (out.title) count('title');
  const sub = blocks[at];
  if (at > 0 && sub?.kind === 'p' && sub.cls === 'subtitle') {
    const text = norm(plain(sub.inl));
    out.dropped.push(text);
    out.unmapped.push({ kind: 'other', paragraph: sub.para, text, note: school && same(text, school.name) ? "the edition's subtitle (the school's name): dropped, every edition prints its school" : 'a subtitle: dropped (the source has none; put it in the title or the first paragraph if it matters)' });
    at++;
  }

  // ---- sections ----
  // A contents list Word printed (its TOC styles): dropped, it is made from the headings.
  const toc = blocks.slice(at).filter((b) => b.kind === 'p' && b.cls === 'toc');
  if (toc.length) {
    const text = toc.map((b) => plain((b as { inl: Inline[] }).inl)).join('\n');
    out.contents = true;
    out.dropped.push(text);
    count('contents');
    out.unmapped.push({ kind: 'other', paragraph: toc[0]!.para, text, note: `a contents list (${toc.length} line${toc.length === 1 ? '' : 's'} in Word's TOC styles): not copied; \`contents: true\` in the front matter makes it from the headings in every format` });
  }
  const rest = blocks.slice(at);
  const levels = rest.filter((b) => b.kind === 'heading').map((b) => (b as { level: number }).level);
  const sectionLevel = levels.length ? Math.min(...levels) : undefined;
  const headingNumbered = rest.some((b) => b.kind === 'heading' && b.level === sectionLevel && headingPrefix(plain(b.inl), !!wordNumbered(b.para)));
  if (sectionLevel !== undefined && !headingNumbered && rest.some((b) => b.kind === 'heading' && b.level === sectionLevel)) {
    out.unmapped.push({ kind: 'numbering', text: '', note: 'the Word document\'s section headings have no numbers; the source numbers them 1., 2., … (put {-} after a heading to keep it unnumbered)' });
  }
  const items: Item[] = [];
  let depth = 0; // the clause depth the next continuation belongs to
  let section: Extract<Item, { type: 'section' }> | undefined;
  let sectionNo = 0;
  let clauseNo = 0;
  let subNo = 0;
  let subsubNo = 0;
  let lastLetter = '';
  let lastLetterDepth = 0;
  let pendingCaption: string | undefined;
  let inPreamble = true;

  const nowNumber = (d: number, scheme: 'decimal' | 'roman') => {
    if (d === 1) return `${sectionNo}.${clauseNo}`;
    if (d === 2) return scheme === 'decimal' ? `${sectionNo}.${clauseNo}.${subNo}` : `${roman(subNo)}.`;
    return `(${String.fromCharCode(96 + subsubNo)})`;
  };

  /** The left indent of the last clause at each depth, where Word says it. */
  const clauseIndents: (number | undefined)[] = [];
  /**
   * A paragraph after a clause continues it; with a sub-clause before it, Word's indent says
   * whether it continues the sub-clause or the clause (text indented as far as the clause's).
   */
  const continuationDepth = (para?: number): number => {
    const indent = para === undefined ? undefined : input.paragraphs.get(para)?.indent;
    if (indent === undefined || depth < 2) return depth;
    for (let d = depth; d >= 1; d--) {
      const at = clauseIndents[d];
      if (at === undefined) return depth;
      if (indent >= at) return d;
    }
    return depth;
  };

  const addClause = (d: number, inl: Inline[], b: { para?: number; bookmarks: string[] }, was: string, scheme: 'decimal' | 'roman') => {
    clauseIndents[d] = b.para === undefined ? undefined : input.paragraphs.get(b.para)?.indent;
    clauseIndents.length = d + 1;
    if (d === 1) { clauseNo++; subNo = 0; subsubNo = 0; }
    else if (d === 2) { subNo++; subsubNo = 0; }
    else subsubNo++;
    const item: Item = { type: 'clause', depth: d, inl, para: b.para, bookmarks: b.bookmarks, was, scheme };
    item.now = nowNumber(d, scheme);
    items.push(item);
    depth = d;
    count(d === 1 ? 'clauses' : d === 2 ? 'subClauses' : 'subSubClauses');
    if (wordNumbered(b.para)) count('wordNumbered');
    else count('typedNumbers');
  };

  const startSection = (inl: Inline[], numbered: boolean, b: { para?: number; bookmarks: string[] }, was?: string) => {
    if (numbered) { sectionNo++; count('sections'); } else count('unnumberedSections');
    clauseNo = 0; subNo = 0; subsubNo = 0; depth = 0;
    section = { type: 'section', inl, numbered, para: b.para, bookmarks: b.bookmarks, was, now: numbered ? `${sectionNo}.` : undefined };
    items.push(section);
    inPreamble = false;
  };

  let decimalSubs = 0;
  let romanSubs = 0;
  for (let i = 0; i < rest.length; i++) {
    const b = rest[i]!;
    if (b.kind === 'p' && b.cls === 'toc') {
      // Where policyc puts it (after the edition block) unless the document has it further on.
      if (b === toc[0] && !inPreamble) items.push({ type: 'raw', md: '{{contents}}', indent: 0, para: b.para });
      continue;
    }
    if (b.kind === 'heading') {
      const text = plain(b.inl);
      const num = headingPrefix(text, !!wordNumbered(b.para));
      if (b.level === sectionLevel) {
        const inl = num ? stripStart(b.inl, num.length) : b.inl;
        startSection(unwrap(inl, ['strong', 'em']), !headingNumbered || !!num, b, num?.text);
        if (num && num.text.replace(/[.)]$/, '') !== String(sectionNo)) out.numbers.push({ paragraph: b.para, was: num.text, now: `${sectionNo}.` });
      } else {
        items.push({ type: 'subheading', level: Math.min(6, 2 + (b.level - (sectionLevel ?? 1) - 1)), inl: unwrap(num ? stripStart(b.inl, num.length) : b.inl, ['strong', 'em']), para: b.para, bookmarks: b.bookmarks });
        if (num) {
          out.numbers.push({ paragraph: b.para, was: num.text, now: '' });
          out.dropped.push(num.text);
        }
        count('subHeadings');
        depth = 0;
      }
      continue;
    }
    if (b.kind === 'table') {
      const history = documentControl(b.rows, b.headerRows);
      if (history && (pendingCaption === undefined || same(pendingCaption, 'Document control'))) {
        // policyc's own document-control table: the front matter's `history:`, in the place it was.
        out.history = history;
        out.dropped.push(...b.rows.flatMap((r) => r.map(cellTextOf)));
        count('documentControl');
        if (!inPreamble) items.push({ type: 'raw', md: '{{document-control}}', indent: 0, para: b.para });
        pendingCaption = undefined;
        depth = 0;
        continue;
      }
      // Word cannot say whether a table belongs to the clause before it: it goes at section level.
      items.push({ type: 'table', rows: b.rows, headerRows: b.headerRows, caption: pendingCaption, indent: 0, para: b.para });
      pendingCaption = undefined;
      depth = 0;
      continue;
    }
    if (b.kind === 'list') {
      items.push({ type: 'bullets', items: b.items, indent: 3 * depth, para: b.para });
      continue;
    }
    // A paragraph.
    const text = plain(b.inl);
    const caption = /^\s*Table(?:\s+\d+)?\s*[:.\u2013-]\s*(.+)$/.exec(text);
    if (caption && rest[i + 1]?.kind === 'table') {
      pendingCaption = caption[1]!.trim();
      out.dropped.push(caption[0]);
      count('tableCaptions');
      continue;
    }
    // A caption paragraph (Word's Caption style) directly before a table is the table's.
    if (b.cls === 'caption' && rest[i + 1]?.kind === 'table' && text.trim()) {
      pendingCaption = norm(text);
      out.dropped.push(text);
      if (!same(text, 'Document control') || !documentControl((rest[i + 1] as { rows: Cell[][] }).rows, (rest[i + 1] as { headerRows: number }).headerRows)) count('tableCaptions');
      continue;
    }
    if (inPreamble && sectionLevel !== undefined) {
      const meta = /^\s*([A-Za-z][A-Za-z ]{1,20}?)\s*[:\u2013]\s*(.+)$/.exec(text);
      const key = meta ? EDITION_LABELS[meta[1]!.toLowerCase()] : undefined;
      if (meta && key && key !== 'school' && key !== 'adoption') {
        out.meta[key] = { value: meta[2]!.trim(), from: `paragraph ${b.para ?? '?'}` };
        out.dropped.push(text);
        continue;
      }
    }
    const wn = wordNumbered(b.para);
    const num = numberPrefix(text, !!wn);
    // Without headings, short numbered paragraphs followed by their clauses are the sections.
    if (sectionLevel === undefined && num?.kind === 'integer' && text.length < 90 && !/[.;:]\s*$/.test(text)) {
      startSection(unwrap(stripStart(b.inl, num.length), ['strong', 'em']), true, b, num.text);
      if (num.text.replace(/[.)]$/, '') !== String(sectionNo)) out.numbers.push({ paragraph: b.para, was: num.text, now: `${sectionNo}.` });
      continue;
    }
    if (num && !inPreamble) {
      let d: number;
      let scheme: 'decimal' | 'roman' = 'roman';
      if (num.kind === 'decimal') {
        d = Math.min(3, num.parts.length - 1);
        if (num.parts.length === 3) { scheme = 'decimal'; decimalSubs++; }
      } else if (num.kind === 'integer') {
        d = wn ? Math.min(3, wn.ilvl + 1) : 1;
        if (d === 2) { scheme = 'decimal'; decimalSubs++; }
      } else if (num.kind === 'roman' && !(lastLetter && num.parts[0]!.length === 1 && num.parts[0]!.toLowerCase().charCodeAt(0) === lastLetter.charCodeAt(0) + 1)) {
        d = 2;
        romanSubs++;
        lastLetter = '';
      } else {
        const letter = num.parts[0]!.toLowerCase();
        // The next letter of a run stays at the run's depth; a new run goes under the item before it.
        d = lastLetter && letter.charCodeAt(0) === lastLetter.charCodeAt(0) + 1 && lastLetterDepth ? lastLetterDepth : depth >= 2 ? 3 : 2;
        lastLetter = letter;
        lastLetterDepth = d;
        if (d === 2) romanSubs++;
      }
      if (d > depth + 1) d = depth + 1;
      if (d === 0) d = 1;
      addClause(d, stripStart(b.inl, num.length), b, num.text, scheme);
      continue;
    }
    if (wn && !num) {
      // Word numbering whose printed form is not a clause number ("Article 1", "Step 1"): a clause, and said so.
      const prefix = wn.text;
      const d = Math.min(3, Math.max(1, wn.ilvl + 1));
      addClause(d > depth + 1 ? depth + 1 : d, stripStart(b.inl, prefix.length), b, prefix, 'roman');
      out.unmapped.push({ kind: 'numbering', paragraph: b.para, text: prefix, note: `Word numbers this paragraph \`${prefix}\`: imported as a clause with a computed number` });
      continue;
    }
    if (BULLET.test(text)) {
      const m = BULLET.exec(text)!;
      const last = items[items.length - 1];
      const item: ListItem = { inl: stripStart(b.inl, m[0].length), para: b.para, bookmarks: b.bookmarks, children: [] };
      if (last?.type === 'bullets' && last.indent === 3 * depth) last.items.push(item);
      else items.push({ type: 'bullets', items: [item], indent: 3 * depth, para: b.para });
      continue;
    }
    const visible = b.inl.filter((x) => !(x.t === 'text' && !x.s.trim()));
    const only = visible.length === 1 ? visible[0]! : undefined;
    if (only?.t === 'img') {
      // A figure: like a table, at section level.
      items.push({ type: 'para', inl: b.inl, indent: 0, para: b.para });
      depth = 0;
      const next = rest[i + 1];
      const alt = only.alt;
      if (next?.kind === 'p' && next.cls === 'caption' && alt && same(plain(next.inl), alt)) {
        // pandoc's caption repeats the alt text.
        out.dropped.push(plain(next.inl));
        i++;
      } else if (next?.kind === 'p' && next.cls === 'caption' && plain(next.inl).trim() && !(rest[i + 2]?.kind === 'table')) {
        // The caption under a figure (Word's Caption style): the figure's title, printed under it.
        (items[items.length - 1] as Extract<Item, { type: 'para' }>).title = norm(plain(next.inl));
        out.dropped.push(plain(next.inl));
        count('figureCaptions');
        i++;
      }
      continue;
    }
    items.push({ type: 'para', inl: b.inl, indent: 3 * continuationDepth(b.para), para: b.para });
  }
  out.numbering = decimalSubs > romanSubs ? 'decimal' : 'roman';
  if (decimalSubs && romanSubs) out.unmapped.push({ kind: 'numbering', text: `${decimalSubs} decimal, ${romanSubs} roman sub-clauses`, note: `the Word document mixes sub-clause numbering; the source uses ${out.numbering} throughout` });
  // Sub-clause numbers as the chosen scheme prints them.
  if (out.numbering === 'decimal') {
    let s = 0; let c = 0; let n = 0;
    for (const it of items) {
      if (it.type === 'section' && it.numbered) { s++; c = 0; }
      if (it.type === 'clause' && it.depth === 1) { c++; n = 0; }
      if (it.type === 'clause' && it.depth === 2) { n++; it.now = `${s}.${c}.${n}`; }
    }
  }
  for (const it of items) {
    if ((it.type === 'clause' || it.type === 'section') && it.was) out.dropped.push(it.was);
    if (it.type !== 'clause') continue;
    const was = it.was.replace(/[.)]$/, '').replace(/^\(/, '');
    const now = (it.now ?? '').replace(/[.)]$/, '').replace(/^\(/, '');
    if (was.toLowerCase() !== now.toLowerCase()) out.numbers.push({ paragraph: it.para, was: it.was, now: it.now ?? '' });
  }

  // ---- cross-references: Word's internal links, and "paragraph 4.2" in the text ----
  const byBookmark = new Map<string, Item>();
  const byNumber = new Map<string, Item>();
  const labels = new Set<string>();
  for (const it of items) {
    if ('bookmarks' in it) for (const bm of it.bookmarks) byBookmark.set(bm, it);
    if (it.type === 'clause' || it.type === 'section') {
      const key = (it.was ?? '').replace(/[.)]$/, '');
      if (key && !byNumber.has(key)) byNumber.set(key, it);
    }
  }
  const labelFor = (it: Item): string => {
    if (!labelled(it)) return '';
    if (it.label) return it.label;
    let base = slug(plain(it.inl));
    if (/^(clause|section|heading)-/.test(base) || !/^[a-z]/.test(base)) base = `ref-${base}`;
    let label = base;
    for (let n = 2; labels.has(label); n++) label = `${base}-${n}`;
    labels.add(label);
    it.label = label;
    return label;
  };

  // ---- school data: placeholders ----
  const values: { value: string; placeholder: string }[] = [];
  if (school) {
    const add = (value: string | undefined, placeholder: string) => {
      if (value && value.trim().length >= 3) values.push({ value, placeholder });
    };
    add(school.name, '{{school.name}}');
    add(school.governingBody, '{{school.governingBody}}');
    // Every role the school names, by its key, plurals first (the longest value wins where one holds another).
    for (const [key, role] of Object.entries(school.roles)) {
      add(role.plural, `{{school.roles.plural.${key}}}`);
      add(role.name, `{{school.roles.${key}}}`);
    }
    add(school.la.name, '{{school.la.name}}');
    add(school.hr.name, '{{school.hr.name}}');
    add(school.hr.email, '{{school.hr.email}}');
    values.sort((a, b) => b.value.length - a.value.length);
  }
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const valuePattern = values.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${values.map((v) => esc(v.value)).join('|')})(?![\\p{L}\\p{N}])`, 'gu') : undefined;
  const REF = /\b((?:see|in|under|at|of|with)\s+)?(paragraphs?|para\.?|clauses?|sections?)\s+(\d+(?:\.\d+)*)(?![\d.]*\d)/gi;

  /** Text → Markdown: escaped, with placeholders and references. */
  const textMd = (s: string, para: number | undefined, ctx: { refs: boolean }): string => {
    type Seg = { md: string } | { raw: string };
    let segs: Seg[] = [{ raw: s }];
    if (valuePattern) {
      segs = segs.flatMap((seg) => {
        if (!('raw' in seg)) return [seg];
        const parts: Seg[] = [];
        let last = 0;
        for (const m of seg.raw.matchAll(valuePattern)) {
          const v = values.find((x) => x.value === m[0])!;
          parts.push({ raw: seg.raw.slice(last, m.index) }, { md: v.placeholder });
          out.substitutions.push({ paragraph: para, placeholder: v.placeholder, value: v.value });
          last = m.index! + m[0].length;
        }
        parts.push({ raw: seg.raw.slice(last) });
        return parts;
      });
    }
    if (ctx.refs) {
      segs = segs.flatMap((seg) => {
        if (!('raw' in seg)) return [seg];
        const parts: Seg[] = [];
        let last = 0;
        for (const m of seg.raw.matchAll(REF)) {
          const target = byNumber.get(m[3]!);
          if (!target) continue;
          const label = labelFor(target);
          const numberAt = m.index! + m[0].length - m[3]!.length;
          parts.push({ raw: seg.raw.slice(last, numberAt) }, { md: `[](#${label})` });
          out.references.push({ paragraph: para, written: m[3]!, label });
          count('crossReferences');
          last = numberAt + m[3]!.length;
        }
        parts.push({ raw: seg.raw.slice(last) });
        return parts;
      });
    }
    return segs.map((seg) => ('md' in seg ? seg.md : escapeText(seg.raw))).join('');
  };

  let noteNo = 0;
  const noteIds = new Map<string, number>();
  const noteDefs: string[] = [];

  const linkOk = (href: string) => /^(https?:|mailto:|tel:)/i.test(href);
  const inlineMd = (inl: Inline[], para: number | undefined, ctx: { refs: boolean; cell?: boolean; indent: number }): string => {
    let md = '';
    for (const i of inl) {
      switch (i.t) {
        case 'text': md += textMd(i.s, para, ctx); break;
        case 'br': md += ctx.cell ? '{{br}}' : `{{br}}\n${' '.repeat(ctx.indent)}`; count('lineBreaks'); break;
        case 'strong': case 'em': case 'del': {
          const inner = inlineMd(i.c, para, ctx);
          const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
          const mark = i.t === 'strong' ? '**' : i.t === 'em' ? '*' : '~~';
          md += m[2] ? `${m[1]}${mark}${m[2]}${mark}${m[3]}` : inner;
          if (m[2]) count(i.t === 'strong' ? 'bold' : i.t === 'em' ? 'italic' : 'strikethrough');
          break;
        }
        case 'sup': case 'sub': {
          const text = plain(i.c);
          md += inlineMd(i.c, para, ctx);
          out.unmapped.push({ kind: 'other', paragraph: para, text, note: `${i.t === 'sup' ? 'superscript' : 'subscript'} text: kept as ordinary text` });
          break;
        }
        case 'link': {
          const text = inlineMd(i.c, para, { ...ctx, refs: false });
          if (i.href.startsWith('#')) {
            const target = byBookmark.get(i.href.slice(1));
            if (target && labelled(target)) {
              const label = labelFor(target);
              const printed = norm(plain(i.c)).replace(/[.)]$/, '');
              const number = ('was' in target ? target.was ?? '' : '').replace(/[.)]$/, '');
              md += printed === number ? `[](#${label})` : `[${text}](#${label})`;
              out.references.push({ paragraph: para, written: plain(i.c), label });
              count('crossReferences');
            } else {
              md += text;
              out.unmapped.push({ kind: 'link', paragraph: para, text: `${plain(i.c)} → ${i.href}`, note: 'a link to a place in the document that is not a clause or section: kept as text' });
            }
          } else if (linkOk(i.href)) {
            const href = /[\s()<>]/.test(i.href) ? `<${i.href.replace(/[<>]/g, encodeURIComponent)}>` : i.href;
            md += `[${text}](${href})`;
            count('links');
          } else {
            md += text;
            out.unmapped.push({ kind: 'link', paragraph: para, text: `${plain(i.c)} → ${i.href}`, note: 'a link to an address policyc does not allow (only http, https, mailto and tel): kept as text without the link' });
          }
          break;
        }
        case 'note': {
          let n = noteIds.get(i.id);
          if (n === undefined) {
            n = ++noteNo;
            noteIds.set(i.id, n);
            const note = input.notes.get(i.id);
            const text = (note?.paragraphs ?? []).map((p) => inlineMd(p, para, { refs: true, indent: 4 })).join('\n\n    ').trim();
            noteDefs.push(`[^${n}]: ${text || 'TODO'}`);
            count(i.id.startsWith('endnote') ? 'endnotes' : 'footnotes');
            if (i.id.startsWith('endnote')) out.unmapped.push({ kind: 'other', paragraph: para, text: plain(note?.paragraphs.flat() ?? []), note: 'an endnote: imported as a footnote' });
          }
          md += `[^${n}]`;
          break;
        }
        case 'img': {
          const image = imageMd(i, para);
          md += image;
          if (image.startsWith('![')) out.unmapped.push({ kind: 'image', paragraph: para, text: i.alt, note: `an image ${ctx.cell ? 'in a table cell' : 'inside running text'}: kept there, but a figure must be a paragraph of its own (move it out)` });
          break;
        }
      }
    }
    return md;
  };

  const imageMd = (i: { src: string; alt: string }, para: number | undefined, title?: string): string => {
    const image = input.images.get(i.src);
    if (!image) return '';
    const ext = image.contentType === 'image/png' ? 'png' : image.contentType === 'image/svg+xml' ? 'svg' : undefined;
    if (!ext) {
      out.unmapped.push({ kind: 'image', paragraph: para, text: image.alt, note: `an image of type ${image.contentType}: not imported (figures are SVG or PNG; save it as one into policies/figures/ and add it)` });
      return `<!-- policyc import: an image (${image.contentType}) was here${image.alt ? `: ${image.alt.replace(/--/g, '- -')}` : ''} -->`;
    }
    const name = `${input.id}-${out.figures.length + 1}.${ext}`;
    out.figures.push({ name, bytes: image.bytes, alt: image.alt, paragraph: para });
    count('figures');
    if (!image.alt.trim()) out.unmapped.push({ kind: 'image', paragraph: para, text: `figures/${name}`, note: 'an image without alternative text: write its description between the brackets (a figure needs one)' });
    const titled = title ? ` "${title.replace(/["\\]/g, '\\$&')}"` : '';
    return `![${escapeText(norm(image.alt))}](figures/${name}${titled})`;
  };

  // ---- partials: the school's lists and tables ----
  const listTexts = (list: ListItem[]) => list.map((li) => norm(plain(li.inl)));
  const citedTexts = (entries: unknown[]) => entries.map((e) => norm(citedItem(e as never, input.register).text));
  const matchList = (texts: string[], expected: string[]): { sentence: boolean } | undefined => {
    if (!expected.length || texts.length !== expected.length) return undefined;
    const bare = texts.map((t, i) => (i === texts.length - 1 ? t.replace(/\.$/, '') : i === texts.length - 2 ? t.replace(/ and$/, '') : t));
    if (texts.every((t, i) => t === expected[i])) return { sentence: false };
    if (texts[texts.length - 1]!.endsWith('.') && bare.every((t, i) => t === expected[i])) return { sentence: true };
    return undefined;
  };
  const cellText = cellTextOf;

  // Labels first: a reference may come before or after the clause it names.
  const visit = (inl: Inline[]) => {
    for (const i of inl) {
      if (i.t === 'text') {
        for (const m of i.s.matchAll(REF)) {
          const target = byNumber.get(m[3]!);
          if (target) labelFor(target);
        }
      } else if (i.t === 'link' && i.href.startsWith('#')) {
        const target = byBookmark.get(i.href.slice(1));
        if (target && labelled(target)) labelFor(target);
      } else if ('c' in i) visit(i.c);
    }
  };
  const visitList = (list: ListItem[]) => {
    for (const li of list) {
      visit(li.inl);
      for (const c of li.children) if (c.kind === 'list') visitList(c.items); else if (c.kind === 'p') visit(c.inl);
    }
  };
  for (const it of items) {
    if (it.type === 'clause' || it.type === 'para') visit(it.inl);
    else if (it.type === 'bullets') visitList(it.items);
    else if (it.type === 'table') for (const r of it.rows) for (const c of r) for (const p of c.paragraphs) visit(p);
  }
  for (const note of input.notes.values()) for (const p of note.paragraphs) visit(p);

  // ---- render ----
  const lines: string[] = [];
  const push = (md: string, indent: number) => {
    const pad = ' '.repeat(indent);
    lines.push(md.split('\n').map((l, k) => (k === 0 ? pad + l : l)).join('\n'), '');
  };
  const clauseMarker = '1. ';
  const clauseIndent = (d: number) => 3 * (d - 1);

  const renderBullets = (list: ListItem[], indent: number, para: number | undefined) => {
    const texts = listTexts(list);
    if (school) {
      for (const [name, entries] of Object.entries(school.legislation)) {
        const m = matchList(texts, citedTexts(entries));
        if (m) {
          push(`{{> legislation-list list=school.legislation.${name}${m.sentence ? ' sentence=true' : ''}}}`, indent);
          out.partials.push({ paragraph: para, partial: `legislation-list list=school.legislation.${name}${m.sentence ? ' sentence=true' : ''}`, replaced: texts.join('; ') });
          return;
        }
      }
      if (matchList(texts, citedTexts(school.guidance))?.sentence === false) {
        push('{{> guidance-list}}', indent);
        out.partials.push({ paragraph: para, partial: 'guidance-list', replaced: texts.join('; ') });
        return;
      }
      const useful = school.usefulContacts.map((u) => norm(u.label ?? u.url));
      if (matchList(texts, useful)?.sentence === false) {
        push('{{> useful-contacts}}', indent);
        out.partials.push({ paragraph: para, partial: 'useful-contacts', replaced: texts.join('; ') });
        return;
      }
    }
    if (school) {
      for (const [name, entries] of Object.entries(school.legislation)) {
        const expected = new Set(citedTexts(entries).map((t) => t.toLowerCase()));
        const hits = texts.filter((t) => expected.has(t.replace(/(\.| and)$/, '').toLowerCase())).length;
        if (hits >= 2 && hits >= texts.length / 2) {
          out.unmapped.push({ kind: 'other', paragraph: para, text: '', note: `a list close to ${school.id}'s legislation list \`${name}\` (${hits} of ${texts.length} items match): kept as bullets; use {{> legislation-list list=school.legislation.${name}}} if the config's list is what it should print` });
          break;
        }
      }
    }
    // A tight list, as Word shows bullets: one line an item, no blank lines between.
    const md: string[] = [];
    const items = (list: ListItem[], indent: number) => {
      const pad = ' '.repeat(indent);
      for (const li of list) {
        const cites = findCitations(plain(li.inl), input.register);
        for (const c of cites) out.citations.push({ paragraph: li.para, written: c.written, entry: c.entry?.id, verdict: c.verdict, message: c.message });
        md.push(`${pad}- ${escapeLineStart(inlineMd(li.inl, li.para, { refs: true, indent: indent + 2 }))}`);
        count('bullets');
        for (const child of li.children) {
          if (child.kind === 'list') items(child.items, indent + 2);
          else if (child.kind === 'p') md.push(`${' '.repeat(indent + 2)}${escapeLineStart(inlineMd(child.inl, child.para, { refs: true, indent: indent + 2 }))}`);
        }
      }
    };
    items(list, indent);
    lines.push(md.join('\n'), '');
  };

  const renderTable = (it: Extract<Item, { type: 'table' }>, index: number) => {
    const rows = it.rows;
    const firstCol = rows.map((r) => cellText(r[0]).toLowerCase());
    // policyc's own edition block: its values go to the front matter.
    const editionRows = rows.filter((r) => r.length === 2 && EDITION_LABELS[cellText(r[0]).toLowerCase()]);
    if (editionRows.length >= 3 && editionRows.length === rows.length) {
      for (const r of rows) {
        const key = EDITION_LABELS[cellText(r[0]).toLowerCase()]!;
        const value = cellValueOf(r[1]);
        out.dropped.push(cellText(r[0]), value);
        if (key === 'school' || key === 'adoption') continue;
        out.meta[key] ??= { value, from: `the edition table (paragraph ${it.para ?? '?'})` };
      }
      out.unmapped.push({ kind: 'other', paragraph: it.para, text: rows.map((r) => `${cellText(r[0])}: ${cellText(r[1])}`).join('; '), note: "policyc's edition table: dropped (its values are in the front matter; every edition prints its own)" });
      count('editionBlock');
      return;
    }
    // policyc's signature block.
    if (firstCol.includes('signature') && firstCol.includes('date') && rows.every((r) => r.length <= 2)) {
      const roles = rows.filter((r) => r.length === 1 || r[0]!.colspan > 1).map((r) => cellText(r[0]));
      out.dropped.push(...rows.flatMap((r) => r.map(cellText)));
      push('{{signature-block}}', it.indent);
      const theirs = school?.signatories.map((s) => s.role) ?? [];
      const note = school && roles.join('|') !== theirs.join('|')
        ? `the signature block: replaced by {{signature-block}}; the Word document's signatories (${roles.join(', ')}) differ from the school's (${theirs.join(', ')}), which every edition prints (set signatories in the config)`
        : 'the signature block: replaced by {{signature-block}}, which prints each school\'s signatories';
      out.partials.push({ paragraph: it.para, partial: 'signature-block', replaced: roles.join(', ') });
      out.unmapped.push({ kind: 'other', paragraph: it.para, text: roles.join(', '), note });
      return;
    }
    // The school's HR contacts.
    if (school && school.hr.contacts.length) {
      const names = rows.slice(it.headerRows || 1).map((r) => cellText(r[0]));
      if (names.length === school.hr.contacts.length && names.every((n, k) => same(n, school.hr.contacts[k]!.name))) {
        const replaced = rows.flatMap((r) => r.map(cellText));
        // The partial's sentence before the table, its email line and address after it.
        const prev = lines.length >= 2 ? lines[lines.length - 2]! : '';
        if (/^If you have any questions in relation to these procedures, please contact the /.test(prev.trim())) {
          out.dropped.push(prev);
          lines.splice(lines.length - 2, 2);
        }
        skipAfter.add(index + 1);
        push('{{> hr-contacts}}', it.indent);
        out.partials.push({ paragraph: it.para, partial: 'hr-contacts', replaced: replaced.join('; ') });
        out.dropped.push(...replaced);
        return;
      }
      const header = (rows[0] ?? []).map((x) => cellText(x).toLowerCase());
      const known = new Set(school.hr.contacts.map((x) => norm(x.name).toLowerCase()));
      if (header[0] === 'name' && names.some((n) => known.has(n.toLowerCase())) && rows.length > 1) {
        out.unmapped.push({ kind: 'other', paragraph: it.para, text: names.join(', '), note: `a contacts table that differs from ${school.id}'s HR contacts: kept as a table (use {{> hr-contacts}} if it should follow the config)` });
      }
    }
    renderPlainTable(it);
  };

  const renderPlainTable = (it: Extract<Item, { type: 'table' }>) => {
    const width = Math.max(...it.rows.map((r) => r.reduce((n, c) => n + c.colspan, 0)));
    let headerRows = it.headerRows;
    if (headerRows === 0) {
      headerRows = 1;
      out.unmapped.push({ kind: 'other', paragraph: it.para, text: it.rows[0]!.map(cellText).join(' | '), note: 'a table without a marked header row: its first row is taken as the header' });
    }
    if (headerRows > 1) out.unmapped.push({ kind: 'other', paragraph: it.para, text: `${headerRows} header rows`, note: 'a table with several header rows: the first is the header, the others are body rows' });
    const rowMd = (r: Cell[], header: boolean) => {
      const cells: string[] = [];
      for (const c of r) {
        const md = c.paragraphs.map((p) => inlineMd(header ? unwrap(p, ['strong']) : p, it.para, { refs: true, cell: true, indent: 0 }).replace(/\n\s*/g, ' ')).filter((x) => x.trim()).join('{{br}}');
        cells.push(md.trim());
        for (let k = 1; k < c.colspan; k++) cells.push('');
        if (c.colspan > 1) out.unmapped.push({ kind: 'other', paragraph: it.para, text: cellText(c), note: 'a cell spanning several columns: imported as one cell followed by empty ones' });
      }
      while (cells.length < width) cells.push('');
      return `| ${cells.join(' | ')} |`;
    };
    const md: string[] = [];
    if (it.caption) md.push(`Table: ${escapeText(it.caption)}`, '');
    md.push(rowMd(it.rows[0]!, true));
    md.push(`| ${Array.from({ length: width }, () => '---').join(' | ')} |`);
    for (const r of it.rows.slice(1)) md.push(rowMd(r, false));
    const pad = ' '.repeat(it.indent);
    lines.push(md.map((l) => (l ? pad + l : l)).join('\n'), '');
    count('tables');
  };

  const skipAfter = new Set<number>();
  for (let k = 0; k < items.length; k++) {
    const it = items[k]!;
    if (skipAfter.has(k) && school) {
      // After the HR contacts table: the partial's email line, "Address" heading and the address.
      if (it.type === 'para' && /^Email the service:/.test(plain(it.inl))) { out.dropped.push(plain(it.inl)); skipAfter.add(k + 1); continue; }
      if (it.type === 'subheading' && same(plain(it.inl), 'Address')) { out.dropped.push('Address'); skipAfter.add(k + 1); continue; }
      if (it.type === 'para' && addressMatch(plain(it.inl), school)) { out.dropped.push(plain(it.inl)); continue; }
    }
    switch (it.type) {
      case 'section': {
        const attrs = [it.numbered ? '' : '{-}', it.label ? `{#${it.label}}` : ''].filter(Boolean).join(' ');
        push(`# ${escapeLineStart(inlineMd(it.inl, it.para, { refs: false, indent: 0 }).replace(/\n\s*/g, ' '))}${attrs ? ` ${attrs}` : ''}`, 0);
        break;
      }
      case 'subheading':
        push(`${'#'.repeat(it.level)} ${inlineMd(it.inl, it.para, { refs: false, indent: 0 }).replace(/\n\s*/g, ' ')}${it.label ? ` {#${it.label}}` : ''}`, 0);
        break;
      case 'clause': {
        const indent = clauseIndent(it.depth);
        const related = !out.relatedPolicies && it.inl.every((x) => x.t === 'text') ? relatedPolicies(plain(it.inl)) : undefined;
        if (related) {
          // "… read in conjunction with the A, B and C.": the list is the front matter's, printed by {{and-list}}.
          out.relatedPolicies = related.list;
          out.dropped.push(related.written);
          count('relatedPolicies');
          const body = escapeLineStart(inlineMd([{ t: 'text', s: related.before }], it.para, { refs: true, indent: indent + 3 }));
          push(`${clauseMarker}${it.label ? `{#${it.label}} ` : ''}${body}{{and-list policy.relatedPolicies}}${escapeText(related.after)}`, indent);
          break;
        }
        const body = escapeLineStart(inlineMd(it.inl, it.para, { refs: true, indent: indent + 3 }));
        citationsOf(plain(it.inl), it.para);
        push(`${clauseMarker}${it.label ? `{#${it.label}} ` : ''}${body}`, indent);
        break;
      }
      case 'para': {
        const only = it.inl.filter((i) => !(i.t === 'text' && !i.s.trim()));
        if (only.length === 1 && only[0]!.t === 'img') {
          push(imageMd(only[0]!, it.para, it.title), it.indent);
          break;
        }
        if (school && addressMatch(plain(it.inl), school)) {
          const first = plain(it.inl).split('\n')[0]!;
          push(same(first, school.hr.name ?? '') ? '{{school.hr.name}}{{br}}\n{{> address}}' : '{{> address}}', it.indent);
          out.partials.push({ paragraph: it.para, partial: 'address', replaced: plain(it.inl).replace(/\n/g, ', ') });
          out.dropped.push(plain(it.inl));
          break;
        }
        citationsOf(plain(it.inl), it.para);
        push(escapeLineStart(inlineMd(it.inl, it.para, { refs: true, indent: it.indent })), it.indent);
        count('paragraphs');
        break;
      }
      case 'bullets':
        renderBullets(it.items, it.indent, it.para);
        break;
      case 'table':
        renderTable(it, k);
        break;
      case 'raw':
        push(it.md, it.indent);
        break;
    }
  }
  function citationsOf(text: string, para: number | undefined) {
    for (const c of findCitations(text, input.register)) out.citations.push({ paragraph: para, written: c.written, entry: c.entry?.id, verdict: c.verdict, message: c.message });
  }
  if (noteDefs.length) lines.push(noteDefs.join('\n\n'), '');
  out.body = `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
  return out;
}

const cellTextOf = (c: Cell | undefined) => norm((c?.paragraphs ?? []).map(plain).join(' '));
/** A cell's text as written (curly quotes kept), for values the source keeps. */
const cellValueOf = (c: Cell | undefined) => (c?.paragraphs ?? []).map(plain).join(' ').normalize('NFC').replace(/\s+/g, ' ').trim();

/** "This policy is to be read in conjunction with the A, B and C.": the text before the list, the list, and what follows it. */
export function relatedPolicies(text: string): { before: string; list: string[]; after: string; written: string } | undefined {
  const m = /^(.*\bread in conjunction with (?:the )?)([^.;:()]+?)(\.?\s*)$/.exec(text.replace(/\s+/g, ' ').trim());
  if (!m) return undefined;
  const parts = m[2]!.split(', ');
  const last = parts.pop()!;
  // The " and " before the last name: after a word that ends a document's name where there is one
  // ("… Safeguarding Policy and Managing Violence …"), so "Health and Safety Policy" stays whole.
  const ands = [...last.matchAll(/ and /g)].map((x) => x.index!);
  if (!ands.length) return undefined;
  const and = ands.find((k) => /\b(Policy|Policies|Guidance|Procedures?|Code|Conduct|Standards|Handbook|Plan|Statement|Protocol|Framework|Act \d{4}|Regulations(?: \d{4})?)$/.test(last.slice(0, k))) ?? ands[0]!;
  const list = [...parts, last.slice(0, and), last.slice(and + 5)].map((x) => x.trim());
  // Each is a name ("Grievance Policy", "Code of Conduct"), not a phrase.
  if (list.some((x) => !/^\p{Lu}/u.test(x) || x.split(' ').length > 12)) return undefined;
  return { before: m[1]!, list, after: m[3]!, written: m[2]! };
}

const HISTORY_HEADER = ['version', 'date', 'summary of change', 'approved by'];

/** policyc's document-control table (Version, Date, Summary of change, Approved by): its entries, or undefined. */
function documentControl(rows: Cell[][], headerRows: number): Recognised['history'] {
  const header = rows[0]?.map((c) => cellTextOf(c).toLowerCase());
  if (!header || header.join('|') !== HISTORY_HEADER.join('|') || headerRows > 1 || rows.length < 2) return undefined;
  const body = rows.slice(1);
  if (!body.every((r) => r.length === 4 && r.every((c) => c.colspan === 1))) return undefined;
  return body.map((r) => {
    const [version, date, summary, approvedBy] = r.map(cellValueOf) as [string, string, string, string];
    return { version, date, summary, approvedBy };
  });
}

function labelled(it: Item): it is Extract<Item, { type: 'section' | 'clause' | 'subheading' }> {
  return it.type === 'section' || it.type === 'clause' || it.type === 'subheading';
}

function addressMatch(text: string, school: School): boolean {
  const address = school.hr.address;
  if (!address.length) return false;
  const lines = text.split('\n').map(norm).filter(Boolean);
  const tail = lines.slice(-address.length);
  return tail.length === address.length && tail.every((l, k) => same(l, address[k]!)) && lines.length - address.length <= 1;
}
