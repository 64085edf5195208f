import {
  BorderStyle, HeadingLevel, HeightRule, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun,
  VerticalAlignTable, WidthType, type IBorderOptions,
} from 'docx';
import type { Asset, EditionMeta } from '../../document/types.ts';
import { imageRun } from './figures.ts';

/** The logo's widest (6 cm), in twips. */
const LOGO_WIDTH = 3402;
import type { Signatory } from '../../document/types.ts';
import { STYLE, TEXT_WIDTH } from './styles.ts';
import { editionRows } from '../shared/edition-rows.ts';
import { xmlSafe } from './xml-text.ts';

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const HAIRLINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/**
 * The policy title (Word's Title style), the house style's logo above it. The school's
 * name is not repeated under it: the edition block's first row and every page's header
 * carry it, and the PDF's masthead is the title alone.
 */
export function masthead(meta: EditionMeta, logo?: { asset: Asset; id: number }): Paragraph[] {
  return [
    ...(logo ? [new Paragraph({ spacing: { before: 0, after: 160 }, keepNext: true, children: [imageRun(logo.asset, `${meta.laName ?? meta.owner} logo`, logo.id, LOGO_WIDTH, 'Logo')] })] : []),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [run(meta.title)] }),
  ];
}

/** The edition block: the same rows, in the same order, as the HTML edition's. */
export function editionBlock(meta: EditionMeta): Table {
  const rows = editionRows(meta);
  const label = 2000;
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [label, TEXT_WIDTH - label],
    borders: { ...NO_BORDERS, top: HAIRLINE, bottom: HAIRLINE, insideHorizontal: HAIRLINE },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    rows: rows.map(([key, value]) => new TableRow({
      cantSplit: true,
      children: [
        cell(label, [run(key, true)], { top: true }),
        cell(TEXT_WIDTH - label, [run(value)], { top: true }),
      ],
    })),
  });
}

/**
 * The signature block: for each signatory a role line and ruled lines for Signature,
 * Print name (the name when the config gives one) and Date. A borderless table whose
 * answer cells have a bottom border, so the lines stay lines when someone types on
 * them; every row but the last keeps with the next, no row splits: the block is on one
 * page (one page's worth of signatories at least; a longer one breaks where it must).
 */
export function signatureBlock(signatories: Signatory[]): Table | null {
  if (!signatories.length) return null;
  const label = 1800;
  const answer = Math.min(6200, TEXT_WIDTH - label);
  const rows: TableRow[] = [];
  for (const [k, s] of signatories.entries()) {
    rows.push(new TableRow({
      cantSplit: true,
      height: { value: 520, rule: HeightRule.ATLEAST },
      children: [
        new TableCell({
          columnSpan: 2,
          verticalAlign: VerticalAlignTable.BOTTOM,
          width: { size: label + answer, type: WidthType.DXA },
          children: [new Paragraph({ keepNext: true, keepLines: true, spacing: { before: 240, after: 0 }, children: [run(s.role, true)] })],
        }),
      ],
    }));
    const lines: [string, string | undefined][] = [['Signature', undefined], ['Print name', s.name], ['Date', undefined]];
    lines.forEach(([name, value], i) => {
      const last = k === signatories.length - 1 && i === lines.length - 1;
      rows.push(new TableRow({
        cantSplit: true,
        height: { value: 560, rule: HeightRule.ATLEAST },
        children: [
          cell(label, [run(name)], { keepNext: !last, bottom: NONE }),
          cell(answer, value ? [run(value)] : [], { keepNext: !last, bottom: RULE }),
        ],
      }));
    });
  }
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: label + answer, type: WidthType.DXA },
    columnWidths: [label, answer],
    borders: NO_BORDERS,
    margins: { top: 0, bottom: 40, left: 0, right: 80 }, // no left margin: the labels line up with the text above
    rows,
  });
}

/** A run of config text (already clean; made XML-safe once more, as everything the writer emits). */
function run(text: string, bold = false): TextRun {
  return new TextRun({ text: xmlSafe(text), ...(bold ? { bold: true } : {}) });
}

function cell(width: number, runs: TextRun[], options: { keepNext?: boolean; bottom?: IBorderOptions; top?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: options.top ? VerticalAlignTable.TOP : VerticalAlignTable.BOTTOM,
    ...(options.bottom ? { borders: { top: NONE, left: NONE, right: NONE, bottom: options.bottom } } : {}),
    children: [new Paragraph({ style: STYLE.tableText, ...(options.keepNext ? { keepNext: true } : {}), children: runs })],
  });
}
