import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cleanValue } from '../../src/sources/clean-value.ts';
import { FORMATS, type Format } from '../../src/writers/registry.ts';
import { hasClient, run } from '../helpers/clients.ts';
import { htmlTextNodes } from '../helpers/html-text.ts';
import { cli, scratchProject } from '../helpers/project.ts';
import { normalise, skeleton } from '../helpers/seed.ts';
import { bodyText } from '../writers/pdf/poppler.ts';

/**
 * Data is never markup, for every format: school configs with arbitrary Unicode in
 * every free-text field (markup of Markdown, HTML, XML and Typst, quotes, control
 * characters, right-to-left text, emoji, 10,000-character strings) are built in one
 * run; every edition must build and show each value literally.
 * CI runs 200 schools; `npm run fuzz` runs 10,000 (FUZZ_RUNS).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 200 : 40));
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

const markup = fc.constantFrom('&', '<', '>', '*', '_', '#', '$', '@', '[', ']', '{', '}', '`', '\\', '"', "'", '|', '~', '=', '-', '+', '/', '<script>alert(1)</script>', ']]>', '<![CDATA[', '&amp;', '&#x41;', '{{school.name}}', '#import "x"', '#read("/etc/passwd")', '$x^2$', '@label', '<label>', '![i](x)', '[l](javascript:x)', '\u202etxet', 'שלום', 'مرحبا', '😀', '👩‍👩‍👧', 'ŵ', 'Ŵ', '\u0000', '\u0007', '\u001b[31m', '\t', '\r\n', '\u2028', '\ufeff', '\ud800');
const text = fc.oneof(
  { weight: 30, arbitrary: fc.array(fc.oneof(markup, fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 10 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 10_000, maxLength: 10_000 }) },
);

const school = fc.record({
  name: text,
  governingBody: text,
  headTitle: text,
  headTitlePlural: text,
  hr: fc.record({ name: text, contacts: fc.array(fc.record({ name: text, role: text }), { minLength: 1, maxLength: 3 }) }),
  legislation: fc.record({ confidentiality: fc.array(text, { minLength: 1, maxLength: 3 }), publication: fc.array(text, { minLength: 1, maxLength: 3 }) }),
  guidance: fc.array(text, { minLength: 1, maxLength: 2 }),
  // Each signatory names a role by its key; its own words (`text`) are what the line prints.
  signatories: fc.array(fc.record({ role: fc.constant('head'), text, name: text }), { minLength: 1, maxLength: 2 }),
});
type FuzzSchool = typeof school extends fc.Arbitrary<infer T> ? T : never;

/** The values an edition of the seed policy must show, as a reader would see them. */
function shown(s: FuzzSchool): string[] {
  return [s.name, s.governingBody, s.headTitlePlural, s.hr.name, ...s.hr.contacts.flatMap((c) => [c.name, c.role]), ...s.legislation.confidentiality, s.guidance[0]!, ...s.signatories.map((x) => x.text)]
    .map((v) => normalise(cleanValue(v)))
    .filter((v) => v.length > 0);
}

// Right-to-left letters and explicit bidi controls: a PDF reader gives the runs they make
// back in visual order, with the neutral characters around them moved.
const BIDI = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// What the PDF's shipped fonts cover left to right: Latin, Greek, Cyrillic, punctuation
// (every markup character among them).
const NOT_PDF = /[^\u0021-\u024f\u0370-\u03ff\u0400-\u04ff\u2010-\u2027\u2030-\u205e]/gu;

interface Extractor {
  client?: [string, string];
  text: (path: string) => string;
  /** Whether the extracted text shows the value. */
  shows: (text: string, value: string) => boolean;
}

const collapse = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();
const extractors: Record<Format, Extractor> = {
  html: { text: (p) => htmlTextNodes(readFileSync(p, 'utf8')), shows: (t, v) => collapse(t).includes(collapse(v)) },
  docx: { client: ['pandoc', '--version'], text: (p) => run('pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', p]), shows: (t, v) => normalise(t).includes(normalise(v)) },
  // A PDF can only show what its fonts have: the PDF text (inside the margins, as a long
  // value runs across pages; in content order) must show every value, in the scripts the
  // shipped fonts cover. Values with right-to-left text are left to the PDF writer's own
  // property test, which checks them character by character; CJK is a known limit (README).
  pdf: {
    client: ['pdftotext', '-v'],
    text: (p) => skeleton(bodyText(p, undefined, { raw: true })).replace(NOT_PDF, ''),
    shows: (t, v) => BIDI.test(v) || t.includes(skeleton(v).replace(NOT_PDF, '')),
  },
};

describe('data is never markup, in every format (fuzz)', () => {
  const schools = fc.sample(school, { numRuns: RUNS, seed: SEED });
  let dir: string;
  let built: { code: number; stderr: string } | undefined;

  it(`builds ${RUNS} schools of arbitrary data without a crash (seed ${SEED})`, async () => {
    dir = scratchProject();
    // lineWidth 0: no folding, which in yaml 2.x can split a surrogate pair in a long line.
    schools.forEach((s, i) => writeFileSync(join(dir, `schools/fuzz-${String(i).padStart(5, '0')}.yaml`), stringify(s, { lineWidth: 0 })));
    built = await cli(dir, 'build', '--quiet');
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
  }, 600_000);

  for (const format of FORMATS) {
    const extractor = extractors[format];
    it.skipIf(extractor.client && !hasClient(...extractor.client))(`every ${format} edition shows every value literally`, () => {
      expect(built?.code).toBe(0);
      const failures: string[] = [];
      schools.forEach((s, i) => {
        const id = `fuzz-${String(i).padStart(5, '0')}`;
        const text = extractor.text(join(dir, 'dist', id, `social-networking.${format}`));
        for (const value of shown(s)) {
          if (!extractor.shows(text, value)) failures.push(`${id}: ${JSON.stringify(value.slice(0, 80))}`);
        }
      });
      expect(failures.slice(0, 20)).toEqual([]);
    }, 600_000);
  }
});
