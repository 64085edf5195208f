import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { withAccent } from '../../../src/writers/docx/styles.ts';
import { hasClient, run } from '../../helpers/clients.ts';
import { LONG_TITLE, libraryEdition } from '../shared/library-fixture.ts';
import { openDocx } from './package.ts';

const work = mkdtempSync(join(tmpdir(), 'policyc-styles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the DOCX edition\'s styles', () => {
  it('sets w:lineRule wherever it sets w:line, in the styles and the body', async () => {
    const pkg = await openDocx(await createDocxWriter().write(libraryEdition()));
    for (const part of ['word/styles.xml', 'word/document.xml', 'word/header1.xml', 'word/footer1.xml']) {
      const spacings = [...(await pkg.text(part)).matchAll(/<w:spacing [^>]*>/g)].map((m) => m[0]);
      for (const s of spacings.filter((x) => /\sw:line="/.test(x))) expect(s, part).toMatch(/\sw:lineRule="(auto|exact|atLeast)"/);
    }
    const styles = await pkg.text('word/styles.xml');
    expect(styles).toMatch(/<w:pPrDefault><w:pPr>(<w:widowControl\/>)?<w:spacing [^>]*w:line="276" w:lineRule="auto"/);
  });

  it('prints headings, the title and captions in the edition\'s accent, and in Arial (Liberation Sans\'s metric twin)', async () => {
    const styles = await (await openDocx(await createDocxWriter().write(libraryEdition()))).text('word/styles.xml');
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)![0];
    for (const id of ['Title', 'Heading1', 'Heading2', 'Caption', 'TOCHeading']) expect(style(id), id).toContain('<w:color w:val="8A1C3B"/>');
    expect(styles).not.toContain('1F3864');
    expect(styles).toMatch(/<w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"\/>/);
    expect(withAccent('<w:color w:val="1F3864"/>', '00FF00')).toBe('<w:color w:val="00FF00"/>');
  });

  it.runIf(hasClient('soffice') && hasClient('pdftotext', '-v'))('lays out a title that wraps onto three lines without overprinting in LibreOffice', async () => {
    const file = join(work, 'title.docx');
    writeFileSync(file, await createDocxWriter().write(libraryEdition()));
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    try {
      run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, file], { timeout: 120_000 });
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    run('pdftotext', ['-f', '1', '-l', '1', '-bbox', join(work, 'title.pdf'), join(work, 'title.html')]);
    const html = readFileSync(join(work, 'title.html'), 'utf8');
    // The title's words (20 pt bold), by line: their tops are a line apart, never on top of each other.
    const titleWords = new Set(LONG_TITLE.split(' '));
    const tops = [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .filter((m) => Number(m[2]) - Number(m[1]) > 18 && titleWords.has(m[3]!.replace(/&amp;/g, '&')))
      .map((m) => Math.round(Number(m[1])));
    const lines = [...new Set(tops)].sort((a, b) => a - b);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < lines.length; i++) expect(lines[i]! - lines[i - 1]!).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
