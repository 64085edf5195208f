import { AlignmentType, BorderStyle, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, WidthType, type IBorderOptions } from 'docx';
import type { Table as MdTable } from 'mdast';
import { runs, within, type Ctx } from './layout.ts';
import type { Context } from './remark-docx-api.ts';
import { HISTORY_COLUMNS, HISTORY_TITLE, historyRows } from '../shared/history.ts';
import type { HistoryEntry } from '../../document/types.ts';
import { STYLE, TEXT_WIDTH } from './styles.ts';
import { xmlSafe, xmlText } from './xml-text.ts';
import { TextRun } from 'docx';

/** The house style's colours as a table uses them: the header row's fill and the rule under it (six hex digits). */
export interface TableLook {
  accent: string;
  tint: string;
}

/** A table's caption, printed above it as Word's Caption style, kept with the table. */
export function captionParagraph(text: string, indent = 0): Paragraph {
  return new Paragraph({ style: STYLE.caption, keepNext: true, ...(indent ? { indent: { left: indent } } : {}), children: [new TextRun(xmlSafe(text))] });
}

/**
 * The table's accessible name in its properties (w:tblCaption: the title of Word's
 * Alt Text of a table), for the body tables of a document in
 * order. `names` has one entry per w:tbl of document.xml, in order (null: none); when
 * the counts differ the document is left as it is.
 */
export function nameTables(documentXml: string, names: readonly (string | null)[]): string {
  const count = documentXml.split('<w:tblPr>').length - 1;
  if (count !== names.length || !names.some((n) => n)) return documentXml;
  let i = 0;
  return documentXml.replace(/<w:tblPr>([\s\S]*?)<\/w:tblPr>/g, (whole, inner: string) => {
    const name = names[i++];
    if (!name) return whole;
    const value = xmlText(name);
    // The name is the table's Alt Text title; a description the same as it would be read (and by pandoc printed) twice.
    return `<w:tblPr>${inner}<w:tblCaption w:val="${value}"/></w:tblPr>`;
  });
}

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;
const GRID: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '8C8C8C' };
/** Estimated width of one character of 10 pt table text, and a cell's left and right margins, in twips. */
const CHAR = 110;
const CELL_MARGINS = 200;

/** Advance widths of Arial (Liberation Sans, Nimbus Sans: the same metrics) for U+0020–U+007E, in 1/1000 em. */
const ARIAL = {
  regular: '278,278,355,556,556,889,667,222,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,222,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584',
  bold: '278,333,474,556,556,889,722,278,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,278,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584',
};
const WIDTHS = { regular: ARIAL.regular.split(',').map(Number), bold: ARIAL.bold.split(',').map(Number) };
/**
 * How much wider than Arial a word may print where Arial is not installed and another
 * sans serif stands in (DejaVu Sans, Verdana are up to a fifth wider): a column is
 * sized so that its longest word stays whole in those too.
 */
const FALLBACK = 1.25;

/** A word's width in 10 pt Arial, in characters of CHAR twips, with room for a wider stand-in font. */
export function wordChars(word: string, bold = false): number {
  const table = bold ? WIDTHS.bold : WIDTHS.regular;
  let units = 0;
  for (const ch of word) {
    const code = ch.codePointAt(0)!;
    units += code >= 0x20 && code <= 0x7e ? table[code - 0x20]! : 1000; // beyond ASCII: an em, the widest a letter is
  }
  return (units / 1000) * 200 * FALLBACK / CHAR; // 10 pt is 200 twips an em
}

/**
 * A GFM table (the HR contacts): a real Word table whose first row is a header row
 * (bold, shaded, repeated on each page: w:tblHeader), rows that never split, columns
 * sized to their text, indented with the clause it belongs to.
 */
