import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchProject } from '../../helpers/project.ts';
import { missingFromText, skeleton } from '../../helpers/seed.ts';
import { bodyText, hasPoppler, pdfInfo, xmp } from './poppler.ts';

const poppler = hasPoppler();

async function build(standard: string): Promise<string> {
  const dir = scratchProject();
  const result = await cli(dir, 'build', '--format', 'pdf', '--pdf-standard', standard, '--school', 'mill-lane-primary');
  expect(result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  return join(dir, 'dist/mill-lane-primary/social-networking.pdf');
}

describe.skipIf(!poppler)('--pdf-standard', () => {
  it('ua-1 builds a tagged PDF/UA-1 file that shows its title and states its language', async () => {
    const file = await build('ua-1');
    expect(xmp(file)).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(pdfInfo(file).Tagged).toBe('yes');
    expect(pdfInfo(file).Title).toBe('Social Networking Policy for Staff in Schools');
    const raw = readFileSync(file, 'latin1');
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/S /TH');
    expect(missingFromText(bodyText(file), skeleton)).toEqual([]);
  });

  it('a-2b builds a PDF/A-2b file', async () => {
    const file = await build('a-2b');
    const meta = xmp(file);
    expect(meta).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(meta).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(pdfInfo(file).Tagged).toBe('yes');
    expect(missingFromText(bodyText(file), skeleton)).toEqual([]);
  });

  it('leaves the default PDF without a conformance claim', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build', '--format', 'pdf', '--school', 'mill-lane-primary')).code).toBe(0);
    const meta = xmp(join(dir, 'dist/mill-lane-primary/social-networking.pdf'));
    expect(meta).not.toMatch(/pdfuaid|pdfaid/);
  });
});
