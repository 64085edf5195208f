import { describe, expect, it } from 'vitest';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { createHtmlWriter } from '../../../src/writers/html/write-html.ts';
import type { Writer } from '../../../src/writers/shared/writer.ts';
import { htmlText } from '../../helpers/html-text.ts';
import { frontMatter, policyBuilder } from '../build.ts';
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
