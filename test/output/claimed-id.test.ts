import { deflateSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { claimedIds } from '../../src/output/claimed-id.ts';

const ID = '05D8H-5GE8G';

/** A PDF file's bytes from its objects (no cross-reference table is needed to find a claim). */
function pdf(...objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  objects.forEach((o, i) => parts.push(Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(o) ? o : Buffer.from(o, 'latin1'), Buffer.from('\nendobj\n')));
  parts.push(Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n'));
  return Buffer.concat(parts);
}

function flateStream(content: string): Buffer {
  const body = deflateSync(Buffer.from(content, 'latin1'));
  return Buffer.concat([Buffer.from(`<< /Length ${body.length} /Filter /FlateDecode >>\nstream\n`), body, Buffer.from('\nendstream')]);
}

const utf16Hex = (text: string) => `<FEFF${[...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('')}>`;

describe('the edition ID a file claims', () => {
  it('is read from a PDF Info dictionary\'s keywords as a UTF-16 hex string, and as a literal with escapes', () => {
    expect(claimedIds(pdf(`<< /Keywords ${utf16Hex(`Tŷ Dŵr, Edition ID ${ID}`)} >>`))).toEqual([ID]);
    expect(claimedIds(pdf(`<< /Keywords (staff \\(all\\), Edition\\040ID ${ID}) >>`))).toEqual([ID]);
  });

  it('is read from a PDF page\'s text through its font\'s ToUnicode map, in hex and literal strings, when the file has no metadata', () => {
    const text = `Edition ID ${ID}`;
    const glyphs = [...new Set(text)];
    const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <00> <FF> endcodespacerange\n${glyphs.length} beginbfchar\n${glyphs.map((g, i) => `<${(i + 1).toString(16).padStart(2, '0')}> <${g.charCodeAt(0).toString(16).padStart(4, '0')}>`).join('\n')}\nendbfchar\nendcmap`;
    const codes = [...text].map((c) => glyphs.indexOf(c) + 1);
    // The first half as hex strings, the rest as literal strings (octal escapes), in pieces as LibreOffice writes them.
    const hex = `<${codes.slice(0, 8).map((c) => c.toString(16).padStart(2, '0')).join('')}>`;
    const literal = `(${codes.slice(8).map((c) => `\\${c.toString(8).padStart(3, '0')}`).join('')})`;
    const content = `BT /F1 8 Tf 72 40 Td [${hex} -3 ${literal}] TJ ET`;
    expect(claimedIds(pdf(flateStream(cmap), flateStream(content)))).toEqual([ID]);
    expect(claimedIds(pdf(flateStream(content)))).toEqual([]);
  });

  it('is read from a DOCX\'s core properties or its footer\'s runs, split or not; a damaged zip claims nothing', () => {
    const core = `<cp:coreProperties><dc:identifier>Edition ID ${ID}</dc:identifier></cp:coreProperties>`;
    expect(claimedIds(zipSync({ 'docProps/core.xml': strToU8(core) }))).toEqual([ID]);
    const footer = `<w:ftr><w:p><w:r><w:t>Version 3.0 · Edition </w:t></w:r><w:r><w:t>ID ${ID.slice(0, 3)}</w:t></w:r><w:r><w:t>${ID.slice(3)}</w:t></w:r></w:p></w:ftr>`;
    expect(claimedIds(zipSync({ 'word/footer1.xml': strToU8(footer) }))).toEqual([ID]);
    const zip = zipSync({ 'docProps/core.xml': strToU8(core) });
    expect(claimedIds(zip.subarray(0, 40))).toEqual([]);
  });

  it('is read from an HTML page\'s meta or its text; other text and IDs outside the alphabet claim nothing', () => {
    expect(claimedIds(Buffer.from(`<meta name="policyc-edition-id" content="${ID}">`))).toEqual([ID]);
    expect(claimedIds(Buffer.from(`<p class="edition-id">Edition ID ${ID}</p>`))).toEqual([ID]);
    expect(claimedIds(Buffer.from('<p>Edition ID OOOOO-IIIII</p><p>05D8H-5GE8G without its label</p>'))).toEqual([]);
  });
});
