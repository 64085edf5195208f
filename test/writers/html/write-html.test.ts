import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openEdition } from '../../../src/document/tokenized-edition.ts';
import type { Edition } from '../../../src/document/types.ts';
import { createHtmlWriter, writeHtml } from '../../../src/writers/html/write-html.ts';
import { perShapeCounts } from '../../../src/writers/shared/per-shape.ts';
import { hasChromium, launchChromium } from '../../helpers/browser.ts';
import { htmlText } from '../../helpers/html-text.ts';
import { normalise } from '../../helpers/seed.ts';
import { policyBuilder, school } from '../build.ts';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The edition written from its shape (checked to be so) and written from its own tree alone: the same page. */
async function bothPaths(edition: Edition): Promise<string> {
  const before = perShapeCounts.filled;
  const perShape = decode(await createHtmlWriter().write(edition));
  expect(perShapeCounts.filled).toBe(before + 1);
  expect(perShape).toBe(decode(writeHtml({ meta: edition.meta, tree: edition.tree, assets: edition.assets ?? {} })));
  return perShape;
}

function elements(html: string, tag: string): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html), 'element', (el: Element) => {
    if (el.tagName === tag) found.push(el);
  });
  return found;
}

// Values in every place an address can be: a link, a link definition (used by a reference), a list of links.
// (An image's address is never a value: only figures from policies/figures are shown, test/document/figures.test.ts.)
const addresses = policyBuilder([
  '# One',
  '',
  '1. Visit [our authority]({{school.la.name}}) and [the board][board].',
  '',
  '[board]: {{school.hr.name}} "{{school.headTitle}}"',
  '',
  '{{#each school.usefulContacts}}',
  '- [{{label}}]({{url}})',
  '{{/each}}',
  '',
].join('\n'));
const allowed = school({
  la: { name: 'https://example.org/la' }, headTitle: 'Head of "HR"',
  hr: { name: 'mailto:hr@example.org', address: [], contacts: [] }, usefulContacts: [{ label: 'Phone us', url: 'tel:01642 527000' }],
});

/** An edition whose values are swapped, behind the edition maker's back (it refuses them: test/document), for others. */
function withValues(edition: Edition, swap: Record<string, string>): Edition {
  const tokenized = edition.tokenized!;
  return openEdition({ ...tokenized, values: tokenized.values.map(([path, value]) => [path, swap[path] ?? value]) });
}

describe('addresses in an HTML edition', () => {
  it('are filled in wherever a placeholder put one: links, link definitions and their titles, from the shape as alone', async () => {
    const html = await bothPaths(addresses(allowed));
    expect(html).not.toMatch(/[\uE000-\uE005]|%EE%80/);
    expect(elements(html, 'a').filter((a) => !String(a.properties.href).startsWith('#')).map((a) => [a.properties.href, a.properties.title ?? null])).toEqual([
      ['https://example.org/la', null], ['mailto:hr@example.org', 'Head of "HR"'], ['tel:01642%20527000', null],
    ]);
  });

  it('outside the allow-list are never links or images, in the per-shape path and alone, whoever let them through', async () => {
    const bad = ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '//evil.example/x', '\\\\host\\share', 'relative/page.html'];
    for (const url of bad) {
      const edition = withValues(addresses(allowed), {
        'school.la.name': url, 'school.hr.name': url, 'school.usefulContacts.0.url': url,
      });
      const html = await bothPaths(edition);
      const hrefs = elements(html, 'a').map((a) => String(a.properties.href));
      expect(hrefs.filter((h) => !h.startsWith('#')), url).toEqual([]);
      expect(elements(html, 'img'), url).toEqual([]);
      const text = normalise(htmlText(html));
      expect(text).toContain('Visit our authority and the board.');
      expect(text).toContain('Phone us');
    }
  });

  it('outside the allow-list in a tree no policy could make are never links either', () => {
    const edition = addresses(allowed);
    const link = (url: string) => ({ type: 'link' as const, url, children: [{ type: 'text' as const, value: `text of ${url}` }] });
    const tree = structuredClone(edition.tree);
    tree.children.push(
      { type: 'paragraph', children: [link('javascript:alert(1)'), link('vbscript:x'), link(''), link('//x'), { type: 'linkReference', identifier: 'js', label: 'js', referenceType: 'full', children: [{ type: 'text', value: 'by reference' }] }, { type: 'imageReference', identifier: 'js', label: 'js', referenceType: 'full', alt: 'a picture' }] },
      { type: 'definition', identifier: 'js', label: 'js', url: 'javascript:alert(2)', title: null },
    );
    const html = decode(writeHtml({ meta: edition.meta, tree }));
    const outside = (url: unknown) => !/^(https?:|mailto:|tel:|#)/i.test(String(url));
    expect(elements(html, 'a').map((a) => a.properties.href).filter(outside)).toEqual([]);
    expect(elements(html, 'img').map((i) => i.properties.src).filter(outside)).toEqual([]);
    expect(normalise(htmlText(html))).toContain('text of javascript:alert(1)text of vbscript:xtext of text of //xby referencea picture');
  });
});

