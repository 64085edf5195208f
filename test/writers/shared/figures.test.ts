import { describe, expect, it } from 'vitest';
import { assetBytes, dataUri, fitWidth } from '../../../src/writers/shared/figures.ts';
import { ASSETS } from './library-fixture.ts';

describe('figures as the writers size and embed them', () => {
  it('keep their size when they fit and scale down to the width when not, aspect ratio kept', () => {
    expect(fitWidth({ width: 240, height: 120 }, 600, 1)).toEqual({ width: 240, height: 120 });
    expect(fitWidth({ width: 1600, height: 400 }, 600, 1)).toEqual({ width: 600, height: 150 });
    expect(fitWidth({ width: 1600, height: 400 }, 450, 0.75)).toEqual({ width: 450, height: 112.5 });
  });

  it('are data: URIs of their own bytes', () => {
    const png = ASSETS['figures/wide.png']!;
    expect(dataUri(png)).toBe(`data:image/png;base64,${png.base64}`);
    expect([...assetBytes(png).slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });
});
