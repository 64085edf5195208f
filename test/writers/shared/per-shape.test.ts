import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../../src/batch/build.ts';
import { loadProject } from '../../../src/project/load-project.ts';
import { perShapeCounts } from '../../../src/writers/shared/per-shape.ts';
import { addSchools, scratchProject } from '../../helpers/project.ts';

describe('the per-shape path', () => {
  it('writes every HTML and DOCX edition of the shipped project from a rendered shape, never alone', async () => {
    const dir = scratchProject();
    addSchools(dir, 3); // three more schools of Riverside's shape: shapes are shared, not only made
    const before = { ...perShapeCounts };
    // One job renders in this thread, so the counts are this process's.
    const report = await build(await loadProject(dir), { outDir: join(dir, 'dist'), formats: ['html', 'docx'], jobs: 1 });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.editions.map((e) => e.status)).toEqual(Array(5).fill('built'));
    expect(perShapeCounts.alone - before.alone).toBe(0);
    expect(perShapeCounts.filled - before.filled).toBe(5 * 2);
  }, 120_000);
});
