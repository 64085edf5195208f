import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostics/position.ts';
import { checkTree } from '../../src/document/limits.ts';
import { limitHint } from '../../src/sources/limits.ts';

const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown);

/** Where checkTree stops a parsed text, as `line:column: message (hint)`. */
function check(markdown: string): string | undefined {
  const found = checkTree(parse(markdown));
  if (!found) return undefined;
  const { line, column } = new LineIndex(markdown).at(found.offset);
  return `${line}:${column}: ${found.message} (${limitHint(found.limit)})`;
}

describe('checkTree: the exact counts on a parsed tree, before it is numbered or written', () => {
  it('lets an ordinary policy through', () => {
    expect(check('# Intro\n\n1. {#a} One *two* [](#a).\n   1. sub\n      - bullet\n\n| a | b |\n| - | - |\n| c | d |\n\n> quote[^1]\n\n[^1]: note\n')).toBeUndefined();
  });

  it('counts how deep lists and quotes are nested, at the first item past the limit', () => {
    expect(check('- a\n  - b\n    - c\n      - d\n        - e\n')).toBeUndefined();
    expect(check('- a\n  - b\n    - c\n      - d\n        - e\n          - f\n')).toBe('6:11: lists and block quotes are nested 6 deep here (limit 5 levels; nest fewer lists or quotes)');
    expect(check('> - > - > - x\n')).toBe('1:11: lists and block quotes are nested 6 deep here (limit 5 levels; nest fewer lists or quotes)');
  });

  it('counts how deep emphasis, strikethrough and links are nested', () => {
    const nested = (n: number) => `${'*a **b '.repeat(n / 2)}x${' b** a*'.repeat(n / 2)}`;
    expect(check(nested(8))).toBeUndefined();
    expect(check(nested(10))).toBe('1:29: emphasis, strikethrough and links are nested 9 deep here (limit 8 levels; nest less markup)');
    expect(check('[a ~~b **c *d [e](#x)* c** b~~ a](#y) and ~~*__x__*~~')).toBeUndefined();
  });

  it('counts links, list items, block quotes, headings, footnotes, labels, table rows and cells', () => {
    expect(check('[](#a) '.repeat(1001))).toBe('1:7001: the text has more than 1000 links and cross-references (limit 1000 links; link less)');
    expect(check('www.example.org '.repeat(1001))).toMatch(/^1:16001: the text has more than 1000 links and cross-references/);
    expect(check('- a\n'.repeat(2001))).toBe('2001:1: the text has more than 2000 list items (limit 2000 list items; split the policy)');
    expect(check('> a\n\n'.repeat(501))).toBe('1001:1: the text has more than 500 block quotes (limit 500 block quotes; use fewer block quotes)');
    expect(check('# a\n'.repeat(1001))).toBe('1001:1: the text has more than 1000 headings (limit 1000 headings; split the policy)');
    expect(check(Array.from({ length: 1001 }, (_, i) => `- {#l${i}} x\n`).join(''))).toBe('1001:3: the text has more than 1000 labels (limit 1000 labels; label only the clauses you refer to)');
    expect(check(`${'x[^a] '.repeat(21)}\n\n[^a]: note\n`)).toBe('1:122: the text has more than 20 footnote references (limit 20 footnotes; use fewer footnotes)');
    expect(check(Array.from({ length: 21 }, (_, i) => `[^${i}]: note\n`).join(''))).toBe('21:1: the text has more than 20 footnote definitions (limit 20 footnotes; use fewer footnotes)');
    expect(check('| a |\n| - |\n' + '| b |\n'.repeat(2000))).toBe('2002:1: the text has more than 2000 table rows (limit 2000 rows; split the table or the policy)');
    expect(check('|' + 'a|'.repeat(100) + '\n|' + '-|'.repeat(100) + '\n' + ('|' + 'b|'.repeat(100) + '\n').repeat(100))).toBe('102:1: the text has more than 10000 table cells (limit 10000 cells; split the table or the policy)');
  });

  it('counts every element', () => {
    expect(check('a\n\n'.repeat(14_999))).toBeUndefined();
    expect(check('a\n\n'.repeat(15_000))).toBe('29999:1: the text has more than 30000 elements (paragraphs, list items, cells, links, emphasis …) (limit 30000 elements; split the policy)');
  });

  it('refuses a footnote that refers to a footnote (the PDF would print it inside itself for ever)', () => {
    expect(check('Text[^a].\n\n[^a]: See[^a].\n')).toBe('3:10: footnote `[^a]` is referred to inside a footnote (limit 0 footnotes inside footnotes; a footnote may not refer to a footnote; write its text instead)');
    expect(check('Text[^a].\n\n[^a]: See[^b].\n\n[^b]: Back[^a].\n')).toBe('3:10: footnote `[^b]` is referred to inside a footnote (limit 0 footnotes inside footnotes; a footnote may not refer to a footnote; write its text instead)');
  });

  it('walks a tree of any depth without recursion', () => {
    const root = parse('');
    let node: { type: string; children: unknown[] } = root as never;
    for (let i = 0; i < 100_000; i++) {
      const child = { type: 'emphasis', children: [] as unknown[] };
      node.children.push(child);
      node = child;
    }
    expect(checkTree(root)?.message).toBe('emphasis, strikethrough and links are nested 9 deep here');
  });
});
