import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, scratchProject, snapshot } from '../helpers/project.ts';

const BIN = join(REPO, 'bin/policyc.js');

interface Entry {
  id: string;
  inputHash: string;
  files: { path: string; sha256: string }[];
}
const manifest = (dir: string): Entry[] => JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')).editions;
const entry = (dir: string, id: string) => manifest(dir).find((e) => e.id === id);

/** Every edition in the LA changes: the HR service is renamed. */
function renameService(dir: string): void {
  const defaults = join(dir, 'schools/_defaults.yaml');
  writeFileSync(defaults, readFileSync(defaults, 'utf8').replace('name: Schools HR Advisory Service', 'name: Schools HR and Payroll Service'));
}

/** The manifest describes exactly the edition files on disk, hash for hash. */
function expectManifestMatchesDisk(dir: string): void {
  const onDisk = snapshot(join(dir, 'dist'));
  const listed = Object.fromEntries(manifest(dir).flatMap((e) => e.files.map((f) => [f.path, f.sha256])));
  const editionFiles = Object.fromEntries(Object.entries(onDisk).filter(([p]) => p.includes('/')));
  expect(editionFiles).toEqual(listed);
}

describe('an edition whose write fails part-way changes neither its files nor its manifest entry', () => {
  it('a folder where its PDF goes: the HTML and DOCX stay the old ones, the manifest keeps the old entry, the next build repairs it', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build')).code).toBe(0);
    const id = 'riverside-infant/social-networking';
    const before = { html: readFileSync(join(dir, 'dist/riverside-infant/social-networking.html')), docx: readFileSync(join(dir, 'dist/riverside-infant/social-networking.docx')), entry: entry(dir, id) };
    const pdf = join(dir, 'dist/riverside-infant/social-networking.pdf');
    rmSync(pdf);
    mkdirSync(pdf);
    writeFileSync(join(pdf, 'squatter.txt'), 'in the way');
    renameService(dir);

    const result = await cli(dir, 'build');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the edition for school `riverside-infant` could not be written: cannot write dist/riverside-infant/social-networking.pdf: a folder is in its place (EISDIR)');
    expect(result.stderr).not.toContain('internal error');
    expect(readFileSync(join(dir, 'dist/riverside-infant/social-networking.html'))).toEqual(before.html);
    expect(readFileSync(join(dir, 'dist/riverside-infant/social-networking.docx'))).toEqual(before.docx);
    expect(entry(dir, id)).toEqual(before.entry);
    expect(readdirSync(join(dir, 'dist/riverside-infant')).sort()).toEqual(['social-networking.docx', 'social-networking.html', 'social-networking.pdf']);
    // The other school was built as usual.
    expect(readFileSync(join(dir, 'dist/mill-lane-primary/social-networking.html'), 'utf8')).toContain('Schools HR and Payroll Service');

    rmSync(pdf, { recursive: true });
    const again = JSON.parse((await cli(dir, 'build', '--json')).stdout);
    expect(again.summary).toEqual({ built: 1, upToDate: 1, failed: 0 });
    expectManifestMatchesDisk(dir);
    expect(readFileSync(join(dir, 'dist/riverside-infant/social-networking.html'), 'utf8')).toContain('Schools HR and Payroll Service');
  });

  it('a file too large for the process\'s limit (ulimit -f): every edition keeps its old files, no temporary file is left', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build')).code).toBe(0);
    const old = snapshot(join(dir, 'dist'));
    const oldManifest = manifest(dir);
    renameService(dir);
    // 100 blocks of 512 bytes (sh counts in those): 51,200 bytes, room for the HTML (~30 KB), the DOCX
    // (~35 KB, with the logo) and the manifest, not for a PDF (~140 KB).
    const child = spawnSync('/bin/sh', ['-c', `ulimit -f 100 && exec "$0" "$1" build --jobs 1`, process.execPath, BIN], { cwd: dir, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(1);
    for (const school of ['mill-lane-primary', 'riverside-infant']) {
      expect(child.stderr).toContain(`the edition for school \`${school}\` could not be written: cannot write dist/${school}/social-networking.pdf: file too large (EFBIG)`);
    }
    const after = snapshot(join(dir, 'dist'));
    for (const [path, hash] of Object.entries(old)) if (path.includes('/')) expect(after[path], path).toBe(hash);
    expect(Object.keys(after).filter((p) => p.endsWith('.policyc-tmp'))).toEqual([]);
    expect(manifest(dir)).toEqual(oldManifest);
  });
});
