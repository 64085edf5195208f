import { EDITION_ID_LABEL } from '../../document/edition-id.ts';
import type { EditionMeta } from '../../document/types.ts';
import { partText, type Parts } from './deterministic-zip.ts';
import { STYLE, TEXT_WIDTH } from './styles.ts';
import { xmlText } from './xml-text.ts';

/*
 * Running header and footer, which remark-docx cannot make (its issues #76 and #148:
 * no header, footer or page-number option). We add them to the package it wrote:
 * the parts, their relationships and content types, and references in every section.
 *
 *   header: <school name> ⇥ <policy title>
 *   footer: Version <v> · Review by <date> · Edition ID <id> ⇥ Page <PAGE> of <NUMPAGES>
 *
 * Page 1 has a header of its own, a letterhead: the house style's logo (the paragraph
 * the masthead put above the title is moved there), and no running header above the
 * title. So the Title paragraph opens the body, as Word's navigation, pandoc and screen
 * readers expect of a document's title.
 */

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml';

export const HEADER_PART = 'word/header1.xml';
export const FOOTER_PART = 'word/footer1.xml';
export const FIRST_HEADER_PART = 'word/header2.xml';
const HEADER_ID = 'rIdPageHeader';
const FOOTER_ID = 'rIdPageFooter';
const FIRST_HEADER_ID = 'rIdFirstPageHeader';

/** The masthead's logo paragraph: the one holding the drawing named "Logo" (see ./blocks.ts). */
const LOGO_PARAGRAPH = /<w:p>(?:(?!<w:p>)[\s\S])*?<wp:docPr [^>]*name="Logo"[\s\S]*?<\/w:p>/;

