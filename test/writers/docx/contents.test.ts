import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { hasClient } from '../../helpers/clients.ts';
import { libraryEdition } from '../shared/library-fixture.ts';
import { openDocx, wordText, xmlProblems } from './package.ts';
import { pandocRead, pandocText } from './pandoc-text.ts';

let document: string;
let bytes: Uint8Array;
const work = mkdtempSync(join(tmpdir(), 'policyc-contents-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  bytes = await createDocxWriter().write(libraryEdition());
  document = await (await openDocx(bytes)).text('word/document.xml');
});

describe('the contents block in the DOCX edition', () => {
  it('is a real Word TOC field, begin, instruction, separate and end, that Word need not update on opening', () => {
    expect(xmlProblems(document)).toEqual([]);
    const begin = document.indexOf('<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText>');
    expect(begin).toBeGreaterThan(0);
    const separate = document.indexOf('<w:fldChar w:fldCharType="separate"/>', begin);
    const end = document.indexOf('<w:fldChar w:fldCharType="end"/>', separate);
    expect(separate).toBeGreaterThan(begin);
    expect(end).toBeGreaterThan(separate);
    expect(document).not.toContain('w:dirty');
    // Pre-filled: each section's number and title, as a link to its heading's bookmark.
    const result = document.slice(separate, end);
    expect(wordText(result).split('\n').map((l) => l.trim()).filter(Boolean)).toEqual(['1. Introduction', '2. Raising a concern', 'Contacts']);
    expect([...result.matchAll(/<w:hyperlink w:anchor="([^"]*)"/g)].map((m) => m[1])).toEqual(['section_1', 'section_2', 'section_contacts']);
    for (const name of ['section_1', 'section_2', 'section_contacts']) expect(document).toMatch(new RegExp(`<w:bookmarkStart w:name="${name}" w:id="\\d+"/>`));
    expect(document.slice(document.lastIndexOf('<w:p>', begin), begin)).toContain('<w:pStyle w:val="TOC1"/>');
  });

  it('comes after the document control, under a Contents heading that is not itself in the contents', () => {
    const text = wordText(document);
    expect(text.indexOf('Document control')).toBeLessThan(text.indexOf('Contents'));
    expect(document).toMatch(/<w:pStyle w:val="TOCHeading"\/><\/w:pPr><w:r><w:t xml:space="preserve">Contents<\/w:t>/);
  });

  it.runIf(hasClient('pandoc'))('reads right in pandoc before anyone updates it', () => {
    const file = join(work, 'c.docx');
    writeFileSync(file, bytes);
    const text = pandocText(pandocRead(file));
    expect(text).toMatch(/Contents\s+1\. Introduction\s+2\. Raising a concern\s+Contacts\s+1\. Introduction/);
  });
});
