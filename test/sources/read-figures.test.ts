import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { readFigures } from '../../src/sources/read-figures.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string | Buffer>): { root: string; figures: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'policyc-figures-'));
  const outside = mkdtempSync(join(tmpdir(), 'policyc-outside-'));
  dirs.push(root, outside);
  const figures = join(root, 'policies', 'figures');
  mkdirSync(figures, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(figures, name), text);
  return { root, figures, outside };
}

/** A PNG of the given size: the signature and an IHDR chunk (enough for its size to be read). */
function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="10" height="10" fill="url(#g)"/><use href="#a"/></svg>';

describe('readFigures', () => {
  it('reads the SVGs and PNGs of policies/figures with their size, by the name a policy gives them', async () => {
    const { root } = project({
      'flow.svg': SVG,
      'sized.svg': '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="120" viewBox="0 0 10 10"/>',
      'half.svg': "<svg xmlns='http://www.w3.org/2000/svg' width='200' viewBox='0 0 100 50'/>",
      'logo.png': png(640, 200),
      'notes.txt': 'not a figure',
      '.flow.svg.swp': 'an editor’s',
    });
    const { figures, diagnostics } = await readFigures(root);
    expect(diagnostics).toEqual([]);
    expect([...figures.keys()]).toEqual(['figures/flow.svg', 'figures/half.svg', 'figures/logo.png', 'figures/sized.svg']);
    expect(figures.get('figures/flow.svg')).toMatchObject({ mime: 'image/svg+xml', width: 400, height: 300 });
    expect(Buffer.from(figures.get('figures/flow.svg')!.base64, 'base64').toString()).toBe(SVG);
    expect(figures.get('figures/sized.svg')).toMatchObject({ width: 75.59, height: 120 });
    expect(figures.get('figures/half.svg')).toMatchObject({ width: 200, height: 100 });
    expect(figures.get('figures/logo.png')).toMatchObject({ mime: 'image/png', width: 640, height: 200 });
  });

  it('is empty without a policies/figures folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'policyc-figures-'));
    dirs.push(root);
    expect(await readFigures(root)).toEqual({ figures: new Map(), diagnostics: [] });
  });

  it('refuses an SVG that could run or fetch anything, at its place in the file', async () => {
    const { root } = project({
      'script.svg': '<svg viewBox="0 0 1 1">\n  <script>alert(1)</script></svg>',
      'handler.svg': '<svg viewBox="0 0 1 1" onload="alert(1)"/>',
      'foreign.svg': '<svg viewBox="0 0 1 1"><foreignObject/></svg>',
      'remote.svg': '<svg viewBox="0 0 1 1"><image xlink:href="https://example.org/x.png"/></svg>',
      'file.svg': '<svg viewBox="0 0 1 1"><use href="other.svg#a"/></svg>',
      'css.svg': '<svg viewBox="0 0 1 1"><style>rect { fill: url(https://e.org/x) }</style></svg>',
      'entity.svg': '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg viewBox="0 0 1 1">&x;</svg>',
      'nosize.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'text.svg': 'hello',
      'fake.png': 'not a png at all, really not',
    });
    const { figures, diagnostics } = await readFigures(root);
    expect(figures.size).toBe(0);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^policies\/figures\/css\.svg:1:44: error: SVG has a url\(\) outside the file/),
      expect.stringMatching(/^policies\/figures\/entity\.svg:1:16: error: SVG has an entity declaration/),
      'policies/figures/fake.png:1:1: error: is not a PNG image (save the image as a PNG or SVG)',
      expect.stringMatching(/^policies\/figures\/file\.svg:1:29: error: SVG refers to `other.svg#a`, outside the file/),
      expect.stringMatching(/^policies\/figures\/foreign\.svg:1:24: error: SVG has a foreignObject/),
      expect.stringMatching(/^policies\/figures\/handler\.svg:1:24: error: SVG has an event handler attribute/),
      'policies/figures/nosize.svg:1:1: error: SVG has no size: give its <svg> a viewBox, or a width and height (add viewBox="0 0 WIDTH HEIGHT" to the <svg> element)',
      expect.stringMatching(/^policies\/figures\/remote\.svg:1:31: error: SVG refers to `https:\/\/example.org\/x.png`/),
      expect.stringMatching(/^policies\/figures\/script\.svg:2:3: error: SVG has a script, which a figure may not have/),
      'policies/figures/text.svg:1:1: error: is not an SVG image: it has no <svg> element (save the drawing as SVG)',
    ]);
  });

  it('reads only regular files inside policies/figures, within the limit on a figure', async () => {
    const { root, figures: dir, outside } = project({ 'big.png': png(1, 1), 'ok.svg': SVG });
    truncateSync(join(dir, 'big.png'), 2 * 1024 * 1024 + 1);
    writeFileSync(join(outside, 'secret.svg'), SVG);
    symlinkSync(join(outside, 'secret.svg'), join(dir, 'out.svg'));
    symlinkSync(join(dir, 'ok.svg'), join(dir, 'alias.svg'));
    execFileSync('mkfifo', [join(dir, 'pipe.svg')]);
    const { figures, diagnostics } = await readFigures(root);
    expect([...figures.keys()]).toEqual(['figures/alias.svg', 'figures/ok.svg']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'policies/figures/big.png:1:1: error: file is 2097153 bytes, over the limit on the size of a figure (an SVG or PNG in policies/figures) (limit 2097152 bytes; make the image smaller (a PNG at a lower resolution, an SVG simplified))',
      expect.stringMatching(/^policies\/figures\/out\.svg:1:1: error: is a link to .*secret\.svg, outside the project; figures must be files in policies\/figures$/),
      'policies/figures/pipe.svg:1:1: error: is a named pipe (FIFO), not a regular file; figures must be files in policies/figures',
    ]);
  });
});
