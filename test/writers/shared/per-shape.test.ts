import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../../src/batch/build.ts';
import { loadProject } from '../../../src/project/load-project.ts';
import { perShapeCounts } from '../../../src/writers/shared/per-shape.ts';
import { addSchools, scratchProject } from '../../helpers/project.ts';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { createHtmlWriter, writeHtml } from '../../../src/writers/html/write-html.ts';
import { school } from '../build.ts';
import { openDocx } from '../docx/package.ts';
import { LIBRARY_SCHOOL, libraryEdition, libraryEditionOf, STYLE } from './library-fixture.ts';

describe('the per-shape path', () => {
  it('writes every HTML and DOCX edition of the shipped project from a rendered shape, never alone', async () => {
    const dir = scratchProject();
    addSchools(dir, 3); // three more schools of Riverside's shape: shapes are shared, not only made
    const before = { ...perShapeCounts };
    // One job renders in this thread, so the counts are this process's.
    const report = await build(await loadProject(dir), { outDir: join(dir, 'dist'), formats: ['html', 'docx'], jobs: 1 });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.editions.map((e) => e.status)).toEqual(Array(5).fill('built'));
    expect(perShapeCounts.alone - before.alone).toBe(0);
    expect(perShapeCounts.filled - before.filled).toBe(5 * 2);
  }, 120_000);
});

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('per-shape rendering of the library\'s constructs', () => {
  it('gives the HTML edition with figures, contents, history, captions and decimal lists that rendering it alone gives', async () => {
    const writer = createHtmlWriter();
    for (const s of [LIBRARY_SCHOOL, school({ name: 'שלום School & <Co>', hr: { name: 'HR', address: ['1 Road'], contacts: [{ name: 'مرحبا', role: 'R', email: 'x@example.org' }] } })]) {
      const edition = libraryEdition(s);
      const before = perShapeCounts.filled;
      const perShape = decode(await writer.write(edition));
      expect(perShapeCounts.filled).toBe(before + 1);
      expect(perShape).toBe(decode(writeHtml({ meta: edition.meta, tree: edition.tree, assets: edition.assets! })));
    }
  });

  it('gives the DOCX edition rendering it alone gives', async () => {
    const writer = createDocxWriter();
    const edition = libraryEdition();
    const before = perShapeCounts.filled;
    const perShape = await writer.write(edition);
    expect(perShapeCounts.filled).toBe(before + 1);
    const alone = await createDocxWriter().write({ meta: edition.meta, tree: edition.tree, assets: edition.assets! });
    expect(Buffer.from(perShape).equals(Buffer.from(alone))).toBe(true);
  });

  it('fills a school\'s values into the contents list (a heading that names the school), in HTML and DOCX', async () => {
    const make = libraryEditionOf('# About {{school.name}}\n\n1. A clause.\n\n# Raising a concern\n\n1. A concern:\n\n   1. one;\n   2. two.\n');
    const html = createHtmlWriter();
    const docx = createDocxWriter();
    for (const name of ['Ysgol Glan-y-Môr', 'שלום & <b>School</b>']) {
      const edition = make(school({ name }));
      const before = perShapeCounts.filled;
      const page = decode(await html.write(edition));
      expect(page).toBe(decode(writeHtml({ meta: edition.meta, tree: edition.tree, assets: edition.assets! })));
      expect(page).toMatch(/<nav class="contents"[\s\S]*About (<bdi>)?[^<]*(School|Môr)/);
      const word = await docx.write(edition);
      expect(Buffer.from(word).equals(Buffer.from(await createDocxWriter().write({ meta: edition.meta, tree: edition.tree, assets: edition.assets! })))).toBe(true);
      expect(perShapeCounts.filled).toBe(before + 2);
    }
  });

  it('never gives one school\'s house style to another school of the same shape', async () => {
    const html = createHtmlWriter();
    const docx = createDocxWriter();
    const red = libraryEdition(LIBRARY_SCHOOL, { ...STYLE, accent: '#8a1c3b' });
    const { logo: _logo, ...noLogo } = STYLE;
    const green = libraryEdition(LIBRARY_SCHOOL, { ...noLogo, accent: '#0b5d1e' });
    expect(red.tokenized!.shape.id).toBe(green.tokenized!.shape.id);
    const [a, b] = [decode(await html.write(red)), decode(await html.write(green))];
    expect(a).toContain('--accent: #8a1c3b');
    expect(b).toContain('--accent: #0b5d1e');
    expect(a).toContain('class="logo"');
    expect(b).not.toContain('class="logo"');
    const styles = async (e: typeof red) => (await openDocx(await docx.write(e))).text('word/styles.xml');
    expect(await styles(red)).toContain('w:val="8A1C3B"');
    expect(await styles(green)).toContain('w:val="0B5D1E"');
  });
});
