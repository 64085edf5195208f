import { Resvg } from '@resvg/resvg-js';

/** A real PNG of `width`×`height` in one colour, drawn by resvg (policyc's SVG renderer), so no binary fixture is needed. */
export function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Uint8Array {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="rgb(${r},${g},${b})"/></svg>`;
  return new Uint8Array(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng());
}
