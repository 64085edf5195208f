import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { collapseSpaces } from '../../src/document/collapse-spaces.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';
import { token } from '../../src/document/tokenized-edition.ts';
import { policyBuilder, school } from '../writers/build.ts';

function texts(tree: Root): string[] {
  const out: string[] = [];
  visit(tree, (node) => {
    if ('value' in node && typeof node.value === 'string') out.push(`${node.type}:${node.value}`);
  });
  return out;
}

describe('collapseSpaces', () => {
  it('makes each run of spaces, tabs and line breaks in text one space', () => {
    const tree = parseMarkdown('1. The risks of social  media   sites.\tAnd\nmore,  *in  emphasis*, **and  strong**.\n');
    collapseSpaces(tree);
    expect(toString(tree)).toBe('The risks of social media sites. And more, in emphasis, and strong.');
    for (const t of texts(tree)) expect(t).not.toMatch(/ {2}|[\t\n]/);
  });

  it('leaves code, inline code and non-breaking spaces as they are', () => {
    const tree = parseMarkdown('Type `a  b` then\u00a0\u00a0go.\n\n```\nx  =  1\n\ty\n```\n');
    collapseSpaces(tree);
    expect(texts(tree)).toEqual(['text:Type ', 'inlineCode:a  b', 'text: then\u00a0\u00a0go.', 'code:x  =  1\n\ty']);
  });

  it('collapses around tokens and never inside one', () => {
    const name = token('school.a  b');
    const tree = parseMarkdown(`The  governors of  ${name}  and ${name}.\n`);
    collapseSpaces(tree);
    expect(texts(tree)).toEqual([`text:The governors of ${name} and ${name}.`]);
  });
});

describe('an edition', () => {
  const build = policyBuilder('# Aims\n\n1. The  {{school.governingBody}} of {{school.name}}  is committed  to\n   its staff.\n');

  it('has the policy\'s own text with single spaces, and a value exactly as its config gives it', () => {
    const edition = build(school({ name: 'Mill  Lane\tPrimary', governingBody: 'Governing Body' }));
    const clause = toString(edition.tree.children.find((n) => n.type === 'list')!);
    // Values are isolated (bidi marks around them): compare without those.
    expect(clause.replace(/[\u2066-\u2069]/g, '')).toBe('The Governing Body of Mill  Lane\tPrimary is committed to its staff.');
  });
});
