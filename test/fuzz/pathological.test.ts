import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { EditionMaker } from '../../src/document/edition-maker.ts';
import type { School } from '../../src/schools/school.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { Templating } from '../../src/templating/engine.ts';
import { writeHtml } from '../../src/writers/html/write-html.ts';
import { createWriter } from '../../src/writers/registry.ts';
import { REPO } from '../helpers/project.ts';

/*
 * Pathological shapes: long runs of markup characters, deep nesting, huge counts. Every
 * one must either build or fail with located diagnostics (a limit's names the limit),
 * quickly: never an exception, a stack overflow or a hang. Default runs are few and
 * small; FUZZ_RUNS raises them (npm run fuzz).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 40 : 20));
/** Where a hang is the failure: far above what any case takes (tenths of a second). */
const HANG = 10_000;
/** Per property: room for every run, were each to take a second. */
const TIMEOUT = Math.max(120_000, RUNS * 1000);
const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n';
const templating = await Templating.load(`${REPO}/templates`);
const docx = await createWriter('docx');
const pdf = await createWriter('pdf');
afterAll(async () => {
  await docx.close?.();
  await pdf.close?.();
});

function school(contacts: number): School {
  return {
    id: 's', file: 'schools/s.yaml', name: 'S', governingBody: 'G', headTitle: 'H', headTitlePlural: 'Hs', la: {},
    hr: { name: 'HR', address: ['1 Road'], contacts: Array.from({ length: contacts }, (_, i) => ({ name: `N${i}`, role: 'R' })) },
    legislation: {}, guidance: [], usefulContacts: [], signatories: [{ role: 'Head Teacher' }],
    roles: { head: { name: 'Head Teacher', plural: 'Head Teachers' } }, style: { accent: '#1d4f91', font: 'Liberation Sans' },
  };
}

/** The outcome of one policy body: built (and in how many formats) or refused, with every diagnostic checked. */
async function outcome(body: string, contacts = 2): Promise<'built' | 'refused'> {
  const started = performance.now();
  const located = (d: ReturnType<typeof formatDiagnostic>) => {
    expect(d).toMatch(/^policies\/p\.md:\d+:\d+: (error|warning): /);
    if (/ \(limit \d+/.test(d)) expect(d).toMatch(/ \(limit \d+ [^;]+; [^)]+\)$/);
  };
  const parsed = parsePolicy(FRONT + body, 'policies/p.md', 'p');
  parsed.diagnostics.map(formatDiagnostic).forEach(located);
  if (!parsed.policy) {
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    return 'refused';
  }
  const compiled = templating.compile(parsed.policy);
  compiled.diagnostics.map(formatDiagnostic).forEach(located);
  if (!compiled.compiled) return 'refused';
  const made = new EditionMaker(compiled.compiled).build(school(contacts));
  made.diagnostics.map(formatDiagnostic).forEach(located);
  if (!made.edition) {
    expect(made.diagnostics.length).toBeGreaterThan(0);
    return 'refused';
  }
  expect(writeHtml(made.edition).byteLength).toBeGreaterThan(0);
  // The slower formats for the smaller bodies (the writers have their own tests for size).
  if (body.length < 20_000) {
    expect((await docx.write(made.edition)).byteLength).toBeGreaterThan(0);
    expect((await pdf.write(made.edition)).byteLength).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(HANG);
  return 'built';
}

const MARKUP = ['[', ']', '*', '_', '`', '>', '-', '|', '~', '#', '{', '}', '^', '(', ')', '!', '<', '\\', '=', '+', '.', ':'];
/** A run of one markup character, or of a short mix of them, up to 60,000 long. */
const run = fc.tuple(
  fc.oneof(fc.constantFrom(...MARKUP), fc.array(fc.constantFrom(...MARKUP, ' ', 'a'), { minLength: 2, maxLength: 4 }).map((a) => a.join(''))),
  fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 60_000 })),
  fc.constantFrom('', '\n', ' ', '\n\n'),
).map(([piece, n, sep]) => Array.from({ length: n }, () => piece).join(sep));
/** A line prefix that nests (quotes, list markers, indentation, emphasis, links) repeated on one line or down many lines. */
const nesting = fc.tuple(
  fc.constantFrom('> ', '- ', '1. ', '* ', '+ ', '  ', '   ', '\t', '*a ', '**a ', '~~a ', '[a ', '_a ', '{{#if school.name}}'),
  fc.integer({ min: 1, max: 3_000 }),
  fc.boolean(),
).map(([prefix, n, down]) => (down ? Array.from({ length: n }, (_, i) => `${prefix.repeat(i + 1)}x\n`).join('').slice(0, 200_000) : `${prefix.repeat(n)}x\n`));
/** Many of one block: sections, clauses, rows, labels, footnotes, quotes, links. */
const count = fc.tuple(
  fc.constantFrom('# S\n\n', '## S\n\n', '1. c\n', '   1. r\n', '- b\n', '| a | b |\n', '{#l} ', 'x[^1] ', '[^1]: n\n', '> q\n\n', '[](#l) ', 'www.a.org ', '<!-- c -->\n', '{{#each school.hr.contacts}}- {{name}}\n{{/each}}', '{{> hr-contacts}}\n', '`c` ', '$x$ '),
  fc.integer({ min: 1, max: 25_000 }),
).map(([piece, n]) => (piece.startsWith('| ') ? '| h | h |\n| - | - |\n' : '') + piece.repeat(n));

describe('pathological shapes build or fail fast with a located limit error (fuzz)', () => {
  it('runs of markup characters', async () => {
    await fc.assert(fc.asyncProperty(fc.array(run, { minLength: 1, maxLength: 4 }), async (runs) => {
      await outcome(`# S\n\n${runs.join('\n')}\n`);
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('deep nesting', async () => {
    await fc.assert(fc.asyncProperty(fc.array(nesting, { minLength: 1, maxLength: 3 }), async (parts) => {
      await outcome(`# S\n\n${parts.join('\n')}`);
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('huge counts, and a school\'s long lists', async () => {
    await fc.assert(fc.asyncProperty(fc.array(count, { minLength: 1, maxLength: 3 }), fc.oneof(fc.constant(2), fc.integer({ min: 0, max: 30_000 })), async (parts, contacts) => {
      await outcome(`# S\n\n1. {#l} c\n\n${parts.join('\n')}\n`, contacts);
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('refuses each of the shapes past a limit, and builds them within it', async () => {
    expect(await outcome('# S\n\n' + '- '.repeat(5) + 'x\n')).toBe('built');
    expect(await outcome('# S\n\n' + '- '.repeat(6) + 'x\n')).toBe('refused');
    expect(await outcome('# S\n\n' + '*a '.repeat(8) + 'x' + ' a*'.repeat(8) + '\n')).toBe('built');
    expect(await outcome('# S\n\n' + '*a '.repeat(9) + 'x' + ' a*'.repeat(9) + '\n')).toBe('refused');
    expect(await outcome('# S\n\n' + '1. c\n'.repeat(2000))).toBe('built');
    expect(await outcome('# S\n\n' + '1. c\n'.repeat(2001))).toBe('refused');
    expect(await outcome('# S\n\n{{> hr-contacts}}\n', 1900)).toBe('built');
    expect(await outcome('# S\n\n{{> hr-contacts}}\n', 2100)).toBe('refused');
  }, TIMEOUT);
});
