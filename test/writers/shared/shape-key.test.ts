import { describe, expect, it } from 'vitest';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { createHtmlWriter } from '../../../src/writers/html/write-html.ts';
import type { Writer } from '../../../src/writers/shared/writer.ts';
import { htmlText } from '../../helpers/html-text.ts';
import type { HouseStyle } from '../../../src/document/types.ts';
import { PerShape } from '../../../src/writers/shared/per-shape.ts';
import { frontMatter, policyBuilder, school } from '../build.ts';
import { openDocx, wordText } from '../docx/package.ts';

/**
 * A writer keeps the shapes it has rendered for as long as it lives. Two policies
 * (here with the same id, as two builds of one edited policy in one process would
 * have) must never share one: neither with different bodies nor with different titles.
 */
const front = (title: string) => frontMatter({ title });
const editions = [
  policyBuilder('# Alpha {{school.name}}\n', front('First'))(),
  policyBuilder('# Beta {{school.name}}\n', front('First'))(),
  policyBuilder('# Beta {{school.name}}\n', front('Second'))(),
];
const expected = [['Alpha', 'First'], ['Beta', 'First'], ['Beta', 'Second']];

async function texts(writer: Writer, read: (bytes: Uint8Array) => Promise<string>): Promise<string[]> {
  const out: string[] = [];
  for (const edition of editions) out.push(await read(await writer.write(edition)));
  return out;
}

describe('rendered shapes kept by one writer', () => {
  it('are never shared between policies (HTML)', async () => {
    const found = await texts(createHtmlWriter(), async (bytes) => htmlText(new TextDecoder().decode(bytes)));
    found.forEach((text, i) => {
      for (const word of expected[i]!) expect(text).toContain(word);
    });
  });

  it('are never shared between policies (DOCX)', async () => {
    const found = await texts(createDocxWriter(), async (bytes) => {
      const pkg = await openDocx(bytes);
      return `${wordText(await pkg.text('word/header1.xml'))} ${wordText(await pkg.text('word/document.xml'))}`;
    });
    found.forEach((text, i) => {
      for (const word of expected[i]!) expect(text).toContain(word);
    });
  });
});

describe('rendered shapes and the house style', () => {
  it('are shared by schools of one shape and one style, never by schools whose styles differ', async () => {
    const build = policyBuilder('# Alpha {{school.name}}\n', front('First'));
    // The style as a school's config gives it (its logo checked against the figures elsewhere).
    const styled = (style?: HouseStyle) => {
      const edition = build(school({ name: 'S' }));
      if (style) edition.meta.style = style;
      return edition;
    };
    let renders = 0;
    const shapes = new PerShape<string>({ render: (_tree, meta) => `${++renders}:${meta.style?.accent}:${meta.style?.logo ?? ''}` });
    const navy = { accent: '#1d4f91', font: 'Liberation Sans' as const };
    const made = [
      styled(), styled(navy), styled({ ...navy, accent: '#006633' }), styled({ ...navy, logo: 'figures/la-logo.svg' }), styled({ ...navy }),
    ];
    const rendered = [];
    for (const edition of made) rendered.push((await shapes.get(edition))!.shape);
    // The default style is the navy one: the first, second and last share.
    expect(rendered).toEqual(['1:#1d4f91:', '1:#1d4f91:', '2:#006633:', '3:#1d4f91:figures/la-logo.svg', '1:#1d4f91:']);
  });
});
