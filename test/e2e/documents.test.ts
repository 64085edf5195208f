import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasClient, run } from '../helpers/clients.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

/**
 * The accessibility of the DOCX and PDF editions (issue 8), read back from the
 * files a school would publish: PDF/UA-1 through the CLI, read by poppler; the
 * DOCX's language, heading styles, table header rows and image text.
 */
const poppler = hasClient('pdfinfo', '-v');
const IMAGE_POLICY = `---
title: Visitors Policy
version: "1.0"
owner: Schools HR Advisory Service
approved: 2026-09-01
review: 2027-09-01
applies-to: All staff
---

# Signing in

1. Visitors sign in at the office, as the plan shows.

![Plan of the school office and its signing-in desk](figures/plan.png "The office plan")
`;

/** A 2 × 1 pixel PNG: the plan. */
const PLAN_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGOQ9Z944sQJAAk0A1ZNQUGjAAAAAElFTkSuQmCC', 'base64');

let dist: string;

beforeAll(async () => {
  const dir = scratchProject({ files: { 'policies/visitors.md': IMAGE_POLICY } });
  mkdirSync(join(dir, 'policies/figures'), { recursive: true });
  writeFileSync(join(dir, 'policies/figures/plan.png'), PLAN_PNG);
  const built = await cli(dir, 'build', '--school', 'mill-lane-primary', '--format', 'docx,pdf', '--pdf-standard', 'ua-1', '--quiet');
  expect(built.code, built.stderr).toBe(0);
  dist = join(dir, 'dist/mill-lane-primary');
}, 120_000);

describe.skipIf(!poppler)('the PDF/UA-1 edition', () => {
  const pdf = () => join(dist, 'social-networking.pdf');

  it('declares PDF/UA-1, is tagged, shows its title and sets its language', () => {
    expect(run('pdfinfo', [pdf()])).toMatch(/^Tagged:\s+yes$/m);
    const xmp = run('pdfinfo', ['-meta', pdf()]);
    expect(xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Social Networking Policy for Staff in Schools</rdf:li>');
    expect(xmp).toMatch(/<dc:language><rdf:Bag><rdf:li>en-GB<\/rdf:li>/);
    const raw = readFileSync(pdf()).toString('latin1');
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
  });

  it('tags every numbered section as a heading and the contacts as a table with column headers', () => {
    const structure = run('pdfinfo', ['-struct-text', pdf()]);
    const headings = [...structure.matchAll(/^\s*H\d? "([^"]*)"/gm)].map((m) => m[1]!.replace(/\s+/g, ''));
    for (const [n, title] of [[1, 'Introduction'], [4, 'Legal Framework'], [9, 'Other useful contacts']] as const) {
      expect(headings).toContain(`${n}.${title}`.replace(/\s+/g, ''));
    }
    const table = structure.slice(structure.indexOf('Table'));
    const headers = [...table.matchAll(/^\s*TH\b[^\n]*\n(?:\s+\/[^\n]*\n)*\s*"([^"]*)"/gm)].map((m) => m[1]);
    expect(headers).toEqual(['Name', 'Role', 'Telephone (01642)', 'Email']);
    expect(table).toMatch(/\/Scope \/Column/);
  });

  it.runIf(process.env.UPDATE_SCREENSHOTS)('renders the README pictures of its first and last page', () => {
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [pdf()]))![1]);
    for (const [page, name] of [[1, 'pdf-page-1'], [pages, 'pdf-last-page']] as const) {
      run('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', pdf(), join(REPO, '.github/readme', name)]);
    }
  });

  it('tags a figure with its alternative text, and prints its caption', () => {
    const text = run('pdftotext', [join(dist, 'visitors.pdf'), '-']);
    expect(text.replace(/\s+/g, ' ')).toContain('The office plan');
    if (!hasClient('qpdf', '--version')) return;
    const qdf = run('qpdf', ['--qdf', '--object-streams=disable', join(dist, 'visitors.pdf'), '-']);
    expect(qdf).toContain('/Alt (Plan of the school office and its signing-in desk)');
  });
});

describe('the DOCX edition', () => {
  async function parts(file: string) {
    const zip = await JSZip.loadAsync(readFileSync(join(dist, file)));
    return { document: await zip.file('word/document.xml')!.async('string'), styles: await zip.file('word/styles.xml')!.async('string'), names: Object.keys(zip.files) };
  }

  it('sets British English as the document language', async () => {
    const { styles } = await parts('social-networking.docx');
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="en-GB"[\s\S]*<\/w:docDefaults>/);
  });

  it("uses Word's built-in heading styles for the sections", async () => {
    const { document, styles } = await parts('social-networking.docx');
    // Word's own Heading 1: its id, its name and the outline level the navigation pane reads
    expect(styles).toMatch(/<w:style w:type="paragraph" w:styleId="Heading1">\s*<w:name w:val="[Hh]eading 1"\/>[\s\S]*?<w:outlineLvl w:val="0"\/>/);
    const headings = document.split('</w:p>').filter((p) => p.includes('<w:pStyle w:val="Heading1"/>'));
    expect(headings.length).toBeGreaterThanOrEqual(9);
    expect(headings.some((p) => p.includes('Legal Framework'))).toBe(true);
  });

  it('marks the header row of the contacts table to repeat (a table header for screen readers)', async () => {
    const { document } = await parts('social-networking.docx');
    const contacts = document.slice(document.indexOf('Schools HR contact details'));
    const table = contacts.slice(contacts.indexOf('<w:tbl>'), contacts.indexOf('</w:tbl>'));
    const firstRow = table.slice(table.indexOf('<w:tr'), table.indexOf('</w:tr>'));
    expect(firstRow).toContain('<w:tblHeader/>');
    expect(firstRow).toContain('Email');
  });

  it('gives a figure its alternative text as the picture\'s description', async () => {
    const { document, names } = await parts('visitors.docx');
    // The figure in the body (the LA's logo is in page 1's header), described.
    const drawings = document.match(/<wp:docPr\b[^>]*>/g) ?? [];
    expect(drawings).toHaveLength(1);
    expect(drawings[0]).toContain('descr="Plan of the school office and its signing-in desk"');
  });
});
