import JSZip from 'jszip';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import type { EditionMeta } from '../../../src/document/types.ts';
import { bookmarkName, Bookmarks } from '../../../src/writers/docx/bookmarks.ts';
import { coreProperties } from '../../../src/writers/docx/core-properties.ts';
import { partText, readZip, writeZip, type Parts } from '../../../src/writers/docx/deterministic-zip.ts';
import { addPageFurniture, footerXml, headerXml } from '../../../src/writers/docx/page-furniture.ts';
import { MASTHEAD, prepareTree, SPACER } from '../../../src/writers/docx/prepare-tree.ts';
import { stableHyperlinkIds } from '../../../src/writers/docx/stable-ids.ts';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { policyBuilder } from '../build.ts';
import { wordText, xmlProblems } from './package.ts';

const META: EditionMeta = {
  schoolId: 's', schoolName: `A & B <School> "Q" 'R'\uFFFE\uD800`, policyId: 'p', title: 'Title <T>', version: '2.1', owner: 'HR & Co',
  approved: '2026-09-01', review: '2027-09-01', approvedText: '1 September 2026', reviewText: '1 September 2027', appliesTo: 'All', keywords: ['a&b', 'c'], lang: 'en-GB',
};

describe('deterministic zip', () => {
  const parts: Parts = new Map<string, Uint8Array | string>([
    ['word/document.xml', '<a>'.repeat(500)],
    ['[Content_Types].xml', '<Types/>'],
    ['_rels/.rels', '<Relationships/>'],
    ['docProps/core.xml', 'x'],
    ['word/media/blob.bin', new Uint8Array([1, 2, 3])],
  ]);

  it('writes a zip other readers open, content types first, the rest by name, dated 1980', async () => {
    const zip = await JSZip.loadAsync(writeZip(parts));
    expect(Object.keys(zip.files)).toEqual(['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'word/document.xml', 'word/media/blob.bin']);
    for (const file of Object.values(zip.files)) expect([file.date.getFullYear(), file.date.getMonth(), file.date.getDate(), file.date.getHours()]).toEqual([1980, 0, 1, 0]);
    expect(await zip.file('word/document.xml')!.async('string')).toBe('<a>'.repeat(500));
    expect([...(await zip.file('word/media/blob.bin')!.async('uint8array'))]).toEqual([1, 2, 3]);
  });

  it('depends on the parts only, not on their order or the clock', () => {
    const reversed: Parts = new Map([...parts].reverse());
    expect(Buffer.from(writeZip(reversed)).equals(Buffer.from(writeZip(parts)))).toBe(true);
  });

  it('reads back what it writes, and what JSZip writes', async () => {
    const back = readZip(writeZip(parts));
    expect([...back.keys()].sort()).toEqual([...parts.keys()].sort());
    expect(partText(back, 'word/document.xml')).toBe('<a>'.repeat(500));
    const zip = new JSZip();
    zip.file('x/y.xml', '<y/>'.repeat(100));
    zip.file('z.txt', 'z');
    const fromJszip = readZip(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    expect([...fromJszip.keys()]).toEqual(['x/y.xml', 'z.txt']);
    expect(partText(fromJszip, 'x/y.xml')).toBe('<y/>'.repeat(100));
  });

  it('refuses what is not a zip', () => {
    expect(() => readZip(new TextEncoder().encode('not a zip at all, not even close'))).toThrow(/not a zip/);
  });
});

describe('page furniture', () => {
  it('escapes every value and drops characters XML cannot carry', () => {
    const header = headerXml(META);
    const footer = footerXml(META);
    expect(xmlProblems(header)).toEqual([]);
    expect(xmlProblems(footer)).toEqual([]);
    expect(wordText(header).trim()).toBe(`A & B <School> "Q" 'R' Title <T>`);
    expect(header).toContain('A &amp; B &lt;School&gt; &quot;Q&quot; &apos;R&apos;');
  });

  it('puts real PAGE and NUMPAGES fields in the footer', () => {
    const footer = footerXml(META);
    expect(wordText(footer).trim()).toBe('Version 2.1 · Review by 1 September 2027 Page 1 of 1');
    const fields = [...footer.matchAll(/<w:instrText xml:space="preserve"> (\w+) /g)].map((m) => m[1]);
    expect(fields).toEqual(['PAGE', 'NUMPAGES']);
    expect(footer.match(/w:fldCharType="(begin|separate|end)"/g)).toEqual(Array(2).fill(['w:fldCharType="begin"', 'w:fldCharType="separate"', 'w:fldCharType="end"']).flat());
  });

  it('adds the parts, their relationships and content types, and a reference in every section', () => {
    const parts: Parts = new Map([
      ['word/document.xml', '<w:document><w:body><w:p><w:pPr><w:sectPr w:rsidR="1"><w:pgSz/></w:sectPr></w:pPr></w:p><w:sectPr><w:pgSz/></w:sectPr></w:body></w:document>'],
      ['word/_rels/document.xml.rels', '<Relationships><Relationship Id="rId1"/></Relationships>'],
      ['[Content_Types].xml', '<Types><Default/></Types>'],
    ]);
    addPageFurniture(parts, META);
    expect(parts.has('word/header1.xml') && parts.has('word/footer1.xml')).toBe(true);
    const refs = '<w:headerReference w:type="default" r:id="rIdPageHeader"/><w:headerReference w:type="first" r:id="rIdFirstPageHeader"/>' +
      '<w:footerReference w:type="default" r:id="rIdPageFooter"/><w:footerReference w:type="first" r:id="rIdPageFooter"/>';
    // Page 1 has a header of its own (titlePg): the letterhead, here empty (no logo).
    expect(partText(parts, 'word/document.xml')).toBe(`<w:document><w:body><w:p><w:pPr><w:sectPr w:rsidR="1">${refs}<w:pgSz/><w:titlePg/></w:sectPr></w:pPr></w:p><w:sectPr>${refs}<w:pgSz/><w:titlePg/></w:sectPr></w:body></w:document>`);
    expect(partText(parts, 'word/header2.xml')).toMatch(/<w:hdr [^>]*><w:p\/><\/w:hdr>$/);
    expect(partText(parts, 'word/_rels/document.xml.rels')).toMatch(/<Relationship Id="rIdPageHeader" Type="[^"]+\/header" Target="header1.xml"\/><Relationship Id="rIdFirstPageHeader" Type="[^"]+\/header" Target="header2.xml"\/><Relationship Id="rIdPageFooter" Type="[^"]+\/footer" Target="footer1.xml"\/><\/Relationships>$/);
    expect(partText(parts, '[Content_Types].xml')).toContain('<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>');
  });

  it('fails loudly rather than write a document without them', () => {
    const parts: Parts = new Map([
      ['word/document.xml', '<w:document><w:body/></w:document>'],
      ['word/_rels/document.xml.rels', '<Relationships></Relationships>'],
      ['[Content_Types].xml', '<Types></Types>'],
    ]);
    expect(() => addPageFurniture(parts, META)).toThrow(/no section properties/);
  });
});

describe('stable ids', () => {
  it('renumbers random hyperlink ids in the relationships and the part, and nothing else', () => {
    const H = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';
    const parts: Parts = new Map([
      ['word/_rels/document.xml.rels', `<Relationships><Relationship Id="rId1" Type="x/styles" Target="styles.xml"/><Relationship Id="rId9-k_x" Type="${H}" Target="https://a" TargetMode="External"/><Relationship Id="rId0abc" Type="${H}" Target="https://b" TargetMode="External"/></Relationships>`],
      ['word/document.xml', '<w:hyperlink r:id="rId0abc"/><w:hyperlink r:id="rId9-k_x"/><w:x r:id="rId1"/>'],
    ]);
    stableHyperlinkIds(parts);
    expect(partText(parts, 'word/_rels/document.xml.rels')).toContain(`Id="rId1" Type="x/styles"`);
    expect(partText(parts, 'word/_rels/document.xml.rels')).toMatch(/Id="rIdLink1" Type="[^"]+" Target="https:\/\/a".*Id="rIdLink2" Type="[^"]+" Target="https:\/\/b"/);
    expect(partText(parts, 'word/document.xml')).toBe('<w:hyperlink r:id="rIdLink2"/><w:hyperlink r:id="rIdLink1"/><w:x r:id="rId1"/>');
  });
});

describe('bookmarks', () => {
  it('names a bookmark after its anchor, as Word allows', () => {
    expect(bookmarkName('clause-2-1')).toBe('clause_2_1');
    expect(bookmarkName('section-9')).toBe('section_9');
    const a = bookmarkName('heading-a-very-long-heading-that-goes-on-and-on-one');
    const b = bookmarkName('heading-a-very-long-heading-that-goes-on-and-on-two');
    for (const n of [a, b]) expect(n).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,39}$/);
    expect(a).not.toBe(b);
    expect(bookmarkName('9-lives')).toMatch(/^[A-Za-z]/);
  });

  it('numbers bookmarks in order and makes each name once', () => {
    const marks = new Bookmarks();
    expect(marks.wrap(undefined, [])).toEqual([]);
    expect(marks.wrap('x', []).length).toBe(2);
    expect(marks.wrap('x', []).length).toBe(0);
    expect(marks.wrap('y', []).length).toBe(2);
  });

  it('gives every anchor a name of its own, even two that bookmarkName makes the same', () => {
    const long = `heading-${'a'.repeat(60)}`;
    const short = bookmarkName(long).replace(/_/g, '-'); // 40 characters, which bookmarkName maps to the long one's name
    expect(bookmarkName(short)).toBe(bookmarkName(long));
    const marks = new Bookmarks([long, short, 'clause-1-1']);
    expect(marks.name(long)).toBe(bookmarkName(long));
    expect(marks.name(short)).not.toBe(marks.name(long));
    expect(marks.name(short)).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,39}$/);
    expect(marks.name('clause-1-1')).toBe('clause_1_1');
    expect(marks.name('not-in-the-tree')).toBe('not_in_the_tree');
  });
});

