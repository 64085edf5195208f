import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { EDITION_ID } from '../../src/document/edition-id.ts';
import type { Manifest } from '../../src/output/manifest.ts';
import { hasClient, run } from '../helpers/clients.ts';
import { addSchools, cli, scratchProject } from '../helpers/project.ts';

const ID = new RegExp(`^${EDITION_ID.source}$`);

function manifestIds(dir: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')) as Manifest;
  return Object.fromEntries(manifest.editions.map((e) => [e.id, e.printedId!]));
}

/** Every element of a page that `test` accepts, in document order. */
function elements(node: Root | Element, test: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) out.push(child);
    out.push(...elements(child, test));
  }
  return out;
}

const hasClass = (e: Element, name: string) => ((e.properties.className as string[] | undefined) ?? []).includes(name);

/** The ID the HTML edition prints in its colophon and its <meta>. */
function htmlIds(file: string): { colophon: string; meta: string | undefined } {
  const tree = fromHtml(readFileSync(file, 'utf8'));
  const [footer] = elements(tree, (e) => e.tagName === 'footer' && hasClass(e, 'colophon'));
  const lines = elements(footer!, (e) => hasClass(e, 'edition-id'));
  expect(lines).toHaveLength(1);
  const metas = elements(tree, (e) => e.tagName === 'meta' && e.properties.name === 'policyc-edition-id');
  return { colophon: toText(lines[0]!), meta: metas[0]?.properties.content as string | undefined };
}

/** The DOCX footer's text (its runs joined) and its core properties' identifier. */
function docxIds(file: string): { footer: string; identifier: string | undefined } {
  const parts = unzipSync(readFileSync(file));
  const footer = strFromU8(parts['word/footer1.xml']!).replace(/<w:instrText[^>]*>[^<]*<\/w:instrText>/g, '').replace(/<w:tab\/>/g, '\t').replace(/<[^>]+>/g, '');
  return { footer, identifier: /<dc:identifier>([^<]*)<\/dc:identifier>/.exec(strFromU8(parts['docProps/core.xml']!))?.[1] };
}

describe('edition IDs', () => {
  it('are the same across rebuilds and differ between schools, and when a school\'s value or the policy changes', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build', '--format', 'html', '--quiet')).code).toBe(0);
    const first = manifestIds(dir);
    expect(Object.keys(first).sort()).toEqual(['mill-lane-primary/social-networking', 'riverside-infant/social-networking']);
    for (const id of Object.values(first)) expect(id).toMatch(ID);
    expect(first['mill-lane-primary/social-networking']).not.toBe(first['riverside-infant/social-networking']);

    // A rebuild from scratch (and another format) gives the same IDs.
    expect((await cli(dir, 'build', '--format', 'docx', '--force', '--quiet')).code).toBe(0);
    expect(manifestIds(dir)).toEqual(first);
    const again = scratchProject();
    expect((await cli(again, 'build', '--format', 'html', '--quiet')).code).toBe(0);
    expect(manifestIds(again)).toEqual(first);

    // One school's name changes: its ID changes, the other's does not.
    const riverside = join(dir, 'schools/riverside-infant.yaml');
    writeFileSync(riverside, readFileSync(riverside, 'utf8').replace(/^name: .*$/m, 'name: Riverside Infant School'));
    expect((await cli(dir, 'build', '--format', 'html', '--quiet')).code).toBe(0);
    const renamed = manifestIds(dir);
    expect(renamed['mill-lane-primary/social-networking']).toBe(first['mill-lane-primary/social-networking']);
    expect(renamed['riverside-infant/social-networking']).not.toBe(first['riverside-infant/social-networking']);
    expect(htmlIds(join(dir, 'dist/riverside-infant/social-networking.html')).colophon).toBe(`Edition ID ${renamed['riverside-infant/social-networking']}`);

    // One word of the policy changes: every school's ID changes.
    const policy = join(dir, 'policies/social-networking.md');
    const text = readFileSync(policy, 'utf8');
    const edited = text.replace(/\bstaff\b/, 'employees');
    expect(edited).not.toBe(text);
    writeFileSync(policy, edited);
    expect((await cli(dir, 'build', '--format', 'html', '--quiet')).code).toBe(0);
    const reworded = manifestIds(dir);
    for (const id of Object.keys(first)) expect(reworded[id], id).not.toBe(renamed[id]);
  });

  it('each edition of a shape many schools share prints its own ID, the one the manifest records, in HTML and DOCX', async () => {
    const dir = scratchProject();
    addSchools(dir, 3);
    expect((await cli(dir, 'build', '--format', 'html', 'docx', '--quiet')).code).toBe(0);
    const ids = manifestIds(dir);
    expect(new Set(Object.values(ids)).size).toBe(5);
    for (const [edition, id] of Object.entries(ids)) {
      expect(htmlIds(join(dir, 'dist', `${edition}.html`)), edition).toEqual({ colophon: `Edition ID ${id}`, meta: id });
      const docx = docxIds(join(dir, 'dist', `${edition}.docx`));
      expect(docx.identifier, edition).toBe(`Edition ID ${id}`);
      expect(docx.footer, edition).toMatch(new RegExp(`^Version 3\\.0 · Review by .+ · Edition ID ${id}\\tPage 1 of 1$`));
    }
  });

  const pdfTools = hasClient('pdftotext', '-v') && hasClient('pdfinfo', '-v');
  it.skipIf(!pdfTools)('is in every PDF page\'s footer and in the PDF\'s keywords', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build', '--format', 'pdf', '--quiet')).code).toBe(0);
    for (const [edition, id] of Object.entries(manifestIds(dir))) {
      const file = join(dir, 'dist', `${edition}.pdf`);
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]))![1]);
      expect(pages).toBeGreaterThan(1);
      for (let page = 1; page <= pages; page++) {
        const text = run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);
        const footer = text.trimEnd().split('\n').at(-1)!;
        expect(footer, `${edition} page ${page}`).toMatch(new RegExp(`^Version 3\\.0 · Review by .+ · Edition ID ${id}\\s+Page ${page} of ${pages}$`));
      }
      expect(run('pdfinfo', [file])).toMatch(new RegExp(`^Keywords:.*, Edition ID ${id}$`, 'm'));
    }
  });
});
