import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree, toolFingerprint } from '../../src/batch/input-hash.ts';
import { REPO } from '../helpers/project.ts';

const scratch = mkdtempSync(join(tmpdir(), 'policyc-hash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('hashTree', () => {
  it('hashes names and contents; layered folders are the files a run uses, a later one replacing the same name', () => {
    const base = folder('base', { 'partials/a.hbs': 'A', 'partials/b.hbs': 'B', 'pdf/edition.typ': 'T' });
    const same = folder('same', { 'partials/a.hbs': 'A', 'partials/b.hbs': 'B', 'pdf/edition.typ': 'T' });
    const over = folder('over', { 'partials/b.hbs': 'B2' });
    const merged = folder('merged', { 'partials/a.hbs': 'A', 'partials/b.hbs': 'B2', 'pdf/edition.typ': 'T' });
    expect(hashTree([base])).toBe(hashTree([same]));
    expect(hashTree([base, same])).toBe(hashTree([base]));
    expect(hashTree([base, over])).toBe(hashTree([merged]));
    expect(hashTree([base, over])).not.toBe(hashTree([base]));
    expect(hashTree([folder('renamed', { 'partials/a.hbs': 'A', 'partials/c.hbs': 'B', 'pdf/edition.typ': 'T' })])).not.toBe(hashTree([base]));
    expect(hashTree([join(scratch, 'missing')])).toBe(hashTree([]));
  });

  it('hashes a file given as a path by its name and contents', () => {
    const a = folder('file-a', { 'package.json': '{"version":"1"}' });
    const b = folder('file-b', { 'package.json': '{"version":"2"}' });
    expect(hashTree([join(a, 'package.json')])).not.toBe(hashTree([join(b, 'package.json')]));
    cpSync(join(a, 'package.json'), join(scratch, 'package.json'));
    expect(hashTree([join(scratch, 'package.json')])).toBe(hashTree([join(a, 'package.json')]));
  });

  it('fingerprints the running code, policyc\'s package.json and lockfile', () => {
    expect(toolFingerprint()).toBe(hashTree([join(REPO, 'src'), join(REPO, 'package.json'), join(REPO, 'package-lock.json')]));
  });
});
