import { EditionMaker } from '../../src/document/edition-maker.ts';
import type { Asset, Edition } from '../../src/document/types.ts';
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

/** A small crest (SVG) and plan (PNG, 2 × 1 pixels) for policies that show a figure. */
const CREST_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#1d4f91"/></svg>';
const PLAN_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGOQ9Z944sQJAAk0A1ZNQUGjAAAAAElFTkSuQmCC';
export const TEST_FIGURES: ReadonlyMap<string, Asset> = new Map<string, Asset>([
  ['figures/crest.svg', { mime: 'image/svg+xml', width: 40, height: 40, base64: Buffer.from(CREST_SVG).toString('base64') }],
  ['figures/plan.png', { mime: 'image/png', width: 2, height: 1, base64: PLAN_PNG }],
]);

/**
 * Makes editions of a policy body (Markdown after the front matter) through the real
 * pipeline: the body is parsed once, and each call builds one school's edition. The
 * project's figures are TEST_FIGURES (`figures/crest.svg`, `figures/plan.png`).
 */
export function policyBuilder(body: string, front = frontMatter()): (s?: School) => Edition {
  const parsed = parsePolicy(front + body, 'policies/t.md', 't');
  if (!parsed.policy) throw new Error(JSON.stringify(parsed.diagnostics));
  const compiled = templating.compile(parsed.policy);
  if (!compiled.compiled) throw new Error(JSON.stringify(compiled.diagnostics));
  const builder = new EditionMaker(compiled.compiled, { figures: TEST_FIGURES });
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
