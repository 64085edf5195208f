import fc from 'fast-check';
import type { Element, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import type { Link } from 'mdast';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { EditionMaker } from '../../src/document/edition-maker.ts';
import { citedItem } from '../../src/legislation/entries.ts';
import { defaultRegister, loadRegister } from '../../src/legislation/register.ts';
import type { School } from '../../src/schools/school.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { Templating } from '../../src/templating/engine.ts';
import { writeHtml } from '../../src/writers/html/write-html.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';
import { missingFromText, normalise } from '../helpers/seed.ts';
import { htmlText } from '../helpers/html-text.ts';

const register = defaultRegister();
const url = (id: string) => register.byId.get(id)!.url!;

function byId(tree: HastRoot, id: string): Element {
  let found: Element | undefined;
  visit(tree, 'element', (el: Element) => {
    if (el.properties.id === id) found = el;
  });
  return found!;
}

function elements(node: Element | HastRoot, tag: string): Element[] {
  const out: Element[] = [];
  visit(node, 'element', (el: Element) => {
    if (el.tagName === tag) out.push(el);
  });
  return out;
}

/** Each list item of a clause's bullet list: its text, and the text and address of each link in it. */
function items(tree: HastRoot, clause: string): { text: string; links: [string, string][] }[] {
  return elements(elements(byId(tree, clause), 'ul')[0]!, 'li').map((li) => ({
    text: toText(li),
    links: elements(li, 'a').map((a) => [toText(a), String(a.properties.href)] as [string, string]),
  }));
}

/** The guidance list: the bullet list after "Department for Education related documents:". */
function guidance(tree: HastRoot): { text: string; links: [string, string][] }[] {
  const uls = elements(tree, 'ul').filter((ul) => elements(ul, 'a').some((a) => String(a.properties.href).startsWith('https://www.gov.uk/')));
  return elements(uls[0]!, 'li').map((li) => ({ text: toText(li), links: elements(li, 'a').map((a) => [toText(a), String(a.properties.href)] as [string, string]) }));
}

describe('the HTML editions link every legislation and guidance entry to the register’s address', () => {
  let mill: string;
  let riverside: string;

  beforeAll(async () => {
    const dir = scratchProject();
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(0);
    mill = readFileSync(join(dir, 'dist/mill-lane-primary/social-networking.html'), 'utf8');
    riverside = readFileSync(join(dir, 'dist/riverside-infant/social-networking.html'), 'utf8');
  });

  it('Riverside (canonical ids): each entry is the register’s citation, linked to its legislation.gov.uk page', () => {
    const publication = ['libel-act-1843', 'defamation-act-1952', 'defamation-act-1996', 'defamation-act-2013', 'protection-from-harassment-act-1997',
      'criminal-justice-and-public-order-act-1994', 'malicious-communications-act-1988', 'communications-act-2003', 'copyright-designs-and-patents-act-1988'];
    const list = items(fromHtml(riverside), 'clause-4-3');
    expect(list.map((i) => i.links)).toEqual(publication.map((id) => [[register.byId.get(id)!.citation, url(id)]]));
    expect(list.at(-2)!.text).toBe('Communications Act 2003 and');
    expect(list.at(-1)!.text).toBe('Copyright, Designs and Patents Act 1988.');
    expect(guidance(fromHtml(riverside))).toEqual([
      { text: 'Teachers’ Standards (July 2011, last updated December 2021)', links: [['Teachers’ Standards (July 2011, last updated December 2021)', url('teachers-standards')]] },
      { text: 'Keeping children safe in education 2025', links: [['Keeping children safe in education 2025', url('keeping-children-safe-in-education')]] },
    ]);
  });

  it('Mill Lane (the seed’s wording): every entry linked, each Act of a line to its own page', () => {
    const tree = fromHtml(mill);
    expect(items(tree, 'clause-4-1')).toEqual([
      { text: 'Human Rights Act 1998', links: [['Human Rights Act 1998', url('human-rights-act-1998')]] },
      { text: 'Data Protection Act 2018', links: [['Data Protection Act 2018', url('data-protection-act-2018')]] },
      { text: 'Freedom of Information Act 2000', links: [['Freedom of Information Act 2000', url('freedom-of-information-act-2000')]] },
      {
        text: 'Computer Misuse Act 1990, amended by the Police and Justice Act 2006',
        links: [['Computer Misuse Act 1990', url('computer-misuse-act-1990')], ['Police and Justice Act 2006', url('police-and-justice-act-2006')]],
      },
      { text: 'Equality Act 2010', links: [['Equality Act 2010', url('equality-act-2010')]] },
    ]);
    const publication = items(tree, 'clause-4-3');
    expect(publication.map((i) => i.text)).toEqual([
      'Libel Act 1843', 'Defamation Acts 1952, 1996 and 2013', 'Protection from Harassment Act 1997', 'Criminal Justice and Public Order Act 1994',
      'Malicious Communication Act 1998', 'Communications Act 2003 and', 'Copyright, Designs and Patents Act 1998.',
    ]);
    expect(publication[1]!.links).toEqual([['Defamation Acts 1952', url('defamation-act-1952')], ['1996', url('defamation-act-1996')], ['2013', url('defamation-act-2013')]]);
    expect(publication[4]!.links).toEqual([['Malicious Communication Act 1998', url('malicious-communications-act-1988')]]);
    expect(publication[6]!.links).toEqual([['Copyright, Designs and Patents Act 1998', url('copyright-designs-and-patents-act-1988')]]);
    expect(guidance(tree).map((g) => g.links)).toEqual([
      [['Teachers Standards July 2011 (updated June 2013)', url('teachers-standards')]],
      [['Keeping Children Safe in Education (September 2018)', url('keeping-children-safe-in-education')]],
    ]);
  });

  it('Mill Lane still carries every sentence of the seed, misprints included', () => {
    expect(missingFromText(htmlText(mill))).toEqual([]);
    const text = normalise(htmlText(mill));
    for (const s of ['Malicious Communication Act 1998', 'Copyright, Designs and Patents Act 1998', 'Defamation Acts 1952, 1996 and 2013',
      'Computer Misuse Act 1990, amended by the Police and Justice Act 2006', 'Teachers Standards July 2011 (updated June 2013)', 'Keeping Children Safe in Education (September 2018)']) {
      expect(text).toContain(s);
    }
  });
});

const templating = await Templating.load(`${REPO}/templates`);

describe('register data is never markup', () => {
  const source = parsePolicy(
    '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n' +
      '# Law\n\n1. Laws:\n\n   {{> legislation-list list=school.legislation.main sentence=true}}\n\n1. Guidance:\n\n{{> guidance-list}}\n\nAlso {{and-list school.guidance}}.\n',
    'policies/t.md', 't',
  ).policy!;
  const compiled = templating.compile(source);
  const builder = new EditionMaker(compiled.compiled!);
  const markup = loadRegister(join(REPO, 'test/fixtures/legislation/registers/markup.yaml')).register;
  const entry = markup.byId.get('markup-guidance')!;

  function school(legislation: School['legislation'], guidanceList: School['guidance']): School {
    return {
      id: 't', file: 'schools/t.yaml', name: 'T', governingBody: 'GB', headTitle: 'Head', headTitlePlural: 'Heads', la: {},
      hr: { name: 'HR', address: ['1 Road'], contacts: [] }, legislation, guidance: guidanceList, usefulContacts: [], signatories: [{ role: 'Head Teacher' }],
    roles: { head: { name: 'Head Teacher', plural: 'Head Teachers' } }, style: { accent: '#1d4f91', font: 'Liberation Sans' },
    };
  }

  function links(s: School): { tree: Link[]; html: HastRoot } {
    const { edition, diagnostics } = builder.build(s);
    expect(diagnostics).toEqual([]);
    const tree: Link[] = [];
    visit(edition!.tree, 'link', (l: Link) => {
      tree.push(l);
    });
    return { tree, html: fromHtml(new TextDecoder().decode(writeHtml(edition!))) };
  }

  it('fills a title and an address from the register literally: `*`, `[`, `<b>` and `{{…}}` stay text', () => {
    expect(compiled.diagnostics).toEqual([]);
    const { tree, html } = links(school({ main: [citedItem('markup-guidance', markup)] }, [citedItem('markup-guidance', markup)]));
    expect(tree.map((l) => [l.url, l.children.map((c) => (c.type === 'text' ? c.value : `<${c.type}>`)).join('')])).toEqual([
      [entry.url, entry.title],
      [entry.url, entry.title],
    ]);
    const anchors = elements(html, 'a').filter((a) => !String(a.properties.href).startsWith('#'));
    expect(anchors.map((a) => [String(a.properties.href), toText(a)])).toEqual([[entry.url, entry.title], [entry.url, entry.title]]);
    for (const tag of ['b', 'code', 'em', 'script']) expect(elements(html, tag)).toEqual([]);
    expect(normalise(toText(html))).toContain(`Also ${entry.title}.`);
  });

  it('fills any text a config prints instead, and a register address, literally (property)', () => {
    const text = fc.array(fc.constantFrom('*', '_', '[', ']', '(', ')', '<b>', '</p>', '&amp;', '`', '\\', '#', '{{x}}', '![i](x)', '[l](javascript:x)', 'Act', ' ', 'ŵ', '😀', 'a'), { minLength: 1, maxLength: 12 })
      .map((p) => normalise(p.join('')))
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(text, text, (a, b) => {
        const { tree, html } = links(school(
          { main: [citedItem({ id: 'markup-guidance', text: a }, markup), citedItem('data-protection-act-2018')] },
          [citedItem({ id: 'keeping-children-safe-in-education', text: b })],
        ));
        expect(tree.map((l) => l.url)).toEqual([entry.url, url('data-protection-act-2018'), url('keeping-children-safe-in-education')]);
        expect(tree.map((l) => l.children.map((c) => (c.type === 'text' ? c.value : `<${c.type}>`)).join(''))).toEqual([a, 'Data Protection Act 2018', b]);
        visit(html, 'element', (el: Element) => {
          expect(el.tagName).not.toBe('script');
          expect(String(el.properties.href ?? '')).not.toMatch(/^javascript:/i);
        });
      }),
      { numRuns: process.env.CI ? 200 : 60 },
    );
  });
});

