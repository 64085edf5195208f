import { ImageRun, Paragraph, TextRun } from 'docx';
import type { Asset } from '../../document/types.ts';
import { assetBytes, fitWidth } from '../shared/figures.ts';
import { svgFallback } from './svg-fallback.ts';
import { STYLE, TEXT_WIDTH } from './styles.ts';
import { xmlSafe } from './xml-text.ts';

/** Twips per CSS pixel (the docx library sizes images in pixels at 96 dpi). */
const TWIPS_PER_PX = 15;

/**
 * An embedded image as a run: PNG as it is; SVG as Word's SVG picture (asvg:svgBlip)
 * with the same picture as a PNG as the fallback the format requires (./svg-fallback.ts). The alt text
 * is the drawing's description (wp:docPr descr), which Word reads out and shows as
 * Alt Text; `id` numbers the drawing (unique in the document, the same on every run).
 */
export function imageRun(asset: Asset, alt: string, id: number, maxTwips: number, name = `Picture ${id}`): ImageRun {
  const size = fitWidth(asset, maxTwips / TWIPS_PER_PX, 1);
  const transformation = { width: Math.max(1, Math.round(size.width)), height: Math.max(1, Math.round(size.height)) };
  const altText = { id: String(id), name, description: xmlSafe(alt) };
  const data = assetBytes(asset);
  if (asset.mime === 'image/svg+xml') {
    return new ImageRun({ type: 'svg', data, fallback: { type: 'png', data: svgFallback(asset) }, transformation, altText });
  }
  return new ImageRun({ type: 'png', data, transformation, altText });
}

/** A figure: its picture in a paragraph of its own (kept with its caption), and the caption under it. */
export function figureParagraphs(asset: Asset, alt: string, caption: string | undefined, id: number, indent: number): Paragraph[] {
  const width = Math.max(TEXT_WIDTH - indent, 2268);
  const picture = new Paragraph({
    keepNext: Boolean(caption),
    keepLines: true,
    spacing: { before: 120, after: caption ? 60 : 160 },
    ...(indent ? { indent: { left: indent } } : {}),
    children: [imageRun(asset, alt, id, width)],
  });
  if (!caption) return [picture];
  return [picture, new Paragraph({ style: STYLE.caption, ...(indent ? { indent: { left: indent } } : {}), children: [new TextRun(xmlSafe(caption))] })];
}
