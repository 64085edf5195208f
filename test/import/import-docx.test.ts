import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DocxError } from '../../src/import/docx-package.ts';
import { importDocx, parseDate } from '../../src/import/import-docx.ts';
import { loadProject } from '../../src/project/load-project.ts';
import { hasClient, run } from '../helpers/clients.ts';
import { docx, numbering, para, picture, png } from '../helpers/docx.ts';
import { REPO } from '../helpers/project.ts';

const work = mkdtempSync(join(tmpdir(), 'policyc-import-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const millLane = async () => (await loadProject(REPO, { policies: [], schools: ['mill-lane-primary'] })).schools[0]!;

describe('parseDate', () => {
  it('reads the ways a Word policy writes a date', () => {
    expect(parseDate('1 September 2026')).toBe('2026-09-01');
    expect(parseDate('1st September, 2026')).toBe('2026-09-01');
    expect(parseDate('01/09/2026')).toBe('2026-09-01');
    expect(parseDate('2026-09-01')).toBe('2026-09-01');
    expect(parseDate('September 2026')).toBe('2026-09-01');
    expect(parseDate('31/02/2026')).toBeUndefined();
    expect(parseDate('next year')).toBeUndefined();
  });
});

describe('importDocx', () => {
  it('reads Word numbering (1. / 1.1 / 1.1.1) as sections and clauses with decimal numbering, and writes TODO where the document is silent', async () => {
    const list = numbering([{ text: '%1.' }, { text: '%1.%2' }, { text: '%1.%2.%3' }]);
    const body = [para('Lone Working Policy', { style: 'Title' }), para('Introduction', { style: 'Heading1', num: [1, 0] }), para('Staff may work alone.', { num: [1, 1] }), para('Cleaners;', { num: [1, 2] }), para('Caretakers.', { num: [1, 2] })].join('');
    const styles = '<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>';
    const { source, report } = await importDocx(docx(body, { 'word/numbering.xml': list, 'word/styles.xml': styles }), { id: 'lone-working', display: 'lone.docx' });
    expect(source).toBe([
      '---',
      'title: "Lone Working Policy"',
      'version: TODO  # TODO: the version number, quoted, e.g. "1.0" (not found in the Word document; `policyc check` reports this until it is filled in)',
      'owner: ""  # TODO: the LA service that owns the policy (not found in the Word document; `policyc check` reports this until it is filled in)',
      'approved: TODO  # TODO: the approval date, YYYY-MM-DD (not found in the Word document; `policyc check` reports this until it is filled in)',
      'review: TODO  # TODO: the review date, YYYY-MM-DD (or review-interval: 12 months) (not found in the Word document; `policyc check` reports this until it is filled in)',
      'applies-to: ""  # TODO: who the policy applies to (not found in the Word document; `policyc check` reports this until it is filled in)',
      'numbering: decimal',
      '---',
      '',
      '# Introduction',
      '',
      '1. Staff may work alone.',
      '',
      '   1. Cleaners;',
      '',
      '   1. Caretakers.',
      '',
    ].join('\n'));
    expect(report.recognised).toMatchObject({ title: 1, sections: 1, clauses: 1, subClauses: 2, wordNumbered: 3 });
    expect(report.words).toMatchObject({ unaccounted: [] });
  });

  it('makes the school\'s values placeholders, each with its paragraph', async () => {
    const body = [para('1.\tIntroduction', { style: 'Heading1' }), para('1.1\tThe Governing Body of Mill Lane Primary School and its Headteacher.'), para('1.2\tHeadteachers ask the Schools HR Advisory Service.')].join('');
    const { source, report } = await importDocx(docx(body), { id: 'x', display: 'x.docx', school: await millLane() });
    expect(source).toContain('1. The {{school.governingBody}} of {{school.name}} and its {{school.roles.head}}.');
    expect(source).toContain('1. {{school.roles.plural.head}} ask the {{school.hr.name}}.');
    expect(report.substitutions).toEqual([
      { paragraph: 2, placeholder: '{{school.governingBody}}', value: 'Governing Body' },
      { paragraph: 2, placeholder: '{{school.name}}', value: 'Mill Lane Primary School' },
      { paragraph: 2, placeholder: '{{school.roles.head}}', value: 'Headteacher' },
      { paragraph: 3, placeholder: '{{school.roles.plural.head}}', value: 'Headteachers' },
      { paragraph: 3, placeholder: '{{school.hr.name}}', value: 'Schools HR Advisory Service' },
    ]);
  });

  it('accounts for every word: tracked deletions and comments are in the report, never silently lost', async () => {
    const body = [para('1.\tScope', { style: 'Heading1' }), '<w:p><w:r><w:t xml:space="preserve">1.1\tKept text </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>struck words</w:delText></w:r></w:del><w:commentReference w:id="5"/></w:p>'].join('');
    const comments = '<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="5" w:author="Jo"><w:p><w:r><w:t>Is this right?</w:t></w:r></w:p></w:comment></w:comments>';
    const { source, report } = await importDocx(docx(body, { 'word/comments.xml': comments }), { id: 'x', display: 'x.docx' });
    expect(source).not.toContain('struck');
    expect(report.unmapped.map((u) => [u.kind, u.paragraph, u.text])).toEqual(expect.arrayContaining([['tracked-deletion', 2, 'struck words'], ['comment', 2, 'Jo: Is this right?']]));
    expect(report.words.unaccounted).toEqual([]);
  });

  it('keeps tracked insertions and text-box text, turns a Word contents list into `contents: true`, and reports each', async () => {
    const styles = '<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>';
    const body = [
      para('1.\tIntroduction\t3', { style: 'TOC1' }),
      para('1.\tIntroduction', { style: 'Heading1' }),
      '<w:p><w:r><w:t xml:space="preserve">1.1\tStaff </w:t></w:r><w:ins w:id="2" w:author="A"><w:r><w:t>always</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> sign in.</w:t></w:r></w:p>',
      '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Call the office first.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>',
    ].join('');
    const { source, report } = await importDocx(docx(body, { 'word/styles.xml': styles }), { id: 'x', display: 'x.docx' });
    expect(source).toContain('1. Staff always sign in.');
    expect(source).toContain('Call the office first.');
    expect(source).not.toMatch(/Introduction 3/);
    expect(report.unmapped.map((u) => u.kind)).toEqual(expect.arrayContaining(['tracked-insertion', 'text-box', 'other']));
    expect(report.unmapped).toContainEqual(expect.objectContaining({ paragraph: 1, note: expect.stringMatching(/^a contents list \(1 line in Word's TOC styles\): not copied; `contents: true`/) }));
    expect(source).toMatch(/^contents: true$/m);
    expect(report.words.unaccounted).toEqual([]);
  });

  it('writes PNG images as figures, reports a missing alt text, and leaves a note for an image it cannot use', async () => {
    const body = [para('1.\tProcedure', { style: 'Heading1' }), picture('flow.png', 'Flowchart of the procedure'), picture('blank.png', ''), picture('photo.jpeg', 'A photo')].join('');
    const styles = '<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>';
    const { source, figures, report } = await importDocx(docx(body, { 'word/styles.xml': styles }, { 'flow.png': png(), 'blank.png': png(), 'photo.jpeg': new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) }), { id: 'procedure', display: 'x.docx' });
    expect(source).toContain('![Flowchart of the procedure](figures/procedure-1.png)\n\n![](figures/procedure-2.png)\n\n<!-- policyc import: an image (image/jpeg) was here: A photo -->');
    expect(figures.map((f) => f.name)).toEqual(['procedure-1.png', 'procedure-2.png']);
    expect(report.unmapped).toContainEqual(expect.objectContaining({ kind: 'image', paragraph: 3, text: 'figures/procedure-2.png', note: expect.stringContaining('without alternative text') }));
    expect(report.unmapped).toContainEqual(expect.objectContaining({ kind: 'image', paragraph: 4, note: expect.stringContaining('of type image/jpeg: not imported') }));
  });

  it('reads policyc\'s own constructs back: the document control as `history:`, the contents field as `contents: true`, an SVG picture (not its PNG fallback) with its caption as its title, a Caption-style table caption, and a paragraph continuing the clause its indent says', async () => {
    const styles = '<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="Caption"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style></w:styles>';
    const cell = (t: string, header = false) => `<w:tc><w:p>${header ? '<w:r><w:rPr><w:b/></w:rPr>' : '<w:r>'}<w:t xml:space="preserve">${t}</w:t></w:r></w:p></w:tc>`;
    const row = (cells: string[], header = false) => `<w:tr>${header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells.map((c) => cell(c, header)).join('')}</w:tr>`;
    const table = (rows: string[][]) => `<w:tbl><w:tblPr/>${row(rows[0]!, true)}${rows.slice(1).map((r) => row(r)).join('')}</w:tbl>`;
    const indented = (text: string, left: number) => para(text).replace('<w:p>', `<w:p><w:pPr><w:ind w:left="${left}" w:hanging="720"/></w:pPr>`);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const figure = picture('flow.png', 'Flowchart of the check-in').replace('<a:blip r:embed="rIdMedia-flow.png"/>', '<a:blip r:embed="rIdMedia-flow.png"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdMedia-flow.svg"/></a:ext></a:extLst></a:blip>');
    const body = [
      para('Lone Working Policy', { style: 'Title' }),
      para('Document control', { style: 'Caption' }),
      table([['Version', 'Date', 'Summary of change', 'Approved by'], ['1.0', '1 September 2024', 'The school’s first policy', 'Schools HR Advisory Service'], ['2.0', '1 September 2026', 'Check-ins', 'Joint Consultative Committee']]),
      '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>Scope</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
      para('1.\tScope', { style: 'Heading1' }),
      indented('1.1\tThis applies to:', 720),
      indented('1.1.1\tcleaners;', 1571),
      indented('1.1.2\tsite staff.', 1571),
      indented('Together they are called lone workers.', 720),
      para('Who to call', { style: 'Caption' }),
      table([['Name', 'Telephone'], ['Site manager', '01642 111111']]),
      figure,
      para('Figure 1: The check-in', { style: 'Caption' }),
    ].join('');
    const { source, figures, report } = await importDocx(docx(body, { 'word/styles.xml': styles }, { 'flow.png': png(), 'flow.svg': new TextEncoder().encode(svg) }), { id: 'lone', display: 'lone.docx' });
    expect(source).toContain(['numbering: decimal', 'contents: true', 'history:', '  - version: "1.0"', '    date: 2024-09-01', '    summary: "The school’s first policy"', '    approved-by: "Schools HR Advisory Service"', '  - version: "2.0"', '    date: 2026-09-01', '    summary: "Check-ins"', '    approved-by: "Joint Consultative Committee"', '---'].join('\n'));
    expect(source).not.toMatch(/Document control|\| Version/);
    expect(source).toContain('1. This applies to:\n\n   1. cleaners;\n\n   1. site staff.\n\n   Together they are called lone workers.\n\nTable: Who to call\n\n| Name | Telephone |');
    expect(source).toContain('![Flowchart of the check-in](figures/lone-1.svg "Figure 1: The check-in")');
    expect(figures).toEqual([{ name: 'lone-1.svg', bytes: new TextEncoder().encode(svg) }]);
    expect(report.recognised).toMatchObject({ documentControl: 1, tableCaptions: 1, figureCaptions: 1 });
    expect(report.unmapped).toContainEqual(expect.objectContaining({ kind: 'field', note: expect.stringContaining('`contents: true`') }));
    expect(report.words.unaccounted).toEqual([]);
  });

  it('an empty document is an error', async () => {
    await expect(importDocx(docx('<w:p/>'), { id: 'x', display: 'empty.docx' })).rejects.toThrow(new DocxError('empty.docx is an empty Word document: its body has no text'));
  });
});

describe.skipIf(!hasClient('pandoc'))('a document pandoc made from Markdown with hand-typed numbers', () => {
  it('becomes clauses, a captioned table, a footnote, a figure and a link', async () => {
    writeFileSync(join(work, 'flow.png'), png());
    writeFileSync(join(work, 'typed.md'), [
      '---', 'title: Lone Working Policy', 'keywords: [lone working]', '---', '',
      '# 1. Introduction', '', '1.1 The Governing Body of Mill Lane Primary School values its staff.', '',
      '1.2 See paragraph 2.1 for who this covers.', '',
      '# 2. Scope', '', '2.1 This applies to everyone who works alone[^1].', '',
      '2.1.1 Cleaners working late;', '', '2.1.2 Caretakers, see [the HSE guidance](https://www.hse.gov.uk/lone-working/).', '',
      '![Flowchart of the check-in procedure](flow.png)', '',
      'Table 1: Who to call', '', '| Name | Telephone |', '|---|---|', '| Site manager | 01642 111111 |', '',
      '[^1]: Including volunteers.', '',
    ].join('\n'));
    run('pandoc', [join(work, 'typed.md'), '--resource-path', work, '-o', join(work, 'typed.docx')]);
    const { source, figures, report } = await importDocx(readFileSync(join(work, 'typed.docx')), { id: 'lone-working', display: 'typed.docx', school: await millLane() });
    const body = source.slice(source.indexOf('\n---\n') + 5);
    expect(body).toBe([
      '', '# Introduction', '',
      '1. The {{school.governingBody}} of {{school.name}} values its staff.', '',
      '1. See paragraph [](#applies-everyone-who-works) for who this covers.', '',
      '# Scope', '',
      '1. {#applies-everyone-who-works} This applies to everyone who works alone[^1].', '',
      '   1. Cleaners working late;', '',
      '   1. Caretakers, see [the HSE guidance](https://www.hse.gov.uk/lone-working/).', '',
      '![Flowchart of the check-in procedure](figures/lone-working-1.png)', '',
      'Table: Who to call', '', '| Name | Telephone |', '| --- | --- |', '| Site manager | 01642 111111 |', '',
      '[^1]: Including volunteers.', '',
    ].join('\n'));
    expect(source).toContain('numbering: decimal\n');
    expect(source).toContain('keywords:\n  - "lone working"\n');
    expect(figures).toEqual([{ name: 'lone-working-1.png', bytes: new Uint8Array(png()) }]);
    expect(report.recognised).toMatchObject({ sections: 2, clauses: 3, subClauses: 2, typedNumbers: 5, footnotes: 1, figures: 1, links: 1, tables: 1, tableCaptions: 1, crossReferences: 1 });
    expect(report.words.unaccounted).toEqual([]);
  });
});

describe.skipIf(!hasClient('soffice'))('a document LibreOffice made, numbered by its list numbering', () => {
  it('becomes sections and clauses with a table, a footnote, a figure with its alt text and a link', async () => {
    const image = png().toString('base64');
    writeFileSync(join(work, 'lo.fodt'), `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>Lone Working Policy</dc:title></office:meta>
<office:automatic-styles>
<text:list-style style:name="L1">
<text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="." text:display-levels="1"/>
<text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="" text:display-levels="2"/>
<text:list-level-style-number text:level="3" style:num-format="a" style:num-prefix="(" style:num-suffix=")" text:display-levels="1"/>
</text:list-style>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:p text:style-name="Title">Lone Working Policy</text:p>
<text:list text:style-name="L1">
<text:list-item><text:h text:outline-level="1">Introduction</text:h>
<text:list>
<text:list-item><text:p>The <text:span text:style-name="T1">Governing Body</text:span> of Mill Lane Primary School protects staff who work alone.</text:p></text:list-item>
<text:list-item><text:p>Staff who work alone:</text:p>
<text:list>
<text:list-item><text:p>carry a phone;</text:p></text:list-item>
<text:list-item><text:p>sign out<text:note text:note-class="footnote" text:id="n1"><text:note-citation>1</text:note-citation><text:note-body><text:p>At the office.</text:p></text:note-body></text:note>.</text:p></text:list-item>
</text:list></text:list-item>
<text:list-item><text:p>Guidance is on <text:a xlink:type="simple" xlink:href="https://www.hse.gov.uk/lone-working/">the HSE website</text:a>.</text:p></text:list-item>
</text:list></text:list-item>
</text:list>
<text:p>Table 1: Who to call</text:p>
<table:table table:name="Contacts"><table:table-column table:number-columns-repeated="2"/>
<table:table-header-rows><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell><text:p>Telephone</text:p></table:table-cell></table:table-row></table:table-header-rows>
<table:table-row><table:table-cell><text:p>Site manager</text:p></table:table-cell><table:table-cell><text:p>01642 111111</text:p></table:table-cell></table:table-row>
</table:table>
<text:p><draw:frame draw:name="Flow" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char"><draw:image><office:binary-data>${image}</office:binary-data></draw:image><svg:title>Flowchart of the check-in procedure</svg:title><svg:desc>Flowchart of the check-in procedure</svg:desc></draw:frame></text:p>
</office:text></office:body></office:document>`);
    run('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--norestore', '--convert-to', 'docx', '--outdir', work, join(work, 'lo.fodt')], { timeout: 120_000 });
    const { source, figures, report } = await importDocx(readFileSync(join(work, 'lo.docx')), { id: 'lone-working', display: 'lo.docx', school: await millLane() });
    const body = source.slice(source.indexOf('\n---\n') + 5);
    expect(body).toBe([
      '', '# Introduction', '',
      '1. The **{{school.governingBody}}** of {{school.name}} protects staff who work alone.', '',
      '1. Staff who work alone:', '',
      '   1. carry a phone;', '',
      '   1. sign out[^1].', '',
      '1. Guidance is on [the HSE website](https://www.hse.gov.uk/lone-working/).', '',
      'Table: Who to call', '', '| Name | Telephone |', '| --- | --- |', '| Site manager | 01642 111111 |', '',
      '![Flowchart of the check-in procedure](figures/lone-working-1.png)', '',
      '[^1]: At the office.', '',
    ].join('\n'));
    expect(figures.map((f) => f.name)).toEqual(['lone-working-1.png']);
    expect(report.recognised).toMatchObject({ sections: 1, clauses: 3, subClauses: 2, wordNumbered: 5, footnotes: 1, figures: 1, links: 1, tables: 1 });
    // (a), (b) under a clause are the source's first sub-level: roman I., II. (reported).
    expect(report.numbers).toEqual([expect.objectContaining({ was: '(a)', now: 'I.' }), expect.objectContaining({ was: '(b)', now: 'II.' })]);
    expect(report.words.unaccounted).toEqual([]);
  }, 180_000);
});
