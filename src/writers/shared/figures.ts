import type { Asset } from '../../document/types.ts';

/** An image's printed size: its intrinsic size (CSS pixels), scaled down to fit `maxWidth` (same unit), aspect ratio kept. */
export function fitWidth(asset: Pick<Asset, 'width' | 'height'>, maxWidth: number, pxToUnit: number): { width: number; height: number } {
  const w = Math.max(1, asset.width) * pxToUnit;
  const h = Math.max(1, asset.height) * pxToUnit;
  const scale = w > maxWidth ? maxWidth / w : 1;
  return { width: w * scale, height: h * scale };
}

/** The asset as a data: URI (the HTML edition embeds it; nothing is fetched). */
export function dataUri(asset: Asset): string {
  return `data:${asset.mime};base64,${asset.base64}`;
}

/** The asset's bytes. */
export function assetBytes(asset: Asset): Uint8Array {
  return new Uint8Array(Buffer.from(asset.base64, 'base64'));
}
