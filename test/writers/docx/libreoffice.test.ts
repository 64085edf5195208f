import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITION_ID } from '../../../src/document/edition-id.ts';
import { hasClient, run } from '../../helpers/clients.ts';
import { cli, REPO, scratchProject } from '../../helpers/project.ts';
import { missingFromText, normalise, skeleton } from '../../helpers/seed.ts';

// LibreOffice, pdftotext and pdfinfo: the DOCX as another word processor lays it out.
const available = hasClient('soffice') && hasClient('pdftotext', '-v') && hasClient('pdfinfo', '-v') && hasClient('pdftoppm', '-v');
// UPDATE_SCREENSHOTS=1 writes the README's picture; otherwise it goes to a temporary folder.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO, '.github/readme') : join(tmpdir(), 'policyc-screenshots');
const SPECIAL = `St Mary's & St John's <C of E> *Primary* #1`;

let work: string;
/** Each page's text laid out as printed (header first, footer last). */
let pages: string[];
/** Each page's body, header and footer left out (so a paragraph split by a page break reads on). */
let bodies: string[];
let specialPages: string[];
/** The editions laid out to check where their pages break: Mill Lane's, Riverside's, and Ysgol Tŷ Dŵr's whistleblowing policy (library clauses, contents, figure). */
const BREAKS = { 'mill-lane': 'mill-lane-primary/social-networking', riverside: 'riverside-infant/social-networking', 'ty-dwr': 'ysgol-ty-dwr/whistleblowing' } as const;
let laidOut: { name: string; pages: string[]; headings: Set<string>; contents: Set<string> }[];

/** Converts DOCX files to PDF with a private, throw-away LibreOffice profile. */
function toPdf(files: string[], outDir: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  try {
    run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files], { timeout: 120_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function pageTexts(pdf: string): string[] {
  const count = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [pdf]))![1]);
  return Array.from({ length: count }, (_, i) => run('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']));
}

/** A part of a DOCX, read with the unzip client (LibreOffice's machines have it; the package's zip is plain). */
function unzipText(docx: Buffer, part: string): string {
  const file = join(work, 'part.docx');
  writeFileSync(file, docx);
  return run('unzip', ['-p', file, part]);
}

