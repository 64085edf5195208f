import { describe, expect, it } from 'vitest';
import { plain, readHtml } from '../../src/import/html-blocks.ts';

describe('readHtml (mammoth\'s HTML as blocks)', () => {
  it('knows each block\'s paragraph from its pcp bookmark and keeps other bookmarks', () => {
    const { blocks } = readHtml('<h1><a id="pcp-1"></a><a id="section_1"></a>1.\tIntroduction</h1><p><a id="pcp-2"></a>The <strong>Governing</strong> <em>Body</em><br />next line</p>');
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 1, para: 1, bookmarks: ['section_1'] });
    expect(plain((blocks[0] as unknown as { inl: never }).inl)).toBe('1.\tIntroduction');
    expect(blocks[1]).toMatchObject({ kind: 'p', para: 2 });
    expect((blocks[1] as { inl: unknown[] }).inl).toEqual([
      { t: 'text', s: 'The ' }, { t: 'strong', c: [{ t: 'text', s: 'Governing' }] }, { t: 'text', s: ' ' }, { t: 'em', c: [{ t: 'text', s: 'Body' }] }, { t: 'br' }, { t: 'text', s: 'next line' },
    ]);
  });

  it('reads nested lists, tables with header rows, links and footnotes', () => {
    const html = '<ul><li><a id="pcp-3"></a>one<ul><li><a id="pcp-4"></a>inner</li></ul></li><li>two <a href="https://example.org/">link</a><sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></li></ul>'
      + '<table><thead><tr><th><p>Name</p></th><th><p>Phone</p></th></tr></thead><tbody><tr><td><p>Ann</p><p>Office</p></td><td colspan="1"><p>123</p></td></tr></tbody></table>'
      + '<ol><li id="footnote-1"><p>A note. <a href="#footnote-ref-1">↑</a></p></li></ol>';
    const { blocks, notes } = readHtml(html);
    expect(blocks).toHaveLength(2);
    const list = blocks[0] as unknown as { kind: 'list'; items: { para?: number; inl: never; children: { kind: string }[] }[] };
    expect(list.items[0]).toMatchObject({ para: 3, children: [{ kind: 'list' }] });
    expect(list.items[1]!.inl).toContainEqual({ t: 'link', href: 'https://example.org/', c: [{ t: 'text', s: 'link' }] });
    expect(list.items[1]!.inl).toContainEqual({ t: 'note', id: 'footnote-1' });
    expect(blocks[1]).toMatchObject({ kind: 'table', headerRows: 1 });
    expect((blocks[1] as { rows: { paragraphs: unknown[] }[][] }).rows[1]![0]!.paragraphs).toHaveLength(2);
    expect(plain(notes.get('footnote-1')!.paragraphs[0]!)).toBe('A note.');
  });
});
