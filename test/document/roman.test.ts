import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toAlpha, toRoman } from '../../src/document/roman.ts';

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** Reads a Roman numeral back (subtractive pairs included). */
function fromRoman(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = ROMAN_VALUES[numeral[i]!]!;
    const next = ROMAN_VALUES[numeral[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

describe('toRoman', () => {
  it('writes the numerals a policy\'s third-level clauses use, subtractive forms included', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 16].map(toRoman)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XIV', 'XVI']);
    expect(toRoman(40)).toBe('XL');
    expect(toRoman(49)).toBe('XLIX');
    expect(toRoman(90)).toBe('XC');
    expect(toRoman(400)).toBe('CD');
    expect(toRoman(900)).toBe('CM');
    expect(toRoman(1994)).toBe('MCMXCIV');
    expect(toRoman(3999)).toBe('MMMCMXCIX');
  });

  it('is a canonical numeral that reads back to the number, for 1 to 3999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3999 }), (n) => {
        const numeral = toRoman(n);
        expect(numeral).toMatch(/^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/);
        expect(fromRoman(numeral)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
});

describe('toAlpha', () => {
  it('counts a, b, … z, then aa, ab, … like spreadsheet columns', () => {
    expect([1, 2, 3, 26].map(toAlpha)).toEqual(['a', 'b', 'c', 'z']);
    expect(toAlpha(27)).toBe('aa');
    expect(toAlpha(28)).toBe('ab');
    expect(toAlpha(52)).toBe('az');
    expect(toAlpha(53)).toBe('ba');
    expect(toAlpha(702)).toBe('zz');
    expect(toAlpha(703)).toBe('aaa');
  });

  it('gives every positive number its own lower-case label, in counting order', () => {
    const labels = Array.from({ length: 800 }, (_, i) => toAlpha(i + 1));
    expect(new Set(labels).size).toBe(800);
    for (const label of labels) expect(label).toMatch(/^[a-z]+$/);
    // shorter labels come first, then alphabetical order within a length
    const sorted = [...labels].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    expect(sorted).toEqual(labels);
  });
});
