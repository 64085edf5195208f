import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src/output/clean.ts';
import { addSchools, cli, scratchProject, snapshot } from '../helpers/project.ts';

/** Someone else's files in the output folder: a web site's own pages and assets, notes. */
const THEIRS: Record<string, string> = {
  'index.html': '<!doctype html><title>The LA\'s own site</title>',
  'notes.txt': 'mine',
  'assets/site.css': 'body {}',
  'about/index.html': '<p>About us</p>',
  'mill-lane-primary/notes.txt': 'a note beside the editions',
  'school-001/photo.jpg': 'jpeg',
  'not-a-temp.policyc-tmp': 'not one of policyc\'s names',
};

function put(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

describe('clean removes only what policyc wrote', () => {
  it('pointed at a web site\'s root with no policyc manifest: removes nothing', async () => {
    const dir = scratchProject();
    put(join(dir, 'site'), THEIRS);
    const before = snapshot(join(dir, 'site'));
    const result = await cli(dir, 'clean', '--out', 'site');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(snapshot(join(dir, 'site'))).toEqual(before);
  });

  it('removes the files the manifest lists for gone schools and policies, and temporary files; everything else stays', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    cpSync(join(dir, 'policies/social-networking.md'), join(dir, 'policies/old-policy.md'));
    expect((await cli(dir, 'build', '--format', 'html')).code).toBe(0);
    const dist = join(dir, 'dist');
    put(dist, { ...THEIRS, 'index.html': readFileSync(join(dist, 'index.html'), 'utf8') });
    put(dist, {
      'manifest.json.123-0-1.policyc-tmp': 'left by a killed run',
      'riverside-infant/social-networking.html.123-4-5.policyc-tmp': 'left by a killed run',
      'school-002/social-networking.html.9-0-1.policyc-tmp': 'left by a killed run',
    });
    rmSync(join(dir, 'schools/school-001.yaml'));
    rmSync(join(dir, 'schools/school-002.yaml'));
    rmSync(join(dir, 'policies/old-policy.md'));

    const result = await cli(dir, 'clean');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'removed dist/manifest.json.123-0-1.policyc-tmp',
      'removed dist/riverside-infant/social-networking.html.123-4-5.policyc-tmp',
      'removed dist/school-002/social-networking.html.9-0-1.policyc-tmp',
      'removed dist/mill-lane-primary/old-policy.html',
      'removed dist/riverside-infant/old-policy.html',
      'removed dist/school-001/old-policy.html',
      'removed dist/school-001/social-networking.html',
      'removed dist/school-002/old-policy.html',
      'removed dist/school-002/social-networking.html',
      'removed dist/school-002/', // emptied; school-001 keeps someone's photo, so it stays
      '',
    ]);
    for (const [path, text] of Object.entries(THEIRS)) if (path !== 'index.html') expect(readFileSync(join(dist, path), 'utf8'), path).toBe(text);
    expect(existsSync(join(dist, 'school-002'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    expect(manifest.editions.map((e: { id: string }) => e.id)).toEqual(['mill-lane-primary/social-networking', 'riverside-infant/social-networking']);
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).not.toContain('school-001');

    // A second clean has nothing left to do.
    expect((await cli(dir, 'clean')).stdout).toBe('');
  });

  it('leaves a folder or link where a gone edition\'s file was, with a warning', async () => {
    const dir = scratchProject();
    addSchools(dir, 1);
    expect((await cli(dir, 'build', '--format', 'html')).code).toBe(0);
    rmSync(join(dir, 'dist/school-001/social-networking.html'));
    mkdirSync(join(dir, 'dist/school-001/social-networking.html'));
    writeFileSync(join(dir, 'dist/school-001/social-networking.html/keep.txt'), 'keep');
    rmSync(join(dir, 'schools/school-001.yaml'));
    const result = await cli(dir, 'clean');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('dist/school-001/social-networking.html:1:1: warning: not removed: the manifest lists it, but a folder or a link is in its place');
    expect(readFileSync(join(dir, 'dist/school-001/social-networking.html/keep.txt'), 'utf8')).toBe('keep');
  });

  it('does not follow a school folder that is a link to somewhere else', async () => {
    const dir = scratchProject();
    addSchools(dir, 1);
    expect((await cli(dir, 'build', '--format', 'html')).code).toBe(0);
    // Someone replaced the school's folder with a link to a folder of their own holding a file of the same name.
    put(join(dir, 'elsewhere'), { 'social-networking.html': 'theirs' });
    rmSync(join(dir, 'dist/school-001'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'dist/school-001'));
    rmSync(join(dir, 'schools/school-001.yaml'));
    const result = await cli(dir, 'clean');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('dist/school-001/social-networking.html:1:1: warning: not removed');
    expect(readFileSync(join(dir, 'elsewhere/social-networking.html'), 'utf8')).toBe('theirs');
  });

  it('the module API returns what it removed, and does nothing in a folder that is not there', () => {
    const dir = scratchProject();
    expect(clean(join(dir, 'nowhere'), ['social-networking'], ['mill-lane-primary'])).toEqual({ removed: [], skipped: [] });
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });
});
