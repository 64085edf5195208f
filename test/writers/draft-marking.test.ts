import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/writers/docx/deterministic-zip.ts';
import { hasClient, run } from '../helpers/clients.ts';
import { cli, scratchProject } from '../helpers/project.ts';
import { normalise } from '../helpers/seed.ts';
import { hasPoppler, pdfInfo, pdfText } from './pdf/poppler.ts';

// Riverside has adopted whistleblowing 2.0, not the current 3.0: its edition is a draft.
// Mill Lane adopted the current social networking policy at its meeting of 14 October 2026.
const DRAFT = 'Draft for approval by the Governing Board';
const ADOPTED = 'Adopted by the Governing Body of Mill Lane Primary School on 14 October 2026, minute 7.2';

let dir: string;
const file = (school: string, policy: string, ext: string) => join(dir, 'dist', school, `${policy}.${ext}`);
beforeAll(async () => {
  dir = scratchProject({ library: true });
  const built = await cli(dir, 'build', '-s', 'riverside-infant', 'mill-lane-primary', '-p', 'whistleblowing', 'social-networking');
  expect(built.code, built.stderr).toBe(0);
}, 300_000);

/** Every element of `tag` with `className`, in document order. */
function all(tree: Root, tag: string, className: string): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === tag && (node.properties.className as string[] | undefined)?.includes(className)) found.push(node);
  });
  return found;
}
const select = (tree: Root, tag: string, className: string) => all(tree, tag, className)[0];

/** A page's text laid out as printed (pdftotext -layout), one trimmed line each. */
const layoutLines = (pdf: string, page: number) => run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), '-enc', 'UTF-8', pdf, '-']).split('\n').map((l) => l.trim().replace(/ {2,}/g, '  '));

const docxPart = (path: string, part: string) => new TextDecoder().decode(readZip(new Uint8Array(readFileSync(path))).get(part) as Uint8Array);
const wordText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('an edition of a version the school has not adopted', () => {
  it.runIf(hasPoppler())('PDF: says so on every page, and in the edition block', () => {
    const pdf = file('riverside-infant', 'whistleblowing', 'pdf');
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(3);
    for (let page = 1; page <= pages; page++) expect(normalise(pdfText(pdf, page)), `page ${page}`).toContain(DRAFT);
    expect(layoutLines(pdf, 1)).toContainEqual(expect.stringMatching(new RegExp(`^Adoption {2}${DRAFT}$`)));
  });

  it('DOCX: in the header of the first page and of every other page, and in the edition block', () => {
    const docx = file('riverside-infant', 'whistleblowing', 'docx');
    expect(wordText(docxPart(docx, 'word/header1.xml'))).toContain(DRAFT);
    expect(wordText(docxPart(docx, 'word/header2.xml'))).toContain(DRAFT);
    const body = docxPart(docx, 'word/document.xml');
    expect(body).toMatch(/w:headerReference w:type="default" r:id="rIdPageHeader"\/><w:headerReference w:type="first"/);
    expect(wordText(body)).toContain(`Adoption${DRAFT}`);
  });

  it.runIf(hasClient('pandoc'))('DOCX: pandoc reads the edition block\'s adoption row', () => {
    const text = normalise(run('pandoc', [file('riverside-infant', 'whistleblowing', 'docx'), '-t', 'plain']));
    expect(text).toContain(`Adoption ${DRAFT}`);
  });

  it('HTML: a banner above the masthead, printed at the top of every page, and in the edition block', () => {
    const html = readFileSync(file('riverside-infant', 'whistleblowing', 'html'), 'utf8');
    const tree = fromHtml(html);
    const [page] = all(tree, 'div', 'page');
    const children = page!.children.filter((c): c is Element => c.type === 'element');
    // The page's first element is the banner, a note; the masthead follows it.
    expect(children[0]).toMatchObject({ tagName: 'p', properties: { className: ['draft'], role: 'note' } });
    expect(toText(children[0]!)).toBe(DRAFT);
    expect(children[1]).toMatchObject({ tagName: 'header', properties: { className: ['masthead'] } });
    expect(html).toMatch(/@media print \{[\s\S]*\.draft \{ position: fixed; top: 0;/);
    expect(normalise(toText(select(tree, 'dl', 'edition')!))).toContain(`Adoption ${DRAFT}`);
  });
});

describe('an edition of the version the school adopted', () => {
  it.runIf(hasPoppler())('PDF: says when and by whom, pre-prints the signers, and has no draft marking', () => {
    const pdf = file('mill-lane-primary', 'social-networking', 'pdf');
    const text = normalise(pdfText(pdf));
    expect(text).not.toContain('Draft for approval');
    // The row's value wraps after "minute" in the edition block's column.
    expect(normalise(layoutLines(pdf, 1).join(' '))).toContain(`Adoption ${ADOPTED}`);
    expect(text).toMatch(/Head Teacher Signature Print name Sarah Okafor Date Chair of Governors Signature Print name David Whitfield Date/);
  });

  it('DOCX and HTML: the same sentence, no draft marking', () => {
    const docx = file('mill-lane-primary', 'social-networking', 'docx');
    expect(wordText(docxPart(docx, 'word/document.xml'))).toContain(`Adoption${ADOPTED}`);
    expect(wordText(docxPart(docx, 'word/header1.xml'))).not.toContain('Draft');
    const html = readFileSync(file('mill-lane-primary', 'social-networking', 'html'), 'utf8');
    const tree = fromHtml(html);
    expect(all(tree, 'p', 'draft')).toEqual([]);
    expect(normalise(toText(select(tree, 'dl', 'edition')!))).toContain(`Adoption ${ADOPTED}`);
  });

  it('is rebuilt when the adoption changes, and only that policy\'s editions', async () => {
    const path = join(dir, 'schools/mill-lane-primary.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('minute: "7.2"', 'minute: "7.2a"'));
    const result = await cli(dir, 'build', '-s', 'mill-lane-primary', '-p', 'whistleblowing', 'social-networking', '--format', 'html', '--json');
    const statuses = Object.fromEntries((JSON.parse(result.stdout) as { editions: { policy: string; status: string }[] }).editions.map((e) => [e.policy, e.status]));
    expect(statuses).toEqual({ 'social-networking': 'built', 'whistleblowing': 'up-to-date' });
    expect(readFileSync(file('mill-lane-primary', 'social-networking', 'html'), 'utf8')).toContain('minute 7.2a');
  });
});