/** Adds the header and footer of `meta`'s edition to a package's parts. */
export function addPageFurniture(parts: Parts, meta: EditionMeta): void {
  const letterhead = takeLetterhead(parts);
  parts.set(HEADER_PART, headerXml(meta));
  parts.set(FOOTER_PART, footerXml(meta));
  parts.set(FIRST_HEADER_PART, firstHeaderXml(letterhead.paragraph, meta));
  parts.set('word/_rels/header2.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${letterhead.relationships.join('')}</Relationships>`);
  edit(parts, 'word/_rels/document.xml.rels', (xml) => insertBefore(xml, '</Relationships>',
    `<Relationship Id="${HEADER_ID}" Type="${REL}/header" Target="header1.xml"/>` +
    `<Relationship Id="${FIRST_HEADER_ID}" Type="${REL}/header" Target="header2.xml"/>` +
    `<Relationship Id="${FOOTER_ID}" Type="${REL}/footer" Target="footer1.xml"/>`));
  edit(parts, '[Content_Types].xml', (xml) => insertBefore(xml, '</Types>',
    `<Override PartName="/${HEADER_PART}" ContentType="${CT}.header+xml"/>` +
    `<Override PartName="/${FIRST_HEADER_PART}" ContentType="${CT}.header+xml"/>` +
    `<Override PartName="/${FOOTER_PART}" ContentType="${CT}.footer+xml"/>`));
  // Header and footer references come first in a section's properties; titlePg gives page 1 its own header.
  edit(parts, 'word/document.xml', (xml) => {
    let sections = 0;
    const out = xml.replace(/<w:sectPr(\s[^>]*)?>([\s\S]*?)<\/w:sectPr>/g, (_, attributes: string | undefined, inner: string) => {
      sections++;
      const references = `<w:headerReference w:type="default" r:id="${HEADER_ID}"/><w:headerReference w:type="first" r:id="${FIRST_HEADER_ID}"/>` +
        `<w:footerReference w:type="default" r:id="${FOOTER_ID}"/><w:footerReference w:type="first" r:id="${FOOTER_ID}"/>`;
      // w:titlePg comes after the page setup elements and before w:textDirection, w:bidi, w:rtlGutter, w:docGrid.
      const titlePg = /<w:(textDirection|bidi|rtlGutter|docGrid)\b/.exec(inner);
      const body = titlePg ? `${inner.slice(0, titlePg.index)}<w:titlePg/>${inner.slice(titlePg.index)}` : `${inner}<w:titlePg/>`;
      return `<w:sectPr${attributes ?? ''}>${references}${body}</w:sectPr>`;
    });
    if (!sections) throw new Error('docx writer: the document has no section properties to attach a header to');
    return out;
  });
}

/**
 * Takes the logo paragraph out of the body, with the relationships of the pictures it
 * embeds (the header part needs its own), or an empty letterhead when there is no logo.
 */
function takeLetterhead(parts: Parts): { paragraph: string; relationships: string[] } {
  const document = partText(parts, 'word/document.xml');
  const found = LOGO_PARAGRAPH.exec(document);
  if (!found) return { paragraph: '', relationships: [] };
  parts.set('word/document.xml', document.slice(0, found.index) + document.slice(found.index + found[0].length));
  const rels = partText(parts, 'word/_rels/document.xml.rels');
  const ids = new Set([...found[0].matchAll(/r:embed="([^"]+)"/g)].map((m) => m[1]!));
  const relationships = [...rels.matchAll(/<Relationship\b[^>]*\/>/g)].map((m) => m[0]).filter((r) => ids.has(/Id="([^"]+)"/.exec(r)?.[1] ?? ''));
  return { paragraph: found[0], relationships };
}

/** A draft's line in every header: "Draft for approval by the Governing Body", bold, in the header style. */
function draftParagraph(meta: EditionMeta): string {
  if (!meta.adoption?.draft) return '';
  return `<w:p><w:pPr><w:pStyle w:val="${STYLE.header}"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${xmlText(meta.adoption.text)}</w:t></w:r></w:p>`;
}

/** Page 1's header: the letterhead (the logo), or an empty paragraph; a draft's line above it. */
function firstHeaderXml(letterhead: string, meta: EditionMeta): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<w:hdr xmlns:w="${W}" xmlns:r="${R}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" ' +
    'xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" ' +
    `xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing">${draftParagraph(meta)}${letterhead || '<w:p/>'}</w:hdr>`;
}

export function headerXml(meta: EditionMeta): string {
  return part('hdr', STYLE.header, [run(meta.schoolName), '<w:r><w:tab/></w:r>', run(meta.title)], draftParagraph(meta));
}

export function footerXml(meta: EditionMeta): string {
  return part('ftr', STYLE.footer, [
    run(`Version ${meta.version} · Review by ${meta.reviewText}${meta.editionId ? ` · ${EDITION_ID_LABEL} ${meta.editionId}` : ''}`),
    '<w:r><w:tab/></w:r>',
    run('Page '),
    ...field('PAGE'),
    run(' of '),
    ...field('NUMPAGES'),
  ]);
}

function part(root: 'hdr' | 'ftr', style: string, runs: string[], before = ''): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<w:${root} xmlns:w="${W}" xmlns:r="${R}">${before}<w:p><w:pPr><w:pStyle w:val="${style}"/>` +
    `<w:tabs><w:tab w:val="right" w:pos="${TEXT_WIDTH}"/></w:tabs></w:pPr>${runs.join('')}</w:p></w:${root}>`;
}

function run(text: string): string {
  return `<w:r><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;
}

/** A real Word field (PAGE, NUMPAGES): Word and LibreOffice compute it; "1" is shown only until they do. */
function field(instruction: 'PAGE' | 'NUMPAGES'): string[] {
  return [
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    `<w:r><w:instrText xml:space="preserve"> ${instruction} \\* MERGEFORMAT </w:instrText></w:r>`,
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    '<w:r><w:t>1</w:t></w:r>',
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
  ];
}

function edit(parts: Parts, name: string, change: (xml: string) => string): void {
  parts.set(name, change(partText(parts, name)));
}

function insertBefore(xml: string, close: string, insert: string): string {
  const at = xml.lastIndexOf(close);
  if (at < 0) throw new Error(`docx writer: no ${close} to insert before`);
  return xml.slice(0, at) + insert + xml.slice(at);
}
