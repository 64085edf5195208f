import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolate } from '../../../src/document/bidi.ts';
import { createPdfWriter } from '../../../src/writers/pdf/write-pdf.ts';
import type { Writer } from '../../../src/writers/shared/writer.ts';
import { normalise, skeleton } from '../../helpers/seed.ts';
import { literalDataEdition, literalDataSchool } from '../build.ts';
import { hasPoppler, pdfFile, pdfInfo, pdfText, withoutBidiControls } from './poppler.ts';

const poppler = hasPoppler();
// Typst markup and code, Markdown and HTML specials, and text from other scripts.
const markup = fc.constantFrom(
  '#', '$', '@', '<', '>', '[', ']', '*', '_', '`', '\\', '=', '-', '+', '/', '~', '"', "'", '{', '}', '(', ')', ';', ':',
  '{{x}}', '<script>', '#import "x"', '#read("/etc/passwd")', '#include "edition.typ"', '#eval("1")', '$x$', '@label', '<label>',
  '// c', '/* c */', '```', '= h', '- item', '+ item', '/ term: d', '\\u{41}', '#{', '}', '😀', 'שלום', 'ŵ', 'Ysgol',
);
const value = fc.array(fc.oneof(markup, fc.string({ minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 8 })
  .map((parts) => normalise(parts.join('')))
  .filter((s) => skeleton(s).length > 0 && !/[\u0000-\u001f\u007f]/.test(s));

/** What pdftotext gives back, for comparison: no whitespace or hyphens (line breaks move them). */
const comparable = (text: string) => skeleton(withoutBidiControls(text));
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}]/u;

/**
 * Whether `haystack` has a run made of exactly the characters of `needle`, in any
 * order. A PDF stores glyphs in visual order, and pdftotext's guess at the logical
 * order of a right-to-left word and the neutral characters beside it is its own
 * (`שלום;{#`, drawn correctly, comes back as `{;שלום#`): for such values every
 * character must still come back, once, in one place.
 */
function containsPermutation(haystack: string, needle: string): boolean {
  const h = Array.from(haystack);
  const n = Array.from(needle);
  const need = new Map<string, number>();
  for (const c of n) need.set(c, (need.get(c) ?? 0) + 1);
  const have = new Map<string, number>();
  let matched = 0;
  const add = (c: string, d: number) => {
    const before = have.get(c) ?? 0;
    const after = before + d;
    have.set(c, after);
    const want = need.get(c) ?? 0;
    if (before === want) matched -= 1;
    if (after === want) matched += 1;
  };
  for (const c of new Set([...h, ...n])) if ((need.get(c) ?? 0) === 0) matched += 1;
  const distinct = new Set([...h, ...n]).size;
  for (let i = 0; i < h.length; i++) {
    add(h[i]!, 1);
    if (i >= n.length) add(h[i - n.length]!, -1);
    if (i >= n.length - 1 && matched === distinct) return true;
  }
  return false;
}

let writer: Writer;
beforeAll(async () => {
  writer = await createPdfWriter({});
});
afterAll(() => writer?.close?.());

describe.skipIf(!poppler)('data is never markup (PDF)', () => {
  it('shows any school name, governing body and contact role literally, and runs none of it', async () => {
    await fc.assert(
      fc.asyncProperty(value, value, value, async (name, body, role) => {
        const bytes = await writer.write(literalDataEdition(literalDataSchool(name, body, role)));
        const file = pdfFile(bytes);
        const text = comparable(pdfText(file));
        for (const v of [name, body, role]) {
          if (RTL.test(v)) expect(containsPermutation(text, comparable(v)), v).toBe(true);
          else expect(text).toContain(comparable(v));
        }
        // The metadata carries the name as it is, too (in its own isolate, U+2068 … U+2069, when it has right-to-left text).
        expect(pdfInfo(file).Subject).toBe(isolate(name));
        // Nothing was read, evaluated or turned into an action.
        expect(text).not.toMatch(/root:x:0:0/);
        // poppler's own check for script in the document (a value may spell "/JS" in the metadata: that is text)
        expect(pdfInfo(file).JavaScript).toBe('no');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 150 : 60)) },
    );
  }, 300_000);
});

describe('the permutation check used for right-to-left values', () => {
  it('finds a reordered run and nothing else', () => {
    expect(containsPermutation('x{;שלום#y', 'שלום;{#')).toBe(true);
    expect(containsPermutation('x{;שלום#y', 'שלום;{{')).toBe(false);
    expect(containsPermutation('שלום;{x#', 'שלום;{#')).toBe(false);
    expect(containsPermutation('abc', 'abcd')).toBe(false);
  });
});
