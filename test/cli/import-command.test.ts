import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { words } from '../../src/import/word-xml.ts';
import policySchema from '../../src/schemas/policy.schema.json' with { type: 'json' };
import { hasClient, run } from '../helpers/clients.ts';
import { docx, para, picture, png } from '../helpers/docx.ts';
import { htmlText } from '../helpers/html-text.ts';
import { EDITION_ID } from '../../src/document/edition-id.ts';
import { parseDocument } from 'yaml';

/**
 * The project without the schools' adoption registers. An imported copy is a new policy
 * (its own id) that no school has adopted, so with the registers it is, rightly, a draft
 * while the original is adopted; the round trip compares the text that comes from the
 * sources, so both are built as a school without a register builds them.
 */
function withoutRegisters(dir: string): string {
  for (const name of readdirSync(join(dir, 'schools'))) {
    if (!name.endsWith('.yaml')) continue;
    const file = join(dir, 'schools', name);
    const doc = parseDocument(readFileSync(file, 'utf8'));
    if (doc.has('adoptions')) {
      doc.delete('adoptions');
      writeFileSync(file, doc.toString());
    }
  }
  return dir;
}
import { cli, REPO, scratchProject, snapshot } from '../helpers/project.ts';

/**
 * An HTML edition's text but for its edition ID, which is a digest of its source: an
 * imported copy is another source (its own id and front matter), so it prints another ID.
 */
function editionText(html: string): string {
  return htmlText(html).replace(new RegExp(`Edition ID ${EDITION_ID.source}`, 'g'), 'Edition ID …');
}

const SCHOOLS = ['mill-lane-primary', 'riverside-infant'];

/** Share of the original's words (counted with repeats) found in the other text. */
function fidelity(original: string, imported: string): number {
  const have = new Map<string, number>();
  for (const w of words(imported)) have.set(w, (have.get(w) ?? 0) + 1);
  const all = words(original);
  let found = 0;
  for (const w of all) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      have.set(w, n - 1);
      found++;
    }
  }
  return found / all.length;
}

/** The numbers an edition prints at the start of its clauses and sections, in order. */
const numbersOf = (text: string) => text.split('\n').map((l) => /^\s*((?:\d+\.)+\d*|[IVXL]+\.|\([a-z]\))\s/.exec(l)?.[1]).filter(Boolean);

/** A project with the shipped policy's DOCX editions built, and Mill Lane's copy imported as `imported`. */
async function importedProject(): Promise<{ dir: string; report: Record<string, unknown> }> {
  const dir = withoutRegisters(scratchProject());
  expect((await cli(dir, 'build', '--format', 'docx', '--out', 'word')).code).toBe(0);
  cpSync(join(dir, 'word/mill-lane-primary/social-networking.docx'), join(dir, 'Social Networking (Mill Lane).docx'));
  const imported = await cli(dir, 'import', 'Social Networking (Mill Lane).docx', '--id', 'imported', '--school', 'mill-lane-primary', '--json');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  // Riverside's copy too, with Riverside's values.
  const riverside = await cli(dir, 'import', 'word/riverside-infant/social-networking.docx', '--id', 'imported-riverside', '--school', 'riverside-infant', '--json');
  expect(riverside.code).toBe(0);
  expect(JSON.parse(riverside.stdout)).toMatchObject({ words: { unaccounted: [] } });
  return { dir, report: JSON.parse(imported.stdout) as Record<string, unknown> };
}

