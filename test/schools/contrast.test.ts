import { describe, expect, it } from 'vitest';
import { contrastWithWhite, MIN_CONTRAST, relativeLuminance } from '../../src/schools/contrast.ts';
import { DEFAULT_STYLE } from '../../src/schools/school.ts';
import { DEFAULT_STYLE as DOCUMENT_DEFAULT_STYLE } from '../../src/document/house-style.ts';

describe('contrastWithWhite', () => {
  it('is the WCAG 2 contrast ratio with white', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 10);
    expect(contrastWithWhite('#FFFFFF')).toBeCloseTo(1, 10);
    expect(contrastWithWhite('#ff9900')).toBeCloseTo(2.14, 2);
  });

  it('puts the line for text at 4.5:1: #767676 is the lightest grey on it', () => {
    expect(contrastWithWhite('#767676')).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrastWithWhite('#777777')).toBeLessThan(MIN_CONTRAST);
  });

  it('passes the shipped accent, which the schools stage and the document stage agree on', () => {
    expect(contrastWithWhite(DEFAULT_STYLE.accent)).toBeGreaterThan(8);
    expect(DEFAULT_STYLE).toEqual(DOCUMENT_DEFAULT_STYLE);
  });
});
