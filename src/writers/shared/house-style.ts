import { DEFAULT_STYLE } from '../../document/house-style.ts';
import type { Asset, Edition, EditionMeta, HouseStyle } from '../../document/types.ts';

/** The house style an edition is printed in: its own, or the shipped default. */
export function houseStyle(meta: EditionMeta): HouseStyle {
  return meta.style ?? DEFAULT_STYLE;
}

/** The accent as six hex digits, upper case ("1D4F91"): Word's form; a malformed one is the default's. */
export function accentHex(style: HouseStyle): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(style.accent.trim()) ?? /^#?([0-9a-f]{6})$/i.exec(DEFAULT_STYLE.accent)!;
  return m[1]!.toUpperCase();
}

/** The edition's logo asset, when its style names one the edition carries. */
export function logoOf(edition: Pick<Edition, 'meta' | 'assets'>): Asset | undefined {
  const key = houseStyle(edition.meta).logo;
  return key ? edition.assets?.[key] : undefined;
}

/** What a shape's rendering depends on beyond its tree: the style and the embedded assets (part of its key, see ./per-shape.ts). */
export function lookKey(edition: Pick<Edition, 'meta' | 'assets'>): string {
  const assets = Object.entries(edition.assets ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, a]) => [k, a.mime, a.width, a.height, a.base64.length, digest(a.base64)]);
  return JSON.stringify([houseStyle(edition.meta), assets]);
}

/** A cheap digest of an asset's base64 (FNV-1a over it): equal keys come only from equal bytes in practice, and the length is in the key too. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

/** The accent mixed with white (`amount` of accent): a table header's fill, dark text on it still reads. */
export function accentTint(style: HouseStyle, amount = 0.14): string {
  const hex = accentHex(style);
  const mix = (i: number) => Math.round(255 - (255 - parseInt(hex.slice(i, i + 2), 16)) * amount).toString(16).padStart(2, '0');
  return `${mix(0)}${mix(2)}${mix(4)}`.toUpperCase();
}
