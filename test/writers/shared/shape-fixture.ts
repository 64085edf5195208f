import fc from 'fast-check';
import { expect } from 'vitest';
import { openEdition } from '../../../src/document/tokenized-edition.ts';
import type { Edition } from '../../../src/document/types.ts';
import { perShapeCounts } from '../../../src/writers/shared/per-shape.ts';
import type { Writer } from '../../../src/writers/shared/writer.ts';
import type { School } from '../../../src/schools/school.ts';
import { policyBuilder, school } from '../build.ts';

/**
 * Editions of a policy whose values land in text, bold text, inline code, link
 * targets, a figure's alternative text and caption, a link
 * definition's address and title, a table and the signature block, for schools of
 * arbitrary values (right-to-left text and bidirectional controls among them): to
 * check that a writer rendering a shape once and filling in the values gives the
 * document it gives rendering each school's own tree.
 */
const shapedEdition = policyBuilder(
  '# {{school.name}}\n\n![{{school.name}} crest](figures/crest.svg "{{school.governingBody}}")\n\n' +
    '1. The {{school.governingBody}} of **{{school.name}}** ([mail](mailto:{{school.hr.contacts.0.email}})), [the site][site] and `{{school.name}}`.\n\n' +
    '[site]: {{school.usefulContacts.0.url}} "{{school.governingBody}}"\n\n' +
    '{{#each school.usefulContacts}}\n- [{{label}}]({{url}})\n{{/each}}\n\n{{> hr-contacts}}\n',
);

const markup = fc.constantFrom('&', '<', '>', '"', "'", '*', '_', '#', '[', ']', '{{x}}', '<w:t>', ']]>', '&amp;', '😀', 'ŵ', 'שלום', 'مرحبا', '\u202E', '\u2067', '\u2069', '\u200F', ' ', 'a-very-long-word-that-makes-a-column-wider');
const text = fc.array(fc.oneof(markup, fc.string({ minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 6 }).map((p) => p.join('').trim()).filter((s) => s.length > 0);
// Addresses no edition may link to among them: the maker refuses them (test/document), so they are put in
// behind its back, as values of an edition of an allowed one, for the writers' own refusal to be checked.
const sample = fc.record({ name: text, governingBody: text, role: text, contact: text, signatory: fc.option(text, { nil: undefined }), url: fc.constantFrom('https://example.org/a', 'javascript:alert(1)', 'mailto:x@example.org', 'ftp://x', '//evil.example', 'relative/path') });

type Sample = typeof sample extends fc.Arbitrary<infer T> ? T : never;

const ALLOWED_URL = 'https://example.org/allowed';

function make(s: Sample): School {
  return school({
    name: s.name, governingBody: s.governingBody,
    hr: { name: 'HR', address: ['1 Road'], contacts: [{ name: s.contact, role: s.role, email: 'a@example.org' }] },
    usefulContacts: [{ label: s.contact, url: ALLOWED_URL }],
    signatories: [{ role: 'Head Teacher', ...(s.signatory ? { name: s.signatory } : {}) }, { role: s.role }],
  });
}

/** The edition of a sampled school, with the sampled address in place of the allowed one it was made with. */
function edition(s: Sample): Edition {
  const made = shapedEdition(make(s));
  const tokenized = made.tokenized!;
  return openEdition({ ...tokenized, values: tokenized.values.map(([path, value]) => [path, value === ALLOWED_URL ? s.url : value]) });
}

/** Editions of `runs` sampled schools (fixed seed), each with its shape template. */
export function shapeSamples(runs = Number(process.env.FUZZ_RUNS ?? 40)): Edition[] {
  return fc.sample(sample, { numRuns: runs, seed: 20261125 }).map(edition);
}

/** Each sampled edition, written from its shape, is byte for byte the one `writer` writes from its own tree. */
export async function expectShapesAsRenderedAlone(writer: Writer): Promise<void> {
  for (const edition of shapeSamples()) {
    expect(edition.tokenized).toBeDefined();
    const before = perShapeCounts.filled;
    const perShape = await writer.write(edition);
    expect(perShapeCounts.filled, `${edition.meta.schoolName}: written from its shape`).toBe(before + 1);
    const alone = await writer.write({ meta: edition.meta, tree: edition.tree, assets: edition.assets ?? {} });
    expect(Buffer.from(perShape).equals(Buffer.from(alone)), edition.meta.schoolName).toBe(true);
  }
}