export function gfmTable(node: MdTable, ctx: Context, sizedBy: MdTable = node, look: TableLook = { accent: '1F3864', tint: 'E8ECF4' }): Table {
  const indent = (ctx as Ctx).indent ?? 0;
  const columns = Math.max(1, ...node.children.map((row) => row.children.length));
  // However deep the clause, a table keeps at least 4 cm.
  const widths = columnWidths(sizedBy, columns, Math.max(TEXT_WIDTH - indent, 2268));
  const header = within(ctx, { style: { ...ctx.style, bold: true } });
  const rows = node.children.map((row, r) => new TableRow({
    cantSplit: true,
    ...(r === 0 ? { tableHeader: true } : {}),
    children: widths.map((width, i) => {
      const cell = row.children[i];
      const align = node.align?.[i];
      return new TableCell({
        width: { size: width, type: WidthType.DXA },
        ...(r === 0 ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: look.tint }, borders: { bottom: { style: BorderStyle.SINGLE, size: 12, color: look.accent } } } : {}),
        children: [new Paragraph({
          style: STYLE.tableText,
          ...(align ? { alignment: ALIGN[align] } : {}),
          children: cell ? runs(cell.children, r === 0 ? header : ctx) : [],
        })],
      });
    }),
  }));
  return new Table({
    rows,
    layout: TableLayoutType.FIXED,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    ...(indent ? { indent: { size: indent, type: WidthType.DXA } } : {}),
    borders: { top: GRID, bottom: GRID, left: GRID, right: GRID, insideHorizontal: GRID, insideVertical: GRID },
    margins: { top: 40, bottom: 40, left: 100, right: 100 },
  });
}

/** The document-control table: Version, Date, Summary of change, Approved by; its header row repeats on every page. */
export function historyTable(entries: readonly HistoryEntry[], look: TableLook): Table {
  const rows = [[...HISTORY_COLUMNS], ...historyRows(entries)];
  // Version and date on one line each ("1 September 2026"); the summary takes what is left.
  const fixed = [1100, 1900, 2600];
  const widths = [fixed[0]!, fixed[1]!, TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0), fixed[2]!];
  return new Table({
    layout: TableLayoutType.FIXED,
    columnWidths: widths,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    borders: { top: GRID, bottom: GRID, left: GRID, right: GRID, insideHorizontal: GRID, insideVertical: GRID },
    margins: { top: 40, bottom: 40, left: 100, right: 100 },
    rows: rows.map((row, r) => new TableRow({
      cantSplit: true,
      ...(r === 0 ? { tableHeader: true } : {}),
      children: row.map((value, i) => new TableCell({
        width: { size: widths[i]!, type: WidthType.DXA },
        ...(r === 0 ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: look.tint }, borders: { bottom: { style: BorderStyle.SINGLE, size: 12, color: look.accent } } } : {}),
        children: [new Paragraph({ style: STYLE.tableText, children: [new TextRun({ text: xmlSafe(value), ...(r === 0 ? { bold: true } : {}) })] })],
      })),
    })),
  });
}

export { HISTORY_TITLE };

/**
 * Column widths from the text: each column wants its longest cell on one line (a
 * header cell only its longest word) and needs at least its longest word, measured
 * (wordChars) with room for a wider font; the
 * wants are scaled by one factor so the columns fill the width, never below the need.
 */
export function columnWidths(node: MdTable, columns: number, total: number): number[] {
  const want = new Array<number>(columns).fill(4);
  const need = new Array<number>(columns).fill(1);
  node.children.forEach((row, r) => {
    row.children.slice(0, columns).forEach((cell, i) => {
      const text = cellText(cell).trim();
      const longestWord = Math.max(0, ...text.split(/\s+/).map((w) => w.length));
      // What a column cannot go below: its longest word, bold in the header row. An email address or
      // URL may break after its punctuation (Word and LibreOffice do), so only its longest piece counts.
      // Measured in Arial's widths (bold in the header row), so that "Telephone" is never broken.
      const piece = Math.max(0, ...text.split(/\s+/).flatMap((w) => (/[@/]/.test(w) ? w.split(/(?<=[@./_-])/) : [w])).map((w) => wordChars(w, r === 0)));
      need[i] = Math.max(need[i]!, Math.min(piece, 40));
      want[i] = Math.max(want[i]!, Math.min(r === 0 ? longestWord : text.length, 40));
    });
  });
  const room = Math.max(columns, (total - columns * CELL_MARGINS) / CHAR);
  const chars = (k: number) => want.map((w, i) => Math.max(need[i]!, w * k));
  const sum = (k: number) => chars(k).reduce((a, b) => a + b, 0);
  let [low, high] = [0, 100];
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (sum(mid) > room) high = mid;
    else low = mid;
  }
  // When even the needs do not fit, the width is shared in proportion to them.
  const size = sum(low) <= room ? chars(low) : need;
  const scale = total / size.reduce((a, b) => a + b + CELL_MARGINS / CHAR, 0);
  const widths = size.map((c) => Math.floor((c + CELL_MARGINS / CHAR) * scale));
  widths[columns - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

function cellText(node: { value?: unknown; children?: unknown[] }): string {
  if (typeof node.value === 'string') return node.value;
  return ((node.children ?? []) as { value?: unknown; children?: unknown[] }[]).map(cellText).join('');
}
