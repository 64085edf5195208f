import fc from 'fast-check';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { writeHtml } from '../../../src/writers/html/write-html.ts';
import { htmlText } from '../../helpers/html-text.ts';
import { normalise } from '../../helpers/seed.ts';
import { literalDataEdition, literalDataSchool } from '../build.ts';

// Printable text (what pandoc, browsers and people compare) with every markup character in play.
const markup = fc.constantFrom('&', '<', '>', '*', '_', '#', '$', '@', '[', ']', '{', '}', '`', '\\', '"', "'", '|', '~', '=', '-', '+', '/', '<script>', '</p>', '&amp;', '{{x}}', '![i](x)', '[l](javascript:x)', '😀', 'ŵ', 'שלום');
const value = fc.array(fc.oneof(markup, fc.string({ minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 8 })
  .map((parts) => normalise(parts.join('')))
  .filter((s) => s.length > 0 && !/[\u0000-\u001f\u007f]/.test(s));

describe('data is never markup (HTML)', () => {
  it('shows any config value literally and never as markup', () => {
    fc.assert(
      fc.property(value, value, value, (name, body, role) => {
        const html = new TextDecoder().decode(writeHtml(literalDataEdition(literalDataSchool(name, body, role))));
        const text = normalise(htmlText(html));
        expect(text).toContain(`The ${body} of ${name}.`);
        expect(text).toContain(role);
        // no element or link that the value could have created
        const tree = fromHtml(html);
        visit(tree, 'element', (el: Element) => {
          expect(el.tagName).not.toBe('script');
          expect(String(el.properties.href ?? '')).not.toMatch(/^javascript:/i);
        });
      }),
      { numRuns: process.env.CI ? 300 : 100 },
    );
  });
});
