import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { DocxError, type DocxPackage } from './docx-package.ts';

/**
 * What the importer reads from the package's XML itself, because mammoth (which reads the
 * body) does not give it: Word's list numbering as printed (mammoth turns a numbered
 * paragraph into an `<ol>` item but drops its format and number, so "2.1.3" and "(c)" would
 * be lost), where each paragraph is in the document (for the report), and what mammoth
 * leaves out silently (tracked deletions, comments, fields, text boxes, embedded objects).
 *
 * `prepareDocument` rewrites word/document.xml before mammoth reads it: each paragraph gets
 * a bookmark `pcp-<n>` (mammoth prints bookmarks as `<a id>`, so every HTML block knows its
 * paragraph), and each paragraph numbered by Word gets its number as text followed by a tab,
 * with the numbering removed (bullets keep theirs, so mammoth still makes lists of them).
 * Typed numbers and Word's numbers then go through one recogniser.
 */

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export interface ParagraphInfo {
  /** 1-based, in document order (body, tables, text boxes). */
  index: number;
  styleId?: string;
  /** Word numbering of the paragraph, when it has one. */
  numbering?: { numId: string; ilvl: number; format: string; text: string };
  /** The paragraph's text as Word has it (deleted text excluded), for the report's excerpts. */
  text: string;
  /** Where the paragraph's text starts, in twentieths of a point from the margin (its own `w:ind w:left`), when it says. */
  indent?: number;
}

export interface Unmapped {
  kind: 'tracked-insertion' | 'tracked-deletion' | 'comment' | 'field' | 'text-box' | 'object' | 'numbering' | 'link' | 'image' | 'style' | 'header-footer' | 'words' | 'other';
  paragraph?: number;
  /** The text concerned (a deletion's words, a comment, a field's instruction …). */
  text: string;
  /** What became of it. */
  note: string;
}

export interface PreparedDocument {
  documentXml: string;
  paragraphs: ParagraphInfo[];
  unmapped: Unmapped[];
  /** Every word of the body's text as Word shows it (deleted text excluded), footnotes and endnotes included. */
  bodyText: string[];
  core: CoreProperties;
}

export interface CoreProperties {
  title?: string;
  subject?: string;
  creator?: string;
  keywords?: string;
  description?: string;
  version?: string;
}

export function parseXml(text: string, part: string): Document {
  let failure: string | undefined;
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') failure ??= message;
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    failure ??= (e as Error).message;
    throw new DocxError(`the document's ${part} is not well-formed XML (${failure})`);
  }
  if (failure || !doc.documentElement) throw new DocxError(`the document's ${part} is not well-formed XML (${failure ?? 'empty'})`);
  return doc;
}

const elements = (node: Node | null | undefined): Element[] => {
  const out: Element[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
};
const child = (node: Node | null | undefined, name: string) => elements(node).find((e) => e.nodeName === name);
const val = (e: Element | undefined) => e?.getAttribute('w:val') ?? undefined;
const all = (node: Document | Element, name: string): Element[] => Array.from(node.getElementsByTagName(name)) as Element[];
const within = (e: Node, name: string): boolean => {
  for (let p = e.parentNode; p; p = p.parentNode) if (p.nodeName === name) return true;
  return false;
};

/** Text of an element as Word shows it: runs' text, tabs as tabs, deleted text left out. */
export function textOf(e: Element): string {
  let out = '';
  const walk = (n: Node) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const name = c.nodeName;
      if (name === 'w:t') out += c.textContent ?? '';
      else if (name === 'w:tab' && within(c, 'w:r')) out += '\t';
      else if (name === 'w:br' || name === 'w:cr') out += ' ';
      else if (name === 'w:noBreakHyphen') out += '-';
      else if (name === 'w:p' || name === 'w:tc') {
        walk(c);
        out += '\n';
      } else if (name === 'w:del' || name === 'w:moveFrom' || name === 'w:instrText' || name === 'w:delText' || name === 'mc:Choice') continue;
      else walk(c);
    }
  };
  walk(e);
  return out;
}

