import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { writeHtml } from '../../../src/writers/html/write-html.ts';
import { ASSETS, FLOW_SVG, libraryEdition } from '../shared/library-fixture.ts';

const html = new TextDecoder().decode(writeHtml(libraryEdition()));
const page = fromHtml(html);

/** An element's text, as hast-util-to-string gives it. */
function toString(node: Element): string {
  let out = '';
  visit(node, 'text', (t: { value: string }) => {
    out += t.value;
  });
  return out;
}

function all(tag: string, within: Element | typeof page = page): Element[] {
  const found: Element[] = [];
  visit(within, 'element', (el: Element) => {
    if (el.tagName === tag) found.push(el);
  });
  return found;
}

describe('the library\'s constructs in the HTML edition', () => {
  it('embeds each figure as a data: URI image with its alt text and caption, and the page allows only that', () => {
    const figures = all('figure');
    expect(figures).toHaveLength(2);
    const [flow, wide] = figures.map((f) => all('img', f)[0]!);
    expect(flow!.properties.alt).toBe('Flowchart: raise the concern, then the Headteacher replies');
    expect(String(flow!.properties.src)).toBe(`data:image/svg+xml;base64,${Buffer.from(FLOW_SVG).toString('base64')}`);
    expect([flow!.properties.width, flow!.properties.height]).toEqual([240, 120]);
    expect(String(wide!.properties.src)).toBe(`data:image/png;base64,${ASSETS['figures/wide.png']!.base64}`);
    expect(toString(all('figcaption')[0]!)).toBe('Figure 1: How a concern is handled');
    // One self-contained file: nothing is fetched, images come only from data: URIs.
    const csp = all('meta').find((m) => m.properties.httpEquiv?.toString() === 'Content-Security-Policy')!;
    expect(String(csp.properties.content)).toContain('img-src data:');
    expect(String(csp.properties.content)).toContain("default-src 'none'");
    expect(html).not.toMatch(/src="(?!data:)/);
  });

  it('lists the sections with their titles in the body where the contents block is, and no bare clause numbers', () => {
    const nav = all('nav').find((n) => String(n.properties.className).includes('contents'))!;
    expect(all('li', nav).map((li) => toString(li))).toEqual(['1. Introduction', '2. Raising a concern', 'Contacts']);
    expect(all('a', nav).map((a) => a.properties.href)).toEqual(['#section-1', '#section-2', '#section-contacts']);
    // Each link is the title alone (the number beside it), so its underline starts at the first letter.
    expect(all('a', nav).map((a) => toString(a))).toEqual(['Introduction', 'Raising a concern', 'Contacts']);
    // The one contents list of the page: the masthead's own (with clause numbers) gives way to it.
    expect(all('nav')).toHaveLength(1);
    expect(html.indexOf('Document control')).toBeLessThan(html.indexOf('contents-heading'));
  });

  it('renders the document control as a captioned table with the four columns', () => {
    const table = all('table').find((t) => toString(all('caption', t)[0] ?? t).startsWith('Document control'))!;
    expect(all('th', table).map((th) => toString(th))).toEqual(['Version', 'Date', 'Summary of change', 'Approved by']);
    expect(all('tr', table).slice(1).map((tr) => all('td', tr).map((td) => toString(td)))).toEqual([
      ['2.0', '1 September 2025', 'Revised for the Public Interest Disclosure changes', 'Schools HR Advisory Service'],
      ['3.0', '1 September 2026', 'Roles named by the school; decimal numbering', 'Joint Consultative Committee'],
    ]);
  });

  it('gives a body table its caption above it and its own accessible name, never "Contacts table"', () => {
    const regions = all('div').filter((d) => d.properties.role === 'region');
    expect(regions.map((r) => r.properties.ariaLabel)).toEqual(['Document control', 'Who to contact', 'Name, Role, Telephone and Email']);
    expect(html).not.toContain('Contacts table');
    const captioned = all('table', regions[1]!)[0]!;
    expect((captioned.children.find((c) => c.type === 'element') as Element).tagName).toBe('caption');
  });

  it('numbers a decimal clause list 2.1.1 with a hanging indent wide enough for it', () => {
    const list = all('ol').find((o) => String(o.properties.className).includes('decimal'))!;
    expect(all('li', list).map((li) => [li.properties.id, toString(all('a', li)[0]!)])).toEqual([['clause-2-1-1', '2.1.1'], ['clause-2-1-2', '2.1.2']]);
    expect(html).toMatch(/ol\.decimal > li \{ padding-left: 3\.4rem; \}/);
  });

  it('prints in the house style: its accent, one typeface (Arial or Liberation Sans), the logo in the masthead', () => {
    expect(html).toContain(':root { --accent: #8a1c3b;');
    expect(html).toContain('font-family: Arial, "Liberation Sans", sans-serif;');
    const logo = all('img').find((i) => String(i.properties.className).includes('logo'))!;
    expect(String(logo.properties.src)).toBe(`data:image/png;base64,${ASSETS['figures/logo.png']!.base64}`);
    expect(logo.properties.alt).toBe('Schools HR Advisory Service logo');
    expect(all('header')[0]!.children).toContain(logo);
  });

  it('never breaks a word inside a narrow table column', () => {
    const css = all('style').map((s) => toString(s)).join('\n');
    expect(css).not.toContain('overflow-wrap: anywhere; }\nthead');
    expect(css).toMatch(/th, td \{[^}]*overflow-wrap: normal; word-break: normal; hyphens: manual;/);
  });
});
