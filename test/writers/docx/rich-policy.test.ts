import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockContent } from 'mdast';
import type { Edition } from '../../../src/document/types.ts';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { hasClient } from '../../helpers/clients.ts';
import { normalise } from '../../helpers/seed.ts';
import { policyBuilder, school } from '../build.ts';
import { attributes, openDocx, wordText, xmlProblems, type DocxPackage } from './package.ts';
import { blocksOfType, pandocRead, pandocText } from './pandoc-text.ts';

// Every construct a policy may use, including ones the seed policy does not.
const BODY = `Text before any heading,
wrapped in the source.

1. Plain ordered one
2. Plain ordered two

# First section

1. Clause with nested lists:

   1. Roman one
      1. Alpha one
      2. Alpha two
   2. Roman two

   A second paragraph of the clause.

   | Key | Amount |
   | --- | ---: |
   | x | 12 |

1. {#label} Clause with a [link](https://example.org/a?b=1&c=2), a reference to [](#label) and \`code\`.

> A quote.

\`\`\`
code line 1
code <b>line</b> 2
\`\`\`

<div class="x">raw & html</div>

![An alt text](figures/plan.png "The office plan")

- [ ] task open
- [x] task done

- Bullet one
  - Nested bullet

    Second paragraph of the nested bullet

---

Footnote here[^1].

[^1]: The footnote text.

## Address

## Address

## A very long heading that goes on and on and on beyond the forty characters of a bookmark

# Unnumbered {-}

1. Ordered under an unnumbered heading
`;

const build = policyBuilder(BODY);
let edition: Edition;
let before: string;
let bytes: Uint8Array;
let pkg: DocxPackage;
let document: string;
let work: string;

beforeAll(async () => {
  edition = build(school({ signatories: [{ role: 'Head Teacher', name: 'Jo Bloggs' }, { role: 'Chair of Governors' }] }));
  before = JSON.stringify(edition);
  bytes = await createDocxWriter().write(edition);
  pkg = await openDocx(bytes);
  document = await pkg.text('word/document.xml');
  work = mkdtempSync(join(tmpdir(), 'policyc-docx-'));
  writeFileSync(join(work, 'rich.docx'), bytes);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a policy using every construct', () => {
  it('leaves the edition it was given unchanged (the other writers share it)', () => {
    expect(JSON.stringify(edition)).toBe(before);
  });

  it('is well-formed, with unique bookmarks and every link resolving', async () => {
    for (const name of pkg.names.filter((n) => /\.(xml|rels)$/.test(n))) expect({ name, p: xmlProblems(await pkg.text(name)) }).toEqual({ name, p: [] });
    const names = attributes(document, 'w:bookmarkStart', 'w:name');
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(n))).toBe(true);
    expect(names.filter((n) => n === 'heading_address')).toHaveLength(1);
    for (const anchor of attributes(document, 'w:hyperlink', 'w:anchor')) expect(names).toContain(anchor);
    const rels = await pkg.text('word/_rels/document.xml.rels');
    for (const id of attributes(document, 'w:hyperlink', 'r:id')) expect(rels).toContain(`Id="${id}"`);
  });

  it('writes every number as text and never puts a run straight into the body', () => {
    const text = normalise(wordText(document));
    for (const s of ['1. Plain ordered one', '2. Plain ordered two', '1.1 Clause with nested lists:', 'I. Roman one', '(a) Alpha one', '(b) Alpha two', 'II. Roman two', '1.2 Clause with a link', 'reference to 1.2 and code', '1. Ordered under an unnumbered heading']) {
      expect(text).toContain(s);
    }
    for (const s of ['A quote.', 'code line 1', 'code <b>line</b> 2', '<div class="x">raw & html</div>', '☐ task open', '☒ task done', 'Bullet one', 'Nested bullet', 'Second paragraph of the nested bullet', 'Footnote here.', 'The office plan']) {
      expect(text).toContain(s);
    }
    expect(normalise(wordText(document))).toContain('Head Teacher Signature Print name Jo Bloggs Date Chair of Governors Signature Print name Date');
    const body = /<w:body>([\s\S]*)<\/w:body>/.exec(document)![1]!;
    // direct children of the body: paragraphs, tables and the section properties only
    let depth = 0;
    for (const m of body.matchAll(/<(\/?)(w:[A-Za-z]+)[^>]*?(\/?)>/g)) {
      if (m[1]) depth--;
      else {
        if (depth === 0) expect(['w:p', 'w:tbl', 'w:sectPr']).toContain(m[2]);
        if (!m[3]) depth++;
      }
    }
  });

  it('indents nested clauses under their parent’s text and bullets as Word lists', () => {
    const indent = (text: string) => new RegExp(`<w:ind w:left="(\\d+)" w:hanging="(\\d+)"/></w:pPr>(?:<w:bookmarkStart[^>]*>)?<w:r><w:t xml:space="preserve">${text.replace(/[().]/g, '\\$&')}</w:t>`).exec(document)!.slice(1).map(Number);
    expect(indent('1.1')).toEqual([720, 720]);
    expect(indent('I.')).toEqual([1440, 720]);
    expect(indent('(a)')).toEqual([2007, 567]);
    expect(document).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr><w:ind w:left="360" w:hanging="360"\/><\/w:pPr><w:r><w:t xml:space="preserve">Bullet one/);
    expect(document).toMatch(/<w:numPr><w:ilvl w:val="1"\/><w:numId w:val="\d+"\/><\/w:numPr><w:ind w:left="720" w:hanging="360"\/><\/w:pPr><w:r><w:t xml:space="preserve">Nested bullet/);
  });

  it('gives a table a repeating header row and lines it up with its clause', () => {
    const table = /<w:tbl>(?:(?!<\/w:tbl>)[\s\S])*?Key(?:(?!<\/w:tbl>)[\s\S])*<\/w:tbl>/.exec(document)![0];
    expect(table).toMatch(/<w:tblInd w:type="dxa" w:w="720"\/>/);
    expect(table.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(table).toMatch(/<w:jc w:val="right"\/><\/w:pPr><w:r><w:t xml:space="preserve">12</);
  });
});