// ---------- numbering ----------

interface Level { start: number; format: string; text: string; isLgl: boolean }
interface Numbering {
  levels(numId: string): Level[] | undefined;
  abstractOf(numId: string): string | undefined;
  startOverride(numId: string, ilvl: number): number | undefined;
}

function readNumbering(xml: string | undefined): Numbering {
  const abstracts = new Map<string, Level[]>();
  const nums = new Map<string, { abstract: string; overrides: Map<number, { start?: number; level?: Level }> }>();
  if (xml) {
    const doc = parseXml(xml, 'numbering (word/numbering.xml)');
    const levelOf = (lvl: Element): Level => ({
      start: Number(val(child(lvl, 'w:start')) ?? '1') || 0,
      format: val(child(lvl, 'w:numFmt')) ?? 'decimal',
      text: val(child(lvl, 'w:lvlText')) ?? '',
      isLgl: child(lvl, 'w:isLgl') !== undefined,
    });
    for (const a of all(doc, 'w:abstractNum')) {
      const levels: Level[] = [];
      for (const lvl of elements(a).filter((e) => e.nodeName === 'w:lvl')) levels[Number(lvl.getAttribute('w:ilvl') ?? '0')] = levelOf(lvl);
      abstracts.set(a.getAttribute('w:abstractNumId') ?? '', levels);
    }
    for (const n of all(doc, 'w:num')) {
      const overrides = new Map<number, { start?: number; level?: Level }>();
      for (const o of elements(n).filter((e) => e.nodeName === 'w:lvlOverride')) {
        const start = val(child(o, 'w:startOverride'));
        const lvl = child(o, 'w:lvl');
        overrides.set(Number(o.getAttribute('w:ilvl') ?? '0'), { start: start === undefined ? undefined : Number(start), level: lvl ? levelOf(lvl) : undefined });
      }
      nums.set(n.getAttribute('w:numId') ?? '', { abstract: val(child(n, 'w:abstractNumId')) ?? '', overrides });
    }
  }
  return {
    levels: (numId) => {
      const num = nums.get(numId);
      if (!num) return undefined;
      const base = abstracts.get(num.abstract);
      if (!base) return undefined;
      const levels = [...base];
      for (const [ilvl, o] of num.overrides) if (o.level) levels[ilvl] = o.level;
      return levels;
    },
    abstractOf: (numId) => nums.get(numId)?.abstract,
    startOverride: (numId, ilvl) => nums.get(numId)?.overrides.get(ilvl)?.start,
  };
}

/** The numbering a paragraph style carries (Heading 1 numbered by the style), following basedOn. */
function readStyles(xml: string | undefined): { numPr(styleId: string): { numId?: string; ilvl?: number } | undefined; name(styleId: string): string | undefined } {
  const styles = new Map<string, Element>();
  if (xml) for (const s of all(parseXml(xml, 'styles (word/styles.xml)'), 'w:style')) styles.set(s.getAttribute('w:styleId') ?? '', s);
  return {
    numPr: (id) => {
      for (let s = styles.get(id), depth = 0; s && depth < 20; s = styles.get(val(child(s, 'w:basedOn')) ?? ''), depth++) {
        const numPr = child(child(s, 'w:pPr'), 'w:numPr');
        if (numPr) {
          const ilvl = val(child(numPr, 'w:ilvl'));
          return { numId: val(child(numPr, 'w:numId')), ilvl: ilvl === undefined ? undefined : Number(ilvl) };
        }
      }
      return undefined;
    },
    name: (id) => val(child(styles.get(id), 'w:name')),
  };
}

const KNOWN_FORMATS = new Set(['decimal', 'upperRoman', 'lowerRoman', 'upperLetter', 'lowerLetter', 'bullet', 'none', 'decimalZero']);

