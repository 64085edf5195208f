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
  const edition = openEdition({ meta, shape: { id: 'p#1', json: JSON.stringify(tree) }, values: [...values], signatories: [{ role: 'Head', name: 'A. Head' }] });

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
