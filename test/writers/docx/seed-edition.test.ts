import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDITION_ID } from '../../../src/document/edition-id.ts';
import { hasClient } from '../../helpers/clients.ts';
import { cli, scratchProject } from '../../helpers/project.ts';
import { missingFromText, normalise } from '../../helpers/seed.ts';
import { attributes, openDocx, wordText, xmlProblems, type DocxPackage } from './package.ts';
import { blocksOfType, pandocRead, pandocText, type PandocDocument } from './pandoc-text.ts';

const SPECIAL = `St Mary's & St John's <C of E> *Primary* #1`;
const SIGNER = `Jo O'Brien & "Co" <Ltd>`;
const FILES = {
  'schools/st-marys.yaml':
    `name: "St Mary's & St John's <C of E> *Primary* #1"\n` +
    `signatories:\n  - role: head\n    text: Head Teacher\n    name: "Jo O'Brien & \\"Co\\" <Ltd>"\n  - role: chair\n`,
};

let dir: string;
const bytes: Record<string, Uint8Array> = {};
const docx: Record<string, DocxPackage> = {};
const path = (out: string, school: string) => join(dir, out, school, 'social-networking.docx');

beforeAll(async () => {
  dir = scratchProject({ files: FILES });
  for (const out of ['dist', 'again']) {
    const result = await cli(dir, 'build', '--format', 'docx', '--out', out);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
  }
  for (const school of ['mill-lane-primary', 'riverside-infant', 'st-marys']) {
    bytes[school] = readFileSync(path('dist', school));
    docx[school] = await openDocx(bytes[school]);
  }
});

