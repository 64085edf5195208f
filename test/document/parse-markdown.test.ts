import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { EditionMaker } from '../../src/document/edition-maker.ts';
import { numberClauses } from '../../src/document/number-clauses.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';
import type { School } from '../../src/schools/school.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { Templating } from '../../src/templating/engine.ts';
import { REPO } from '../helpers/project.ts';

const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n';
const templating = await Templating.load(`${REPO}/templates`);

function school(contacts: number): School {
  return {
    id: 'big', file: 'schools/big.yaml', name: 'Big', governingBody: 'G', headTitle: 'H', headTitlePlural: 'Hs', la: {},
    hr: { name: 'HR', address: ['1 Road'], contacts: Array.from({ length: contacts }, (_, i) => ({ name: `Person ${i}`, role: 'Adviser' })) },
    legislation: {}, guidance: [], usefulContacts: [], signatories: [{ role: 'Head Teacher' }],
    roles: { head: { name: 'Head Teacher', plural: 'Head Teachers' } }, style: { accent: '#1d4f91', font: 'Liberation Sans' },
  };
}

describe('parseMarkdown', () => {
  it('parses CommonMark and GFM', () => {
    const tree = parseMarkdown('# A\n\n| a | b |\n| - | - |\n| c | d |\n\n~~gone~~ www.example.org\n');
    expect(tree.children.map((n) => n.type)).toEqual(['heading', 'table', 'paragraph']);
    expect(tree.data?.limitProblem).toBeUndefined();
  });

  it('does not parse a text past a limit of the scan: it gives an empty tree that says which limit', () => {
    const started = performance.now();
    const tree = parseMarkdown(`# S\n\n${'> '.repeat(40_000)}x\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(tree.children).toEqual([]);
    expect(tree.data?.limitProblem).toEqual({
      message: 'once its partials and the school\'s lists are filled in, line is 80001 characters long',
      needle: `${'> '.repeat(100)}`.trimEnd(),
      hint: 'limit 10000 characters per line; break the line into paragraphs',
    });
  });

  it('counts the parsed tree, and points at the place with text the source has (never a value)', () => {
    const tree = parseMarkdown(`# S\n\n${'*a **b '.repeat(5)}x \uE000school.name\uE001${' b** a*'.repeat(5)}\n`);
    expect(tree.children).toEqual([]);
    expect(tree.data?.limitProblem).toEqual({
      message: 'emphasis, strikethrough and links are nested 9 deep here',
      needle: '*a **b x',
      hint: 'limit 8 levels; nest less markup',
    });
    // A line that is all values gives a needle no source has.
    expect(parseMarkdown(`${'\uE000a\uE001 '.repeat(3000)}\n`).data?.limitProblem?.needle).toBe('\uE000');
  });

  it('hands the problem to numberClauses, which reports it and numbers nothing', () => {
    const tree = parseMarkdown('# S\n\n' + '1. a\n'.repeat(2001));
    expect(numberClauses(tree)).toEqual({ targets: new Map(), problems: [tree.data!.limitProblem] });
  });

  it('refuses an edition that a school\'s list makes too long, at the policy, and makes the others', () => {
    const { policy } = parsePolicy(`${FRONT}# Contacts\n\n{{#each school.hr.contacts}}\n- {{name}}, {{role}}\n{{/each}}\n`, 'policies/p.md', 'p');
    const maker = new EditionMaker(templating.compile(policy!).compiled!);
    expect(maker.build(school(2000)).edition).toBeDefined();
    const made = maker.build(school(2001));
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:9:1: error: once its partials and the school\'s lists are filled in, the policy has more than 2000 list items (limit 2000 list items; split the policy)',
    ]);
  });
});
