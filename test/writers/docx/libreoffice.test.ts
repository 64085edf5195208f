import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** A page's lines without the header (first) and footer (last) lines. */
function body(page: string): string {
  const lines = page.split('\n').filter((l) => l.trim());
  return lines.slice(1, -1).join('\n');
}

beforeAll(async () => {
  if (!available) return;
  const dir = scratchProject({ files: { 'schools/st-marys.yaml': `name: "St Mary's & St John's <C of E> *Primary* #1"\n` } });
  const result = await cli(dir, 'build', '--format', 'docx', '--school', 'mill-lane-primary', 'st-marys');
  expect(result.code).toBe(0);
  work = mkdtempSync(join(tmpdir(), 'policyc-docx-pdf-'));
  const mill = join(work, 'mill-lane.docx');
  const special = join(work, 'st-marys.docx');
  writeFileSync(mill, readFileSync(join(dir, 'dist/mill-lane-primary/social-networking.docx')));
  writeFileSync(special, readFileSync(join(dir, 'dist/st-marys/social-networking.docx')));
  toPdf([mill, special], work);
  pages = pageTexts(join(work, 'mill-lane.pdf'));
  bodies = pages.map(body);
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

  it('repeats the header and footer on every page, with the real page number and count', () => {
    pages.forEach((text, i) => {
      const lines = text.split('\n').map(normalise).filter(Boolean);
      expect(lines[0]).toBe('Mill Lane Primary School Social Networking Policy for Staff in Schools');
      expect(lines[lines.length - 1]).toBe(`Version 3.0 · Review by 1 September 2027 Page ${i + 1} of ${pages.length}`);
    });
  });

  it('carries every sentence and contact detail of the seed', () => {
    expect(missingFromText(bodies.join('\n'), skeleton)).toEqual([]);
  });

  it('keeps each signatory’s lines together, on the last page', () => {
    const last = normalise(bodies[bodies.length - 1]!);
    expect(last).toMatch(/Head Teacher Signature Print name Date Chair of Governors Signature Print name Date/);
  });

  it('shows a school name full of markup characters literally in the header and the text', () => {
    for (const text of specialPages) expect(normalise(text.split('\n')[0]!)).toContain(SPECIAL);
    expect(normalise(specialPages.join('\n'))).toContain(`The Governing Body of ${SPECIAL} is committed`);
  });
});