describe('policyc import: the round trip of the shipped policy', () => {
  let project: Promise<{ dir: string; report: Record<string, unknown> }> | undefined;
  const shared = () => (project ??= importedProject());

  it('imports Mill Lane\'s DOCX edition into a source that builds, for every school, the same editions as the original', async () => {
    const { dir, report } = await shared();
    expect(report).toMatchObject({ ok: true, file: 'policies/imported.md', numbering: 'roman', words: { unaccounted: [] } });
    expect(report.recognised).toMatchObject({ title: 1, sections: 9, unnumberedSections: 1, clauses: 22, subClauses: 16, editionBlock: 1 });
    const source = readFileSync(join(dir, 'policies/imported.md'), 'utf8');
    for (const placeholder of ['{{school.governingBody}}', '{{school.name}}', '{{school.roles.head}}', '{{school.roles.plural.head}}', '{{school.hr.name}}', '{{> legislation-list list=school.legislation.confidentiality}}', '{{> legislation-list list=school.legislation.publication sentence=true}}', '{{> hr-contacts}}', '{{> useful-contacts}}', '{{> guidance-list}}', '{{signature-block}}']) {
      expect(source).toContain(placeholder);
    }
    expect(source).not.toMatch(/Mill Lane|Shellena|Municipal Buildings/);

    const check = await cli(dir, 'check');
    expect(check.stderr).toMatch(/checked 3 policies for 2 schools: 0 errors/);
    expect((await cli(dir, 'build', '--format', 'html,docx')).code).toBe(0);

    for (const school of SCHOOLS) {
      const original = editionText(readFileSync(join(dir, `dist/${school}/social-networking.html`), 'utf8'));
      for (const policy of ['imported', 'imported-riverside']) {
        const imported = editionText(readFileSync(join(dir, `dist/${school}/${policy}.html`), 'utf8'));
        const figure = fidelity(original, imported);
        console.log(`fidelity (HTML, ${policy} for ${school}): ${(figure * 100).toFixed(2)}% of the original's ${words(original).length} words found in the imported source's edition`);
        expect(figure).toBeGreaterThanOrEqual(0.99);
        expect(numbersOf(imported)).toEqual(numbersOf(original));
        expect(imported).toBe(original);
      }
    }
    const riverside = htmlText(readFileSync(join(dir, 'dist/riverside-infant/imported.html'), 'utf8'));
    expect(riverside).toContain('The Governing Board of Riverside Nursery and Infant School is committed');
    expect(riverside).toContain('Priya Raman');
    expect(riverside).not.toMatch(/Mill Lane|Shellena Hussain|Governing Body/);
  });

  it.skipIf(!hasClient('pandoc'))('the DOCX editions read the same as the original\'s (pandoc -t plain), with a fidelity of at least 99%', async () => {
    const { dir } = await shared();
    if (!existsSync(join(dir, 'dist/riverside-infant/imported.docx'))) expect((await cli(dir, 'build', '--format', 'docx')).code).toBe(0);
    for (const school of SCHOOLS) {
      const plain = (policy: string) => run('pandoc', ['-t', 'plain', '--wrap=none', join(dir, `dist/${school}/${policy}.docx`)]);
      const original = plain('social-networking');
      const imported = plain('imported');
      const figure = fidelity(original, imported);
      console.log(`fidelity (DOCX, pandoc -t plain, ${school}): ${(figure * 100).toFixed(2)}% of the original's ${words(original).length} words`);
      expect(figure).toBeGreaterThanOrEqual(0.99);
      expect(numbersOf(imported)).toEqual(numbersOf(original));
      expect(imported).toBe(original);
    }
  });
});

