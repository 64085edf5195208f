import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCitations } from '../../src/legislation/citations.ts';
import { lintConfig } from '../../src/lint/legislation-lint.ts';
import { defaultRegister } from '../../src/legislation/register.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

const register = defaultRegister();
const FIXTURES = join(REPO, 'test/fixtures/legislation');

/** [as written, register id or '-', verdict] for each citation of a text. */
function cites(text: string): [string, string, string][] {
  return findCitations(text, register).map((c) => [c.written, c.entry?.id ?? '-', c.verdict]);
}

describe('finding citations in prose', () => {
  it('finds an Act by its title, keyword and year, without the words that start the sentence', () => {
    expect(cites('Under the Data Protection Act 2018, and The Equality Act 2010 too.')).toEqual([
      ['Data Protection Act 2018', 'data-protection-act-2018', 'ok'],
      ['Equality Act 2010', 'equality-act-2010', 'ok'],
    ]);
  });

  it('reads titles with commas, connectors, parentheses and longer keywords', () => {
    expect(cites('Copyright, Designs and Patents Act 1988; Criminal Justice and Public Order Act 1994; Regulation of Investigatory Powers Act 2000; Data (Use and Access) Act 2025; Protection from Harassment Act 1997')).toEqual([
      ['Copyright, Designs and Patents Act 1988', 'copyright-designs-and-patents-act-1988', 'ok'],
      ['Criminal Justice and Public Order Act 1994', 'criminal-justice-and-public-order-act-1994', 'ok'],
      ['Regulation of Investigatory Powers Act 2000', 'regulation-of-investigatory-powers-act-2000', 'ok'],
      ['Data (Use and Access) Act 2025', 'data-use-and-access-act-2025', 'ok'],
      ['Protection from Harassment Act 1997', 'protection-from-harassment-act-1997', 'ok'],
    ]);
  });

  it('splits a plural citation into one citation per year', () => {
    expect(cites('the Defamation Acts 1952, 1996 and 2013')).toEqual([
      ['Defamation Acts 1952', 'defamation-act-1952', 'ok'],
      ['Defamation Act 1996', 'defamation-act-1996', 'ok'],
      ['Defamation Act 2013', 'defamation-act-2013', 'ok'],
    ]);
  });

  it('reads a year in brackets, and leaves a bracket that closes something else alone', () => {
    expect(cites('The Children Act (1989) and (see the Equality Act 2010) apply.')).toEqual([
      ['Children Act (1989)', 'children-act-1989', 'ok'],
      ['Equality Act 2010', 'equality-act-2010', 'ok'],
    ]);
  });

  it('takes a citation without a year as the Act in force', () => {
    expect(cites('in breach of the Data Protection Act;')).toEqual([['Data Protection Act', 'data-protection-act-2018', 'ok']]);
  });

  it('flags a slipped year, a misspelt title, repealed law and outdated or superseded guidance', () => {
    expect(cites('Malicious Communication Act 1998, Copyright, Designs and Patents Act 1998, Childrens Act 1989, Data Protection Act 1998, General Data Protection Regulations')).toEqual([
      ['Malicious Communication Act 1998', 'malicious-communications-act-1988', 'mismatch'],
      ['Copyright, Designs and Patents Act 1998', 'copyright-designs-and-patents-act-1988', 'mismatch'],
      ['Childrens Act 1989', 'children-act-1989', 'mismatch'],
      ['Data Protection Act 1998', 'data-protection-act-1998', 'repealed'],
      ['General Data Protection Regulations', 'uk-gdpr', 'mismatch'],
    ]);
    expect(cites('Teachers Standards July 2011 (updated June 2013); KCSIE 2024; Safeguarding children and safer recruitment in education')).toEqual([
      ['Teachers Standards July 2011 (updated June 2013)', 'teachers-standards', 'mismatch'],
      ['KCSIE 2024', 'keeping-children-safe-in-education', 'outdated'],
      ['Safeguarding children and safer recruitment in education', 'safeguarding-children-and-safer-recruitment-in-education', 'superseded'],
    ]);
  });

  it('leaves alone what the register does not have: another Act of the same name, other Acts, "this Act"', () => {
    expect(cites('the Education Act 2011, the Licensing Act 2003, This Act, the Act')).toEqual([
      ['Education Act 2011', '-', 'unknown'],
      ['Licensing Act 2003', '-', 'unknown'],
    ]);
  });

  it('says what to cite instead', () => {
    const [c] = findCitations('Malicious Communication Act 1998', register);
    expect(c!.message).toBe("'Malicious Communication Act 1998' does not match the register: did you mean 'Malicious Communications Act 1988' (malicious-communications-act-1988)?");
  });

  it('never throws, and every citation lies within the text (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom('Act', 'Acts', ' Act 1998', 'Regulations', 'Order', ' and ', ' of ', ', ', '(', ')', '(Use and Access)', 'Data', 'Protection', 'Defamation Acts 1952, 1996 and 2013',
        'KCSIE', 'Keeping children safe in education', ' (September 2018)', 'Teachers’ Standards', '\n', '\n\n', '  ', 'etc.', '2018', '19', "'", '’', '-', 'The', 'Under'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        for (const c of findCitations(text, register)) {
          expect(c.start).toBeGreaterThanOrEqual(0);
          expect(c.end).toBeLessThanOrEqual(text.length);
          expect(c.start).toBeLessThan(c.end);
          if (c.verdict !== 'ok' && c.verdict !== 'unknown') expect(c.message).toBeTruthy();
        }
        lintConfig(`name: x\nlegislation:\n  a:\n    - ${JSON.stringify(text)}\n    - id: [${JSON.stringify(text)}]\n      text: ${JSON.stringify(text)}\nguidance: ${JSON.stringify(text)}\n`, 'schools/x.yaml', register);
        lintConfig(text, 'schools/x.yaml', register);
      }),
      { numRuns: 300 },
    );
  });

  it('scans any text in linear time', () => {
    const hostile = `${'Aa Bb, and Cc (Dd '.repeat(20_000)}${'Act '.repeat(50_000)}${'Keeping children safe in education ('.repeat(10_000)}`;
    const started = performance.now();
    findCitations(hostile, register);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('policyc check reads the prose (test/fixtures/legislation/policies/citations.md)', () => {
  let lines: string[];
  let listing: string[];

  beforeAll(async () => {
    const dir = scratchProject();
    cpSync(join(FIXTURES, 'policies/citations.md'), join(dir, 'policies/citations.md'));
    const check = await cli(dir, 'check');
    expect(check.code).toBe(0);
    lines = check.stderr.trim().split('\n').filter((l) => l.startsWith('policies/citations.md:'));
    const list = await cli(dir, 'check', '--legislation');
    listing = list.stdout.trim().split('\n').filter((l) => l.startsWith('policies/citations.md:'));
  });

  it('warns at the exact line and column of each citation that does not match the register', () => {
    expect(lines).toEqual([
      // wrong year
      "policies/citations.md:22:8: warning: 'Equality Act 2012' does not match the register: did you mean 'Equality Act 2010' (equality-act-2010)?",
      // wrong or misspelt title
      "policies/citations.md:26:31: warning: 'Human Right Act 1998' does not match the register: did you mean 'Human Rights Act 1998' (human-rights-act-1998)?",
      "policies/citations.md:26:60: warning: 'Freedom of Infomation Act 2000' does not match the register: did you mean 'Freedom of Information Act 2000' (freedom-of-information-act-2000)?",
      // repealed
      "policies/citations.md:30:44: warning: 'Data Protection Act 1998' (data-protection-act-1998) is repealed: did you mean 'Data Protection Act 2018' (data-protection-act-2018)?",
      // superseded
      "policies/citations.md:34:24: warning: 'Safeguarding Children and Safer Recruitment in Education (2007)' (safeguarding-children-and-safer-recruitment-in-education) is superseded: did you mean 'Keeping children safe in education 2025' (keeping-children-safe-in-education)?",
      // outdated editions of guidance
      "policies/citations.md:38:9: warning: 'Keeping Children Safe in Education (September 2018)' is an outdated edition: did you mean 'Keeping children safe in education 2025' (keeping-children-safe-in-education)?",
      "policies/citations.md:38:65: warning: 'Working Together to Safeguard Children 2018' is an outdated edition: did you mean 'Working together to safeguard children 2023' (working-together-to-safeguard-children)?",
    ]);
  });

  it('points each location at the citation itself', () => {
    const source = readFileSync(join(FIXTURES, 'policies/citations.md'), 'utf8').split('\n');
    for (const line of [...lines, ...listing]) {
      const [, row, col, written] = /^[^:]+:(\d+):(\d+): (?:warning: )?'([^']+)'/.exec(line)!;
      const first = written!.split(/\s/)[0]!;
      expect(source[Number(row) - 1]!.slice(Number(col) - 1), line).toMatch(new RegExp(`^${first.replace(/[()]/g, '\\$&')}|^\\d{4}`));
    }
  });

  it('is silent about correct citations and citations the register does not have, and skips HTML comments', () => {
    const right = listing.filter((l) => /citations\.md:1[2-8]:/.test(l));
    expect(right.every((l) => !l.includes('warning'))).toBe(true);
    expect(right).toContain("policies/citations.md:18:8: 'Licensing Act 2003' → not in the register");
    expect(right).toContain("policies/citations.md:16:29: 'KCSIE' → Keeping children safe in education, Department for Education, edition of 1 September 2025, current, https://www.gov.uk/government/publications/keeping-children-safe-in-education--2");
    expect(listing.filter((l) => l.includes('Equality Act 2012')).map((l) => l.split(':')[1])).toEqual(['22']);
  });
});
