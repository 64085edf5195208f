import type { Table as MdTable } from 'mdast';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnWidths, nameTables } from '../../../src/writers/docx/tables.ts';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { libraryEdition } from '../shared/library-fixture.ts';
import { openDocx, wordText, xmlProblems } from './package.ts';

let document: string;

beforeAll(async () => {
  document = await (await openDocx(await createDocxWriter().write(libraryEdition()))).text('word/document.xml');
});

const tables = () => [...document.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);

describe('tables in the DOCX edition', () => {
  it('names each body table and the document control in its properties (w:tblCaption), the others not', () => {
    expect(xmlProblems(document)).toEqual([]);
    expect(tables().map((t) => /<w:tblCaption w:val="([^"]*)"\/>/.exec(t)?.[1] ?? null)).toEqual([null, 'Document control', 'Who to contact', 'Name, Role, Telephone and Email', null]);
    // tblCaption is the last of a table's properties, as the schema orders them.
    for (const t of tables()) if (t.includes('tblCaption')) expect(t).toMatch(/<w:tblCaption w:val="[^"]*"\/><\/w:tblPr>/);
  });

  it('prints a caption above its table in Word\'s Caption style, kept with the table', () => {
    const at = document.indexOf('<w:tbl>', document.indexOf('>Who to contact<'));
    const before = document.slice(document.lastIndexOf('<w:p>', document.indexOf('>Who to contact<')), at);
    expect(before).toContain('<w:pStyle w:val="Caption"/>');
    expect(before).toContain('<w:keepNext/>');
    expect(wordText(before).trim()).toBe('Who to contact');
  });

  it('repeats the header row of every body table and of the document control on each page, shaded with the accent', () => {
    const [, history, contacts, hr] = tables();
    for (const t of [history!, contacts!, hr!]) {
      const [first, second] = t.split('</w:tr>');
      expect(first).toContain('<w:tblHeader/>');
      expect(second).not.toContain('<w:tblHeader/>');
      expect(first).toMatch(/<w:shd [^>]*w:fill="EFDFE4"/);
      expect(first).toMatch(/<w:bottom w:val="single" w:color="8A1C3B"/);
    }
    expect(wordText(history!).split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 4)).toEqual(['Version', 'Date', 'Summary of change', 'Approved by']);
    expect(wordText(history!)).toContain('Roles named by the school; decimal numbering');
  });

  it('gives a narrow column room for its longest word, an email address counting only up to its punctuation', () => {
    const cell = (value: string) => ({ type: 'tableCell', children: [{ type: 'text', value }] });
    const table = { type: 'table', children: [
      { type: 'tableRow', children: ['Name', 'Role', 'Telephone', 'Email'].map(cell) },
      { type: 'tableRow', children: ['Morgan Ellis-Pritchard', 'Senior HR Adviser', '', 'morgan.ellis-pritchard@schools-hr.example.gov.uk'].map(cell) },
    ] } as MdTable;
    const widths = columnWidths(table, 4, 9412);
    // "Telephone", bold, is 9 characters of about 110 twips, plus the cell's margins.
    expect(widths[2]).toBeGreaterThanOrEqual(Math.ceil(9 * 1.1) * 110 + 200 - 1);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(9412);
  });

  it('leaves a document whose tables it cannot match one to one as it is', () => {
    const xml = '<w:tbl><w:tblPr><w:tblW/></w:tblPr></w:tbl>';
    expect(nameTables(xml, ['A', 'B'])).toBe(xml);
    expect(nameTables(xml, ['A "&"'])).toBe('<w:tbl><w:tblPr><w:tblW/><w:tblCaption w:val="A &quot;&amp;&quot;"/></w:tblPr></w:tbl>');
  });
});