describe('policyc import: what it writes, and what it refuses', () => {
  const simple = docx([para('Lone Working', { style: 'Title' }), para('1.\tIntroduction'), para('1.1\tStaff may work alone.')].join(''));

  it('prints a report, refuses to replace a policy without --force, and replaces it with --force', async () => {
    const dir = scratchProject({ files: { 'lone.docx': '' } });
    writeFileSync(join(dir, 'lone.docx'), simple);
    const first = await cli(dir, 'import', 'lone.docx', '--id', 'lone-working');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^policyc: imported lone\.docx as policies\/lone-working\.md\n/);
    expect(first.stdout).toContain('    version: TODO (not found; `policyc check` reports it until filled in)');
    expect(first.stdout).toMatch(/words: \d+ in the Word document's body: \d+ in the source, \d+ in this report, 0 unaccounted/);
    const written = readFileSync(join(dir, 'policies/lone-working.md'), 'utf8');

    const again = await cli(dir, 'import', 'lone.docx', '--id', 'lone-working');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('policyc: error: policies/lone-working.md exists: pass --force to replace it (nothing written)\n');
    writeFileSync(join(dir, 'policies/lone-working.md'), 'edited');
    expect((await cli(dir, 'import', 'lone.docx', '--id', 'lone-working', '--force')).code).toBe(0);
    expect(readFileSync(join(dir, 'policies/lone-working.md'), 'utf8')).toBe(written);
  });

  it('the TODO values it writes are errors for `policyc check` until they are filled in', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'lone.docx'), simple);
    expect((await cli(dir, 'import', 'lone.docx', '--id', 'lone-working')).code).toBe(0);
    const check = await cli(dir, 'check', '--policy', 'lone-working');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('policies/lone-working.md:3:10: error: `version` must be a version number like 3.0');
    expect(check.stderr).toContain('policies/lone-working.md:4:8: error: `owner` must not be empty');
    expect(check.stderr).toContain('policies/lone-working.md:5:11: error: `approved` must be a date written YYYY-MM-DD');
    expect(check.stderr).toContain('policies/lone-working.md:6:9: error: `review` must be a date written YYYY-MM-DD');
    expect(check.stderr).toContain('policies/lone-working.md:7:13: error: `applies-to` must not be empty');
  });

  it('never writes through a link, and checks the id and the school before reading anything', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'lone.docx'), simple);
    writeFileSync(join(dir, 'elsewhere.md'), 'keep');
    symlinkSync(join(dir, 'elsewhere.md'), join(dir, 'policies/linked.md'));
    const linked = await cli(dir, 'import', 'lone.docx', '--id', 'linked', '--force');
    expect(linked.code).toBe(1);
    expect(linked.stderr).toBe('policyc: error: policies/linked.md exists and is not a regular file (a link or a folder): nothing written\n');
    expect(readFileSync(join(dir, 'elsewhere.md'), 'utf8')).toBe('keep');

    const badId = await cli(dir, 'import', 'lone.docx', '--id', '../Escape');
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/--id `\.\.\/Escape` is not a policy id/);
    const noSchool = await cli(dir, 'import', 'lone.docx', '--id', 'lone-working', '--school', 'mill-lane');
    expect(noSchool.code).toBe(2);
    expect(noSchool.stderr).toMatch(/did you mean|known schools/);
    expect(existsSync(join(dir, 'policies/lone-working.md'))).toBe(false);
  });

  it('writes figures beside the policy, and never replaces a figure file it did not write, even with --force', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'flow.docx'), docx(para('1.\tProcedure') + picture('flow.png', 'Flowchart of the procedure'), {}, { 'flow.png': png() }));
    const first = await cli(dir, 'import', 'flow.docx', '--id', 'procedure');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('policies/figures/procedure-1.png ("Flowchart of the procedure")');
    expect(readFileSync(join(dir, 'policies/figures/procedure-1.png'))).toEqual(png());
    // The same figure again is fine; another file in its place is not.
    expect((await cli(dir, 'import', 'flow.docx', '--id', 'procedure', '--force')).code).toBe(0);
    writeFileSync(join(dir, 'policies/figures/procedure-1.png'), 'someone else\'s picture');
    writeFileSync(join(dir, 'policies/procedure.md'), 'edited');
    const clash = await cli(dir, 'import', 'flow.docx', '--id', 'procedure', '--force', '--json');
    expect(clash.code).toBe(1);
    expect(JSON.parse(clash.stdout)).toEqual({ ok: false, error: 'policies/figures/procedure-1.png exists with other content: move it away to import this document\'s figure there (nothing written)' });
    expect(readFileSync(join(dir, 'policies/procedure.md'), 'utf8')).toBe('edited');
  });

  it('broken input is a clear error, exit 1, and nothing is written', async () => {
    const dir = scratchProject();
    const good = simple;
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['notes.docx', 'just some text\n', /notes\.docx is not a Word document \(\.docx\): it is not a zip package/],
      ['corrupt.docx', good.slice(0, 200), /corrupt\.docx is a damaged zip package/],
      ['locked.docx', cfb, /locked\.docx is encrypted \(password-protected\) or an old binary Word document \(\.doc\)/],
      ['empty.docx', docx('<w:p/>'), /empty\.docx is an empty Word document: its body has no text/],
      ['zero.docx', '', /zero\.docx is empty \(0 bytes\)/],
    ];
    mkdirSync(join(dir, 'in'));
    for (const [name, bytes] of cases) writeFileSync(join(dir, 'in', name), bytes);
    const before = snapshot(join(dir, 'policies'));
    for (const [name, , message] of cases) {
      const result = await cli(dir, 'import', `in/${name}`, '--id', 'broken');
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(message);
      expect(result.stderr).toMatch(/^policyc: error: /);
    }
    const missing = await cli(dir, 'import', 'in/none.docx', '--id', 'broken');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('policyc: error: cannot read in/none.docx: no such file\n');
    expect(snapshot(join(dir, 'policies'))).toEqual(before);
    expect(readdirSync(join(dir, 'policies'))).toEqual(['figures', 'social-networking.md']);
  });
});

