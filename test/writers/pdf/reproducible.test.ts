import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditionMaker } from '../../../src/document/edition-maker.ts';
import type { Edition } from '../../../src/document/types.ts';
import { loadProject } from '../../../src/project/load-project.ts';
import { Templating } from '../../../src/templating/engine.ts';
import { createPdfWriter } from '../../../src/writers/pdf/write-pdf.ts';
import type { Writer } from '../../../src/writers/shared/writer.ts';
import { REPO, cli, scratchProject } from '../../helpers/project.ts';
import { hasPoppler, pdfFile, pdfInfo } from './poppler.ts';

const poppler = hasPoppler();
let editions: Edition[];
let writer: Writer;

beforeAll(async () => {
  const project = await loadProject(REPO);
  const templating = await Templating.load(project.templatesDir);
  const builder = new EditionMaker(templating.compile(project.policies.find((p) => p.id === 'social-networking')!).compiled!, { figures: project.figures });
  editions = project.schools.map((school) => builder.build(school).edition!);
  writer = await createPdfWriter({});
});
afterAll(() => writer?.close?.());

const write = async (edition: Edition, w: Writer = writer) => Buffer.from(await w.write(edition));

describe('reproducible PDF editions', () => {
  it('builds identical bytes twice through the CLI, into two output folders', async () => {
    const dir = scratchProject();
    for (const out of ['one', 'two']) expect((await cli(dir, 'build', '--format', 'pdf', '--out', out)).code).toBe(0);
    for (const school of ['mill-lane-primary', 'riverside-infant']) {
      const a = readFileSync(join(dir, 'one', school, 'social-networking.pdf'));
      const b = readFileSync(join(dir, 'two', school, 'social-networking.pdf'));
      expect(a.subarray(0, 5).toString()).toBe('%PDF-');
      expect(a.equals(b)).toBe(true);
    }
  });

  it('writes the same bytes whatever the writer wrote before (its caches never leak into a file)', async () => {
    const [mill, riverside] = editions as [Edition, Edition];
    const first = await write(mill);
    await write(riverside);
    const renamed = structuredClone(mill);
    renamed.meta.schoolName = 'Another School';
    await write(renamed);
    expect((await write(mill)).equals(first)).toBe(true);
    const fresh = await createPdfWriter({});
    try {
      expect((await write(mill, fresh)).equals(first)).toBe(true);
    } finally {
      await fresh.close?.();
    }
  });

  it('differs between schools', async () => {
    const [mill, riverside] = editions as [Edition, Edition];
    expect((await write(mill)).equals(await write(riverside))).toBe(false);
  });
});

describe.skipIf(!poppler)('the creation date', () => {
  it('is the approval date, or SOURCE_DATE_EPOCH when that is set', async () => {
    const mill = editions[0]!;
    expect(pdfInfo(pdfFile(await write(mill))).CreationDate).toBe('Tue Sep  1 00:00:00 2026 UTC');
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const info = pdfInfo(pdfFile(await write(mill)));
      expect(info.CreationDate).toBe('Tue Nov 14 22:13:20 2023 UTC');
      expect(info.ModDate).toBe('Tue Nov 14 22:13:20 2023 UTC');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });

  it('follows SOURCE_DATE_EPOCH through the CLI as well', async () => {
    const dir = scratchProject();
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1600000000';
    try {
      expect((await cli(dir, 'build', '--format', 'pdf', '--school', 'mill-lane-primary')).code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    expect(pdfInfo(join(dir, 'dist/mill-lane-primary/social-networking.pdf')).CreationDate).toBe('Sun Sep 13 12:26:40 2020 UTC');
  });
});
