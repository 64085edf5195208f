import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { hasClient, run } from '../../helpers/clients.ts';

/** Whether poppler's pdftotext, pdfinfo, pdffonts and pdftohtml are here (under CI=true they must be). */
export function hasPoppler(): boolean {
  return hasClient('pdftotext', '-v') && hasClient('pdfinfo', '-v') && hasClient('pdffonts', '-v') && hasClient('pdftohtml', '-v');
}

const scratch = mkdtempSync(join(tmpdir(), 'policyc-pdf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

/** Writes PDF bytes to a scratch file for the poppler tools and returns its path. */
export function pdfFile(bytes: Uint8Array): string {
  const path = join(scratch, `${++files}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

/** pdfinfo's fields ("Title", "Pages", "Page size", …). */
export function pdfInfo(file: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) fields[m[1]!.trim()] = m[2]!.trim();
  }
  return fields;
}

export function pageCount(file: string): number {
  return Number(pdfInfo(file).Pages);
}

/** The text of the whole document, or of one page. */
export function pdfText(file: string, page?: number): string {
  return run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-enc', 'UTF-8', file, '-']);
}

// A4 in points, and the template's margins (24 mm left, 22 mm right, 27 mm top, 26 mm bottom).
export const A4 = { width: 595.276, height: 841.89 };
export const MARGIN = { left: (24 / 25.4) * 72, right: (22 / 25.4) * 72, top: (27 / 25.4) * 72, bottom: (26 / 25.4) * 72 };

/** The text inside the page margins only (of the whole document, or one page): the running header and footer cut away. */
export function bodyText(file: string, page?: number, options: { raw?: boolean } = {}): string {
  const y = Math.floor(MARGIN.top) - 2;
  const h = Math.ceil(A4.height - MARGIN.bottom) + 2 - y;
  const pages = page ? ['-f', String(page), '-l', String(page)] : [];
  // -raw: in content-stream order, so right-to-left runs do not move the text around them
  return run('pdftotext', [...pages, ...(options.raw ? ['-raw'] : []), '-x', '0', '-y', String(y), '-W', String(Math.ceil(A4.width)), '-H', String(h), '-enc', 'UTF-8', file, '-']);
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Every word with its box, in points, from `pdftotext -bbox`. */
export function words(file: string): Word[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page += 1;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]! });
  }
  return out;
}

/** The fonts pdffonts lists, with whether each is embedded. */
export function fonts(file: string): { name: string; embedded: boolean }[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name … emb sub uni object-id generation: emb is the fifth column from the end.
    return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
  });
}

/** Link targets as poppler sees them: external URLs, and "#N" for a jump to page N. */
export function links(file: string): string[] {
  const xml = run('pdftohtml', ['-xml', '-stdout', '-i', '-q', file]);
  return [...xml.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/^[^#]*\.html#/, '#'));
}

/** The bookmarks (document outline), flattened, in order. */
export function bookmarks(file: string): string[] {
  const xml = run('pdftohtml', ['-xml', '-stdout', '-i', '-q', file]);
  return [...xml.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** The XMP metadata packet. */
export function xmp(file: string): string {
  return run('pdfinfo', ['-meta', file]);
}

/** Bidirectional-text controls pdftotext adds around right-to-left runs. */
export function withoutBidiControls(text: string): string {
  return text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
