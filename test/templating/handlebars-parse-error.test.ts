import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import type { ParseFailure } from '../../src/templating/handlebars-parse-error.ts';
import '../../src/templating/handlebars-parse-error.ts';
import { Templating } from '../../src/templating/engine.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { REPO } from '../helpers/project.ts';

const templating = await Templating.load(`${REPO}/templates`);

/** Front matter of 8 lines; with the blank line after it the body starts on line 9 of the file. */
const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n';

function compile(body: string) {
  const parsed = parsePolicy(FRONT + body, 'policies/t.md', 't');
  if (!parsed.policy) throw new Error(JSON.stringify(parsed.diagnostics));
  return templating.compile(parsed.policy);
}

function parseFailure(template: string): ParseFailure {
  try {
    Handlebars.parse(template);
  } catch (e) {
    return e as ParseFailure;
  }
  throw new Error('expected a parse error');
}

describe('Handlebars syntax errors carry their position', () => {
  it('keeps Handlebars\' message and attaches the parser\'s line and location', () => {
    const failure = parseFailure('one\ntwo {{foo bar=}}\n');
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(/^Parse error on line 2:/);
    expect(failure.message).toContain("got 'CLOSE'");
    // Jison's line is 0-based; its location is of the last symbol it read (`=`, column 13 counted from 0)
    expect(failure.hash?.line).toBe(1);
    expect(failure.hash?.loc).toMatchObject({ first_line: 2, first_column: 13 });
  });

  it('gives each Handlebars environment made with create() the same patched parser', () => {
    let failure: ParseFailure | undefined;
    try {
      Handlebars.create().parse('a\n\n{{#if x}}b');
    } catch (e) {
      failure = e as ParseFailure;
    }
    expect(failure?.hash?.loc?.first_line).toBe(3);
  });
});

describe('Templating.compile reports a syntax error at its line and column in the policy file', () => {
  it('an unclosed {{#if x}}: on its own line of the file, after the front matter', () => {
    //            line 9: ''   10: '# One'   11: ''   12: 'Some text.'   13: ''   14: '{{#if x}}Only when x.'
    const { compiled, diagnostics } = compile('\n# One\n\nSome text.\n\n{{#if x}}Only when x.\n');
    expect(compiled).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        file: 'policies/t.md',
        line: 14,
        // Handlebars stops at the end of the file and names the text the unclosed block holds, which starts after `{{#if x}}`
        column: 10,
        severity: 'error',
        message: 'template block is not closed: a `{{#…}}` has no matching `{{/…}}`',
      },
    ]);
  });

  it('the line moves with the body: two more lines before the block, two more lines in the report', () => {
    const { diagnostics } = compile('\n# One\n\nSome text.\n\nMore.\n\n{{#if x}}Only when x.\n');
    expect(diagnostics.map((d) => [d.line, d.column])).toEqual([[16, 10]]);
  });

  it('a stray `}}` inside a placeholder, at the symbol before it', () => {
    const { diagnostics } = compile('\n# One\n\n1. Write to {{and-list x=}} now.\n');
    const line = FRONT.split('\n').length - 1 + 4; // the fourth line of the body
    expect(diagnostics).toEqual([
      { file: 'policies/t.md', line, column: '1. Write to {{and-list x'.length + 1, severity: 'error', message: 'unexpected `}}` in a placeholder' },
    ]);
  });
});
