import type { EditionMeta } from '../../document/types.ts';
import { partText, type Parts } from './deterministic-zip.ts';
import { STYLE, TEXT_WIDTH } from './styles.ts';
import { xmlText } from './xml-text.ts';

/*
 * Running header and footer, which remark-docx cannot make (its issues #76 and #148:
 * no header, footer or page-number option). We add them to the package it wrote:
 * two parts, their relationships and content types, and references in every section.
 *
 *   header: <school name> ⇥ <policy title>
 *   footer: Version <v> · Review by <date> ⇥ Page <PAGE> of <NUMPAGES>
 */

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml';

export const HEADER_PART = 'word/header1.xml';
export const FOOTER_PART = 'word/footer1.xml';
const HEADER_ID = 'rIdPageHeader';
const FOOTER_ID = 'rIdPageFooter';

/** Adds the header and footer of `meta`'s edition to a package's parts. */
export function addPageFurniture(parts: Parts, meta: EditionMeta): void {
  parts.set(HEADER_PART, headerXml(meta));
  parts.set(FOOTER_PART, footerXml(meta));
  edit(parts, 'word/_rels/document.xml.rels', (xml) => insertBefore(xml, '</Relationships>',
    `<Relationship Id="${HEADER_ID}" Type="${REL}/header" Target="header1.xml"/>` +
    `<Relationship Id="${FOOTER_ID}" Type="${REL}/footer" Target="footer1.xml"/>`));
  edit(parts, '[Content_Types].xml', (xml) => insertBefore(xml, '</Types>',
    `<Override PartName="/${HEADER_PART}" ContentType="${CT}.header+xml"/>` +
    `<Override PartName="/${FOOTER_PART}" ContentType="${CT}.footer+xml"/>`));
  // Header and footer references come first in a section's properties.
  edit(parts, 'word/document.xml', (xml) => {
    let sections = 0;
    const out = xml.replace(/<w:sectPr(\s[^>]*)?>/g, (open) => {
      sections++;
      return `${open}<w:headerReference w:type="default" r:id="${HEADER_ID}"/><w:footerReference w:type="default" r:id="${FOOTER_ID}"/>`;
    });
    if (!sections) throw new Error('docx writer: the document has no section properties to attach a header to');
    return out;
  });
}

export function headerXml(meta: EditionMeta): string {
  return part('hdr', STYLE.header, [run(meta.schoolName), '<w:r><w:tab/></w:r>', run(meta.title)]);
}

export function footerXml(meta: EditionMeta): string {
  return part('ftr', STYLE.footer, [
    run(`Version ${meta.version} · Review by ${meta.reviewText}`),
    '<w:r><w:tab/></w:r>',
    run('Page '),
    ...field('PAGE'),
    run(' of '),
    ...field('NUMPAGES'),
  ]);
}

function part(root: 'hdr' | 'ftr', style: string, runs: string[]): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<w:${root} xmlns:w="${W}" xmlns:r="${R}"><w:p><w:pPr><w:pStyle w:val="${style}"/>` +
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