export function roman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}

function letters(n: number): string {
  // Word repeats the letter past z: aa, bb, …
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'upperRoman': return roman(n);
    case 'lowerRoman': return roman(n).toLowerCase();
    case 'upperLetter': return letters(n).toUpperCase();
    case 'lowerLetter': return letters(n);
    case 'decimalZero': return String(n).padStart(2, '0');
    case 'none': return '';
    default: return String(n);
  }
}

// ---------- the document ----------

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

export function readCore(xml: string | undefined): CoreProperties {
  if (!xml) return {};
  let doc: Document;
  try {
    doc = parseXml(xml, 'properties (docProps/core.xml)');
  } catch {
    return {};
  }
  const get = (name: string) => {
    const e = all(doc, name)[0];
    const t = e?.textContent?.trim();
    return t ? t : undefined;
  };
  return { title: get('dc:title'), subject: get('dc:subject'), creator: get('dc:creator'), keywords: get('cp:keywords'), description: get('dc:description'), version: get('cp:version') };
}

/** Words of a text, as the word accounting counts them: letters and digits, lower case. */
export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function prepareDocument(pkg: DocxPackage): PreparedDocument {
  const doc = parseXml(pkg.text('word/document.xml')!, 'body (word/document.xml)');
  const body = all(doc, 'w:body')[0];
  if (!body) throw new DocxError('the document has no body (word/document.xml has no w:body)');
  const numbering = readNumbering(pkg.text('word/numbering.xml'));
  const styles = readStyles(pkg.text('word/styles.xml'));
  const unmapped: Unmapped[] = [];

  // mammoth reads an mc:AlternateContent's fallback; the choice is the same content again.
  for (const choice of all(body, 'mc:Choice')) choice.parentNode?.removeChild(choice);

  // A picture Word 2016 draws from an SVG carries the SVG (asvg:svgBlip) and a PNG fallback
  // (the a:blip itself): mammoth reads the a:blip, so it is pointed at the SVG, the original.
  for (const blip of all(body, 'a:blip')) {
    const svg = all(blip, 'asvg:svgBlip')[0];
    const embed = svg?.getAttribute('r:embed');
    if (embed) blip.setAttribute('r:embed', embed);
  }

  const paragraphs: ParagraphInfo[] = [];
  const counters = new Map<string, (number | undefined)[]>();
  const startedNums = new Set<string>();
  const paraElements = all(body, 'w:p');
  const indexOf = new Map<Element, number>();
  paraElements.forEach((p, i) => indexOf.set(p, i + 1));
  const paragraphOf = (e: Node): number | undefined => {
    for (let p: Node | null = e; p; p = p.parentNode) if (p.nodeName === 'w:p') return indexOf.get(p as Element);
    // Between paragraphs (a run-level range at body level): the next paragraph.
    return undefined;
  };

  const unusualReported = new Set<string>();
  for (const p of paraElements) {
    const index = indexOf.get(p)!;
    const pPr = child(p, 'w:pPr');
    const styleId = val(child(pPr, 'w:pStyle'));
    const text = textOf(p);
    const info: ParagraphInfo = { index, styleId, text };
    const left = child(pPr, 'w:ind')?.getAttribute('w:left') ?? child(pPr, 'w:ind')?.getAttribute('w:start');
    if (left && /^-?\d+$/.test(left)) info.indent = Number(left);
    paragraphs.push(info);

    const own = child(pPr, 'w:numPr');
    const fromStyle = styleId ? styles.numPr(styleId) : undefined;
    const numId = val(child(own, 'w:numId')) ?? fromStyle?.numId;
    const ilvlText = val(child(own, 'w:ilvl'));
    const ilvl = ilvlText !== undefined ? Number(ilvlText) : (fromStyle?.ilvl ?? 0);
    if (numId === undefined || numId === '0') {
      if (own) pPr?.removeChild(own);
    } else {
      const levels = numbering.levels(numId);
      const level = levels?.[ilvl];
      if (!levels || !level) {
        unmapped.push({ kind: 'numbering', paragraph: index, text: excerpt(text), note: `Word numbering ${numId} level ${ilvl} is not defined in word/numbering.xml: imported without a number` });
      } else if (level.format !== 'bullet') {
        if (!KNOWN_FORMATS.has(level.format) && !unusualReported.has(level.format)) {
          unusualReported.add(level.format);
          unmapped.push({ kind: 'numbering', paragraph: index, text: excerpt(text), note: `unusual Word numbering format \`${level.format}\`: read as decimal numbers` });
        }
        const abstract = numbering.abstractOf(numId) ?? numId;
        let c = counters.get(abstract);
        if (!c) counters.set(abstract, (c = []));
        const override = numbering.startOverride(numId, ilvl);
        if (!startedNums.has(`${numId}/${ilvl}`) && override !== undefined) c[ilvl] = undefined;
        startedNums.add(`${numId}/${ilvl}`);
        c[ilvl] = c[ilvl] === undefined ? (override ?? level.start) : c[ilvl]! + 1;
        for (let deeper = ilvl + 1; deeper < 10; deeper++) c[deeper] = undefined;
        // LibreOffice writes `%0%.` for a level it shows that does not exist: nothing is printed for it.
        const printed = level.text.replace(/%0%?\.?/g, '').replace(/%([1-9])/g, (_, k: string) => {
          const at = Number(k) - 1;
          const lv = levels[at];
          const n = c[at] ?? lv?.start ?? 1;
          return formatNumber(n, level.isLgl || !lv ? 'decimal' : KNOWN_FORMATS.has(lv.format) ? lv.format : 'decimal');
        });
        info.numbering = { numId, ilvl, format: level.format, text: printed };
        // The number becomes text (and a tab), the numbering goes.
        if (own) pPr!.removeChild(own);
        if (fromStyle && pPr) {
          const none = doc.createElementNS(W, 'w:numPr');
          const id = doc.createElementNS(W, 'w:numId');
          id.setAttribute('w:val', '0');
          none.appendChild(id);
          pPr.appendChild(none);
        }
        if (printed.trim()) {
          const run = doc.createElementNS(W, 'w:r');
          const t = doc.createElementNS(W, 'w:t');
          t.setAttribute('xml:space', 'preserve');
          t.appendChild(doc.createTextNode(printed));
          run.appendChild(t);
          run.appendChild(doc.createElementNS(W, 'w:tab'));
          p.insertBefore(run, pPr ? pPr.nextSibling : p.firstChild);
        }
      }
    }
    // The paragraph's bookmark, so mammoth's HTML says which paragraph each block is.
    const start = doc.createElementNS(W, 'w:bookmarkStart');
    start.setAttribute('w:id', String(900000 + index));
    start.setAttribute('w:name', `pcp-${index}`);
    const end = doc.createElementNS(W, 'w:bookmarkEnd');
    end.setAttribute('w:id', String(900000 + index));
    p.insertBefore(end, pPr ? pPr.nextSibling : p.firstChild);
    p.insertBefore(start, end);
  }

  // What mammoth would leave out or change without a word.
  for (const del of [...all(body, 'w:del'), ...all(body, 'w:moveFrom')]) {
    const text = all(del, 'w:delText').map((t) => t.textContent ?? '').join('') || textOf(del);
    if (text.trim()) unmapped.push({ kind: 'tracked-deletion', paragraph: paragraphOf(del), text, note: 'a tracked deletion: left out of the source (accept or reject the changes in Word before importing to be sure)' });
  }
  for (const ins of [...all(body, 'w:ins'), ...all(body, 'w:moveTo')]) {
    const text = textOf(ins);
    if (text.trim()) unmapped.push({ kind: 'tracked-insertion', paragraph: paragraphOf(ins), text, note: 'a tracked insertion: kept in the source as if accepted' });
  }
  const comments = new Map<string, string>();
  const commentsXml = pkg.text('word/comments.xml');
  if (commentsXml) for (const c of all(parseXml(commentsXml, 'comments (word/comments.xml)'), 'w:comment')) comments.set(c.getAttribute('w:id') ?? '', `${c.getAttribute('w:author') ?? 'someone'}: ${elements(c).map(textOf).join(' ')}`);
  for (const ref of all(body, 'w:commentReference')) {
    const id = ref.getAttribute('w:id') ?? '';
    unmapped.push({ kind: 'comment', paragraph: paragraphOf(ref), text: comments.get(id) ?? `comment ${id}`, note: 'a comment: not imported (the source has no comments; an HTML comment `<!-- … -->` is the nearest)' });
  }
  const fields: { e: Element; instr: string }[] = [
    ...all(body, 'w:fldSimple').map((e) => ({ e, instr: e.getAttribute('w:instr') ?? '' })),
    ...all(body, 'w:instrText').map((e) => ({ e, instr: e.textContent ?? '' })),
  ];
  for (const { e, instr } of fields) {
    const kind = instr.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    if (kind === 'HYPERLINK' || kind === '') continue;
    const note = kind === 'TOC' ? 'a table of contents field: `contents: true` in the front matter, which makes the contents list from the headings in every format'
      : kind === 'REF' || kind === 'PAGEREF' || kind === 'NOTEREF' ? 'a cross-reference field: its printed result is kept as text (write `[](#label)` to make it a computed reference)'
      : kind === 'PAGE' || kind === 'NUMPAGES' ? 'a page number field: not imported (each format numbers its own pages)'
      : 'a field: its printed result is kept as text, the field itself is not imported';
    unmapped.push({ kind: 'field', paragraph: paragraphOf(e), text: instr.trim(), note });
  }
  for (const box of all(body, 'w:txbxContent')) {
    unmapped.push({ kind: 'text-box', paragraph: paragraphOf(box.parentNode!) ?? indexOf.get(all(box, 'w:p')[0]!), text: textOf(box).replace(/\s+/g, ' ').trim(), note: 'a text box: its text is imported as ordinary paragraphs after the paragraph it is anchored to; check where it belongs' });
  }
  for (const obj of [...all(body, 'w:object'), ...all(body, 'c:chart'), ...all(body, 'w:embed')]) {
    unmapped.push({ kind: 'object', paragraph: paragraphOf(obj), text: obj.nodeName, note: 'an embedded object or chart: not imported (export it as an SVG or PNG figure)' });
  }
  for (const part of [...pkg.parts.keys()].filter((k) => /^word\/(header|footer)\d*\.xml$/.test(k))) {
    const text = textOf(parseXml(pkg.text(part)!, part).documentElement as unknown as Element).trim();
    if (text) unmapped.push({ kind: 'header-footer', text: excerpt(text), note: `the ${part.includes('header') ? 'header' : 'footer'} (${part}): not imported (every format prints its own)` });
  }

  const bodyText = [textOf(body as unknown as Element)];
  for (const part of ['word/footnotes.xml', 'word/endnotes.xml']) {
    const xml = pkg.text(part);
    if (!xml) continue;
    for (const note of [...all(parseXml(xml, part), 'w:footnote'), ...all(parseXml(xml, part), 'w:endnote')]) {
      const type = note.getAttribute('w:type');
      if (type === 'separator' || type === 'continuationSeparator' || type === 'continuationNotice') continue;
      bodyText.push(textOf(note));
    }
  }
  return { documentXml: new XMLSerializer().serializeToString(doc), paragraphs, unmapped, bodyText, core: readCore(pkg.text('docProps/core.xml')) };
}

export function styleName(pkg: DocxPackage, styleId: string): string | undefined {
  return readStyles(pkg.text('word/styles.xml')).name(styleId);
}
