import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE } from '../../../src/document/house-style.ts';
import { accentHex, accentTint, houseStyle, logoOf, lookKey } from '../../../src/writers/shared/house-style.ts';
import { ASSETS, libraryEdition, STYLE } from './library-fixture.ts';

describe('the house style as the writers read it', () => {
  it('is the edition\'s own, or the shipped default when it has none', () => {
    expect(houseStyle(libraryEdition().meta)).toEqual(STYLE);
    expect(houseStyle(libraryEdition(undefined, null).meta)).toEqual(DEFAULT_STYLE);
  });

  it('gives the accent as Word\'s six hex digits, a malformed one as the default\'s, and a light tint of it', () => {
    expect(accentHex({ ...DEFAULT_STYLE, accent: '#8a1c3b' })).toBe('8A1C3B');
    expect(accentHex({ ...DEFAULT_STYLE, accent: 'red"/><w:x' })).toBe('1D4F91');
    expect(accentTint({ ...DEFAULT_STYLE, accent: '#000000' }, 0.5)).toBe('808080');
    expect(accentTint(DEFAULT_STYLE)).toMatch(/^[0-9A-F]{6}$/);
  });

  it('finds the logo among the edition\'s assets, and keys a look by style and assets', () => {
    const edition = libraryEdition();
    expect(logoOf(edition)).toBe(ASSETS['figures/logo.png']);
    expect(logoOf(libraryEdition(undefined, null))).toBeUndefined();
    expect(lookKey(edition)).toBe(lookKey(libraryEdition()));
    expect(lookKey(edition)).not.toBe(lookKey(libraryEdition(undefined, { ...STYLE, accent: '#004400' })));
    expect(lookKey(edition)).not.toBe(lookKey({ ...edition, assets: { ...ASSETS, 'figures/flow.svg': { ...ASSETS['figures/flow.svg']!, base64: 'PHN2Zy8+' } } }));
  });
});
