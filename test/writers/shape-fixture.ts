import fc from 'fast-check';
import { expect } from 'vitest';
import { EditionBuilder } from '../../src/document/build-edition.ts';
import type { Edition } from '../../src/document/types.ts';
import type { Writer } from '../../src/writers/writers.ts';
import type { School } from '../../src/schools/school.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { Templating } from '../../src/templating/engine.ts';
import { REPO } from '../helpers/project.ts';

/**
 * Editions of a policy whose values land in text, bold text, link targets, an image's
 * alternative text (an attribute), a table and the signature block, for schools of
 * arbitrary values: to check that a writer rendering a shape once and filling in the
 * values gives the document it gives rendering each school's own tree.
 */
const templating = await Templating.load(`${REPO}/templates`);
const source = parsePolicy(
  '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n' +
    '# {{school.name}}\n\n![{{school.name}} "{{school.governingBody}}"](https://example.org/logo.png)\n\n1. The {{school.governingBody}} of **{{school.name}}** ([mail](mailto:{{school.hr.contacts.0.email}})).\n\n' +
    '{{#each school.usefulContacts}}\n- [{{label}}]({{url}})\n{{/each}}\n\n{{> hr-contacts}}\n',
  'policies/t.md', 't',
).policy!;
const builder = new EditionBuilder(templating.compile(source).compiled!);

const markup = fc.constantFrom('&', '<', '>', '"', "'", '*', '_', '#', '[', ']', '{{x}}', '<w:t>', ']]>', '&amp;', '😀', 'ŵ', 'שלום', ' ', 'a-very-long-word-that-makes-a-column-wider');
const text = fc.array(fc.oneof(markup, fc.string({ minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 6 }).map((p) => p.join('').trim()).filter((s) => s.length > 0);
const school = fc.record({ name: text, governingBody: text, role: text, contact: text, signatory: fc.option(text, { nil: undefined }), url: fc.constantFrom('https://example.org/a', 'javascript:alert(1)', 'mailto:x@example.org', 'ftp://x') });

type Sample = typeof school extends fc.Arbitrary<infer T> ? T : never;

function make(s: Sample): School {
  return {
    id: 'shape', file: 'schools/shape.yaml', name: s.name, governingBody: s.governingBody, headTitle: 'Head', headTitlePlural: 'Heads', la: {},
    hr: { name: 'HR', address: ['1 Road'], contacts: [{ name: s.contact, role: s.role, email: 'a@example.org' }] },
    legislation: {}, guidance: [], usefulContacts: [{ label: s.contact, url: s.url }],
    signatories: [{ role: 'Head Teacher', ...(s.signatory ? { name: s.signatory } : {}) }, { role: s.role }],
  };
}

/** Editions of `runs` sampled schools (fixed seed), each with its shape template. */
export function shapeSamples(runs = Number(process.env.FUZZ_RUNS ?? 40)): Edition[] {
  return fc.sample(school, { numRuns: runs, seed: 20261125 }).map((s) => builder.build(make(s)).edition!);
}

/** Each sampled edition, written from its shape, is byte for byte the one `writer` writes from its own tree. */
export async function expectShapesAsRenderedAlone(writer: Writer): Promise<void> {
  for (const edition of shapeSamples()) {
    expect(edition.template).toBeDefined();
    const perShape = await writer.write(edition);
    const alone = await writer.write({ meta: edition.meta, tree: edition.tree });
    expect(Buffer.from(perShape).equals(Buffer.from(alone)), edition.meta.schoolName).toBe(true);
  }
}
