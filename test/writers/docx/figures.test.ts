import { beforeAll, describe, expect, it } from 'vitest';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { placeholderPng } from '../../../src/writers/docx/png.ts';
import { TEXT_WIDTH } from '../../../src/writers/docx/styles.ts';
import { ASSETS, FLOW_SVG, libraryEdition } from '../shared/library-fixture.ts';
import { openDocx, xmlProblems, type DocxPackage } from './package.ts';

let pkg: DocxPackage;
let document: string;
let rels: string;

beforeAll(async () => {
  pkg = await openDocx(await createDocxWriter().write(libraryEdition()));
  document = await pkg.text('word/document.xml');
  rels = await pkg.text('word/_rels/document.xml.rels');
});

/** The drawings of the body: their description, extent (EMU) and the media their blips name. */
function drawings(): { descr: string; cx: number; cy: number; blip: string; svg?: string }[] {
  return [...document.matchAll(/<w:drawing>([\s\S]*?)<\/w:drawing>/g)].map(([, d]) => {
    const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]*)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]*)"[^>]*Id="${id}"`).exec(rels)?.[1] ?? '';
    const svg = /<asvg:svgBlip [^>]*r:embed="([^"]*)"/.exec(d!)?.[1];
    return {
      descr: /<wp:docPr [^>]*descr="([^"]*)"/.exec(d!)![1]!,
      cx: Number(/<wp:extent cx="(\d+)" cy="(\d+)"/.exec(d!)![1]),
      cy: Number(/<wp:extent cx="(\d+)" cy="(\d+)"/.exec(d!)![2]),
      blip: target(/<a:blip r:embed="([^"]*)"/.exec(d!)![1]!),
      ...(svg ? { svg: target(svg) } : {}),
    };
  });
}

describe('figures in the DOCX edition', () => {
  it('embeds each figure and the logo as a picture whose description is the alt text', () => {
    expect(xmlProblems(document)).toEqual([]);
    expect(drawings().map((d) => d.descr)).toEqual(['Schools HR Advisory Service logo', 'Flowchart: raise the concern, then the Headteacher replies', 'A green banner']);
    // Drawing ids are unique and the same on every run.
    expect([...document.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2', '3']);
  });

  it('keeps an SVG as Word\'s SVG picture with a PNG fallback, and a PNG as it is', async () => {
    const [, flow, wide] = drawings();
    expect(flow!.svg).toMatch(/^media\/[0-9a-f]+\.svg$/);
    expect(await pkg.text(`word/${flow!.svg}`)).toBe(FLOW_SVG);
    expect(flow!.blip).toMatch(/\.png$/);
    const fallback = await pkg.zip.file(`word/${flow!.blip}`)!.async('uint8array');
    expect(Buffer.from(fallback).equals(Buffer.from(placeholderPng(240, 120)))).toBe(true);
    const png = await pkg.zip.file(`word/${wide!.blip}`)!.async('base64');
    expect(png).toBe(ASSETS['figures/wide.png']!.base64);
    expect(wide!.svg).toBeUndefined();
  });

  it('uses a PNG of the same name beside an SVG, when the edition carries one, as its fallback', async () => {
    const edition = libraryEdition();
    const png = ASSETS['figures/logo.png']!;
    const withPng = { meta: edition.meta, tree: edition.tree, assets: { ...edition.assets!, 'figures/flow.png': png } };
    const other = await openDocx(await createDocxWriter().write(withPng));
    const xml = await other.text('word/document.xml');
    const otherRels = await other.text('word/_rels/document.xml.rels');
    const flow = /<w:drawing>((?:(?!<\/w:drawing>)[\s\S])*descr="Flowchart[\s\S]*?)<\/w:drawing>/.exec(xml)![1]!;
    const id = /<a:blip r:embed="([^"]*)"/.exec(flow)![1]!;
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]*)"`).exec(otherRels)?.[1] ?? new RegExp(`Target="([^"]*)"[^>]*Id="${id}"`).exec(otherRels)![1]!;
    expect(await other.zip.file(`word/${target}`)!.async('base64')).toBe(png.base64);
    expect(flow).toContain('asvg:svgBlip');
  });

  it('scales a figure wider than the text down to its width, aspect ratio kept, and a small one not at all', () => {
    const [, flow, wide] = drawings();
    const emuPerPx = 9525;
    expect([flow!.cx, flow!.cy]).toEqual([240 * emuPerPx, 120 * emuPerPx]);
    const textWidthEmu = (TEXT_WIDTH / 15) * emuPerPx;
    expect(wide!.cx).toBeLessThanOrEqual(textWidthEmu + emuPerPx);
    expect(wide!.cx).toBeGreaterThan(textWidthEmu - emuPerPx);
    expect(wide!.cx / wide!.cy).toBeCloseTo(4, 1);
  });

  it('prints the caption under the figure, kept with it', () => {
    const at = document.indexOf('Figure 1: How a concern is handled');
    expect(at).toBeGreaterThan(document.indexOf('descr="Flowchart'));
    const paragraph = document.slice(document.lastIndexOf('<w:p>', at), at);
    expect(paragraph).toContain('<w:pStyle w:val="Caption"/>');
  });
});
