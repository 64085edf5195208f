import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EditionMaker } from '../../src/document/edition-maker.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { readYaml } from '../../src/sources/yaml-document.ts';
import { validateAgainst } from '../../src/sources/validate.ts';
import schoolSchema from '../../src/schemas/school.schema.json' with { type: 'json' };
import { Templating } from '../../src/templating/engine.ts';
import type { School } from '../../src/schools/school.ts';
import { writeHtml } from '../../src/writers/html/write-html.ts';
import { REPO } from '../helpers/project.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 300 : 100));
const templating = await Templating.load(`${REPO}/templates`);
const school: School = {
  id: 's', file: 'schools/s.yaml', name: 'S', governingBody: 'G', headTitle: 'H', headTitlePlural: 'Hs', la: {},
  hr: { name: 'HR', address: ['1 Road'], contacts: [{ name: 'A', role: 'B' }] },
  legislation: { confidentiality: ['Act'] }, guidance: ['G'], usefulContacts: [], signatories: [{ role: 'Head Teacher' }],
    roles: { head: { name: 'Head Teacher', plural: 'Head Teachers' } }, style: { accent: '#1d4f91', font: 'Liberation Sans' },
};
const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n';

// Pieces an author (or a bad paste) might put in a policy body.
const piece = fc.oneof(
  fc.constantFrom('# Section\n\n', '# Unnumbered {-}\n\n', '## Sub\n\n', '1. clause\n', '   1. roman\n', '      1. alpha\n', '- bullet\n', '\n\n', '{#lbl} ', '[](#lbl)', '[x](#nope)', '[x](javascript:x)',
    '{{school.name}}', '{{school.nope}}', '{{#each school.guidance}}- {{this}}\n{{/each}}', '{{#if school.hr.email}}x', '{{/if}}', '{{> hr-contacts}}', '{{> nope}}', '{{signature-block}}', '{{edition-block}}',
    '| a | b |\n| --- | --- |\n| c | d |\n', '<script>x</script>', '<!-- note -->', '`code`', '```\nfence\n```\n', '> quote\n', '**bold**', '\\', '{{', '}}', '{{{x}}}', '{{!-- c --}}', '\u0000', '\ue000', 'ŵ😀'),
  fc.string({ maxLength: 12 }),
);

describe('sources never crash the compiler (fuzz)', () => {
  it('any policy body gives located diagnostics or an edition every writer accepts', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const { policy, diagnostics } = parsePolicy(FRONT + pieces.join(''), 'policies/p.md', 'p');
        if (!policy) {
          expect(diagnostics.length).toBeGreaterThan(0);
          return;
        }
        const compiled = templating.compile(policy);
        for (const d of compiled.diagnostics) expect(d.line).toBeGreaterThanOrEqual(9);
        if (!compiled.compiled) {
          expect(compiled.diagnostics.length).toBeGreaterThan(0);
          return;
        }
        const made = new EditionMaker(compiled.compiled).build(school);
        for (const d of made.diagnostics) expect(`${d.file}:${d.line}:${d.column}`).toMatch(/^policies\/p\.md:\d+:\d+$/);
        if (made.edition) expect(writeHtml(made.edition).byteLength).toBeGreaterThan(0);
        else expect(made.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('any YAML text gives located diagnostics or a value, never an exception', () => {
    const yamlish = fc.array(fc.oneof(fc.constantFrom('name: x\n', 'hr:\n', '  contacts:\n', '    - name: a\n', '&a [*a]\n', '*b\n', '? k\n', ': v\n', '---\n', '"\n', "'", '[', ']', '{', '}', '- ', '\t', '#', '!!binary x\n', '<<: *a\n', '__proto__: 1\n', 'constructor: {}\n'), fc.string({ maxLength: 10 })), { maxLength: 25 });
    fc.assert(
      fc.property(yamlish, (parts) => {
        const source = readYaml(parts.join(''), 'schools/x.yaml');
        for (const d of source.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
        if (!source.diagnostics.length && source.value && typeof source.value === 'object') validateAgainst(schoolSchema, source, 'the config');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
