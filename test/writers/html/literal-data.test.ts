import fc from 'fast-check';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { EditionBuilder } from '../../../src/document/build-edition.ts';
import { Templating } from '../../../src/templating/engine.ts';
import { parsePolicy } from '../../../src/sources/read-policy.ts';
import type { School } from '../../../src/schools/school.ts';
import { writeHtml } from '../../../src/writers/html/write-html.ts';
import { htmlText } from '../../helpers/html-text.ts';
import { REPO } from '../../helpers/project.ts';
import { normalise } from '../../helpers/seed.ts';

const templating = await Templating.load(`${REPO}/templates`);
const source = parsePolicy(
  '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n' +
    '# {{school.name}}\n\n1. The {{school.governingBody}} of *{{school.name}}*.\n\n{{> hr-contacts}}\n',
  'policies/t.md', 't',
).policy!;
const builder = new EditionBuilder(templating.compile(source).compiled!);

function school(name: string, governingBody: string, role: string): School {
  return {
    id: 'fuzz', file: 'schools/fuzz.yaml', name, governingBody, headTitle: 'Head', headTitlePlural: 'Heads', la: {},
    hr: { name: 'HR', address: ['1 Road'], contacts: [{ name: 'A', role }] },
    legislation: {}, guidance: [], usefulContacts: [], signatories: [{ role: 'Head Teacher' }],
  };
}

// Printable text (what pandoc, browsers and people compare) with every markup character in play.
const markup = fc.constantFrom('&', '<', '>', '*', '_', '#', '$', '@', '[', ']', '{', '}', '`', '\\', '"', "'", '|', '~', '=', '-', '+', '/', '<script>', '</p>', '&amp;', '{{x}}', '![i](x)', '[l](javascript:x)', '😀', 'ŵ', 'שלום');
const value = fc.array(fc.oneof(markup, fc.string({ minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 8 })
  .map((parts) => normalise(parts.join('')))
  .filter((s) => s.length > 0 && !/[\u0000-\u001f\u007f]/.test(s));

describe('data is never markup (HTML)', () => {
  it('shows any config value literally and never as markup', () => {
    fc.assert(
      fc.property(value, value, value, (name, body, role) => {
        const { edition } = builder.build(school(name, body, role));
        const html = new TextDecoder().decode(writeHtml(edition!));
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
