import { describe, expect, it } from 'vitest';
import { EDITION_ID, editionIdOf } from '../../../src/document/edition-id.ts';
import { breakable, imageFiles, imageName, listTags, toTypstData, type Block, type Inline } from '../../../src/writers/pdf/to-typst-data.ts';
import { ASSETS, libraryEdition } from '../shared/library-fixture.ts';
import { KITCHEN_SINK, edition } from './fixtures.ts';

const data = toTypstData(edition(KITCHEN_SINK));
const find = <T extends Block['type']>(type: T) => data.blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);
const json = JSON.stringify(data);

describe('the Typst data model', () => {
  it('carries the metadata the page header, footer and document info print', () => {
    // With no house style of its own, the edition has the default's accent (and its tint) and no logo.
    expect(data.meta).toEqual({ title: 'Test Policy', school: 'Test School', version: '2.1', review: '1 January 2027', owner: 'HR Service', keywords: [], edition: editionIdOf(edition(KITCHEN_SINK)), accent: '#1d4f91', tint: '#dfe6f0', logo: null, draft: null });
    expect(data.meta.edition).toMatch(new RegExp(`^${EDITION_ID.source}$`));
  });

  it('starts with the edition block rows every format shows', () => {
    expect(data.blocks[0]).toEqual({
      type: 'edition',
      rows: [['School', 'Test School'], ['Version', '2.1'], ['Approved', '1 January 2026'], ['Review by', '1 January 2027'], ['Applies to', 'All staff'], ['Owner', 'HR Service']],
    });
  });

  it('keeps numbering as text, anchors as labels, and never skips a heading level', () => {
    const headings = find('heading');
    expect(headings.map((h) => [h.level, h.marker, h.anchor])).toEqual([[1, '1.', 'section-1'], [1, '2.', 'section-2'], [2, null, 'heading-a-heading-two-levels-down']]);
    const [clauses] = find('list');
    expect(clauses!.kind).toBe('clauses');
    expect(clauses!.items.map((i) => [i.marker, i.anchor])).toEqual([['1.1', 'clause-1-1'], ['1.2', 'clause-1-2']]);
    const roman = clauses!.items[1]!.blocks.find((b) => b.type === 'list') as Extract<Block, { type: 'list' }>;
    expect(roman.kind).toBe('roman');
    expect(roman.items.map((i) => i.marker)).toEqual(['I.', 'II.']);
    const alpha = roman.items[0]!.blocks.find((b) => b.type === 'list') as Extract<Block, { type: 'list' }>;
    expect(alpha.kind).toBe('alpha');
    expect(alpha.items.map((i) => i.marker)).toEqual(['(a)', '(b)']);
  });

  it('links a cross-reference to its label and web links to their URL', () => {
    expect(json).toContain(JSON.stringify({ type: 'xref', target: 'clause-1-1', children: ['1.1'] }));
    expect(json).toContain(JSON.stringify({ type: 'link', url: 'https://example.org/x', children: ['web link'] }));
  });

  it('gives a figure its image, alt text and caption, and prints raw HTML as text', () => {
    expect(json).toContain('"alt":"A plan of the office"');
    expect(json).toContain('"caption":"The office plan"');
    const odd = find('paragraph').find((p) => JSON.stringify(p).includes('An image above'))!;
    const text = odd.children.filter((c): c is string => typeof c === 'string').join('');
    expect(text).toContain('An image above,');
    expect(text).toContain('<b>raw html</b>');
    expect(odd.children).toContainEqual({ type: 'footnote', blocks: [{ type: 'paragraph', children: ['The footnote text.'] }] });
    expect(odd.children).toContainEqual({ type: 'break' });
  });

  it('keeps styled runs, code, quotations, rules and bullets', () => {
    expect(json).toContain(JSON.stringify({ type: 'strong', children: ['bold'] }));
    expect(json).toContain(JSON.stringify({ type: 'emphasis', children: ['emphasis'] }));
    expect(json).toContain(JSON.stringify({ type: 'delete', children: ['struck'] }));
    expect(json).toContain(JSON.stringify({ type: 'code', text: 'code' }));
    expect(find('codeblock')).toEqual([{ type: 'codeblock', text: 'code block #set text(red)' }]);
    expect(find('quote')).toEqual([{ type: 'quote', blocks: [{ type: 'paragraph', children: ['A quotation.'] }] }]);
    expect(find('rule')).toHaveLength(1);
    const bullets = find('list').find((l) => l.kind === 'bullet')!;
    expect(bullets.items.map((i) => i.marker)).toEqual(['•', '•']);
    expect(JSON.stringify(bullets.items[0])).toContain('"marker":"–"');
    expect(bullets.items[1]!.blocks[0]).toEqual({ type: 'paragraph', children: ['[x] done task'] });
  });

  it('pads short table rows and keeps the header row and alignment', () => {
    // (Its name, which the document stage gives every table, is the template's to use; no caption here.)
    expect(find('table')).toMatchObject([{
      type: 'table',
      align: ['left', 'center', 'right'],
      header: [['A'], ['B'], ['C']],
      rows: [[['one'], ['two'], []], [['x'], ['y'], ['z']]],
      caption: null,
    }]);
  });

  it('keeps a lead-in ending in a colon with the signature block', () => {
    const last = data.blocks[data.blocks.length - 1];
    expect(last).toEqual({ type: 'signatures', intro: ['Signed:'], keep: true, signatories: [{ role: 'Head Teacher', name: 'Jane Smith', keep: true }, { role: 'Chair of Governors', name: null, keep: true }] });
    expect(find('paragraph').some((p) => p.children.includes('Signed:'))).toBe(false);
  });

  it('lets a signature block too long for one page break rather than overflow into the footer', () => {
    const e = edition('# A\n\n1. Clause.\n');
    e.tree.children.push({ type: 'signatureBlock', signatories: [{ role: 'Head Teacher' }, { role: 'Chair '.repeat(400) }] });
    const block = toTypstData(e).blocks.at(-1) as { keep: boolean; signatories: { keep: boolean }[] };
    expect(block.keep).toBe(false);
    expect(block.signatories.map((s) => s.keep)).toEqual([true, false]);
  });

  it('prints a link the sources check would refuse (script, file) as its text alone', () => {
    const e = edition('# A\n\n1. Clause.\n');
    const link = (url: string, text: string) => ({ type: 'link' as const, url, children: [{ type: 'text' as const, value: text }] });
    e.tree.children.push({ type: 'paragraph', children: [link('javascript:alert(1)', 'script'), link('file:///etc/passwd', 'file'), link('HTTPS://EXAMPLE.ORG', 'shouting')] });
    const out = JSON.stringify(toTypstData(e));
    expect(out).not.toMatch(/javascript|file:/);
    expect(out).toContain('"scriptfile"');
    expect(out).toContain(JSON.stringify({ type: 'link', url: 'HTTPS://EXAMPLE.ORG', children: ['shouting'] }));
  });

  it('drops a cross-reference whose target is not printed, keeping its text', () => {
    const e = edition('# A\n\n1. {#a} Clause.\n');
    e.tree.children.push({ type: 'paragraph', children: [{ type: 'link', url: '#nowhere', children: [{ type: 'text', value: 'see nowhere' }] }] });
    expect(JSON.stringify(toTypstData(e))).not.toContain('xref');
    expect(JSON.stringify(toTypstData(e))).toContain('see nowhere');
  });
});

