import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isolate } from '../../../src/document/bidi.ts';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { normalise } from '../../helpers/seed.ts';
import { literalDataEdition, literalDataSchool } from '../build.ts';
import { openDocx, wordText, xmlProblems } from './package.ts';

const writer = createDocxWriter();

// Printable text with every markup character in play (XML, Markdown, Word fields).
const markup = fc.constantFrom('&', '<', '>', '*', '_', '#', '[', ']', '{', '}', '`', '\\', '"', "'", '|', '<w:t>', '</w:p>', ']]>', '<![CDATA[', '&amp;', '&#x1;', '{{x}}', 'PAGE', '![i](x)', '[l](javascript:x)', '😀', 'ŵ', 'שלום');
const value = fc.array(fc.oneof(markup, fc.string({ minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 8 })
  .map((parts) => normalise(parts.join('')))
  .filter((s) => s.length > 0 && !/[\u0000-\u001f\u007f]/.test(s));

describe('data is never markup (DOCX)', () => {
  it('shows any config value literally, in well-formed XML, and never as markup', async () => {
    await fc.assert(
      fc.asyncProperty(value, value, value, async (name, body, role) => {
        const bytes = await writer.write(literalDataEdition(literalDataSchool(name, body, role, { signatories: [{ role, name }] })));
        const pkg = await openDocx(bytes);
        for (const part of pkg.names.filter((n) => /\.(xml|rels)$/.test(n))) expect(xmlProblems(await pkg.text(part))).toEqual([]);
        const document = await pkg.text('word/document.xml');
        const text = normalise(wordText(document));
        // Each value as it is; one with right-to-left text or a bidirectional control in its own isolate (U+2068 … U+2069).
        expect(text).toContain(`The ${isolate(body)} of ${isolate(name)}.`);
        expect(text).toContain(`${isolate(role)} Signature Print name ${isolate(name)} Date`);
        expect(normalise(wordText(await pkg.text('word/header1.xml')))).toBe(`${isolate(name)} T`);
        // no link, field or bookmark the values could have made
        const rels = await pkg.text('word/_rels/document.xml.rels');
        expect(rels).not.toMatch(/javascript:/i);
        expect(document).not.toMatch(/<w:(fldSimple|instrText)/);
        expect(document.match(/<w:hyperlink/g) ?? []).toHaveLength(0);
      }),
      { numRuns: process.env.CI ? 200 : 60 },
    );
  });
});
