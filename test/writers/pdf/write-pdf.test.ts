import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Edition } from '../../../src/document/types.ts';
import { PdfError } from '../../../src/writers/pdf/compiler.ts';
import { createPdfWriter } from '../../../src/writers/pdf/write-pdf.ts';
import type { Writer } from '../../../src/writers/shared/writer.ts';
import { normalise, skeleton } from '../../helpers/seed.ts';
import { A4, MARGIN, bodyText, hasPoppler, links, pageCount, pdfFile, pdfText, withoutBidiControls, words } from './poppler.ts';
import { KITCHEN_SINK, edition } from './fixtures.ts';

const poppler = hasPoppler();
const writers: Writer[] = [];
afterAll(async () => {
  for (const w of writers) await w.close?.();
});
async function writer(options: Parameters<typeof createPdfWriter>[0] = {}): Promise<Writer> {
  const w = await createPdfWriter(options);
  writers.push(w);
  return w;
}

/** A contacts table long enough to run over three pages, with addresses too long for their column. */
function longTable(): Edition {
  const rows = Array.from({ length: 70 }, (_, i) =>
    `| Person ${i} | ${i === 3 ? 'averyveryveryveryveryveryverylongunbrokenrolewithoutspaces' : 'HR Advisor'} | 01642 52695${i % 10} | [a.very.long.email.address.for.someone.${i}@subdomain.stockton-on-tees.gov.uk](mailto:a.very.long.email.address.for.someone.${i}@subdomain.stockton-on-tees.gov.uk) |`);
  return edition(['# Contacts', '', '| Name | Role | Telephone | Email |', '| --- | --- | --- | --- |', ...rows, '', '{{signature-block}}'].join('\n'),
    'Ysgol Gynradd Gymraeg Pen-y-Bryn a’r Cylch Cyfun, a school whose name goes on and on: https://example.org/a/very/long/address/indeed');
}

describe('every construct in every conformance level', () => {
  for (const pdfStandard of [undefined, 'ua-1', 'a-2b'] as const) {
    it(`renders ${pdfStandard ?? 'the default tagged PDF'}`, async () => {
      const bytes = await (await writer(pdfStandard ? { pdfStandard } : {})).write(edition(KITCHEN_SINK));
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      if (!poppler) return;
      const file = pdfFile(bytes);
      const text = normalise(pdfText(file));
      for (const s of ['1.1 First clause with bold, emphasis, struck, code and a web link.', 'I. Roman one', '(a) Alpha one', 'II. Roman two, see paragraph 1.1',
        'The office plan', 'An image above, a footnote', '<b>raw html</b>', 'A quotation.', 'code block #set text(red)', 'bullet', 'nested bullet', '[x] done task',
        'The footnote text.', 'Signed: Head Teacher Signature Print name Jane Smith Date Chair of Governors']) {
        expect(text).toContain(s);
      }
      expect(links(file)).toEqual(expect.arrayContaining(['https://example.org/x', '#1']));
    });
  }
});

describe.skipIf(!poppler)('soft line breaks', () => {
  it('run on as one line of text, as in the other formats', async () => {
    const bytes = await (await writer()).write(edition('# A\n\n1. first line\n   second line\n   third\tline\n'));
    expect(pdfText(pdfFile(bytes)).split('\n')).toContain('1.1 first line second line third line');
  });
});

describe('degenerate input', () => {
  // Empty headings, clauses, cells, links, quotes and code blocks, and a self-reference.
  const EMPTY = ['#', '', '1. ', '', '# Next', '', '1. Text **** and [](https://example.org) and <https://a.b/c>', '', '|  |  |', '| - | - |', '| | x |', '', '##', '', '- ', '', '> ', '', '```', '```', '', '1. {#x} [](#x)', ''].join('\n');
  for (const pdfStandard of [undefined, 'ua-1', 'a-2b'] as const) {
    it(`still makes a PDF (${pdfStandard ?? 'default'})`, async () => {
      const bytes = await (await writer(pdfStandard ? { pdfStandard } : {})).write(edition(EMPTY));
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      if (poppler) expect(normalise(pdfText(pdfFile(bytes)))).toContain('2.1 Text **** and https://example.org and https://a.b/c');
    });
  }
});

