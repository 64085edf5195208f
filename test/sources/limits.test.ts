import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostics/position.ts';
import { limitHint, LIMITS, scanText } from '../../src/sources/limits.ts';
import { REPO } from '../helpers/project.ts';

/** Where scanText stops a text, as `line:column: message (hint)`. */
function scan(text: string): string | undefined {
  const breach = scanText(text);
  if (!breach) return undefined;
  const { line, column } = new LineIndex(text).at(breach.offset);
  return `${line}:${column}: ${breach.message} (${limitHint(breach.limit)})`;
}

const body = (text: string) => text.replace(/^---\n[\s\S]*?\n---\n/, '');

describe('scanText: the limits on a source, before anything parses it', () => {
  it('lets the shipped policy and every shipped partial through', () => {
    expect(scan(body(readFileSync(join(REPO, 'policies/social-networking.md'), 'utf8')))).toBeUndefined();
    for (const f of readdirSync(join(REPO, 'templates/partials'))) expect(scan(readFileSync(join(REPO, 'templates/partials', f), 'utf8')), f).toBeUndefined();
  });

  it('names each limit in its hint: value, unit and advice', () => {
    expect(limitHint(LIMITS.nesting)).toBe('limit 5 levels; nest fewer lists or quotes');
    expect(limitHint(LIMITS.lineLength)).toBe('limit 10000 characters per line; break the line into paragraphs');
  });

  it('refuses a line past the line length at the first column past it', () => {
    expect(scan(`a\n${'word '.repeat(2001)}\n`)).toBe('2:10001: line is 10005 characters long (limit 10000 characters per line; break the line into paragraphs)');
    expect(scan('word '.repeat(2000))).toBeUndefined();
  });

  it('refuses a word past the word length where the word starts', () => {
    expect(scan(`1. see ${'a'.repeat(1001)} here`)).toBe('1:8: word of 1001 characters without a space (limit 1000 characters per word; put spaces in it; a long address can be a link with short text)');
    expect(scan(`1. see ${'a'.repeat(1000)} here`)).toBeUndefined();
  });

  it('refuses more lines than the limit at the first line past it', () => {
    expect(scan('a\n'.repeat(10_000))).toBe('10001:1: the text has more than 10000 lines (limit 10000 lines; split it into several policies)');
    expect(scan('a\n'.repeat(9_999))).toBeUndefined();
  });

  it('counts emphasis and link marks per paragraph (a blank line or a new block starts a new count) and in all', () => {
    expect(scan(`para\n${'*a*\n'.repeat(501)}`)).toBe('1:1: paragraph has more than 1000 emphasis and link marks (limit 1000 marks per paragraph; split the paragraph)');
    expect(scan('*a*\n'.repeat(500))).toBeUndefined();
    // Each list item, heading and table row is a paragraph of its own.
    expect(scan('- *a*\n'.repeat(1000))).toBeUndefined();
    expect(scan('| a | b |\n| - | - |\n' + '| [a](#b) | c |\n'.repeat(600))).toBeUndefined();
    // Code is not markup.
    expect(scan('```\n' + '**********\n'.repeat(500) + '```\n')).toBeUndefined();
    expect(scan('*a*\n\n'.repeat(10_001))).toMatch(/^\d+:\d+: the text has more than 10000 lines/);
    expect(scan(('*a* '.repeat(200) + '\n\n').repeat(51))).toBe('101:1: the text has more than 20000 emphasis and link marks (limit 20000 marks; split the policy)');
  });

  it('counts how deep lists and quotes are nested, as CommonMark reads their markers and indentation', () => {
    const list = (depth: number, step = '  ') => Array.from({ length: depth }, (_, i) => `${step.repeat(i)}- item\n`).join('');
    expect(scan(list(5))).toBeUndefined();
    expect(scan(list(6))).toBe('6:11: lists and block quotes are nested 6 deep here (limit 5 levels; nest fewer lists or quotes)');
    expect(scan(list(6, '   ').replace(/- /g, '1. '))).toBe('6:16: lists and block quotes are nested 6 deep here (limit 5 levels; nest fewer lists or quotes)');
    expect(scan('> > > > > quote\n')).toBeUndefined();
    expect(scan('> > > > > > quote\n')).toBe('1:1: lists and block quotes are nested 6 deep here (limit 5 levels; nest fewer lists or quotes)');
    expect(scan('- > - > - > x\n')).toBe('1:1: lists and block quotes are nested 6 deep here (limit 5 levels; nest fewer lists or quotes)');
    expect(scan(`${'- '.repeat(4_000)}x`)).toMatch(/^1:1: lists and block quotes are nested 4000 deep here/);
    // Siblings, lists after lists, and a quote after a list are not nested.
    expect(scan(`${list(5)}\n${list(5)}\n> > > > > q\n`)).toBeUndefined();
    expect(scan(`${'1. item\n   1. sub\n      1. subsub\n'.repeat(50)}`)).toBeUndefined();
    // Indented code is not a list, nor is a thematic break.
    expect(scan(`para\n\n${'      - code\n'.repeat(3)}\n- - - - - - - -\n* * * * * * *\n`)).toBeUndefined();
  });

  it('counts list items, block quotes, headings, labels, footnotes, table rows and cells', () => {
    expect(scan('1. clause\n'.repeat(2001))).toBe('2001:4: the text has more than 2000 list items (limit 2000 list items; split the policy)');
    expect(scan('> quote\n\n'.repeat(501))).toBe('1001:3: the text has more than 500 block quotes (limit 500 block quotes; use fewer block quotes)');
    expect(scan('> one quote\n'.repeat(600))).toBeUndefined();
    expect(scan('# Section\n\n'.repeat(1001))).toBe('2001:1: the text has more than 1000 headings (limit 1000 headings; split the policy)');
    expect(scan('Title\n=====\n\n'.repeat(1001))).toBe('3002:1: the text has more than 1000 headings (limit 1000 headings; split the policy)');
    expect(scan(Array.from({ length: 1001 }, (_, i) => `1. {#l${i}} x\n`).join(''))).toBe('1001:4: the text has more than 1000 labels (limit 1000 labels; label only the clauses you refer to)');
    expect(scan(Array.from({ length: 21 }, (_, i) => `x[^${i}]\n`).join(''))).toBe('21:2: the text has more than 20 footnote references (limit 20 footnotes; use fewer footnotes)');
    expect(scan(Array.from({ length: 21 }, (_, i) => `[^${i}]: note\n`).join(''))).toBe('21:1: the text has more than 20 footnote definitions (limit 20 footnotes; use fewer footnotes)');
    expect(scan('| a | b |\n| --- | --- |\n' + '| c | d |\n'.repeat(2000))).toBe('2002:1: the text has more than 2000 table rows (limit 2000 rows; split the table or the policy)');
    expect(scan('|' + 'a|'.repeat(60) + '\n|' + '-|'.repeat(60) + '\n' + ('|' + 'b|'.repeat(60) + '\n').repeat(200))).toBe('168:1: the text has more than 10000 table cells (limit 10000 cells; split the table or the policy)');
  });

  it('counts how deep template blocks are nested', () => {
    expect(scan('{{#if a}}'.repeat(32) + 'x' + '{{/if}}'.repeat(32))).toBeUndefined();
    expect(scan('{{#if a}}\n'.repeat(33))).toBe('33:1: template blocks are nested more than 32 deep (limit 32 levels; nest fewer blocks)');
    expect(scan('{{#each a}}{{^}}{{/each}}\n'.repeat(100))).toBeUndefined();
  });

  it('names what it scans, and refuses a templated text past its size', () => {
    expect(scanText('1. x\n'.repeat(2001), { subject: 'the policy' })?.message).toBe('the policy has more than 2000 list items');
    expect(scanText('a'.repeat(LIMITS.templatedChars.value + 1), { templated: true })?.message).toBe(`the text is more than ${LIMITS.templatedChars.value} characters long`);
  });

  it('scans a text of any shape in one pass: 256 KB of every pathological shape in well under a second each', () => {
    const size = LIMITS.policyBytes.value;
    const shapes = ['[', '*', '_', '`', '>', '-', '|', '*_', '[a', '> ', '- ', '1. ', '  ', '\t', '{{#if a}}', '{#a} ', '[^a] ', 'a\n', '\n', '| a ', '    - x\n'];
    for (const shape of shapes) {
      const text = shape.repeat(Math.ceil(size / shape.length));
      for (const lines of [text, text.replace(/(.{80})/g, '$1\n')]) {
        const started = performance.now();
        scanText(lines);
        expect(performance.now() - started, JSON.stringify(shape)).toBeLessThan(2000);
      }
    }
  }, 20_000);
});
