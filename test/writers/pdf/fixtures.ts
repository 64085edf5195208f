import { EditionBuilder } from '../../../src/document/build-edition.ts';
import type { Edition } from '../../../src/document/types.ts';
import type { School } from '../../../src/schools/school.ts';
import { parsePolicy } from '../../../src/sources/read-policy.ts';
import { Templating } from '../../../src/templating/engine.ts';
const REPO = new URL('../../..', import.meta.url).pathname;

const templating = await Templating.load(`${REPO}/templates`);

/** Every construct a policy can use, built into an edition the way the CLI builds one. */
export const KITCHEN_SINK = [
  '# Scope',
  '',
  '1. {#scope} First clause with **bold**, *emphasis*, ~~struck~~, `code` and a [web link](https://example.org/x).',
  '',
  '1. A clause with a list:',
  '',
  '   1. Roman one',
  '',
  '      1. Alpha one',
  '      1. Alpha two',
  '',
  '   1. Roman two, see paragraph [](#scope)',
  '',
  '# Odd things {#odd}',
  '',
  '### A heading two levels down',
  '',
  'An ![alt text](https://example.org/i.png) image,',
  'a footnote[^n], <b>raw html</b> and a hard  ',
  'break.',
  '',
  '[^n]: The footnote text.',
  '',
  '> A quotation.',
  '',
  '```',
  'code block #set text(red)',
  '```',
  '',
  '---',
  '',
  '- bullet',
  '  - nested bullet',
  '- [x] done task',
  '',
  '| A | B | C |',
  '| :-- | :-: | --: |',
  '| one | two |',
  '| x | y | z |',
  '',
  'Signed:',
  '',
  '{{signature-block}}',
].join('\n');

export function edition(markdown: string, schoolName = 'Test School'): Edition {
  const source = parsePolicy(
    `---\ntitle: Test Policy\nversion: "2.1"\nowner: HR Service\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n${markdown}\n`,
    'policies/t.md', 't',
  ).policy!;
  const school = {
    id: 'test', file: 'schools/test.yaml', name: schoolName, governingBody: 'Governing Body', headTitle: 'Head', headTitlePlural: 'Heads', la: {},
    hr: { name: 'HR', address: ['1 Road'], contacts: [] }, legislation: {}, guidance: [], usefulContacts: [],
    signatories: [{ role: 'Head Teacher', name: 'Jane Smith' }, { role: 'Chair of Governors' }],
  } as unknown as School;
  const { edition, diagnostics } = new EditionBuilder(templating.compile(source).compiled!).build(school);
  if (!edition) throw new Error(JSON.stringify(diagnostics));
  return edition;
}

