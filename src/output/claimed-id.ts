import { strFromU8, unzipSync } from 'fflate';
import { inflateSync } from 'node:zlib';
import { EDITION_ID, EDITION_ID_LABEL, EDITION_ID_META } from '../document/edition-id.ts';

/*
 * The edition ID a file claims: what its metadata or its text says after "Edition ID".
 * A file policyc wrote says it in both; a copy another tool re-saved keeps at least its
 * text (LibreOffice drops a PDF's keywords, but keeps every page's footer). Nothing here
 * trusts the file: a damaged zip or stream is skipped, and the work is bounded by the
 * file's size, which the caller has limited.
 */

/** "Edition ID" and an ID, with any run of spaces (or none, as text laid out glyph by glyph reads) between. */
const CLAIM = new RegExp(`${EDITION_ID_LABEL.replace(' ', '\\s*')}:?\\s*(${EDITION_ID.source})`, 'g');

/** At most this much inflated from one stream or zip entry: far more than any edition's. */
const MAX_INFLATED = 64 * 1024 * 1024;

/** The IDs a file claims, in the order found, each once: by its format (its first bytes, not its name). */
export function claimedIds(bytes: Uint8Array): string[] {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  let texts: string[];
  if (head.startsWith('%PDF-')) texts = pdfTexts(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  else if (head.startsWith('PK\u0003\u0004')) texts = zipTexts(bytes);
  else texts = [htmlText(Buffer.from(bytes).toString('utf8'))];
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(CLAIM)) found.add(m[1]!);
  return [...found];
}

/** A DOCX's core and custom properties and its headers' and footers' text (each part's text runs joined). */
function zipTexts(bytes: Uint8Array): string[] {
  let files: Record<string, Uint8Array>;
  try {
    let total = 0;
    files = unzipSync(bytes, {
      filter: (f) => {
        const wanted = /^docProps\/(core|custom|app)\.xml$|^word\/(footer|header)\d*\.xml$|^word\/document\.xml$/.test(f.name);
        total += f.originalSize;
        return wanted && f.originalSize <= MAX_INFLATED && total <= 4 * MAX_INFLATED;
      },
    });
  } catch {
    return [];
  }
  return Object.values(files).map((part) => xmlText(strFromU8(part)));
}

/** XML's text with its tags gone (a run split in two reads as one) and its five entities read. */
function xmlText(xml: string): string {
  return xml.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

/** An HTML page's text and its edition ID `<meta>`. */
function htmlText(html: string): string {
  const meta = new RegExp(`<meta\\s+name="${EDITION_ID_META}"\\s+content="(${EDITION_ID.source})"`).exec(html);
  return `${meta ? `${EDITION_ID_LABEL} ${meta[1]}\n` : ''}${xmlText(html)}`;
}

/**
 * What a PDF says, as far as a reader without a layout engine can tell: the file and
 * every stream, inflated where it is FlateDecode (the Info dictionary, XMP, object
 * streams, page contents), with each string read (literal or hex, PDFDocEncoding or
 * UTF-16) and, for text shown in a font, decoded by each ToUnicode map in the file.
 */
function pdfTexts(pdf: Buffer): string[] {
  const sections = [pdf.toString('latin1')];
  const stream = /(?<!end)stream\r?\n/g;
  for (let m = stream.exec(sections[0]!); m; m = stream.exec(sections[0]!)) {
    const start = m.index + m[0].length;
    const end = sections[0]!.indexOf('endstream', start);
    if (end < 0) break;
    const dict = sections[0]!.slice(Math.max(0, sections[0]!.lastIndexOf('<<', m.index)), m.index);
    const raw = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) {
      try {
        sections.push(inflateSync(raw, { maxOutputLength: MAX_INFLATED }).toString('latin1'));
      } catch {
        // A damaged or truncated stream says nothing.
      }
    } else if (!/\/Filter/.test(dict)) sections.push(raw.toString('latin1'));
    stream.lastIndex = end + 'endstream'.length;
  }
  const maps = sections.filter((s) => s.includes('begincmap')).map(toUnicodeMap);
  const texts: string[] = [];
  for (const section of sections) {
    texts.push(pdfStrings(section));
    if (/\bT[Jj]\b/.test(section)) for (const map of maps) texts.push(shownText(section, map));
  }
  return texts;
}

/** Every string of a section, literal `(…)` or hex `<…>`, decoded, one a line. */
function pdfStrings(section: string): string {
  const out: string[] = [section];
  for (const m of section.matchAll(/\((?:[^()\\]|\\[\s\S])*\)|<([0-9A-Fa-f\s]+)>/g)) {
    const raw = m[1] !== undefined ? hexBytes(m[1]) : literalBytes(m[0].slice(1, -1));
    out.push(decodeText(raw));
  }
  return out.join('\n');
}

function hexBytes(hex: string): string {
  const digits = hex.replace(/\s/g, '');
  let out = '';
  for (let i = 0; i < digits.length; i += 2) out += String.fromCharCode(parseInt(digits.slice(i, i + 2).padEnd(2, '0'), 16));
  return out;
}

function literalBytes(body: string): string {
  return body.replace(/\\([0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? (e === '\n' || e === '\r' ? '' : e);
  });
}

/** A PDF text string's bytes as text: UTF-16BE after its byte order mark, else (near enough) PDFDocEncoding. */
function decodeText(bytes: string): string {
  if (!bytes.startsWith('\u00fe\u00ff')) return bytes;
  let out = '';
  for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
  return out;
}

/** A ToUnicode CMap's code → text, from its bfchar and bfrange sections (codes as hex digits). */
function toUnicodeMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const unicode = (hex: string) => decodeText(`\u00fe\u00ff${hexBytes(hex)}`);
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(m[1]!.toUpperCase(), unicode(m[2]!));
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const width = m[1]!.length;
      const from = parseInt(m[1]!, 16);
      const to = Math.min(parseInt(m[2]!, 16), from + 0xffff);
      const list = m[4] !== undefined ? [...m[4].matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => x[1]!) : undefined;
      for (let code = from; code <= to; code++) {
        const key = code.toString(16).toUpperCase().padStart(width, '0');
        if (list) {
          if (list[code - from] !== undefined) map.set(key, unicode(list[code - from]!));
        } else {
          const base = parseInt(m[3]!.slice(-4), 16) + (code - from);
          map.set(key, unicode(m[3]!.slice(0, -4) + base.toString(16).padStart(4, '0')));
        }
      }
    }
  }
  return map;
}

/**
 * The text a content stream shows in strings (hex or literal), read through one font's map (codes of
 * the map's width), run together: a line laid out in pieces reads as one, without its spaces.
 */
function shownText(content: string, map: Map<string, string>): string {
  const width = map.keys().next().value?.length ?? 2;
  let out = '';
  for (const m of content.matchAll(/\((?:[^()\\]|\\[\s\S])*\)|<([0-9A-Fa-f\s]*)>/g)) {
    const digits = m[1] !== undefined ? m[1].replace(/\s/g, '').toUpperCase() : toHex(literalBytes(m[0].slice(1, -1)));
    for (let i = 0; i + width <= digits.length; i += width) out += map.get(digits.slice(i, i + width)) ?? '\uFFFD';
  }
  return out;
}

function toHex(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0');
  return out;
}
