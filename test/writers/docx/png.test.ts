import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { placeholderPng } from '../../../src/writers/docx/png.ts';

describe('the PNG fallback of an SVG picture', () => {
  it('is a real greyscale PNG of the SVG\'s aspect ratio, the same bytes every time', () => {
    const png = Buffer.from(placeholderPng(300, 150));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([64, 32, 8, 0]);
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe(32 * 65);
    expect(Buffer.from(placeholderPng(300, 150)).equals(png)).toBe(true);
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
  });

  it('keeps a tall or a degenerate picture within bounds', () => {
    const tall = Buffer.from(placeholderPng(10, 10_000));
    expect(tall.readUInt32BE(20)).toBe(512);
    const flat = Buffer.from(placeholderPng(0, 0));
    expect([flat.readUInt32BE(16), flat.readUInt32BE(20)]).toEqual([64, 64]);
  });
});
