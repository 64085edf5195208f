import type { IStylesOptions } from 'docx';

/** A4 portrait, in twips (1/1440 inch). */
export const PAGE = { width: 11906, height: 16838 } as const;
/** 2.5 cm top and bottom, 2.2 cm left and right (header and footer sit 1.25 cm from the edge: the docx library's 708). */
export const MARGIN = { top: 1417, bottom: 1417, left: 1247, right: 1247 } as const;
/** The width text can take between the margins: where a right tab stop goes. */
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/** The house typeface (Liberation Sans) as Word has it: Arial, its metric twin. */
export const FONT = 'Arial';
export const LANGUAGE = 'en-GB';
/** The headings' colour in the styles made once per writer; each edition's accent replaces it (withAccent). */
export const INK = '1F3864';
const GREY = '595959';

/** Style ids this writer uses besides Word's built-in Title, Heading1… and Hyperlink. */
export const STYLE = {
  tableText: 'TableText',
  header: 'Header',
  footer: 'Footer',
  code: 'Code',
  caption: 'Caption',
  tocHeading: 'TOCHeading',
  toc1: 'TOC1',
} as const;

/**
 * The document's styles, made once per writer. Word's own style ids and names
 * (Title, Heading1 "heading 1" …) so the navigation pane, a table of contents and
 * screen readers recognise them; the language is set in the run defaults.
 */
export function documentStyles(): IStylesOptions {
  return {
    default: {
      document: {
        run: { font: FONT, size: 22, language: { value: LANGUAGE } },
        paragraph: { spacing: { after: 120, line: 276, lineRule: 'auto' } },
      },
      // Exactly 1.05 lines of 20 pt, "auto": a title that wraps onto a second line moves it down (LibreOffice overprints lines of a w:line without w:lineRule).
      title: { run: { font: FONT, size: 40, bold: true, color: INK }, paragraph: { spacing: { before: 0, after: 240, line: 252, lineRule: 'auto' }, keepNext: true } },
      heading1: {
        run: { font: FONT, size: 28, bold: true, color: INK },
        paragraph: { spacing: { before: 360, after: 120 }, keepNext: true, keepLines: true, outlineLevel: 0 },
      },
      heading2: {
        run: { font: FONT, size: 24, bold: true, color: INK },
        paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true, outlineLevel: 1 },
      },
      heading3: {
        run: { font: FONT, size: 22, bold: true, color: INK },
        paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true, outlineLevel: 2 },
      },
      hyperlink: { run: { color: '0B57D0', underline: { type: 'single' } } },
    },
    // Word's built-in defaults, declared: the docx library's styles are based on them but leave them
    // out (pandoc then ignores every style). markDefaults() flags them as the defaults.
    characterStyles: [{ id: 'DefaultParagraphFont', name: 'Default Paragraph Font', uiPriority: 1, semiHidden: true, unhideWhenUsed: true }],
    paragraphStyles: [
      { id: 'Normal', name: 'Normal', quickFormat: true },
      {
        id: STYLE.tableText, name: 'Table Text', basedOn: 'Normal', quickFormat: true,
        run: { size: 20 }, paragraph: { spacing: { before: 40, after: 40, line: 252, lineRule: 'auto' } },
      },
      {
        id: STYLE.header, name: 'header', basedOn: 'Normal', uiPriority: 99, unhideWhenUsed: true,
        run: { size: 17, color: GREY },
        paragraph: { spacing: { after: 0, line: 240, lineRule: 'auto' }, border: { bottom: { style: 'single', size: 4, color: 'A6A6A6', space: 4 } } },
      },
      {
        id: STYLE.footer, name: 'footer', basedOn: 'Normal', uiPriority: 99, unhideWhenUsed: true,
        run: { size: 17, color: GREY },
        paragraph: { spacing: { after: 0, line: 240, lineRule: 'auto' }, border: { top: { style: 'single', size: 4, color: 'A6A6A6', space: 4 } } },
      },
      {
        id: STYLE.code, name: 'Code', basedOn: 'Normal', quickFormat: true,
        run: { font: 'Courier New', size: 20 }, paragraph: { spacing: { after: 120, line: 240, lineRule: 'auto' } },
      },
      {
        id: STYLE.caption, name: 'caption', basedOn: 'Normal', next: 'Normal', uiPriority: 35, unhideWhenUsed: true, quickFormat: true,
        run: { size: 20, bold: true, color: INK }, paragraph: { spacing: { before: 120, after: 80 }, keepNext: true },
      },
      {
        id: STYLE.tocHeading, name: 'TOC Heading', basedOn: 'Normal', next: 'Normal', uiPriority: 39, unhideWhenUsed: true, quickFormat: true,
        run: { size: 28, bold: true, color: INK }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
      },
      {
        id: STYLE.toc1, name: 'toc 1', basedOn: 'Normal', next: 'Normal', uiPriority: 39, unhideWhenUsed: true,
        paragraph: { spacing: { before: 60, after: 60 } },
      },
    ],
  };
}

/** The styles with the edition's accent in place of the writer's heading colour. */
export function withAccent(stylesXml: string, accent: string): string {
  return stylesXml.replaceAll(`w:val="${INK}"`, `w:val="${accent}"`);
}

/**
 * Widow and orphan control for every paragraph: in the paragraph defaults and in Normal
 * (the docx library's style options have no such property), so no page starts with a
 * paragraph's last line or ends with its first. Word's schema puts w:widowControl
 * before w:spacing in a paragraph's properties, and a style's w:pPr after w:qFormat.
 */
export function withWidowControl(stylesXml: string): string {
  const defaults = stylesXml.replace('<w:pPrDefault><w:pPr>', '<w:pPrDefault><w:pPr><w:widowControl/>');
  const normal = defaults.replace(/(<w:style w:type="paragraph"(?: w:default="1")? w:styleId="Normal">[\s\S]*?)(<\/w:style>)/, (_, style: string, end: string) => {
    if (style.includes('<w:pPr>')) return `${style.replace('<w:pPr>', '<w:pPr><w:widowControl/>')}${end}`;
    return style.replace(/(<w:qFormat\/>)|$/, (q) => `${q}<w:pPr><w:widowControl/></w:pPr>`) + end;
  });
  if (defaults === stylesXml || normal === defaults) throw new Error('docx writer: no paragraph defaults or Normal style to turn widow control on in');
  return normal;
}

/** Marks Normal and Default Paragraph Font as the default styles (the docx library's options have no such flag). */
export function markDefaults(stylesXml: string): string {
  let xml = stylesXml;
  for (const [type, id] of [['paragraph', 'Normal'], ['character', 'DefaultParagraphFont']] as const) {
    const marked = xml.replace(`<w:style w:type="${type}" w:styleId="${id}">`, `<w:style w:type="${type}" w:default="1" w:styleId="${id}">`);
    if (marked === xml) throw new Error(`docx writer: no ${id} style to mark as the default`);
    xml = marked;
  }
  return xml;
}