// Every element name the writer produces, each checked against ECMA-376 (WordprocessingML). Word
// reports a document with an element its schema lacks (as w:highlightCs) as unreadable content.
const KNOWN = new Set(`abstractNum abstractNumId b basedOn bCs body bookmarkEnd bookmarkStart bottom br cantSplit color comments compat
  compatSetting continuationSeparator displayBackgroundShape docDefaults drawing titlePg docGrid document endnote endnoteRef endnotes evenAndOddHeaders fldChar fonts footerReference
  footnote footnoteRef footnoteReference footnotes ftr gridCol gridSpan hdr headerReference hyperlink i iCs ilvl ind insideH insideV
  instrText jc keepLines keepNext lang left link lvl lvlJc lvlOverride lvlText multiLevelType name next num numbering numFmt numId
  numPr outlineLvl p pBdr pgMar pgNumType pgSz pPr pPrDefault pStyle qFormat r rFonts right rPr rPrDefault rStyle sectPr semiHidden
  separator settings shd spacing start startOverride style styles sz szCs t tab tabs tbl tblBorders tblCaption tblCellMar tblGrid tblHeader tblInd
  tblLayout tblPr tblW tc tcBorders tcPr tcW top tr trHeight trPr u uiPriority unhideWhenUsed vAlign vertAlign widowControl`.split(/\s+/));

describe('the WordprocessingML it writes', () => {
  it('uses only elements Word’s schema has, and no newline inside a text run', async () => {
    for (const name of pkg.names.filter((n) => /^word\/[^/]+\.xml$/.test(n))) {
      const xml = await pkg.text(name);
      const unknown = [...new Set([...xml.matchAll(/<w:([A-Za-z]+)/g)].map((m) => m[1]!))].filter((e) => !KNOWN.has(e));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      expect(xml).not.toMatch(/<w:t(?:\s[^>]*)?>[^<]*[\r\n]/);
    }
    expect(normalise(wordText(document))).toContain('Text before any heading, wrapped in the source.');
  });
});

describe.skipIf(!hasClient('pandoc'))('pandoc reading a policy using every construct', () => {
  it('finds the headings, lists, table, quote, code and footnote', () => {
    const doc = pandocRead(join(work, 'rich.docx'));
    const text = normalise(pandocText(doc));
    expect(blocksOfType(doc, 'Header').length).toBe(5);
    expect(blocksOfType(doc, 'BulletList').length).toBeGreaterThanOrEqual(1);
    expect(blocksOfType(doc, 'Table').length).toBe(3);
    expect(blocksOfType(doc, 'Note').length).toBe(1);
    expect(text).toContain('(a) Alpha one');
    expect(text).toContain('The footnote text.');
    const links = blocksOfType(doc, 'Link').map((l) => (l.c as [unknown, unknown, [string, string]])[2][0]);
    expect(links).toEqual(['https://example.org/a?b=1&c=2', '#clause_1_2']);
  });
});

describe('trees no policy should produce, written anyway', () => {
  it('still makes a well-formed document: empty link targets, empty tables and items, deep nesting', async () => {
    const deep = (n: number): BlockContent => n === 0
      ? { type: 'table', children: [{ type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: 'deep cell' }] }] }] }
      : { type: 'list', ordered: n % 2 === 0, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: `level ${n}` }] }, deep(n - 1)] }] };
    const odd: Edition = {
      meta: edition.meta,
      tree: { type: 'root', children: [
        { type: 'paragraph', children: [{ type: 'link', url: '', children: [{ type: 'text', value: 'no target' }] }, { type: 'link', url: '#', children: [] }] },
        { type: 'table', children: [] },
        { type: 'list', ordered: true, start: 7, children: [{ type: 'listItem', spread: false, children: [] }] },
        { type: 'heading', depth: 3, children: [] },
        deep(30),
      ] },
    };
    const out = await openDocx(await createDocxWriter().write(odd));
    for (const name of out.names.filter((n) => /\.(xml|rels)$/.test(n))) expect(xmlProblems(await out.text(name))).toEqual([]);
    const xml = await out.text('word/document.xml');
    const text = normalise(wordText(xml));
    expect(text).toContain('no target');
    expect(text).toContain('7.');
    expect(text).toContain('level 1 deep cell');
    expect(xml.match(/<w:tbl>/g)).toHaveLength(1); // the deep one: the empty table is left out
    for (const w of attributes(xml, 'w:gridCol', 'w:w')) expect(Number(w)).toBeGreaterThan(0);
    expect(await out.text('word/_rels/document.xml.rels')).not.toMatch(/Target=""/);
  });
});

describe('characters XML cannot carry in a policy’s own text', () => {
  it('are dropped, and nothing else is', async () => {
    const odd = policyBuilder('# Head\u000Cing\n\n1. Form\u000Cfeed, \u0001start of heading, \uFFFEnon-character and `co\u0002de`.\n\n```\nblock\u0003 code\n```\n')();
    const out = await openDocx(await createDocxWriter().write(odd));
    const xml = await out.text('word/document.xml');
    expect(xmlProblems(xml)).toEqual([]);
    const text = normalise(wordText(xml));
    for (const s of ['1. Heading', '1.1 Formfeed, start of heading, non-character and code.', 'block code']) expect(text).toContain(s);
  });
});
