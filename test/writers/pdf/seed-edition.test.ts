import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDITION_ID } from '../../../src/document/edition-id.ts';
import { run } from '../../helpers/clients.ts';
import { cli, scratchProject } from '../../helpers/project.ts';
import { missingFromText, normalise, skeleton } from '../../helpers/seed.ts';
import { A4, MARGIN, bodyText, bookmarks, fonts, hasPoppler, links, pageCount, pdfInfo, pdfText, words, xmp } from './poppler.ts';

const poppler = hasPoppler();
let mill: string;
let riverside: string;
let pages: number;

beforeAll(async () => {
  if (!poppler) return;
  const dir = scratchProject();
  const result = await cli(dir, 'build', '--format', 'pdf');
  expect(result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  mill = join(dir, 'dist/mill-lane-primary/social-networking.pdf');
  riverside = join(dir, 'dist/riverside-infant/social-networking.pdf');
  pages = pageCount(mill);
});

describe.skipIf(!poppler)('the Mill Lane PDF edition', () => {
  it('carries every sentence and contact detail of the seed in its body text', () => {
    // The running header and footer are cut away so a sentence split by a page break reads whole.
    expect(missingFromText(bodyText(mill), skeleton)).toEqual([]);
  });

  it('is A4, tagged, in British English, with every font embedded', () => {
    const info = pdfInfo(mill);
    expect(info['Page size']).toBe(`${A4.width} x ${A4.height} pts (A4)`);
    expect(info.Tagged).toBe('yes');
    expect(readFileSync(mill, 'latin1')).toContain('/Lang (en-GB)');
    expect(xmp(mill)).toMatch(/<dc:language><rdf:Bag><rdf:li>en-GB<\/rdf:li>/);
    const used = fonts(mill);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((f) => !f.embedded)).toEqual([]);
    // Only the fonts policyc names: the house typeface and the fallback it ships, and the compiler's mono.
    for (const f of used) expect(f.name).toMatch(/^[A-Z]{6}\+(LiberationSans|PolicycFallback|DejaVuSansMono)/);
  });

  it('records title, author, subject and keywords, and the approval date as its creation date', () => {
    const info = pdfInfo(mill);
    expect(info.Title).toBe('Social Networking Policy for Staff in Schools');
    expect(info.Author).toBe('Schools HR Advisory Service');
    expect(info.Subject).toBe('Mill Lane Primary School');
    expect(info.Keywords).toMatch(new RegExp(`^social media, social networking, staff conduct, Edition ID ${EDITION_ID.source}$`));
    expect(info.CreationDate).toBe('Tue Sep  1 00:00:00 2026 UTC');
  });

  it('heads every page but the first with the school and title, and foots every page with version, review date and Page X of Y', () => {
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page++) {
      const text = normalise(pdfText(mill, page));
      // The top margin, where the running header goes: empty on page 1, whose title and
      // edition block say it already (the header would repeat the title right above it).
      const header = normalise(run('pdftotext', ['-f', String(page), '-l', String(page), '-x', '0', '-y', '0', '-W', String(Math.ceil(A4.width)), '-H', String(Math.floor(MARGIN.top) - 2), '-enc', 'UTF-8', mill, '-']));
      expect(header).toBe(page === 1 ? '' : 'Mill Lane Primary School Social Networking Policy for Staff in Schools');
      if (page === 1) expect(text.startsWith('Schools HR Advisory Service Social Networking Policy for Staff in Schools School')).toBe(true);
      expect(text.split('Social Networking Policy for Staff in Schools').length - 1).toBe(1);
      expect(text).toContain('Version 3.0 · Review by 1 September 2027');
      expect(text.endsWith(`Page ${page} of ${pages}`)).toBe(true);
    }
  });

  it('numbers sections, clauses and the roman list as the other formats do', () => {
    const text = normalise(pdfText(mill));
    for (const s of ['1. Introduction', '2. Who does this policy apply to?', '9. Other useful contacts', '2.1 The policy applies', '4.3 Staff members should', '6.1 For staff members', '8.4 Records should']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('I. Staff members must not access');
    expect(text).toContain('IV. Staff members must not accept');
    expect(text).toContain('XVI. Staff members are strongly advised');
    expect(text).not.toContain('XVII.');
  });

  it('tags headings, lists and the contacts table, with a header row', () => {
    const raw = readFileSync(mill, 'latin1');
    const count = (tag: string) => raw.split(`/S /${tag}\n`).length - 1 + raw.split(`/S /${tag} `).length - 1 + raw.split(`/S /${tag}/`).length - 1;
    expect(count('Title')).toBe(1);
    expect(count('H1')).toBe(10); // nine numbered sections and the HR contacts
    expect(count('H2')).toBe(1); // Address
    // The contacts (a header row and five), the edition block (seven rows, the adoption last) and each signatory's lines (three).
    expect(count('Table')).toBe(4);
    expect(count('TH')).toBe(4);
    expect(count('TR')).toBe(6 + 7 + 3 + 3);
    expect(count('LI')).toBeGreaterThan(60);
  });

  it('has a bookmark for every section, numbered as printed', () => {
    expect(bookmarks(mill)).toEqual([
      '1. Introduction', '2. Who does this policy apply to?', '3. Aims', '4. Legal Framework', '5. Responsibilities', '6. Use of Social Media Sites',
      '7. Monitoring of Internet Use', '8. Breaches of the Policy', '9. Other useful contacts', 'Schools HR contact details', 'Address',
    ]);
  });

  it('makes email addresses, web addresses and the cross-reference clickable', () => {
    const targets = links(mill);
    for (const email of ['anne.rix', 'joanne.mylan', 'liz.devine', 'clair.bell', 'shellena.hussain']) expect(targets).toContain(`mailto:${email}@stockton.gov.uk`);
    expect(targets).toContain('https://www.facebook.com/communitystandards');
    expect(targets).toContain('https://www.saferinternet.org.uk/about/helpline');
    // "see paragraph 2.1" jumps to clause 2.1, on the first page (one link, or two when it wraps onto a second line).
    const internal = targets.filter((t) => t.startsWith('#'));
    expect(internal.length).toBeGreaterThan(0);
    expect(new Set(internal)).toEqual(new Set(['#1']));
    expect(normalise(pdfText(mill))).toMatch(/see paragraph 2\.1\)/);
  });

  it('lays out the edition block and keeps the whole signature block on the last page', () => {
    const first = normalise(pdfText(mill, 1));
    for (const label of ['School', 'Version', 'Approved', 'Review by', 'Applies to', 'Owner']) expect(first).toContain(label);
    expect(first).toContain('1 September 2026');
    expect(first).toContain('All staff members working in or for the school (see paragraph 2.1)');
    const last = normalise(pdfText(mill, pages));
    expect(last).toMatch(/Signed and dated: Head Teacher Signature Print name Sarah Okafor Date Chair of Governors Signature Print name David Whitfield Date/);
    expect(normalise(pdfText(mill, pages - 1))).not.toContain('Signature');
  });

  it('keeps every word inside the page margins', () => {
    const all = words(mill);
    expect(all.length).toBeGreaterThan(2000);
    // Typst lets a line-end hyphen or comma hang up to half an em into the margin: allow 4 pt.
    const outside = all.filter((w) => w.xMin < MARGIN.left - 4 || w.xMax > A4.width - MARGIN.right + 4 || w.yMin < 0 || w.yMax > A4.height);
    expect(outside).toEqual([]);
  });
});

describe.skipIf(!poppler)('the Riverside PDF edition', () => {
  it('differs where its config differs', () => {
    const text = skeleton(bodyText(riverside));
    expect(text).toContain(skeleton('The Governing Board of Riverside Nursery and Infant School is committed'));
    expect(text).toContain('PriyaRaman');
    expect(text).not.toContain('ShellenaHussain');
    expect(pdfInfo(riverside).Subject).toBe('Riverside Nursery and Infant School');
  });
});