describe('the DOCX package', () => {
  it('is the same bytes when built twice (two builds, two output folders)', () => {
    for (const school of ['mill-lane-primary', 'riverside-infant', 'st-marys']) {
      expect(Buffer.from(readFileSync(path('again', school))).equals(Buffer.from(bytes[school]!))).toBe(true);
    }
  });

  it('is a clean zip: content types first, no folders, every entry dated 1980-01-01', () => {
    const { zip, names } = docx['mill-lane-primary']!;
    expect(names[0]).toBe('[Content_Types].xml');
    expect(names.filter((n) => n.endsWith('/'))).toEqual([]);
    for (const name of names) expect(zip.files[name]!.date.getFullYear()).toBe(1980);
    expect(names).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml', 'word/header1.xml', 'word/footer1.xml', 'docProps/core.xml']));
  });

  it('has only well-formed XML parts, and every relationship resolves', async () => {
    for (const school of ['mill-lane-primary', 'st-marys']) {
      const pkg = docx[school]!;
      for (const name of pkg.names.filter((n) => /\.(xml|rels)$/.test(n))) {
        expect({ name, problems: xmlProblems(await pkg.text(name)) }).toEqual({ name, problems: [] });
      }
      const rels = await pkg.text('word/_rels/document.xml.rels');
      const ids = attributes(rels, 'Relationship', 'Id');
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^rId[A-Za-z0-9]+$/);
      const targets = new Map(ids.map((id, i) => [id, { target: attributes(rels, 'Relationship', 'Target')[i]!, mode: /TargetMode="External"/.test([...rels.matchAll(/<Relationship\b[^>]*>/g)][i]![0]) }]));
      for (const { target, mode } of targets.values()) if (!mode) expect(pkg.names).toContain(`word/${target}`);
      const document = await pkg.text('word/document.xml');
      for (const id of attributes(document, '[a-zA-Z:]+', 'r:id')) expect(targets.has(id)).toBe(true);
      const types = await pkg.text('[Content_Types].xml');
      expect(types).toContain('PartName="/word/header1.xml"');
      expect(types).toContain('PartName="/word/footer1.xml"');
    }
  });

  it('numbers hyperlinks and bookmarks deterministically, each bookmark once', async () => {
    const document = await docx['mill-lane-primary']!.text('word/document.xml');
    const rels = await docx['mill-lane-primary']!.text('word/_rels/document.xml.rels');
    const links = [...rels.matchAll(/<Relationship\b[^>]*\/hyperlink"[^>]*>/g)].map((m) => /Id="([^"]*)"/.exec(m[0])![1]);
    expect(links).toEqual(links.map((_, i) => `rIdLink${i + 1}`));
    expect(links.length).toBeGreaterThanOrEqual(7); // 2 useful contacts, 5 HR emails, and any legislation links
    const ids = attributes(document, 'w:bookmarkStart', 'w:id');
    const names = attributes(document, 'w:bookmarkStart', 'w:name');
    expect(ids).toEqual(ids.map((_, i) => String(i + 1)));
    expect(attributes(document, 'w:bookmarkEnd', 'w:id')).toEqual(ids);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['section_1', 'clause_1_1', 'clause_2_1', 'clause_6_1_xvi', 'clause_8_4', 'heading_address']));
    // the cross-reference is an internal hyperlink to its bookmark
    expect(document).toMatch(/<w:hyperlink w:history="1" w:anchor="clause_2_1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"\/><\/w:rPr><w:t xml:space="preserve">2\.1<\/w:t>/);
  });

  it('is A4 with margins, a header and a footer in every section (page 1\'s header the logo alone)', async () => {
    const document = await docx['mill-lane-primary']!.text('word/document.xml');
    const sections = [...document.matchAll(/<w:sectPr>([\s\S]*?)<\/w:sectPr>/g)].map((m) => m[1]!);
    expect(sections.length).toBe(1);
    for (const s of sections) {
      expect(s).toMatch(/^<w:headerReference w:type="default" r:id="rIdPageHeader"\/><w:headerReference w:type="first" r:id="rIdFirstPageHeader"\/><w:footerReference w:type="default" r:id="rIdPageFooter"\/><w:footerReference w:type="first" r:id="rIdPageFooter"\/>/);
      expect(s).toContain('<w:titlePg/>');
      expect(s).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
      expect(s).toMatch(/<w:pgMar w:top="1417" w:right="1247" w:bottom="1417" w:left="1247"/);
    }
  });

  it('is in British English, in a readable body font, with Word’s own heading styles', async () => {
    const styles = await docx['mill-lane-primary']!.text('word/styles.xml');
    const defaults = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(styles)![1]!;
    expect(defaults).toMatch(/<w:lang w:val="en-GB"\/>/);
    expect(defaults).toMatch(/<w:rFonts w:ascii="Arial"/);
    expect(defaults).toMatch(/<w:sz w:val="22"\/>/);
    expect(styles).toMatch(/<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"\/>/);
    expect(styles).toMatch(/<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"\/>/);
    // each style once, and every style a style refers to (basedOn, next, link) defined
    const ids = attributes(styles, 'w:style', 'w:styleId');
    expect(new Set(ids).size).toBe(ids.length);
    for (const tag of ['w:basedOn', 'w:next', 'w:link']) for (const ref of attributes(styles, tag, 'w:val')) expect(ids).toContain(ref);
    const document = await docx['mill-lane-primary']!.text('word/document.xml');
    for (const ref of [...attributes(document, 'w:pStyle', 'w:val'), ...attributes(document, 'w:rStyle', 'w:val')]) expect(ids).toContain(ref);
    for (const [id, name, level] of [['Heading1', 'Heading 1', 0], ['Heading2', 'Heading 2', 1]] as const) {
      const style = new RegExp(`<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/>[\\s\\S]*?</w:style>`).exec(styles)![0];
      expect(style).toContain(`<w:outlineLvl w:val="${level}"/>`);
    }
    expect(document.match(/<w:pStyle w:val="Heading1"\/>/g)!.length).toBe(10);
    expect(document.match(/<w:pStyle w:val="Heading2"\/>/g)!.length).toBe(1);
    expect(document.match(/<w:pStyle w:val="Title"\/>/g)!.length).toBe(1);
  });

  it('numbers clauses with text, never with Word numbering; bullets are Word lists', async () => {
    const { text } = docx['mill-lane-primary']!;
    const document = await text('word/document.xml');
    const numbering = await text('word/numbering.xml');
    const used = new Set(attributes(document, 'w:numId', 'w:val'));
    expect(used.size).toBeGreaterThan(0);
    for (const numId of used) {
      const abstract = new RegExp(`<w:num w:numId="${numId}"><w:abstractNumId w:val="(\\d+)"/>`).exec(numbering)![1];
      const definition = new RegExp(`<w:abstractNum w:abstractNumId="${abstract}"[\\s\\S]*?</w:abstractNum>`).exec(numbering)![0];
      expect(definition.match(/<w:numFmt w:val="([a-zA-Z]+)"\/>/g)!.every((f) => f.includes('"bullet"'))).toBe(true);
    }
    const text2 = normalise(wordText(document));
    for (const s of ['1. Introduction', '1.1 The Governing Body of Mill Lane', '4.3 Staff members should', 'I. Staff members must not access', 'XVI. Staff members are strongly advised', '8.4 Records should', '9. Other useful contacts']) {
      expect(text2).toContain(s);
    }
    expect(text2).not.toContain('XVII.');
  });

  it('puts the school and title in the header, the version, review date and real page fields in the footer', async () => {
    const pkg = docx['mill-lane-primary']!;
    expect(normalise(wordText(await pkg.text('word/header1.xml')))).toBe('Mill Lane Primary School Social Networking Policy for Staff in Schools');
    const footer = await pkg.text('word/footer1.xml');
    expect(normalise(wordText(footer))).toMatch(new RegExp(`^Version 3\\.0 · Review by 1 September 2027 · Edition ID ${EDITION_ID.source} Page 1 of 1$`));
    expect(footer).toMatch(/Page <\/w:t><\/w:r><w:r><w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText xml:space="preserve"> PAGE /);
    expect(footer).toMatch(/ of <\/w:t><\/w:r><w:r><w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText xml:space="preserve"> NUMPAGES /);
    expect(footer.match(/w:fldCharType="end"/g)!.length).toBe(2);
  });

  it('records title, subject, author, keywords and the approval date as core properties', async () => {
    const core = await docx['mill-lane-primary']!.text('docProps/core.xml');
    const get = (tag: string) => new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`).exec(core)?.[1];
    expect(get('dc:title')).toBe('Social Networking Policy for Staff in Schools');
    expect(get('dc:subject')).toBe('Mill Lane Primary School');
    expect(get('dc:creator')).toBe('Schools HR Advisory Service');
    expect(get('cp:lastModifiedBy')).toBe('Schools HR Advisory Service');
    expect(get('cp:keywords')).toBe('social media; social networking; staff conduct');
    expect(get('dc:language')).toBe('en-GB');
    expect(get('cp:version')).toBe('3.0');
    expect(get('dcterms:created')).toBe('2026-09-01T00:00:00Z');
    expect(get('dcterms:modified')).toBe('2026-09-01T00:00:00Z');
    expect(core).not.toContain('Un-named');
  });

  it('carries a school name full of markup characters as text, everywhere', async () => {
    const pkg = docx['st-marys']!;
    const document = await pkg.text('word/document.xml');
    const header = await pkg.text('word/header1.xml');
    const core = await pkg.text('docProps/core.xml');
    for (const xml of [document, header, core]) {
      expect(xml).not.toContain('<C of E>');
      expect(xml).not.toContain(`Mary's &`);
    }
    expect(wordText(header)).toContain(SPECIAL);
    expect(wordText(document)).toContain(`The Governing Body of ${SPECIAL} is committed`);
    expect(normalise(wordText(document))).toContain(`Print name ${SIGNER}`);
    expect(core).toContain('<dc:subject>St Mary&apos;s &amp; St John&apos;s &lt;C of E&gt; *Primary* #1</dc:subject>');
  });

  it('has one space between words, as the HTML and PDF show them, where the source has two (issue 16)', async () => {
    const source = readFileSync(join(dir, 'policies/social-networking.md'), 'utf8');
    expect(source.match(/\S {2,}\S/g)!.length).toBeGreaterThanOrEqual(10);
    for (const school of ['mill-lane-primary', 'st-marys']) {
      const text = wordText(await docx[school]!.text('word/document.xml'));
      expect(text).toContain('the risks of the use of social media sites');
      expect(text.match(/\S {2,}\S/g), school).toBeNull();
    }
  });
});

const pandoc = hasClient('pandoc');

describe.skipIf(!pandoc)('pandoc reading the DOCX back', () => {
  let mill: PandocDocument;
  let millText: string;

  beforeAll(() => {
    mill = pandocRead(path('dist', 'mill-lane-primary'));
    millText = normalise(pandocText(mill));
  });

  it('finds every sentence and contact detail of the seed', () => {
    expect(missingFromText(pandocText(mill))).toEqual([]);
  });

  it('finds the title, and the sections as headings', () => {
    expect(pandocText({ meta: { title: mill.meta.title }, blocks: [] }).trim()).toBe('Social Networking Policy for Staff in Schools');
    const headings = blocksOfType(mill, 'Header').map((h) => {
      const [level, , inlines] = h.c as [number, unknown, unknown];
      return `${level} ${normalise(pandocText({ meta: {}, blocks: [{ t: 'Plain', c: inlines }] }))}`;
    });
    expect(headings).toEqual([
      '1 1. Introduction', '1 2. Who does this policy apply to?', '1 3. Aims', '1 4. Legal Framework', '1 5. Responsibilities',
      '1 6. Use of Social Media Sites', '1 7. Monitoring of Internet Use', '1 8. Breaches of the Policy', '1 9. Other useful contacts',
      '1 Schools HR contact details', '2 Address',
    ]);
  });

  it('finds the HR contacts as a table with a header row', () => {
    const tables = blocksOfType(mill, 'Table').map((t) => t.c as unknown[]);
    const contacts = tables.filter((c) => JSON.stringify(c[3]).includes('Telephone'));
    expect(contacts.length).toBe(1);
    const [, , , head, bodies] = contacts[0] as [unknown, unknown, unknown, [unknown, unknown[]], [unknown, unknown, unknown, unknown[]][]];
    expect(head[1].length).toBe(1);
    expect(normalise(pandocText({ meta: {}, blocks: head[1] as never }))).toBe('Name Role Telephone (01642) Email');
    expect(bodies[0]![3].length).toBe(5);
    expect(normalise(pandocText({ meta: {}, blocks: bodies[0]![3][4] as never }))).toBe('Shellena Hussain HR Advisor 528271 shellena.hussain@stockton.gov.uk');
  });

  it('finds bulleted lists, links and the cross-reference', () => {
    const bullets = blocksOfType(mill, 'BulletList').map((b) => normalise(pandocText({ meta: {}, blocks: [b] as never })));
    expect(bullets.length).toBe(10);
    expect(bullets[0]).toMatch(/^Enable staff members to use social networking sites safely and securely;/);
    const links = blocksOfType(mill, 'Link').map((l) => (l.c as [unknown, unknown, [string, string]])[2][0]);
    expect(links).toEqual(expect.arrayContaining(['#clause_2_1', 'https://www.facebook.com/communitystandards', 'mailto:anne.rix@stockton.gov.uk']));
    expect(millText).toContain('(for definition of staff members see paragraph 2.1)');
  });

  it('finds the edition block and the signature block', () => {
    expect(millText).toContain('School Mill Lane Primary School Version 3.0 Approved 1 September 2026 Review by 1 September 2027 Applies to All staff members working in or for the school (see paragraph 2.1) Owner Schools HR Advisory Service');
    // Mill Lane adopted this version: its register's signers are pre-printed, the signature and date lines stay blank.
    expect(millText).toMatch(/Signed and dated: Head Teacher Signature Print name Sarah Okafor Date Chair of Governors Signature Print name David Whitfield Date$/);
  });

  it('shows the special school name and a signatory’s printed name literally', () => {
    const text = normalise(pandocText(pandocRead(path('dist', 'st-marys'))));
    expect(text).toContain(`The Governing Body of ${SPECIAL} is committed`);
    expect(text).toContain(`School ${SPECIAL} Version 3.0`);
    expect(text).toContain(`Head Teacher Signature Print name ${SIGNER} Date Chair of Governors Signature Print name Date`);
  });

  it('differs for the second school where its config differs', () => {
    const text = normalise(pandocText(pandocRead(path('dist', 'riverside-infant'))));
    expect(text).toContain('The Governing Board of Riverside Nursery and Infant School is committed');
    expect(text).toContain('Priya Raman');
    expect(text).not.toContain('Shellena Hussain');
    expect(text).not.toContain('Mill Lane');
    expect(millText).not.toContain('Priya Raman');
  });
});
