import type { Table as MdTable } from 'mdast';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bookmarks } from '../../../src/writers/docx/bookmarks.ts';
import { contentsXml } from '../../../src/writers/docx/contents.ts';
import { columnWidths, wordChars } from '../../../src/writers/docx/tables.ts';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { normalise } from '../../helpers/seed.ts';
import { policyBuilder, school } from '../build.ts';
import { openDocx, wordText } from './package.ts';

/**
 * Where a page may break in the DOCX edition (issue 16): widow and orphan control on
 * every paragraph, headings kept with what follows, a paragraph introducing a list kept
 * with it, a list never split after its first item and a short one not at all, and the
 * masthead without a subtitle repeating the edition block's School row.
 */
const body = [
  '# Aims',
  '',
  '1. The policy aims to:',
  '   - Alpha one;',
  '   - Beta two;',
  '   - Gamma three.',
  '1. Staff members shall follow these rules:',
  ...['one', 'two', 'three', 'four', 'five', 'six'].map((n) => `   1. Rule ${n};`),
  '1. A plain clause.',
  '',
  '# Documents',
  '',
  'Some text first.',
  '',
  'Related documents:',
  '',
  '- Doc A',
  '- Doc B',
  '',
  '#### A small heading',
  '',
  'Text under it.',
  '',
].join('\n');

interface Para {
  text: string;
  pPr: string;
}

let styles: string;
let paragraphs: Para[];
let document: string;

beforeAll(async () => {
  const edition = policyBuilder(body)(school({ signatories: [{ role: 'Head Teacher' }, { role: 'Chair of Governors' }] }));
  const pkg = await openDocx(await createDocxWriter().write(edition));
  styles = await pkg.text('word/styles.xml');
  document = await pkg.text('word/document.xml');
  paragraphs = [...document.matchAll(/<w:p\b[^>]*>[\s\S]*?<\/w:p>/g)].map((m) => ({
    text: normalise(wordText(m[0])),
    pPr: /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(m[0])?.[0] ?? '',
  }));
});

const para = (start: string) => {
  const found = paragraphs.filter((p) => p.text.startsWith(start));
  expect(found, start).toHaveLength(1);
  return found[0]!;
};
const keeps = (start: string) => para(start).pPr.includes('<w:keepNext/>');

describe('page breaks in the DOCX edition', () => {
  it('turns widow and orphan control on in the paragraph defaults and the Normal style', () => {
    expect(styles).toMatch(/<w:pPrDefault><w:pPr><w:widowControl\/><w:spacing /);
    expect(/<w:style w:type="paragraph" w:default="1" w:styleId="Normal">[\s\S]*?<\/w:style>/.exec(styles)![0]).toContain('<w:pPr><w:widowControl/></w:pPr>');
  });

  it('keeps every heading, at every level, with the block after it and on one page', () => {
    for (const heading of ['1. Aims', '2. Documents', 'A small heading']) {
      expect(para(heading).pPr, heading).toMatch(/<w:pStyle w:val="Heading\d"\/><w:keepNext\/><w:keepLines\/>/);
    }
  });

  it('keeps a paragraph that introduces a list with it, unless a heading already holds it', () => {
    expect(keeps('1.2 Staff members shall follow these rules:')).toBe(true);
    expect(keeps('Related documents:')).toBe(true);
    // The first text under a heading: LibreOffice would move it on and leave the heading behind.
    expect(keeps('1.1 The policy aims to:')).toBe(false);
    expect(keeps('Some text first.')).toBe(false);
  });

  it('never splits a list after its first item, nor a short list at all', () => {
    expect(['Alpha one;', 'Beta two;', 'Gamma three.'].map(keeps)).toEqual([true, true, false]);
    expect(['Doc A', 'Doc B'].map(keeps)).toEqual([true, false]);
    expect(['one', 'two', 'three', 'four', 'five', 'six'].map((n, i) => keeps(`${['I.', 'II.', 'III.', 'IV.', 'V.', 'VI.'][i]} Rule ${n};`))).toEqual([true, false, false, false, false, false]);
    // The section's clauses are text, not a list to hold together.
    expect(keeps('1.3 A plain clause.')).toBe(false);
  });

  it('keeps the whole signature block on one page: every row but the last kept with the next', () => {
    const signatures = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((t) => t.includes('Chair of Governors'))!;
    const rows = [...signatures.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0].includes('<w:keepNext/>'));
    expect(rows).toHaveLength(8);
    expect(rows).toEqual([true, true, true, true, true, true, true, false]);
  });

  it('never splits the contents after its first entry or before its last', () => {
    const entries = ['One', 'Two', 'Three', 'Four'].map((text, i) => ({ anchor: `section-${i + 1}`, marker: `${i + 1}.`, text, clauses: [] }));
    const xml = contentsXml(entries, new Bookmarks(entries.map((e) => e.anchor)));
    const kept = [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].slice(1).map((m) => m[0].includes('<w:keepNext/>'));
    expect(kept).toEqual([true, false, true, false]);
  });
});

describe('the DOCX masthead', () => {
  it('is the title alone: the school is named once, in the edition block, not in a subtitle as well', () => {
    const title = paragraphs.findIndex((p) => p.pPr.includes('<w:pStyle w:val="Title"/>'));
    expect(paragraphs[title]!.text).toBe('T');
    expect(styles).not.toContain('w:styleId="Subtitle"');
    expect(document).not.toContain('<w:pStyle w:val="Subtitle"/>');
    expect(normalise(wordText(document)).split('Test School').length - 1).toBe(1);
    expect(normalise(wordText(document))).toMatch(/^T School Test School Version 1\.0/);
  });
});

describe('the width of a table column', () => {
  it('is never less than its longest word in Arial, bold in the header, with room for a wider stand-in font', () => {
    const cell = (value: string) => ({ type: 'tableCell', children: [{ type: 'text', value }] });
    const table = { type: 'table', children: [
      { type: 'tableRow', children: ['Name', 'Role', 'Telephone (01642)', 'Email'].map(cell) },
      { type: 'tableRow', children: ['Gwen Hartley', 'Director of People', '730410', 'gwen.hartley@teesvalleylearning.example'].map(cell) },
      { type: 'tableRow', children: ['Shellena Hussain', 'HR Manager (Schools)', '528271', 'shellena.hussain@stockton.gov.uk'].map(cell) },
    ] } as MdTable;
    const widths = columnWidths(table, 4, 9412);
    // "Telephone" in 10 pt Arial Bold is 5.001 em, 1000 twips; a quarter more, and the cell's margins (200).
    expect(wordChars('Telephone', true) * 110).toBeCloseTo(1250, 0);
    expect(widths[2]).toBeGreaterThanOrEqual(1450);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(9412);
  });
});
