import { describe, expect, it } from 'vitest';
import { readHtml } from '../../src/import/html-blocks.ts';
import { headingPrefix, numberPrefix, recognise, relatedPolicies } from '../../src/import/to-markdown.ts';
import { defaultRegister } from '../../src/legislation/register.ts';
import { loadProject } from '../../src/project/load-project.ts';
import { REPO } from '../helpers/project.ts';

const run = (html: string, extra: Partial<Parameters<typeof recognise>[0]> = {}) => {
  const { blocks, notes } = readHtml(html);
  return recognise({ id: 'p', blocks, notes, paragraphs: new Map(), images: new Map(), register: defaultRegister(), ...extra });
};

describe('numberPrefix', () => {
  it('reads typed clause numbers of every shape, with a tab or a space before a word', () => {
    expect(numberPrefix('1.\tIntroduction', false)).toMatchObject({ kind: 'integer', text: '1.' });
    expect(numberPrefix('2.1 The policy', false)).toMatchObject({ kind: 'decimal', parts: ['2', '1'] });
    expect(numberPrefix('2.1.3\tCleaners', false)).toMatchObject({ kind: 'decimal', parts: ['2', '1', '3'] });
    expect(numberPrefix('IV.\tStaff', false)).toMatchObject({ kind: 'roman', parts: ['IV'] });
    expect(numberPrefix('(iv) staff', false)).toMatchObject({ kind: 'roman' });
    expect(numberPrefix('(a)\tstaff', false)).toMatchObject({ kind: 'letter', parts: ['a'] });
    expect(numberPrefix('3) Staff', false)).toMatchObject({ kind: 'integer', parts: ['3'] });
  });

  it('does not take ordinary text for a number', () => {
    expect(numberPrefix('2018 was a year', false)).toBeUndefined();
    expect(numberPrefix('e.g. pupils', false)).toBeUndefined();
    expect(numberPrefix('1. ', false)).toBeUndefined();
  });
});

describe('headingPrefix', () => {
  it('also reads the ways headings are numbered by hand', () => {
    expect(headingPrefix('1 Introduction', false)).toMatchObject({ text: '1', parts: ['1'] });
    expect(headingPrefix('Section 2: Scope', false)).toMatchObject({ text: 'Section 2:', parts: ['2'] });
    expect(headingPrefix('Part 3 – Duties', false)).toMatchObject({ parts: ['3'] });
    expect(headingPrefix('2018 Changes', false)).toBeUndefined();
  });
});

describe('relatedPolicies', () => {
  it('reads the list of policies a clause says this one is read with, keeping names that hold "and" whole', () => {
    expect(relatedPolicies('This policy is to be read in conjunction with the Health and Safety Policy, Staff Code of Conduct and Managing Violence and Aggression towards Staff Guidance.'))
      .toEqual({ before: 'This policy is to be read in conjunction with the ', list: ['Health and Safety Policy', 'Staff Code of Conduct', 'Managing Violence and Aggression towards Staff Guidance'], after: '.', written: 'Health and Safety Policy, Staff Code of Conduct and Managing Violence and Aggression towards Staff Guidance' });
    expect(relatedPolicies('Read in conjunction with the Grievance Policy.')).toBeUndefined();
    expect(relatedPolicies('It is read in conjunction with the staff handbook and any local rules.')).toBeUndefined();
  });
});

