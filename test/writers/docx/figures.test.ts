import { beforeAll, describe, expect, it } from 'vitest';
import { createDocxWriter } from '../../../src/writers/docx/write-docx.ts';
import { svgFallback } from '../../../src/writers/docx/svg-fallback.ts';
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
  it('embeds each figure in the body and the logo in page 1\'s header, each a picture whose description is the alt text', async () => {
    expect(xmlProblems(document)).toEqual([]);
    expect(drawings().map((d) => d.descr)).toEqual(['Flowchart: raise the concern, then the Headteacher replies', 'A green banner']);
    const header = await pkg.text('word/header2.xml');
    expect(xmlProblems(header)).toEqual([]);
    expect(header).toMatch(/<wp:docPr id="1" name="Logo" descr="Schools HR Advisory Service logo"\/>/);
    // The header's pictures resolve through its own relationships.
    const headerRels = await pkg.text('word/_rels/header2.xml.rels');
    for (const [, id] of header.matchAll(/r:embed="([^"]+)"/g)) expect(headerRels).toContain(`Id="${id}"`);
    // Drawing ids are unique and the same on every run.
    expect([...document.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1])).toEqual(['2', '3']);
  });

  it('keeps an SVG as Word\'s SVG picture with a PNG fallback, and a PNG as it is', async () => {
    const [flow, wide] = drawings();
    expect(flow!.svg).toMatch(/^media\/[0-9a-f]+\.svg$/);
    expect(await pkg.text(`word/${flow!.svg}`)).toBe(FLOW_SVG);
    expect(flow!.blip).toMatch(/\.png$/);
    const fallback = Buffer.from(await pkg.zip.file(`word/${flow!.blip}`)!.async('uint8array'));
    // The same picture drawn as a PNG at twice its size (IHDR: width, height), not a blank frame.
    expect(fallback.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([fallback.readUInt32BE(16), fallback.readUInt32BE(20)]).toEqual([480, 240]);
    const blank = svgFallback({ mime: 'image/svg+xml', width: 240, height: 120, base64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120" width="240" height="120"/>').toString('base64') });
    expect(fallback.length).toBeGreaterThan(blank.length);
    const png = await pkg.zip.file(`word/${wide!.blip}`)!.async('base64');
    expect(png).toBe(ASSETS['figures/wide.png']!.base64);
    expect(wide!.svg).toBeUndefined();
  });

  it('draws the fallback the same every time, text in the bundled Liberation Sans', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" width="200" height="40"><text x="10" y="28" font-size="20">Raise a concern</text></svg>';
    const asset = { mime: 'image/svg+xml' as const, width: 200, height: 40, base64: Buffer.from(svg).toString('base64') };
    const once = Buffer.from(svgFallback(asset));
    const empty = Buffer.from(svgFallback({ ...asset, base64: Buffer.from(svg.replace('Raise a concern', '')).toString('base64') }));
    expect(once.equals(Buffer.from(svgFallback({ ...asset })))).toBe(true);
    // The text is drawn: a font was found without asking the machine for one.
    expect(once.equals(empty)).toBe(false);
  });

  it('scales a figure wider than the text down to its width, aspect ratio kept, and a small one not at all', () => {
    const [flow, wide] = drawings();
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
