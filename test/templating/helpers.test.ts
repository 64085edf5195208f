import { describe, expect, it } from 'vitest';
import { helpers } from '../../src/templating/helpers.ts';
import { BLOCK_PATTERN, blockToken } from '../../src/templating/tokens.ts';

const andList = helpers['and-list']!;
const isPenultimate = helpers['is-penultimate']!;

describe('and-list', () => {
  it('joins a list as English does: "A", "A and B", "A, B and C"', () => {
    expect(andList([])).toBe('');
    expect(andList(['A'])).toBe('A');
    expect(andList(['A', 'B'])).toBe('A and B');
    expect(andList(['A', 'B', 'C'])).toBe('A, B and C');
    expect(andList(['Schools Disciplinary Policy', 'Code of Conduct', 'Child Protection Policy', 'Acceptable Use'])).toBe('Schools Disciplinary Policy, Code of Conduct, Child Protection Policy and Acceptable Use');
  });

  it('prints the text of legislation and guidance entries', () => {
    expect(andList([{ text: 'Libel Act 1843', url: 'https://www.legislation.gov.uk/ukpga/Vict/6-7/96' }, 'Some local guidance', { text: 'Defamation Act 2013', parts: [] }]))
      .toBe('Libel Act 1843, Some local guidance and Defamation Act 2013');
  });

  it('leaves the items (tokens, in a real template) untouched', () => {
    const items = ['\uE000policy.relatedPolicies.0\uE001', '\uE000policy.relatedPolicies.1\uE001'];
    expect(andList(items)).toBe(`${items[0]} and ${items[1]}`);
  });

  it('refuses what is not a list', () => {
    expect(() => andList('A, B')).toThrow('and-list needs a list');
    expect(() => andList(undefined)).toThrow('and-list needs a list');
    expect(() => andList({ text: 'x' })).toThrow('and-list needs a list');
  });
});

describe('is-penultimate', () => {
  it('is true for the last-but-one index of a list only', () => {
    const list = ['a', 'b', 'c'];
    expect([0, 1, 2].map((i) => isPenultimate(i, list))).toEqual([false, true, false]);
    expect(isPenultimate(0, ['a', 'b'])).toBe(true);
    expect(isPenultimate(0, ['a'])).toBe(false);
  });

  it('is false when the second argument is not a list', () => {
    expect(isPenultimate(0, 'ab')).toBe(false);
    expect(isPenultimate(1, { length: 3 })).toBe(false);
  });
});

describe('br', () => {
  it('is a token the document stage makes a line break (never a backslash, which mid-line or in a table cell prints)', () => {
    expect(helpers.br!()).toBe(blockToken('br'));
    expect(helpers.br!()).not.toContain('\\');
  });
});

describe('signature-block, edition-block, contents and document-control', () => {
  it('each stand as a paragraph of their own holding their block token', () => {
    for (const name of ['signature-block', 'edition-block', 'contents', 'document-control']) {
      const out = helpers[name]!() as string;
      expect(out.startsWith('\n\n')).toBe(true);
      expect(out.endsWith('\n\n')).toBe(true);
      expect(BLOCK_PATTERN.exec(out.trim())?.[1]).toBe(name);
    }
  });
});

describe('the helper set', () => {
  it("is policyc's own helpers and nothing else (no `lookup` or `log`)", () => {
    expect(Object.keys(helpers).sort()).toEqual(['and-list', 'br', 'contents', 'document-control', 'edition-block', 'is-penultimate', 'signature-block']);
  });
});
