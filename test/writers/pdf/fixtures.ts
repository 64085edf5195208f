import type { Edition } from '../../../src/document/types.ts';
import { frontMatter, policyBuilder, school } from '../build.ts';

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
  '![A plan of the office](figures/plan.png "The office plan")',
  '',
  'An image above,',
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

/** An edition of `markdown` for a school with one named and one unnamed signatory, built the way the CLI builds one. */
export function edition(markdown: string, schoolName = 'Test School'): Edition {
  return policyBuilder(`${markdown}\n`, frontMatter({ title: 'Test Policy', version: '2.1', owner: 'HR Service' }))(school({
    name: schoolName,
    hr: { name: 'HR', address: ['1 Road'], contacts: [] },
    signatories: [{ role: 'Head Teacher', name: 'Jane Smith' }, { role: 'Chair of Governors' }],
  }));
}