describe.skipIf(!hasClient('pandoc'))('policyc import: a long document pandoc made (this README)', () => {
  it('imports with every word accounted for, and the source passes `policyc check` once its front matter is filled in', async () => {
    const dir = scratchProject();
    // Without its pictures (pandoc prints their alt text): figures are the library issue's.
    writeFileSync(join(dir, 'readme.md'), readFileSync(join(REPO, 'README.md'), 'utf8').replaceAll('(.github/', '(missing/'));
    run('pandoc', [join(dir, 'readme.md'), '-o', join(dir, 'readme.docx')]);
    const imported = await cli(dir, 'import', 'readme.docx', '--id', 'readme', '--json');
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as { words: { body: number; unaccounted: string[] }; recognised: Record<string, number> };
    expect(report.words.body).toBeGreaterThan(5000);
    expect(report.words.unaccounted).toEqual([]);
    expect(report.recognised.tables).toBeGreaterThan(5);
    const path = join(dir, 'policies/readme.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('version: TODO', 'version: "1.0"').replace(/owner: "".*/, 'owner: HR').replace('approved: TODO', 'approved: 2026-09-01').replace('review: TODO', 'review: 2027-09-01').replace(/applies-to: "".*/, 'applies-to: All staff'));
    const check = await cli(dir, 'check', '--policy', 'readme');
    expect(check.stderr).toMatch(/checked 1 policy for 2 schools: 0 errors/);
  });
});

/**
 * These need the library issue (#15) merged: `numbering: decimal`, figures from
 * policies/figures and `Table:` captions. They run by themselves once the front matter
 * schema knows `numbering`; until then they are skipped, and say so.
 */
const LIBRARY_MERGED = 'numbering' in (policySchema.properties as Record<string, unknown>);
if (!LIBRARY_MERGED) console.warn('notice: the decimal-numbering and figure import build tests wait for the library issue (#15): policy.schema.json has no `numbering` yet');

describe.skipIf(!LIBRARY_MERGED || !hasClient('pandoc'))('needs #15 merged: an imported decimal policy with a figure builds for every school', () => {
  it('builds with 2.1.1 numbers, the figure and the table caption', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'flow.png'), png());
    writeFileSync(join(dir, 'typed.md'), ['---', 'title: Lone Working Policy', '---', '', '# 1. Scope', '', '1.1 This applies to everyone.', '', '1.1.1 Cleaners;', '', '![Flowchart of the check-in](flow.png)', '', 'Table 1: Who to call', '', '| Name | Telephone |', '|---|---|', '| Site manager | 01642 111111 |', ''].join('\n'));
    run('pandoc', [join(dir, 'typed.md'), '--resource-path', dir, '-o', join(dir, 'typed.docx')]);
    expect((await cli(dir, 'import', 'typed.docx', '--id', 'lone-working')).code).toBe(0);
    expect(readFileSync(join(dir, 'policies/figures/lone-working-1.png'))).toEqual(png());
    const path = join(dir, 'policies/lone-working.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('version: TODO', 'version: "1.0"').replace(/owner: "".*/, 'owner: HR').replace('approved: TODO', 'approved: 2026-09-01').replace('review: TODO', 'review: 2027-09-01').replace(/applies-to: "".*/, 'applies-to: All staff'));
    const built = await cli(dir, 'build', '--policy', 'lone-working', '--format', 'html');
    expect(built.stderr).not.toMatch(/error/);
    const html = readFileSync(join(dir, 'dist/mill-lane-primary/lone-working.html'), 'utf8');
    expect(htmlText(html)).toMatch(/1\.1\.1\s+Cleaners/);
    expect(html).toMatch(/Flowchart of the check-in/);
    expect(html).toMatch(/<caption[^>]*>Who to call/);
  });
});

