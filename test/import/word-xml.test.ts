import { describe, expect, it } from 'vitest';
import { openDocx } from '../../src/import/docx-package.ts';
import { formatNumber, prepareDocument, roman, words } from '../../src/import/word-xml.ts';
import { docx, numbering, para, W_NS } from '../helpers/docx.ts';

const prepare = (body: string, parts: Record<string, string> = {}) => prepareDocument(openDocx(docx(body, parts), 'x.docx'));

describe('Word numbering', () => {
  it('formats numbers as Word does', () => {
    expect([1, 4, 9, 14, 1994].map(roman)).toEqual(['I', 'IV', 'IX', 'XIV', 'MCMXCIV']);
    expect(formatNumber(3, 'lowerLetter')).toBe('c');
    expect(formatNumber(27, 'lowerLetter')).toBe('aa');
    expect(formatNumber(2, 'lowerRoman')).toBe('ii');
    expect(formatNumber(7, 'decimalZero')).toBe('07');
  });

  it('prints each numbered paragraph\'s number as text, with a tab, and counts levels as Word does', () => {
    const list = numbering([{ text: '%1.' }, { text: '%1.%2' }, { text: '%1.%2.%3' }, { text: '(%4)', format: 'lowerLetter' }]);
    const body = [para('Intro', { num: [1, 0] }), para('First', { num: [1, 1] }), para('Deep', { num: [1, 2] }), para('Deeper', { num: [1, 3] }), para('Second', { num: [1, 1] }), para('Scope', { num: [1, 0] }), para('Again', { num: [1, 1] })].join('');
    const prepared = prepare(body, { 'word/numbering.xml': list });
    expect(prepared.paragraphs.map((p) => p.numbering?.text)).toEqual(['1.', '1.1', '1.1.1', '(a)', '1.2', '2.', '2.1']);
    // The number is now text followed by a tab, and the numbering is gone.
    expect(prepared.documentXml).toContain('<w:t xml:space="preserve">1.1.1</w:t><w:tab/>');
    expect(prepared.documentXml).not.toContain('w:numId w:val="1"');
    // Every paragraph carries its bookmark.
    expect(prepared.documentXml).toMatch(/w:name="pcp-7"/);
  });

  it('reads numbering from a paragraph style (Heading 1 numbered by its style) and keeps bullets as lists', () => {
    const list = `<?xml version="1.0"?><w:numbering ${W_NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;
    const styles = `<?xml version="1.0"?><w:styles ${W_NS}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>`;
    const prepared = prepare(para('Introduction', { style: 'Heading1' }) + para('a bullet', { num: [2, 0] }) + para('Scope', { style: 'Heading1' }), { 'word/numbering.xml': list, 'word/styles.xml': styles });
    expect(prepared.paragraphs.map((p) => p.numbering?.text)).toEqual(['1.', undefined, '2.']);
    expect(prepared.documentXml).toContain('<w:numId w:val="2"/>');
  });

  it('restarts a list that overrides its start, and reports an unusual format', () => {
    const list = `<?xml version="1.0"?><w:numbering ${W_NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>`;
    const prepared = prepare(para('a', { num: [1, 0] }) + para('b', { num: [1, 0] }) + para('c', { num: [2, 0] }), { 'word/numbering.xml': list });
    expect(prepared.paragraphs.map((p) => p.numbering?.text)).toEqual(['1.', '2.', '1.']);
    expect(prepared.unmapped).toContainEqual(expect.objectContaining({ kind: 'numbering', paragraph: 1, note: expect.stringContaining('chineseCounting') }));
  });
});

describe('what mammoth would leave out', () => {
  it('reports tracked changes, comments, fields, text boxes and objects with their paragraph', () => {
    const body = [
      para('Opening paragraph.'),
      '<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>struck words</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>added words</w:t></w:r></w:ins></w:p>',
      '<w:p><w:commentRangeStart w:id="5"/><w:r><w:t>Commented</w:t></w:r><w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r></w:p>',
      '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
      '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>',
    ].join('');
    const comments = `<?xml version="1.0"?><w:comments ${W_NS}><w:comment w:id="5" w:author="Jo"><w:p><w:r><w:t>Check this</w:t></w:r></w:p></w:comment></w:comments>`;
    const prepared = prepare(body, { 'word/comments.xml': comments });
    const by = (kind: string) => prepared.unmapped.filter((u) => u.kind === kind);
    expect(by('tracked-deletion')).toEqual([expect.objectContaining({ paragraph: 2, text: 'struck words' })]);
    expect(by('tracked-insertion')).toEqual([expect.objectContaining({ paragraph: 2, text: 'added words' })]);
    expect(by('comment')).toEqual([expect.objectContaining({ paragraph: 3, text: 'Jo: Check this' })]);
    expect(by('field').map((f) => [f.paragraph, f.text])).toEqual([[4, 'PAGE'], [4, 'TOC \\o "1-3"']]);
    expect(by('text-box')).toEqual([expect.objectContaining({ text: 'Boxed text' })]);
    // Deleted text is not the document's text; the rest is, word by word.
    expect(words(prepared.bodyText.join(' '))).not.toContain('struck');
    expect(words(prepared.bodyText.join(' '))).toEqual(expect.arrayContaining(['kept', 'added', 'commented', 'boxed']));
  });

  it('a part that is not well-formed XML is a clear error', () => {
    expect(() => prepareDocument(openDocx(docx('<w:p>'), 'x.docx'))).toThrow(/word\/document\.xml\) is not well-formed XML/);
  });
});