/** The text of each heading (and title, caption) of a document, and of each contents entry, as pdftotext prints it. */
function paragraphTexts(xml: string): { headings: Set<string>; contents: Set<string> } {
  const headings = new Set<string>();
  const contents = new Set<string>();
  for (const [p] of xml.replace(/<w:tab\/>/g, '<w:t> </w:t>').matchAll(/<w:p\b[^>]*>[\s\S]*?<\/w:p>/g)) {
    const style = /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? '';
    const text = normalise([...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/&amp;/g, '&').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    if (/^(Heading\d|Title|Caption|TOCHeading)$/.test(style)) headings.add(text);
    if (style === 'TOC1') contents.add(text);
  }
  return { headings, contents };
}

/** A page's lines without the header (first, from page 2 on: page 1's header is the logo) and footer (last) lines. */
function body(page: string, index: number): string {
  const lines = page.split('\n').filter((l) => l.trim());
  return lines.slice(index === 0 ? 0 : 1, -1).join('\n');
}

beforeAll(async () => {
  if (!available) return;
  const dir = scratchProject({ library: true, files: { 'schools/st-marys.yaml': `name: "St Mary's & St John's <C of E> *Primary* #1"\n` } });
  const result = await cli(dir, 'build', '--format', 'docx', '--school', 'mill-lane-primary', 'st-marys', 'riverside-infant', 'ysgol-ty-dwr');
  expect(result.code).toBe(0);
  work = mkdtempSync(join(tmpdir(), 'policyc-docx-pdf-'));
  const special = join(work, 'st-marys.docx');
  for (const [name, edition] of Object.entries(BREAKS)) writeFileSync(join(work, `${name}.docx`), readFileSync(join(dir, `dist/${edition}.docx`)));
  writeFileSync(special, readFileSync(join(dir, 'dist/st-marys/social-networking.docx')));
  toPdf([...Object.keys(BREAKS).map((name) => join(work, `${name}.docx`)), special], work);
  laidOut = Object.keys(BREAKS).map((name) => {
    const document = readFileSync(join(work, `${name}.docx`));
    return { name, pages: pageTexts(join(work, `${name}.pdf`)), ...paragraphTexts(unzipText(document, 'word/document.xml')) };
  });
  pages = laidOut[0]!.pages;
  bodies = pages.map((page, i) => body(page, i));
  specialPages = pageTexts(join(work, 'st-marys.pdf'));
  mkdirSync(SHOTS, { recursive: true });
  run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(work, 'mill-lane.pdf'), join(SHOTS, 'docx-page-1')]);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!available)('LibreOffice opening the Mill Lane DOCX', () => {
  it('lays it out on several A4 pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('repeats the header from page 2 on (page 1 opens with the title under the logo) and the footer on every page, with the real page number and count', () => {
    pages.forEach((text, i) => {
      const lines = text.split('\n').map(normalise).filter(Boolean);
      expect(lines[0]).toBe(i === 0 ? 'Social Networking Policy for Staff in Schools' : 'Mill Lane Primary School Social Networking Policy for Staff in Schools');
      expect(lines[lines.length - 1]).toMatch(new RegExp(`^Version 3\\.0 · Review by 1 September 2027 · Edition ID ${EDITION_ID.source} Page ${i + 1} of ${pages.length}$`));
    });
  });

  it('carries every sentence and contact detail of the seed', () => {
    expect(missingFromText(bodies.join('\n'), skeleton)).toEqual([]);
  });

  it('ends no page with a heading (issue 16)', () => {
    for (const { name, pages: laid, headings, contents } of laidOut) {
      laid.slice(0, -1).forEach((page, i) => {
        const lines = body(page, i).split('\n').map(normalise);
        const last = lines[lines.length - 1]!;
        const inContents = lines.includes('Contents') && contents.has(last);
        expect(headings.has(last) && !inContents, `${name}, page ${i + 1} ends with the heading "${last}"`).toBe(false);
      });
    }
  });

  it('ends no page with a list\'s first item, or with the paragraph that introduces a list not under a heading (issue 16)', () => {
    const item = /^(●|[IVXL]+\.|\([a-z]+\)|\d+\.\d+\.\d+) /;
    for (const { name, pages: laid, headings } of laidOut) {
      laid.slice(0, -1).forEach((page, i) => {
        const lines = body(page, i).split('\n').map(normalise);
        const lastItem = lines.findLastIndex((l) => item.test(l));
        const where = `${name}, page ${i + 1}`;
        // The page's last item follows its list's lead, and the list goes on overleaf.
        const overleaf = normalise(body(laid[i + 1]!, i + 1).split('\n')[0]!);
        const ends = lastItem > 0 && !lines.slice(lastItem + 1).some((l) => /^\d+(\.\d+)*\.? /.test(l) || headings.has(l));
        const split = ends && lines[lastItem - 1]!.endsWith(':') && item.test(overleaf);
        expect(split, `${where} ends with the first item of a list: "${lines[lastItem]}"`).toBe(false);
        // "Department for Education related documents:", before its list: held to it.
        expect(lines[lines.length - 1], where).not.toBe('Department for Education related documents:');
      });
    }
  });

  it('prints the contacts table\'s header cells with every word whole (issue 16)', () => {
    for (const { name, pages: laid } of laidOut) {
      const text = laid.join('\n');
      expect(text, name).toMatch(/Name +Role +Telephone +Email/);
      expect(text, name).not.toMatch(/Teleph\s*$|Telep\s|Telepho\s/m);
    }
  });

  it('keeps each signatory’s lines together, on the last page, with the names the adoption register pre-prints', () => {
    const last = normalise(bodies[bodies.length - 1]!);
    expect(last).toMatch(/Head Teacher Signature Print name Sarah Okafor Date Chair of Governors Signature Print name David Whitfield Date/);
  });

  it('shows a school name full of markup characters literally in the header and the text', () => {
    for (const text of specialPages.slice(1)) expect(normalise(text.split('\n')[0]!)).toContain(SPECIAL);
    expect(normalise(specialPages.join('\n'))).toContain(`The Governing Body of ${SPECIAL} is committed`);
  });
});
