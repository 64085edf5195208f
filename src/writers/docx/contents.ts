import { Paragraph, TextRun } from 'docx';
import type { TocEntry } from '../../document/types.ts';
import { CONTENTS_TITLE } from '../shared/history.ts';
import type { Bookmarks } from './bookmarks.ts';
import { STYLE, TEXT_WIDTH } from './styles.ts';
import { xmlText } from './xml-text.ts';

/**
 * The contents block: a real Word table of contents, which the docx library's own
 * cannot make as we want it (it is always dirty, so Word asks to update it on opening,
 * and has no cached entries Word and pandoc read as links). The builder leaves a
 * placeholder paragraph; `fillContents` puts the field in its place once the document
 * is written:
 *
 *   "Contents" (TOC Heading)
 *   ┌ TOC \o "1-1" \h \z \u ┐ one "toc 1" paragraph per section, each a link to its
 *   │ heading's bookmark: "2.⇥Raising a concern" │
 *   └ end ┘
 *
 * so it reads right before anyone presses F9, which adds the page numbers (Word's
 * field result is whatever was last put there; policyc cannot know the pages).
 */
export const CONTENTS_PLACEHOLDER = 'POLICYC-CONTENTS-BLOCK-PLACEHOLDER';

export function contentsPlaceholder(): Paragraph {
  return new Paragraph({ children: [new TextRun(CONTENTS_PLACEHOLDER)] });
}

/** document.xml with the placeholder paragraph replaced by the contents (the entries of its tree). */
export function fillContents(documentXml: string, entries: TocEntry[], bookmarks: Bookmarks): string {
  const at = documentXml.indexOf(CONTENTS_PLACEHOLDER);
  if (at < 0) return documentXml;
  const start = Math.max(documentXml.lastIndexOf('<w:p>', at), documentXml.lastIndexOf('<w:p ', at));
  const end = documentXml.indexOf('</w:p>', at) + '</w:p>'.length;
  return documentXml.slice(0, start) + contentsXml(entries, bookmarks) + documentXml.slice(end);
}

const R = (inner: string) => `<w:r>${inner}</w:r>`;
const T = (text: string) => R(`<w:t xml:space="preserve">${xmlText(text)}</w:t>`);
const FLD = (type: 'begin' | 'separate' | 'end') => R(`<w:fldChar w:fldCharType="${type}"/>`);
const INSTR = (text: string) => R(`<w:instrText xml:space="preserve"> ${text} </w:instrText>`);

export function contentsXml(entries: TocEntry[], bookmarks: Bookmarks): string {
  const tabs = `<w:tabs><w:tab w:val="left" w:pos="567"/><w:tab w:val="right" w:leader="dot" w:pos="${TEXT_WIDTH}"/></w:tabs>`;
  // Pre-filled entries carry no page numbers: none is known before Word or LibreOffice lays the
  // document out, and a wrong one is worse than none. Updating the field (F9) adds them.
  // Never split after its first entry or before its last (one entry alone atop the next page).
  const pPr = (keep: boolean) => `<w:pPr><w:pStyle w:val="${STYLE.toc1}"/>${keep ? '<w:keepNext/>' : ''}${tabs}</w:pPr>`;
  const keep = (i: number) => entries.length > 1 && (i === 0 || i === entries.length - 2);
  const heading = `<w:p><w:pPr><w:pStyle w:val="${STYLE.tocHeading}"/></w:pPr>${T(CONTENTS_TITLE)}</w:p>`;
  const begin = FLD('begin') + INSTR('TOC \\o "1-1" \\h \\z \\u') + FLD('separate');
  const lines = entries.map((entry, i) => {
    const name = bookmarks.name(entry.anchor);
    const link = `<w:hyperlink w:anchor="${xmlText(name)}" w:history="1">${entry.marker ? T(entry.marker) + R('<w:tab/>') : ''}${T(entry.text)}</w:hyperlink>`;
    const last = i === entries.length - 1;
    return `<w:p>${pPr(keep(i))}${i === 0 ? begin : ''}${link}${last ? FLD('end') : ''}</w:p>`;
  });
  // A field must close: with no sections to list, it begins and ends in one paragraph.
  if (!lines.length) lines.push(`<w:p>${pPr(false)}${begin}${FLD('end')}</w:p>`);
  return heading + lines.join('');
}
