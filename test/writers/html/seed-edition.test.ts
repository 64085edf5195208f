import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { htmlText } from '../../helpers/html-text.ts';
import { cli, scratchProject } from '../../helpers/project.ts';
import { missingFromText, normalise } from '../../helpers/seed.ts';

let dir: string;
let mill: string;
let riverside: string;

beforeAll(async () => {
  dir = scratchProject();
  const result = await cli(dir, 'build', '--format', 'html');
  expect(result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  mill = readFileSync(join(dir, 'dist/mill-lane-primary/social-networking.html'), 'utf8');
  riverside = readFileSync(join(dir, 'dist/riverside-infant/social-networking.html'), 'utf8');
});

describe('the Mill Lane HTML edition', () => {
  it('carries every sentence and contact detail of the seed', () => {
    expect(missingFromText(htmlText(mill))).toEqual([]);
  });

  it('is a self-contained en-GB page with no external requests or scripts', () => {
    expect(mill).toMatch(/^<!doctype html><html lang="en-GB">/i);
    expect(mill).not.toMatch(/<script|<link|src="http|url\(http|@import/i);
    expect(mill).toContain('<style>');
    expect(mill).toContain('Content-Security-Policy');
  });

  it('numbers sections, clauses and the roman list exactly as the seed does', () => {
    const text = normalise(htmlText(mill));
    for (const s of ['1. Introduction', '2. Who does this policy apply to?', '9. Other useful contacts', '4.3 Staff members should', '8.4 Records should']) expect(text).toContain(s);
    expect(text).toContain('I. Staff members must not access');
    expect(text).toContain('XVI. Staff members are strongly advised');
    expect(text).not.toContain('XVII.');
  });

  it('has anchors for every numbered clause and a table of contents linking its sections by title', () => {
    for (const id of ['clause-1-1', 'clause-2-1', 'clause-6-1', 'clause-8-4', 'section-9']) expect(mill).toContain(`id="${id}"`);
    const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(mill)![0];
    expect(toc).toContain('<span class="marker">1.</span> <a href="#section-1">Introduction</a>');
    expect(toc).toContain('<a href="#section-9">Other useful contacts</a>');
    // no bare clause numbers (issue 16): the number sits beside its section's title, never a link alone
    expect(toc).not.toContain('href="#clause-');
    expect([...toc.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]).filter((t) => /^[\dIVXLC.]+$/.test(t!))).toEqual([]);
  });

  it('resolves the cross-reference to clause 2.1 as a link', () => {
    expect(mill).toMatch(/see paragraph <a href="#clause-2-1">2\.1<\/a>\)/);
  });

  it('shows the HR contacts as a table with header cells', () => {
    const table = /<table>[\s\S]*?<\/table>/.exec(mill)![0];
    expect(table).toMatch(/<thead>[\s\S]*<th>Name<\/th>[\s\S]*<th>Telephone \(01642\)<\/th>/);
    // each data cell labelled with its column's header, for the stacked layout of a narrow screen
    expect(table).toContain('<td data-label="Name">Shellena Hussain</td>');
    expect(table).toContain('<td data-label="Telephone (01642)">528271</td>');
    expect(table).toContain('href="mailto:anne.rix@stockton.gov.uk"');
  });

  it('carries the edition block, a print stylesheet and the signature block', () => {
    const text = normalise(htmlText(mill));
    expect(text).toContain('Version 3.0 Approved 1 September 2026 Review by 1 September 2027');
    expect(mill).toMatch(/@page \{\s*size: A4;/);
    expect(mill).toMatch(/@bottom-right \{ content: "Page " counter\(page\) " of " counter\(pages\)/);
    expect(mill).toMatch(/@media print \{[\s\S]*nav\.toc/);
    expect(text).toMatch(/Head Teacher Signature Print name Sarah Okafor Date Chair of Governors Signature Print name David Whitfield Date/);
  });
});

describe('the second school edition', () => {
  it('differs where its config differs', () => {
    const a = normalise(htmlText(mill));
    const b = normalise(htmlText(riverside));
    expect(b).toContain('The Governing Board of Riverside Nursery and Infant School is committed');
    expect(b).not.toContain('Mill Lane');
    expect(b).toContain('Priya Raman');
    expect(b).not.toContain('Shellena Hussain');
    expect(b).toContain('Malicious Communications Act 1988');
    expect(a).toContain('Malicious Communication Act 1998');
    expect(a).not.toContain('Priya Raman');
  });
});