describe.skipIf(!poppler)('long content', () => {
  let file: string;
  beforeAll(async () => {
    file = pdfFile(await (await writer()).write(longTable()));
  });

  it('repeats the table header row on every page the table runs over', () => {
    const pages = pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    const withRows = [];
    for (let page = 1; page <= pages; page++) {
      const text = normalise(pdfText(file, page));
      if (!/Person \d+/.test(text)) continue;
      withRows.push(page);
      for (const cell of ['Name', 'Role', 'Telephone', 'Email']) expect(text).toMatch(new RegExp(`\\b${cell}\\b`));
    }
    expect(withRows.length).toBeGreaterThanOrEqual(3);
  });

  it('wraps long email addresses, words and the running header instead of overflowing', () => {
    const all = words(file);
    const outside = all.filter((w) => w.xMin < MARGIN.left - 4 || w.xMax > A4.width - MARGIN.right + 4);
    expect(outside).toEqual([]);
    // Every address is still whole in the text, and still a link.
    // (pdftotext drops the hyphen of "stockton-" where a line ends after it.)
    const text = skeleton(pdfText(file));
    for (const i of [0, 3, 69]) expect(text).toContain(skeleton(`a.very.long.email.address.for.someone.${i}@subdomain.stockton-on-tees.gov.uk`));
    expect(links(file)).toContain('mailto:a.very.long.email.address.for.someone.69@subdomain.stockton-on-tees.gov.uk');
  });

});

describe.skipIf(!poppler)('the signature block', () => {
  it('never splits: wherever the text before it ends, it moves whole to a fresh page', async () => {
    const w = await writer();
    let moved = 0;
    // Fill the first page a little more each time, so the block meets the page end at every height.
    for (let lines = 30; lines <= 52; lines += 1) {
      const clauses = Array.from({ length: lines }, (_, i) => `1. Clause ${i}.`).join('\n');
      const file = pdfFile(await w.write(edition(`# Filler\n\n${clauses}\n\n{{signature-block}}`)));
      const pages = pageCount(file);
      const last = normalise(bodyText(file, pages));
      expect(last).toMatch(/Head Teacher Signature Print name Jane Smith Date Chair of Governors Signature Print name Date$/);
      if (pages > 1) expect(normalise(pdfText(file, pages - 1))).not.toMatch(/Head Teacher|Signature/);
      if (last.startsWith('Head Teacher')) moved += 1;
    }
    expect(moved).toBeGreaterThan(0);
  });
});

describe.skipIf(!poppler)('a value with a right-to-left override (U+202E)', () => {
  it('reverses only itself: the text after it comes back in logical order', async () => {
    const e = edition('# One\n\n1. The Governing Body of {{school.name}} is committed to this policy.\n', '\u202Eabc');
    const text = normalise(withoutBidiControls(bodyText(pdfFile(await (await writer()).write(e)))));
    expect(text).toContain('1.1 The Governing Body of cba is committed to this policy.');
  });
});

describe.skipIf(!poppler)('two headings with the same text', () => {
  it('are each a target of their own: a reference to the second goes to the second’s page', async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `1. Clause ${i} with enough words in it to take up a line of the page.`).join('\n');
    const e = edition(`# One\n\n## Notes {#first}\n\n1. See [the second notes](#second).\n\n${filler}\n\n## Notes {#second}\n\n1. The second notes.\n`);
    const file = pdfFile(await (await writer()).write(e));
    const notes = words(file).filter((w) => w.text === 'Notes').map((w) => w.page);
    expect(notes).toEqual([1, 2]);
    expect(links(file)).toContain('#2');
  });
});

describe('errors', () => {
  it('reports a PDF/UA-1 failure as a sentence naming the text, and keeps working afterwards', async () => {
    const w = await writer({ pdfStandard: 'ua-1' });
    const error = await Promise.resolve(w.write(edition('# A\n\n1. Clause.\n', '学校 School'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfError);
    expect((error as Error).message).toBe('the edition does not conform to PDF/UA-1: the text “学” could not be displayed with font “Liberation Sans”; the text “校” could not be displayed with font “Liberation Sans”');
    expect((error as Error).message).not.toMatch(/SourceDiagnostic|Span\(|panicked/);
    const bytes = await w.write(edition('# A\n\n1. Clause.\n'));
    expect(bytes.byteLength).toBeGreaterThan(1000);
  });

  it('refuses to write once closed', async () => {
    const w = await createPdfWriter({});
    await w.close?.();
    await expect(Promise.resolve().then(() => w.write(edition('# A\n\n1. Clause.\n')))).rejects.toThrow('the PDF writer is closed');
  });
});
