import { describe, expect, it } from 'vitest';
import { openEdition } from '../../../src/document/tokenized-edition.ts';
import type { Edition } from '../../../src/document/types.ts';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { perShapeCounts } from '../../../src/writers/shared/per-shape.ts';
import { normalise } from '../../helpers/seed.ts';
import { policyBuilder, school } from '../build.ts';
import { attributes, openDocx, wordText, type DocxPackage } from './package.ts';

/** The edition written from its shape (checked to be so) and from its own tree alone: the same bytes; the package. */
async function bothPaths(edition: Edition): Promise<DocxPackage> {
  const before = perShapeCounts.filled;
  const perShape = await createDocxWriter().write(edition);
  expect(perShapeCounts.filled).toBe(before + 1);
  const alone = await createDocxWriter().write({ meta: edition.meta, tree: edition.tree });
  expect(Buffer.from(perShape).equals(Buffer.from(alone))).toBe(true);
  return openDocx(perShape);
}

/** An edition whose values are swapped, behind the edition maker's back (it refuses them: test/document), for others. */
function withValues(edition: Edition, swap: Record<string, string>): Edition {
  const tokenized = edition.tokenized!;
  return openEdition({ ...tokenized, values: tokenized.values.map(([path, value]) => [path, swap[path] ?? value]) });
}

const addresses = policyBuilder('# One\n\n1. Visit [our authority]({{school.la.name}}), [the board][board] and [the clause](#here).\n1. {#here} Here.\n\n[board]: {{school.hr.name}}\n');
const allowed = school({ la: { name: 'https://example.org/la' }, hr: { name: 'mailto:hr@example.org', address: [], contacts: [] } });

describe('addresses in a DOCX edition', () => {
  it('are hyperlinks, a placeholder’s and a link definition’s too, when they are allowed', async () => {
    const pkg = await bothPaths(addresses(allowed));
    const rels = await pkg.text('word/_rels/document.xml.rels');
    expect(attributes(rels, 'Relationship', 'Target').filter((t) => /:/.test(t))).toEqual(['https://example.org/la', 'mailto:hr@example.org']);
    expect(attributes(await pkg.text('word/document.xml'), 'w:hyperlink', 'w:anchor')).toEqual(['clause_1_2']);
  });

  it('outside the allow-list are never hyperlinks, in the per-shape path and alone, whoever let them through', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', '//evil.example/x', '\\\\host\\share', 'relative/page.html']) {
      const pkg = await bothPaths(withValues(addresses(allowed), { 'school.la.name': url, 'school.hr.name': url }));
      const rels = await pkg.text('word/_rels/document.xml.rels');
      expect(rels, url).not.toContain('relationships/hyperlink');
      const document = await pkg.text('word/document.xml');
      expect(attributes(document, 'w:hyperlink', 'r:id'), url).toEqual([]);
      expect(normalise(wordText(document))).toContain('1.1 Visit our authority, the board and the clause.');
    }
  });
});

describe('a value with right-to-left text or a bidirectional control in a DOCX edition', () => {
  const RLO_NAME = '\u202Eabc';
  const isolated = `\u2068${RLO_NAME}\u2069`;
  const bidi = policyBuilder('# One\n\n1. The {{school.governingBody}} of {{school.name}} is committed to this policy.\n');

  it('is in its own isolate (U+2068 … U+2069) wherever it is printed, from the shape as alone', async () => {
    const pkg = await bothPaths(bidi(school({ name: RLO_NAME, signatories: [{ role: 'Head Teacher', name: RLO_NAME }] })));
    const text = normalise(wordText(await pkg.text('word/document.xml')));
    expect(text).toContain(`The Governing Body of ${isolated} is committed to this policy.`);
    expect(text).toContain(`T School ${isolated}`); // the masthead (the title alone), then the edition block
    expect(text).toContain(`Print name ${isolated}`);
    expect(normalise(wordText(await pkg.text('word/header1.xml')))).toBe(`${isolated} T`);
    expect(await pkg.text('docProps/core.xml')).toContain(`<dc:subject>${isolated}</dc:subject>`);
  });

  it('leaves every other value as it was', async () => {
    const pkg = await bothPaths(bidi(school({ name: 'Mill Lane Primary School' })));
    for (const name of ['word/document.xml', 'word/header1.xml', 'docProps/core.xml']) expect(await pkg.text(name)).not.toMatch(/[\u2068\u2069]/);
  });
});

describe('anchors in a DOCX edition', () => {
  it('are bookmarks of their own: two headings with the same text each have one, and a reference reaches the second', async () => {
    const pkg = await bothPaths(policyBuilder('# One\n\n## Notes {#first}\n\n1. a\n\n## Notes {#second}\n\n1. b\n\n# Two\n\n1. See [the second notes](#second) and [the first](#first).\n')());
    const document = await pkg.text('word/document.xml');
    const names = attributes(document, 'w:bookmarkStart', 'w:name');
    expect(names).toEqual(expect.arrayContaining(['heading_notes', 'heading_notes_2']));
    expect(new Set(names).size).toBe(names.length);
    expect(attributes(document, 'w:hyperlink', 'w:anchor')).toEqual(['heading_notes_2', 'heading_notes']);
    // each on its own heading: the first before clause 1.1, the second after it
    const at = (name: string) => document.indexOf(`<w:bookmarkStart w:name="${name}"`);
    expect(at('heading_notes')).toBeLessThan(at('clause_1_1'));
    expect(at('heading_notes_2')).toBeGreaterThan(at('clause_1_1'));
    expect(document).toMatch(/<w:bookmarkStart w:name="heading_notes_2" w:id="\d+"\/><w:r><w:t xml:space="preserve">Notes<\/w:t><\/w:r><w:bookmarkEnd/);
  });
});
