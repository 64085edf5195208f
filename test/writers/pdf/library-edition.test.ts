import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPdfWriter } from '../../../src/writers/pdf/write-pdf.ts';
import { hasClient, run } from '../../helpers/clients.ts';
import { normalise } from '../../helpers/seed.ts';
import { libraryEdition } from '../shared/library-fixture.ts';
import { bookmarks, fonts, hasPoppler, pageCount, pdfFile, pdfText } from './poppler.ts';

// The library's constructs as Typst lays them out, read back with poppler and qpdf.
let file: string;

beforeAll(async () => {
  const writer = createPdfWriter({});
  file = pdfFile(await writer.write(libraryEdition()));
  await writer.close?.();
}, 60_000);

describe.runIf(hasPoppler())('the library\'s constructs in the PDF edition', () => {
  it('has a contents page with page numbers and a bookmark for every section', () => {
    expect(pageCount(file)).toBe(2);
    const first = normalise(pdfText(file, 1));
    expect(first).toMatch(/Contents 1\. Introduction[ .]+\s*\u2060?2 2\. Raising a concern[ .]+\s*\u2060?2 Contacts[ .]+\s*\u2060?2/u);
    // The contents page ends the first page: the policy starts on the next.
    expect(first).not.toContain('The Governing Body of');
    // Bookmarks: every heading (the contents page lists the sections only).
    expect(bookmarks(file)).toEqual(['1. Introduction', '2. Raising a concern', 'Contacts', 'Address']);
    expect(first).not.toContain('Address .');
  });

  it('prints the document control as a table with the four columns, before the contents', () => {
    const first = normalise(pdfText(file, 1));
    const table = first.slice(first.indexOf('Document control'), first.indexOf('Contents'));
    expect(first.indexOf('Document control')).toBeGreaterThan(first.indexOf('Owner'));
    for (const text of ['Version', 'Date', 'Summary of change', 'Approved by', '2.0', '1 September 2025', 'Revised for the Public Interest Disclosure changes', 'Schools HR Advisory Service', '3.0', '1 September 2026', 'Roles named by the school; decimal numbering', 'Joint Consultative Committee']) {
      expect(table).toContain(text);
    }
  });

  it('embeds each figure and the logo with its alt text, the caption under the figure, a captioned table', () => {
    const second = normalise(pdfText(file, 2));
    expect(second).toMatch(/2\.2 The steps are shown below\. Figure 1: How a concern is handled Who to contact Name Role/);
    if (hasClient('pdfimages', '-v')) {
      // The PNGs are images (the SVG is drawn as vectors): the logo on page 1, the banner on page 2, scaled down to fit.
      const list = run('pdfimages', ['-list', file]).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
      expect(list.filter((c) => c[2] === 'image').map((c) => [c[0], c[3], c[4]])).toEqual([['1', '200', '80'], ['2', '1600', '400']]);
    }
    if (hasClient('qpdf', '--version')) {
      const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 64 << 20 }).toString('latin1');
      const alts = new Set([...qdf.matchAll(/\/Alt \(([^)]*)\)/g)].map((m) => m[1]));
      expect(alts).toEqual(new Set(['Flowchart: raise the concern, then the Headteacher replies', 'A green banner', 'Schools HR Advisory Service logo']));
    }
  });

  it('numbers a decimal list 2.1.1 and sets everything in Liberation Sans', () => {
    expect(normalise(pdfText(file, 2))).toMatch(/2\.1 A concern may be raised in these ways: 2\.1\.1 with your line manager; 2\.1\.2 with the Head/);
    expect(fonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(expect.arrayContaining(['LiberationSans', 'LiberationSans-Bold']));
    for (const f of fonts(file)) expect(f.name).toMatch(/^[A-Z]{6}\+(LiberationSans|PolicycFallback|DejaVuSansMono)/);
  });

  it('repeats a table\'s header row on every page it runs onto', async () => {
    const edition = libraryEdition();
    const history = edition.tree.children.find((n) => n.type === 'historyBlock')!;
    history.entries = Array.from({ length: 70 }, (_, i) => ({ version: `${i + 1}.0`, date: '2026-09-01', dateText: '1 September 2026', summary: `Change number ${i + 1}`, approvedBy: 'Joint Consultative Committee' }));
    const writer = createPdfWriter({});
    const long = pdfFile(await writer.write({ meta: edition.meta, tree: edition.tree, assets: edition.assets! }));
    await writer.close?.();
    expect(pageCount(long)).toBeGreaterThanOrEqual(3);
    const second = run('pdftotext', ['-layout', '-f', '2', '-l', '2', long, '-']).split('\n');
    expect(second.join('\n')).toContain('Change number 40');
    // The page's first line of the table is its header row again.
    const header = second.findIndex((l) => /Version\s+Date\s+Summary of change\s+Approved by/.test(l));
    expect(header).toBeGreaterThanOrEqual(0);
    expect(second.findIndex((l) => /Change number/.test(l))).toBeGreaterThan(header);
  });
});