describe('plain text', () => {
  it('makes a soft line break, a tab or a run of spaces one space, and keeps no-break spaces', () => {
    const e = edition('# A\n\n1. first line\n   second line\n   third\tline  and\u00a0more\n');
    const clauses = toTypstData(e).blocks.find((b) => b.type === 'list') as Extract<Block, { type: 'list' }>;
    expect(clauses.items[0]!.blocks).toEqual([{ type: 'paragraph', children: ['first line second line third line and\u00a0more'] }]);
  });
});

describe('line-break opportunities', () => {
  const text = (runs: Inline[]) => runs.map((r) => (typeof r === 'string' ? r : '|')).join('');

  it('leaves ordinary prose alone', () => {
    expect(breakable('The Governing Body of Mill Lane Primary School, internationalisation.')).toEqual(['The Governing Body of Mill Lane Primary School, internationalisation.']);
  });

  it('lets long email addresses break after their punctuation', () => {
    expect(text(breakable('mail shellena.hussain@stockton.gov.uk now'))).toBe('mail shellena.|hussain@|stockton.|gov.|uk now');
    expect(text(breakable('(www.example.org/a/b/c/d/e/f)'))).toBe('(www.|example.|org/|a/|b/|c/|d/|e/|f)');
  });

  it('leaves web addresses Typst breaks by itself whole: each break of ours would cut a link into another region', () => {
    for (const url of ['https://www.example.org/a/b', 'www.facebook.com/communitystandards', 'HTTP://EXAMPLE.ORG/averyveryverylongpath/indeed']) {
      expect(breakable(`see ${url} now`)).toEqual([`see ${url} now`]);
    }
  });

  it('breaks a run no word is as long as every 16 characters, never inside a character', () => {
    const long = 'averyveryveryveryveryveryverylongunbrokenrole';
    expect(text(breakable(long))).toBe('averyveryveryver|yveryveryverylon|gunbrokenrole');
    const emoji = '😀'.repeat(40);
    expect(breakable(emoji).filter((r) => typeof r === 'string').every((s) => !/[\ud800-\udbff]$/.test(s as string))).toBe(true);
  });
});

describe('values that could reorder text', () => {
  const FSI = '\u2068';
  const PDI = '\u2069';

  it('reach the template each in its own isolate: the text, the metadata, the edition block, the signatories', () => {
    const d = toTypstData(edition('# A\n\n1. The {{school.governingBody}} of {{school.name}} is committed to this.\n', '\u202Eabc'));
    const isolated = `${FSI}\u202Eabc${PDI}`;
    expect(d.meta.school).toBe(isolated);
    expect((d.blocks[0] as Extract<Block, { type: 'edition' }>).rows[0]).toEqual(['School', isolated]);
    expect(JSON.stringify(d)).toContain(JSON.stringify(`The Governing Body of ${isolated} is committed to this.`));
  });

  it('and no other value is touched', () => {
    expect(JSON.stringify(toTypstData(edition('# A\n\n1. {{school.name}} and שלום in the policy’s own text.\n', 'Mill Lane')))).not.toMatch(/[\u2068\u2069]/);
  });
});