/** The shipped library: every policy, for every shipped school (the two LA schools and the trust's academy). */
const LIBRARY = ['social-networking', 'whistleblowing', 'staff-code-of-conduct', 'acceptable-use-of-ict', 'lone-working'];
const LIBRARY_SCHOOLS = ['mill-lane-primary', 'riverside-infant', 'ysgol-ty-dwr'];
/** The policies written for the library: decimal numbering, contents, history, a figure, captioned tables. */
const NEWER = LIBRARY.filter((p) => p !== 'social-networking');

interface LibraryImport { dir: string; reports: Record<string, { recognised: Record<string, number>; figures: { file: string }[]; words: { unaccounted: string[] }; unmapped: { kind: string; note: string }[] }> }

/** The whole library's Mill Lane DOCX editions, each imported with --school mill-lane-primary as `imported-<policy>`, then every edition built in HTML. */
async function importedLibrary(): Promise<LibraryImport> {
  const dir = withoutRegisters(scratchProject({ library: true }));
  expect((await cli(dir, 'build', '--format', 'docx', '--out', 'word')).code).toBe(0);
  const reports: LibraryImport['reports'] = {};
  for (const policy of LIBRARY) {
    const imported = await cli(dir, 'import', `word/mill-lane-primary/${policy}.docx`, '--id', `imported-${policy}`, '--school', 'mill-lane-primary', '--json');
    expect(imported.stderr, policy).toBe('');
    expect(imported.code, policy).toBe(0);
    reports[policy] = JSON.parse(imported.stdout) as LibraryImport['reports'][string];
  }
  expect((await cli(dir, 'build', '--format', 'html')).code).toBe(0);
  return { dir, reports };
}

