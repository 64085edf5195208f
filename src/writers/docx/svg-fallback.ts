import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import type { Asset } from '../../document/types.ts';
import { assetBytes } from '../shared/figures.ts';

/**
 * Word's format asks for a PNG beside every SVG picture, for clients that cannot draw
 * SVG (LibreOffice 7, Word before 2016): the same picture drawn by resvg (a maintained
 * SVG renderer), at twice its intrinsic size, with the typeface the PDF uses (Liberation
 * Sans, bundled with policyc) and never a font installed on the machine, so the same
 * SVG always gives the same bytes.
 */
const FONTS = ['Regular', 'Bold', 'Italic', 'BoldItalic'].map((face) => fileURLToPath(new URL(`../../../templates/pdf/fonts/LiberationSans-${face}.ttf`, import.meta.url)));

/** At most this many pixels wide: enough for print at the text width, small in the package. */
const MAX_WIDTH = 2000;

const drawn = new Map<string, Uint8Array>();

export function svgFallback(asset: Asset): Uint8Array {
  const key = createHash('sha256').update(asset.base64).digest('base64url');
  let png = drawn.get(key);
  if (!png) {
    const width = Math.max(1, Math.min(MAX_WIDTH, Math.round(asset.width * 2)));
    const resvg = new Resvg(Buffer.from(assetBytes(asset)), {
      fitTo: { mode: 'width', value: width },
      background: 'white',
      font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
      logLevel: 'off',
    });
    png = new Uint8Array(resvg.render().asPng());
    if (drawn.size >= 64) drawn.clear();
    drawn.set(key, png);
  }
  return png;
}
