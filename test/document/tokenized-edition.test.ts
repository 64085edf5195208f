import { describe, expect, it } from 'vitest';
import { fillJson, fillTokens, hasToken, markTokens, openEdition, prepareShared, token } from '../../src/document/tokenized-edition.ts';
import type { Root } from 'mdast';
import type { EditionMeta } from '../../src/document/types.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';

const values = new Map([
  ['school.name', 'St Mary’s <C of E> & "Friends"'],
  ['school.trap', `${token('school.name')}`],
]);
const upper = (v: string) => v.toUpperCase();
const brackets = (v: string) => `[${v}]`;

describe('fillTokens', () => {
  it('puts each value in place of its token, escaped, and a marked token with the other escape', () => {
    const text = `a ${token('school.name')} b ${markTokens(token('school.name'))} c`;
    expect(fillTokens(text, values, upper, brackets)).toBe(`a ST MARY’S <C OF E> & "FRIENDS" b [St Mary’s <C of E> & "Friends"] c`);
  });

  it('never reads a value again: a value that looks like a token stays the text it is', () => {
    expect(fillTokens(`x${token('school.trap')}y`, values, (v) => v)).toBe(`x${token('school.name')}y`);
  });

  it('gives up on a token without a value, or a reserved character outside a token', () => {
    expect(fillTokens(`x${token('school.nothing')}`, values, (v) => v)).toBeUndefined();
    expect(fillTokens(`x\uE000 stray ${token('school.name')}`, values, (v) => v)).toBeUndefined();
    expect(fillTokens(`${token('school.name')} stray \uE005`, values, (v) => v)).toBeUndefined();
    expect(fillTokens('no tokens at all', values, (v) => v)).toBe('no tokens at all');
  });

  it('tells a string with a token from one without', () => {
    expect(hasToken(`a${token('x')}`)).toBe(true);
    expect(hasToken('plain')).toBe(false);
  });
});

describe('a tokenized edition', () => {
  const tree = parseMarkdown(`# ${token('school.name')}\n\n[link](https://example.org/${token('school.name')})\n`);
  prepareShared(tree);
  const meta = { schoolName: 'x' } as EditionMeta;
  const edition = openEdition({ meta, shape: { id: 'p#1', json: JSON.stringify(tree) }, values: [...values], signatories: [{ role: 'Head', name: 'A. Head' }], assets: {} });

  it('opens into the tree with the values in, as text and link targets only', () => {
    const filled = edition.tree;
    expect(JSON.stringify(filled)).toContain('St Mary’s <C of E> & \\"Friends\\"');
    expect(JSON.stringify(filled)).not.toContain('\uE000');
    const link = (filled.children[2] as Root['children'][number] & { children: { url: string }[] }).children[0]!;
    expect(link.url).toBe('https://example.org/St Mary’s <C of E> & "Friends"');
  });

  it('has the generated blocks, and the signature block lists the school’s signatories', () => {
    expect(edition.tree.children[0]!.type).toBe('editionBlock');
    const last = edition.tree.children.at(-1)!;
    expect(last).toEqual({ type: 'signatureBlock', signatories: [{ role: 'Head', name: 'A. Head' }] });
  });

  it('fills JSON so that a value can never break out of its string', () => {
    const json = JSON.stringify({ text: token('school.name') });
    expect(JSON.parse(fillJson(json, values))).toEqual({ text: values.get('school.name') });
  });
});

describe('the tree with the values in', () => {
  const markdown = [
    `# ${token('school.name')}`,
    '',
    `![${token('school.name')}](${token('school.logo')} "${token('school.name')}") [the site][${token('school.name')}] [mail](mailto:${token('school.email')})`,
    '',
    `[${token('school.name')}]: ${token('school.site')} "${token('school.rtl')}"`,
    '',
  ].join('\n');
  const tree = parseMarkdown(markdown);
  prepareShared(tree);
  const values = new Map([
    ['school.name', 'Mill Lane'],
    ['school.logo', 'https://example.org/logo.png'],
    ['school.site', 'https://example.org/'],
    ['school.email', 'hr@example.org'],
    ['school.rtl', '\u202Eabc'],
  ]);
  const filled = openEdition({ meta: {} as EditionMeta, shape: { id: 'p#2', json: JSON.stringify(tree) }, values: [...values], signatories: [{ role: 'שלום' }], assets: {} }).tree;
  const json = JSON.stringify(filled);
  const find = (type: string) => {
    const found: Record<string, unknown>[] = [];
    const walk = (n: { type: string; children?: unknown[] }) => {
      if (n.type === type) found.push(n as unknown as Record<string, unknown>);
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    walk(filled);
    return found;
  };

  it('has a value wherever a token was: text, an image’s address, alternative text and title, a definition’s address, title and label', () => {
    expect(json).not.toMatch(/[\uE000-\uE005]/);
    expect(find('image')[0]).toMatchObject({ url: 'https://example.org/logo.png', alt: 'Mill Lane', title: 'Mill Lane' });
    expect(find('definition')[0]).toMatchObject({ url: 'https://example.org/', label: 'Mill Lane', identifier: 'Mill Lane', title: '\u2068\u202Eabc\u2069' });
    expect(find('linkReference')[0]).toMatchObject({ identifier: 'Mill Lane', label: 'Mill Lane' });
    expect(find('link')[0]).toMatchObject({ url: 'mailto:hr@example.org' });
  });

  it('isolates a value wherever it is shown (text, titles, labels, the signatories), and never in an address', () => {
    expect(find('definition')[0]!.title).toBe('\u2068\u202Eabc\u2069');
    expect(filled.children.at(-1)).toEqual({ type: 'signatureBlock', signatories: [{ role: '\u2068שלום\u2069' }] });
    const rtl = openEdition({ meta: {} as EditionMeta, shape: { id: 'p#2', json: JSON.stringify(tree) }, values: [...values, ['school.logo', 'https://example.org/שלום']], signatories: [], assets: {} }).tree;
    const walk = (n: { type: string; url?: string; children?: unknown[] }): string[] => [...(n.url ? [n.url] : []), ...(n.children ?? []).flatMap((c) => walk(c as typeof n))];
    expect(walk(rtl)).toContain('https://example.org/שלום');
  });

  it('fills a token Markdown lower-cased in an identifier with its value all the same', () => {
    const t = parseMarkdown(`[x][${token('school.hr.phonePrefix')}]\n\n[${token('school.hr.phonePrefix')}]: https://example.org\n`);
    prepareShared(t);
    const out = JSON.stringify(openEdition({ meta: {} as EditionMeta, shape: { id: 'p#3', json: JSON.stringify(t) }, values: [['school.hr.phonePrefix', '(01642)']], signatories: [], assets: {} }).tree);
    expect(out).toContain('"identifier":"(01642)"');
    expect(out).not.toMatch(/[\uE000-\uE005]/);
  });
});