// A school whose name would reverse the rest of the line: a right-to-left override (U+202E), never closed.
const RLO_NAME = '\u202Eabc';
const bidi = policyBuilder('# One\n\n1. The {{school.governingBody}} of {{school.name}} is committed to this policy.\n\n![{{school.name}}](figures/crest.svg)\n');
const overriding = () => bidi(school({ name: RLO_NAME, governingBody: 'Governing Body', signatories: [{ role: 'Head Teacher', name: RLO_NAME }] }));

describe('a value with right-to-left text or a bidirectional control in an HTML edition', () => {
  it('is in its own isolate: a <bdi> in text, U+2068 … U+2069 in the title and attributes, from the shape as alone', async () => {
    const html = await bothPaths(overriding());
    const isolated = `\u2068${RLO_NAME}\u2069`;
    expect(html).toContain(`<title>T – ${isolated}</title>`);
    expect(html).toContain(`<meta name="description" content="T, version 1.0, for ${isolated}">`);
    expect(html).toContain(`<p class="school"><bdi>${RLO_NAME}</bdi></p>`);
    expect(html).toContain(`of <bdi>${RLO_NAME}</bdi> is committed to this policy.`);
    expect(html).toContain(`<dd><bdi>${RLO_NAME}</bdi></dd>`);
    expect(html).toContain(`<span class="rule"><bdi>${RLO_NAME}</bdi></span>`);
    expect(html).toContain(`alt="${isolated}"`);
    // Only the values: nothing of the policy's own text is in an isolate.
    expect(html.match(/<bdi>/g)).toHaveLength(4);
  });

  it('leaves every other value as it was: no isolate where nothing could be reordered', async () => {
    const html = await bothPaths(bidi(school({ name: 'Mill Lane Primary School' })));
    expect(html).not.toMatch(/<bdi>|\u2068|\u2069/);
  });

  describe.skipIf(!hasChromium())('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => browser?.close());

    it('reverses only itself: the text after it reads left to right, in logical order', async () => {
      const page = await browser.newPage();
      await page.setContent(decode(writeHtml(overriding())));
      // The left edge of each character of the text after the value, as laid out.
      const lefts = await page.evaluate(() => {
        const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(' is committed');
          if (at < 0) continue;
          return Array.from({ length: ' is committed'.length - 1 }, (_, i) => {
            const range = document.createRange();
            range.setStart(node, at + 1 + i);
            range.setEnd(node, at + 2 + i);
            return range.getBoundingClientRect().left;
          });
        }
        return [];
      });
      expect(lefts.length).toBe(12);
      for (let i = 1; i < lefts.length; i++) expect(lefts[i]!).toBeGreaterThan(lefts[i - 1]!);
      await page.close();
    }, 60_000);
  });
});

describe('anchors in an HTML edition', () => {
  it('are unique: two headings with the same text each have their own, and a reference reaches the second', async () => {
    const html = await bothPaths(policyBuilder('# One\n\n## Notes {#first}\n\n1. a\n\n## Notes {#second}\n\n1. b\n\n# Two\n\n1. See [the second notes](#second) and [the first](#first).\n')());
    const ids = elements(html, 'h3').map((h) => h.properties.id);
    expect(ids).toEqual(['heading-notes', 'heading-notes-2']);
    const all: string[] = [];
    visit(fromHtml(html), 'element', (el: Element) => {
      if (el.properties.id) all.push(String(el.properties.id));
    });
    expect(new Set(all).size).toBe(all.length);
    const refs = elements(html, 'a').filter((a) => /^the /.test(htmlText(`<p>${(a.children[0] as { value?: string })?.value ?? ''}</p>`)));
    expect(refs.map((a) => a.properties.href)).toEqual(['#heading-notes-2', '#heading-notes']);
  });
});
