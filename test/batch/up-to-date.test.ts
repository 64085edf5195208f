import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previousEditions } from '../../src/batch/up-to-date.ts';
import { readManifest } from '../../src/output/manifest.ts';
import { cli, scratchProject } from '../helpers/project.ts';

const statuses = (stdout: string) => (JSON.parse(stdout) as { editions: { status: string }[] }).editions.map((e) => e.status);

/** What a damaged or hand-edited manifest can look like. */
const DAMAGED: Record<string, string> = {
  'hand-edited': '{"editions":[{"id":"x"}]}',
  'not JSON': '{"generator": "policyc", "editions": [',
  'empty': '',
  'a path out of the folder': JSON.stringify({ generator: 'policyc', editions: [{ id: 'a/b', school: { id: 'a', name: 'A' }, policy: { id: 'b', title: 'B', version: '1', approved: '2026-01-01', review: '2027-01-01' }, inputHash: '0'.repeat(64), files: [{ format: 'html', path: '../../etc/passwd', bytes: 1, sha256: '0'.repeat(64) }] }] }),
};

describe('the previous manifest', () => {
  it('damaged or hand-edited: build and build --force warn naming it, rebuild every edition and write it anew; clean removes nothing with it', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build', '--format', 'html')).code).toBe(0);
    const html = readFileSync(join(dir, 'dist/mill-lane-primary/social-networking.html'));
    for (const [what, text] of Object.entries(DAMAGED)) {
      for (const force of [[], ['--force']]) {
        writeFileSync(join(dir, 'dist/manifest.json'), text);
        const result = await cli(dir, 'build', '--format', 'html', '--json', ...force);
        expect(result.code, `${what}: ${result.stderr}`).toBe(0);
        expect(result.stderr).not.toContain('internal error');
        const warning = (JSON.parse(result.stdout) as { diagnostics: { file: string; severity: string; message: string }[] }).diagnostics[0];
        expect(warning, what).toMatchObject({ file: 'dist/manifest.json', severity: 'warning', message: expect.stringMatching(/^not a valid policyc manifest \(.+\): ignored, so this run rebuilds its editions and writes it anew$/) });
        expect(statuses(result.stdout)).toEqual(['built', 'built']);
        expect(readManifest(join(dir, 'dist/manifest.json')).state).toBe('valid');
      }
      writeFileSync(join(dir, 'dist/manifest.json'), text);
      const clean = await cli(dir, 'clean');
      expect(clean.code, what).toBe(1);
      expect(clean.stderr).toMatch(/^dist\/manifest\.json:1:1: error: not a valid policyc manifest \(.+\): clean cannot tell what policyc wrote, so it removed only temporary files/m);
      expect(clean.stderr).not.toContain('internal error');
      expect(readFileSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toEqual(html);
    }
  });

  it('printed in the plain report as a warning at the file', async () => {
    const dir = scratchProject();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/manifest.json'), '{"editions":[{"id":"x"}]}');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('dist/manifest.json:1:1: warning: not a valid policyc manifest (the top level: missing `generator`): ignored, so this run rebuilds its editions and writes it anew\n');
  });

  it('a folder where manifest.json goes: a warning, then an error naming it, the editions still built', async () => {
    const dir = scratchProject();
    mkdirSync(join(dir, 'dist/manifest.json'), { recursive: true });
    writeFileSync(join(dir, 'dist/manifest.json/x'), 'x');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dist/manifest.json:1:1: warning: not a valid policyc manifest (it is a folder, not a file)');
    expect(result.stderr).toContain('dist/manifest.json:1:1: error: cannot write dist/manifest.json: a folder is in its place (EISDIR): the editions built are on disk, but the manifest still describes the previous run, so the next build rebuilds them');
    expect(result.stderr).not.toContain('internal error');
    expect(readFileSync(join(dir, 'dist/riverside-infant/social-networking.html'), 'utf8')).toContain('<!doctype html>');
  });

  it('a shard reads its own part; a part copied from another shard is ignored with a warning', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build', '--format', 'html', '--shard', '1/2')).code).toBe(0);
    expect(previousEditions(join(dir, 'dist'), { k: 1, n: 2 }, 'dist')).toMatchObject({ diagnostics: [] });
    expect([...previousEditions(join(dir, 'dist'), { k: 1, n: 2 }).editions.keys()]).toEqual(['mill-lane-primary/social-networking']);
    cpSync(join(dir, 'dist/manifest.shard-1-of-2.json'), join(dir, 'dist/manifest.shard-2-of-2.json'));
    const copied = previousEditions(join(dir, 'dist'), { k: 2, n: 2 }, 'dist');
    expect(copied.editions.size).toBe(0);
    expect(copied.diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual(['dist/manifest.shard-2-of-2.json: not a valid policyc manifest (it records shard 1/2): ignored, so this run rebuilds its editions and writes it anew']);
    rmSync(join(dir, 'dist'), { recursive: true });
  });
});
