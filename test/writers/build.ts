import { EditionMaker } from '../../src/document/edition-maker.ts';
import type { Edition } from '../../src/document/types.ts';
import type { School } from '../../src/schools/school.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { Templating } from '../../src/templating/engine.ts';
import { REPO } from '../helpers/project.ts';

const templating = await Templating.load(`${REPO}/templates`);

/** A policy's front matter: title T, version 1.0, owner HR unless given. */
export function frontMatter({ title = 'T', version = '1.0', owner = 'HR' } = {}): string {
  return `---\ntitle: ${title}\nversion: "${version}"\nowner: ${owner}\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n`;
}

/** A school with the given values and small defaults for the rest. */
export function school(values: Partial<School> = {}): School {
  return {
    id: 'test', file: 'schools/test.yaml', name: 'Test School', governingBody: 'Governing Body', headTitle: 'Head', headTitlePlural: 'Heads', la: {},
    hr: { name: 'HR', address: ['1 Road'], contacts: [{ name: 'A', role: 'Advisor' }] },
    legislation: {}, guidance: [], usefulContacts: [], signatories: [{ role: 'Head Teacher' }],
    roles: { head: { name: 'Head Teacher', plural: 'Head Teachers' } }, style: { accent: '#1d4f91', font: 'Liberation Sans' },
    ...values,
  };
}

/**
 * Makes editions of a policy body (Markdown after the front matter) through the real
 * pipeline: the body is parsed once, and each call builds one school's edition.
 */
export function policyBuilder(body: string, front = frontMatter()): (s?: School) => Edition {
  const parsed = parsePolicy(front + body, 'policies/t.md', 't');
  if (!parsed.policy) throw new Error(JSON.stringify(parsed.diagnostics));
  const compiled = templating.compile(parsed.policy);
  if (!compiled.compiled) throw new Error(JSON.stringify(compiled.diagnostics));
  const builder = new EditionMaker(compiled.compiled);
  return (s = school()) => {
    const { edition, diagnostics } = builder.build(s);
    if (!edition) throw new Error(JSON.stringify(diagnostics));
    return edition;
  };
}

/** A policy printing a school's name, governing body and an HR contact's role, for the "data is never markup" tests of every writer. */
export const literalDataEdition = policyBuilder('# {{school.name}}\n\n1. The {{school.governingBody}} of *{{school.name}}*.\n\n{{> hr-contacts}}\n');

/** A school whose name, governing body and HR contact's role are the given values. */
export function literalDataSchool(name: string, governingBody: string, role: string, values: Partial<School> = {}): School {
  return school({ name, governingBody, hr: { name: 'HR', address: ['1 Road'], contacts: [{ name: 'A', role }] }, ...values });
}