describe('recognise', () => {
  it('takes an unnumbered first heading before numbered ones as the title', () => {
    const rec = run('<h1>Grievance Policy</h1><h1>1 Purpose</h1><p>1.1\tTo resolve concerns.</p><h1>Section 2: Scope</h1><p>2.1\tAll staff.</p>');
    expect(rec.title).toBe('Grievance Policy');
    expect(rec.body).toBe('# Purpose\n\n1. To resolve concerns.\n\n# Scope\n\n1. All staff.\n');
  });

  it('turns typed numbers into computed clauses, labels the targets of "see paragraph" and chooses decimal numbering', () => {
    const rec = run('<p class="title">Lone Working</p><h1>1. Introduction</h1><p>1.1\tThe policy, see paragraph 2.1.</p><h1>2. Scope</h1><p>2.1\tEveryone.</p><p>2.1.1\tCleaners;</p><p>2.1.2\tCaretakers.</p><p>(a)\tat night;</p><p>(b)\tat weekends.</p><h1>Contacts</h1><p>Ask HR.</p>');
    expect(rec.title).toBe('Lone Working');
    expect(rec.numbering).toBe('decimal');
    expect(rec.body).toBe([
      '# Introduction', '', '1. The policy, see paragraph [](#everyone).', '', '# Scope', '', '1. {#everyone} Everyone.', '',
      '   1. Cleaners;', '', '   1. Caretakers.', '', '      1. at night;', '', '      1. at weekends.', '', '# Contacts {-}', '', 'Ask HR.', '',
    ].join('\n'));
    expect(rec.counts).toMatchObject({ sections: 2, unnumberedSections: 1, clauses: 2, subClauses: 2, subSubClauses: 2, crossReferences: 1 });
  });

  it('keeps roman sub-clauses roman, and says when a number changes', () => {
    const rec = run('<h1>1. Use</h1><p>1.1\tStaff must:</p><p>I.\tnot post;</p><p>II.\tnot share.</p><p>1.3\tA skipped number.</p>');
    expect(rec.numbering).toBe('roman');
    expect(rec.body).toContain('   1. not share.');
    expect(rec.numbers).toEqual([{ paragraph: undefined, was: '1.3', now: '1.2' }]);
  });

  it('escapes text that would be markup, and keeps only allowed links', () => {
    const rec = run('<h1>Notes</h1><p>Use *stars*, {{braces}}, a | pipe and &lt;b&gt; tags. <a href="javascript:alert(1)">bad</a> <a href="mailto:hr@example.org">mail</a></p><p>1984. Not a clause</p>');
    expect(rec.body).toContain('Use \\*stars\\*, \\{\\{braces}}, a \\| pipe and \\<b\\> tags. bad [mail](mailto:hr@example.org)');
    expect(rec.unmapped).toContainEqual(expect.objectContaining({ kind: 'link', text: 'bad → javascript:alert(1)' }));
  });

  it('reads a table\'s caption from a "Table n:" paragraph and takes the first row as header when none is marked', () => {
    const rec = run('<h1>Contacts</h1><p>Table 1: Who to call</p><table><tr><td><p>Name</p></td><td><p>Phone</p></td></tr><tr><td><p>Ann</p></td><td><p>1</p></td></tr></table>');
    expect(rec.body).toContain('Table: Who to call\n\n| Name | Phone |\n| --- | --- |\n| Ann | 1 |');
    expect(rec.unmapped).toContainEqual(expect.objectContaining({ note: expect.stringContaining('first row is taken as the header') }));
  });

  it('reads policyc\'s document control as the history, and places it (and a contents list) where the document has them when that is not at the top', () => {
    const history = '<p class="caption">Document control</p><table><tr><th><p>Version</p></th><th><p>Date</p></th><th><p>Summary of change</p></th><th><p>Approved by</p></th></tr><tr><td><p>1.0</p></td><td><p>Autumn 2024</p></td><td><p>First “model” policy</p></td><td><p>HR</p></td></tr></table>';
    const atTop = run(`<p class="title">Lone Working</p>${history}<p class="toc">Contents</p><p class="toc">1.\tScope</p><h1>1. Scope</h1><p>1.1\tEveryone.</p>`);
    expect(atTop.history).toEqual([{ version: '1.0', date: 'Autumn 2024', summary: 'First “model” policy', approvedBy: 'HR' }]);
    expect(atTop.contents).toBe(true);
    expect(atTop.body).toBe('# Scope\n\n1. Everyone.\n');
    expect(atTop.counts).toMatchObject({ documentControl: 1, contents: 1 });
    expect(atTop.counts.tableCaptions).toBeUndefined();
    const further = run(`<h1>1. Scope</h1><p>1.1\tEveryone.</p><p class="toc">Contents</p><p class="toc">1.\tScope</p><h1>Document history</h1>${history}`);
    expect(further.body).toBe('# Scope\n\n1. Everyone.\n\n{{contents}}\n\n# Document history {-}\n\n{{document-control}}\n');
    // Any other table with a caption keeps it.
    const other = run('<h1>1. Scope</h1><p class="caption">Who to call</p><table><tr><th><p>Name</p></th></tr><tr><td><p>Ann</p></td></tr></table>');
    expect(other.history).toBeUndefined();
    expect(other.body).toContain('Table: Who to call\n\n| Name |');
  });
});

describe('recognise with a school', () => {
  const school = async () => (await loadProject(REPO, { policies: [], schools: ['mill-lane-primary'] })).schools[0]!;

  it('makes the HR address a partial, policyc\'s signature table {{signature-block}}, and says when a list is close to a configured one', async () => {
    const html = '<h1>Contacts</h1><p>Schools HR Advisory Service<br />1st Floor<br />Municipal Buildings<br />Church Road<br />Stockton-on-Tees<br />TS18 1LD</p>'
      + '<ul><li>Human Rights Act 1998</li><li>Data Protection Act 2018</li><li>Freedom of Information Act 2000</li><li>Some local rule</li></ul>'
      + '<table><tr><td colspan="2"><p><strong>Headteacher</strong></p></td></tr><tr><td><p>Signature</p></td><td></td></tr><tr><td><p>Print name</p></td><td></td></tr><tr><td><p>Date</p></td><td></td></tr></table>';
    const rec = run(html, { school: await school() });
    expect(rec.body).toBe('# Contacts\n\n{{school.hr.name}}{{br}}\n{{> address}}\n\n- Human Rights Act 1998\n- Data Protection Act 2018\n- Freedom of Information Act 2000\n- Some local rule\n\n{{signature-block}}\n');
    expect(rec.partials.map((p) => p.partial)).toEqual(['address', 'signature-block']);
    expect(rec.unmapped).toContainEqual(expect.objectContaining({ note: expect.stringContaining("legislation list `confidentiality` (3 of 4 items match)") }));
    expect(rec.unmapped).toContainEqual(expect.objectContaining({ note: expect.stringContaining("signatories (Headteacher) differ from the school's (Head Teacher, Chair of Governors)") }));
  });
});