describe('core properties', () => {
  it('escapes every value and records the date it is given', () => {
    const core = coreProperties(META, new Date('2030-01-02T03:04:05.678Z'));
    expect(xmlProblems(core)).toEqual([]);
    expect(core).toContain('<dc:creator>HR &amp; Co</dc:creator>');
    expect(core).toContain('<cp:keywords>a&amp;b; c</cp:keywords>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2030-01-02T03:04:05Z</dcterms:created>');
    expect(coreProperties({ ...META, keywords: [] }, new Date(0))).not.toContain('keywords');
  });
});

describe('the writer', () => {
  const edition = policyBuilder('# One\n\n1. A clause with [a link](https://example.org/x) and [another](mailto:a@b.c).\n')();

  it('dates the document from SOURCE_DATE_EPOCH when it is set, else from the approval date', async () => {
    const writer = createDocxWriter();
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = '1700000000';
      const core = partText(readZip(await writer.write(edition)), 'docProps/core.xml');
      expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:modified>');
      delete process.env.SOURCE_DATE_EPOCH;
      expect(partText(readZip(await writer.write(edition)), 'docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });

  it('gives the same bytes for the same edition: one writer twice, at once, or a new writer', async () => {
    const writer = createDocxWriter();
    const first = Buffer.from(await writer.write(edition));
    const [a, b] = await Promise.all([writer.write(edition), writer.write(edition)]);
    for (const other of [a, b, await createDocxWriter().write(edition)]) expect(Buffer.from(other).equals(first)).toBe(true);
  });
});

describe('preparing the tree', () => {
  it('copies what it changes, wraps loose text, drops empty tables, and spaces tables from text', () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'editionBlock' },
        { type: 'text', value: '<div>' } as never,
        { type: 'table', children: [{ type: 'tableRow', children: [] }] },
        { type: 'table', children: [] },
        { type: 'paragraph', children: [{ type: 'text', value: 'after' }] },
        { type: 'signatureBlock', signatories: [] },
      ],
    };
    const before = JSON.stringify(tree);
    const { root, keepWithNext } = prepareTree(tree);
    expect(JSON.stringify(tree)).toBe(before);
    expect(root.children.map((n) => n.type)).toEqual([MASTHEAD, 'editionBlock', SPACER, 'paragraph', 'table', SPACER, 'paragraph', 'signatureBlock']);
    expect(root.children[3]).toEqual({ type: 'paragraph', children: [{ type: 'text', value: '<div>' }] });
    expect(keepWithNext.has(root.children[6] as never)).toBe(true);
    expect(root.children[6]).toBe(tree.children[4]);
  });
});
