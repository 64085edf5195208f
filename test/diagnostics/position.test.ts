import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostics/position.ts';

/** The obvious, slow answer: count the newlines before the offset. */
function naive(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

describe('LineIndex', () => {
  it('gives 1-based lines and columns', () => {
    const index = new LineIndex('ab\ncd\n\nef');
    expect(index.at(0)).toEqual({ line: 1, column: 1 });
    expect(index.at(1)).toEqual({ line: 1, column: 2 });
    expect(index.at(3)).toEqual({ line: 2, column: 1 });
    expect(index.at(4)).toEqual({ line: 2, column: 2 });
    expect(index.at(6)).toEqual({ line: 3, column: 1 });
    expect(index.at(7)).toEqual({ line: 4, column: 1 });
    expect(index.at(8)).toEqual({ line: 4, column: 2 });
  });

  it('puts a newline at the end of the line it ends', () => {
    const index = new LineIndex('ab\ncd');
    expect(index.at(2)).toEqual({ line: 1, column: 3 });
  });

  it('counts columns in UTF-16 code units (an emoji is two)', () => {
    const text = 'x\n😀y';
    expect(new LineIndex(text).at(text.indexOf('y'))).toEqual({ line: 2, column: 3 });
  });

  it('treats only \\n as a line break (a lone \\r is a character of its line)', () => {
    expect(new LineIndex('a\rb\nc').at(2)).toEqual({ line: 1, column: 3 });
  });

  it('agrees with counting newlines for any text and any offset in it', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', 'é', '😀') }), fc.nat(), (text, n) => {
        const offset = n % (text.length + 1);
        expect(new LineIndex(text).at(offset)).toEqual(naive(text, offset));
      }),
      { numRuns: 500 },
    );
  });
});