describe('links by reference', () => {
  it('take the first definition of a name, as the other writers do, and only an allowed address', () => {
    const d = JSON.stringify(toTypstData(edition('# A\n\n1. See [the site][s] and [the other][o].\n\n[s]: https://example.org/first\n[s]: https://example.org/second\n[o]: https://example.org/o\n')));
    expect(d).toContain(JSON.stringify({ type: 'link', url: 'https://example.org/first', children: ['the site'] }));
    expect(d).not.toContain('second');
    const e = edition('# A\n\n1. See [the site][s].\n\n[s]: https://example.org/first\n');
    for (const node of e.tree.children) if (node.type === 'definition') node.url = 'javascript:alert(1)';
    expect(JSON.stringify(toTypstData(e))).not.toMatch(/javascript|"link"/);
  });
});

describe('anchors', () => {
  it('label both of two headings with the same text, and a reference reaches the second', () => {
    const d = toTypstData(edition('# A\n\n## Notes {#first}\n\n1. a\n\n## Notes {#second}\n\n1. b\n\n# B\n\n1. See [the second](#second).\n'));
    const headings = d.blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading');
    expect(headings.map((h) => h.anchor)).toEqual(['section-1', 'heading-notes', 'heading-notes-2', 'section-2']);
    expect(JSON.stringify(d)).toContain(JSON.stringify({ type: 'xref', target: 'heading-notes-2', children: ['the second'] }));
  });
});

describe('the library\'s constructs in the Typst data', () => {
  const library = toTypstData(libraryEdition());
  const found = <T extends Block['type']>(type: T) => {
    const out: Extract<Block, { type: T }>[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if ((v as { type?: string }).type === type) out.push(v as Extract<Block, { type: T }>);
        Object.values(v).forEach(walk);
      }
    };
    walk(library.blocks);
    return out;
  };

  it('carries the house style: accent, its tint and the logo by the name its bytes are mapped under', () => {
    expect(library.meta.accent).toBe('#8a1c3b');
    expect(library.meta.tint).toBe('#efdfe4');
    expect(library.meta.logo).toEqual({ image: imageName(ASSETS['figures/logo.png']!), alt: 'Schools HR Advisory Service logo', width: 150, height: 60 });
    expect([...imageFiles(libraryEdition()).keys()].sort()).toEqual(Object.values(ASSETS).map(imageName).sort());
    expect(imageName(ASSETS['figures/flow.svg']!)).toMatch(/^[0-9a-f]{32}\.svg$/);
  });

  it('gives figures (size in points), the document control, the contents and table captions as data', () => {
    expect(found('figure')).toEqual([
      { type: 'figure', image: imageName(ASSETS['figures/flow.svg']!), alt: 'Flowchart: raise the concern, then the Headteacher replies', width: 180, height: 90, caption: 'Figure 1: How a concern is handled' },
      { type: 'figure', image: imageName(ASSETS['figures/wide.png']!), alt: 'A green banner', width: 1200, height: 300, caption: null },
    ]);
    expect(found('history')).toEqual([{ type: 'history', title: 'Document control', columns: ['Version', 'Date', 'Summary of change', 'Approved by'], rows: [
      ['2.0', '1 September 2025', 'Revised for the Public Interest Disclosure changes', 'Schools HR Advisory Service'],
      ['3.0', '1 September 2026', 'Roles named by the school; decimal numbering', 'Joint Consultative Committee'],
    ] }]);
    expect(found('contents')).toEqual([{ type: 'contents', title: 'Contents' }]);
    expect(found('table').map((t) => [t.caption, t.name])).toEqual([['Who to contact', 'Who to contact'], [null, 'Name, Role, Telephone and Email']]);
    expect(found('list').filter((l) => l.kind === 'decimal').map((l) => l.items.map((i) => [i.marker, i.anchor]))).toEqual([[['2.1.1', 'clause-2-1-1'], ['2.1.2', 'clause-2-1-2']]]);
  });

  it('gives an edition without a style the default accent and no logo', () => {
    expect(toTypstData(libraryEdition(undefined, null)).meta).toMatchObject({ accent: '#1d4f91', logo: null });
  });
});

describe('the lists as the structure tree names them', () => {
  it('gives each list, parents before the lists inside them, the numbering its markers show', () => {
    expect(listTags(toTypstData(edition(KITCHEN_SINK)).blocks)).toEqual([
      { numbering: 'Decimal', items: 2 }, // 1.1, 1.2
      { numbering: 'UpperRoman', items: 2 }, // I., II.
      { numbering: 'LowerAlpha', items: 2 }, // (a), (b)
      { numbering: 'Disc', items: 2 }, // •
      { numbering: 'None', items: 1 }, // – (no PDF name for a dash)
    ]);
  });
});