describe('the DOCX and PDF editions link the same entries', () => {
  it('carry a hyperlink to the register’s address of every entry the school cites', async () => {
    const { inflateSync } = await import('node:zlib');
    const { unzipSync } = await import('fflate');
    const dir = scratchProject();
    const result = await cli(dir, 'build', '--format', 'docx,pdf', '--school', 'riverside-infant', '--quiet');
    expect(result.code).toBe(0);
    const ids = ['human-rights-act-1998', 'data-protection-act-2018', 'computer-misuse-act-1990', 'police-and-justice-act-2006', 'libel-act-1843',
      'defamation-act-1996', 'malicious-communications-act-1988', 'copyright-designs-and-patents-act-1988', 'teachers-standards', 'keeping-children-safe-in-education'];
    const docx = unzipSync(new Uint8Array(readFileSync(join(dir, 'dist/riverside-infant/social-networking.docx'))));
    const rels = new TextDecoder().decode(docx['word/_rels/document.xml.rels']!);
    for (const id of ids) expect(rels, id).toContain(`Target="${url(id)}"`);
    // PDF link annotations: /URI (…) in the file or in any of its Flate streams
    const pdf = readFileSync(join(dir, 'dist/riverside-infant/social-networking.pdf'));
    let text = pdf.toString('latin1');
    for (const m of text.matchAll(/stream\r?\n/g)) {
      const start = m.index + m[0].length;
      const end = text.indexOf('endstream', start);
      try {
        text += inflateSync(pdf.subarray(start, end)).toString('latin1');
      } catch {
        // not a Flate stream
      }
    }
    for (const id of ids) expect(text, id).toContain(`/URI (${url(id)})`);
  });
});