describe.skipIf(!LIBRARY_MERGED)('policyc import: the round trip of every shipped policy, for every shipped school', () => {
  let project: Promise<LibraryImport> | undefined;
  const shared = () => (project ??= importedLibrary());

  it('every imported source passes `policyc check` with 0 errors, and every word of each Word document is accounted for', async () => {
    const { dir, reports } = await shared();
    for (const policy of LIBRARY) expect(reports[policy]!.words.unaccounted, policy).toEqual([]);
    const check = await cli(dir, 'check', '--policy', ...LIBRARY.map((p) => `imported-${p}`));
    expect(check.stderr).toMatch(/checked 5 policies for 3 schools: 0 errors/);
  }, 120_000);

  it.each(LIBRARY)('%s: the imported Mill Lane copy builds, for every school, the same edition text as the original', async (policy) => {
    const { dir } = await shared();
    for (const school of LIBRARY_SCHOOLS) {
      const original = editionText(readFileSync(join(dir, `dist/${school}/${policy}.html`), 'utf8'));
      const imported = editionText(readFileSync(join(dir, `dist/${school}/imported-${policy}.html`), 'utf8'));
      const figure = fidelity(original, imported);
      console.log(`fidelity (HTML, ${policy} imported from Mill Lane's DOCX, for ${school}): ${(figure * 100).toFixed(2)}% of the original's ${words(original).length} words found in the imported source's edition`);
      expect(figure).toBeGreaterThanOrEqual(0.99);
      expect(numbersOf(imported)).toEqual(numbersOf(original));
      expect(imported).toBe(original);
    }
    const ysgol = htmlText(readFileSync(join(dir, `dist/ysgol-ty-dwr/imported-${policy}.html`), 'utf8'));
    expect(ysgol).toContain('Ysgol Gynradd Tŷ Dŵr');
    expect(ysgol).not.toMatch(/Mill Lane|Shellena/);
    if (policy !== 'social-networking') expect(ysgol).toMatch(/Principal/);
    if (policy === 'whistleblowing') expect(ysgol).toContain('Chair of Trustees');
  }, 120_000);

  it.each(NEWER)('%s: decimal numbering, the contents list, the document control, the SVG figure and its caption, the table captions, references and roles come back as source, not as copies', async (policy) => {
    const { dir, reports } = await shared();
    const original = readFileSync(join(dir, `policies/${policy}.md`), 'utf8');
    const source = readFileSync(join(dir, `policies/imported-${policy}.md`), 'utf8');
    const front = source.slice(0, source.indexOf('\n---\n', 4));
    expect(front).toMatch(/^numbering: decimal$/m);
    expect(front).toMatch(/^contents: true$/m);
    // The document-control table is the front matter's history, entry for entry (curly quotes kept).
    const history = (text: string) => [...text.matchAll(/^ {2}- version: "?([\d.]+)"?\n {4}date: (\S+)\n {4}summary: (.+)\n {4}approved-by: (.+)$/gm)].map((m) => [m[1], m[2], m[3]!.replace(/^"|"$/g, ''), m[4]!.replace(/^"|"$/g, '')]);
    expect(history(front).length).toBeGreaterThan(0);
    expect(history(front)).toEqual(history(original.slice(0, original.indexOf('\n---\n', 4))));
    // "… read in conjunction with …" is the front matter's related policies, printed by {{and-list}}.
    const related = (text: string) => /^related-policies:\n((?: {2}- .+\n)+)/m.exec(text)?.[1]!.split('\n').filter(Boolean).map((l) => l.replace(/^ {2}- "?|"$/g, ''));
    expect(related(front)).toEqual(related(original));
    expect(source).toContain('read in conjunction with the {{and-list policy.relatedPolicies}}.');
    const body = source.slice(front.length);
    expect(body).not.toMatch(/Document control|\| Version \| Date \|/);
    expect(body).not.toMatch(/^Contents$/m);
    // The figure: the SVG the DOCX carries (not its PNG fallback), with its caption as its title; the LA logo in the letterhead is not a figure.
    const [figure] = reports[policy]!.figures;
    expect(reports[policy]!.figures).toHaveLength(1);
    expect(figure!.file).toBe(`policies/figures/imported-${policy}-1.svg`);
    const shipped = /\]\(figures\/([\w-]+\.svg) "([^"]+)"\)/.exec(original)!;
    expect(readFileSync(join(dir, figure!.file))).toEqual(readFileSync(join(dir, 'policies/figures', shipped[1]!)));
    expect(body).toContain(`](figures/imported-${policy}-1.svg "${shipped[2]}")`);
    // Table captions, sub-clauses and labelled cross-references.
    const captions = (text: string) => [...text.matchAll(/^Table: (.+)$/gm)].map((m) => m[1]);
    expect(captions(body)).toEqual(captions(original));
    expect(body).toMatch(/^ {3}1\. /m);
    expect((body.match(/\[\]\(#[\w-]+\)/g) ?? []).length).toBe((original.match(/\[\]\(#[\w-]+\)/g) ?? []).length);
    // Role names are the roles' placeholders.
    for (const role of new Set(original.match(/\{\{school\.roles\.[\w.-]+\}\}/g) ?? [])) expect(body, role).toContain(role);
    // (A figure's alternative text is the picture's description, as written: not templated.)
    expect(body.replace(/^!\[.*$/gm, '')).not.toMatch(/Headteacher|Chair of Governors|Designated Safeguarding Lead/);
  }, 120_000);
});
