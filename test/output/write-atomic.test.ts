import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMP_PATTERN, tempName, writeAtomic, writeTogether, WriteError } from '../../src/output/write-atomic.ts';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-write-'));
  folders.push(dir);
  return dir;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const edition = (version: string) => ['html', 'docx', 'pdf'].map((ext) => ({ path: `oak/p.${ext}`, bytes: bytes(`${ext} ${version}`) }));
const contents = (dir: string) => Object.fromEntries(readdirSync(join(dir, 'oak')).sort().map((n) => [n, readFileSync(join(dir, 'oak', n), 'utf8')]));

describe('writeTogether: an edition\'s files change all together or not at all', () => {
  it('writes every file, making the school\'s folder, and leaves no temporary file', () => {
    const dir = folder();
    writeTogether(dir, edition('1'));
    expect(contents(dir)).toEqual({ 'p.docx': 'docx 1', 'p.html': 'html 1', 'p.pdf': 'pdf 1' });
    writeTogether(dir, edition('2'));
    expect(contents(dir)).toEqual({ 'p.docx': 'docx 2', 'p.html': 'html 2', 'p.pdf': 'pdf 2' });
  });

  it('when the last rename fails (a folder where the PDF goes), puts the HTML and DOCX already renamed back', () => {
    const dir = folder();
    writeTogether(dir, edition('1'));
    rmSync(join(dir, 'oak/p.pdf'));
    mkdirSync(join(dir, 'oak/p.pdf'));
    writeFileSync(join(dir, 'oak/p.pdf/inside.txt'), 'squatter');
    let error: unknown;
    try {
      writeTogether(dir, edition('2'), 'dist');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toBe('cannot write dist/oak/p.pdf: a folder is in its place (EISDIR)');
    expect(readFileSync(join(dir, 'oak/p.html'), 'utf8')).toBe('html 1');
    expect(readFileSync(join(dir, 'oak/p.docx'), 'utf8')).toBe('docx 1');
    expect(readdirSync(join(dir, 'oak')).sort()).toEqual(['p.docx', 'p.html', 'p.pdf']);
    expect(readFileSync(join(dir, 'oak/p.pdf/inside.txt'), 'utf8')).toBe('squatter');
  });

  it('a new edition that cannot be completed leaves no file at all', () => {
    const dir = folder();
    mkdirSync(join(dir, 'oak/p.pdf'), { recursive: true });
    expect(() => writeTogether(dir, edition('1'))).toThrow(/p\.pdf: a folder is in its place/);
    expect(readdirSync(join(dir, 'oak'))).toEqual(['p.pdf']);
  });

  it('when a temporary file cannot be written, removes the others and renames nothing', () => {
    const dir = folder();
    writeTogether(dir, edition('1'));
    // A file where a school folder should be: the second edition's files cannot be written at all.
    writeFileSync(join(dir, 'elm'), 'a file');
    expect(() => writeTogether(dir, [{ path: 'oak/p.html', bytes: bytes('html 2') }, { path: 'elm/p.html', bytes: bytes('x') }], 'dist'))
      .toThrow('cannot write dist/elm/p.html: a file is in the way of its folder (ENOTDIR)');
    expect(readFileSync(join(dir, 'oak/p.html'), 'utf8')).toBe('html 1');
    expect(readdirSync(join(dir, 'oak')).filter((n) => TEMP_PATTERN.test(n))).toEqual([]);
  });

  it('a folder squatting at the PDF\'s temporary name: the HTML and DOCX temporary files are removed, nothing renamed', () => {
    const dir = folder();
    writeTogether(dir, edition('1'));
    // The next three temporary names are this one's successors: html, docx, pdf.
    const [, prefix, n] = /^(.*-)(\d+)\.policyc-tmp$/.exec(tempName(join(dir, 'oak/p.pdf')))!;
    mkdirSync(`${prefix}${Number(n) + 3}.policyc-tmp`);
    expect(() => writeTogether(dir, edition('2'), 'dist')).toThrow('cannot write dist/oak/p.pdf: something is already at its temporary name (EEXIST)');
    expect(readFileSync(join(dir, 'oak/p.html'), 'utf8')).toBe('html 1');
    expect(readFileSync(join(dir, 'oak/p.docx'), 'utf8')).toBe('docx 1');
    expect(readFileSync(join(dir, 'oak/p.pdf'), 'utf8')).toBe('pdf 1');
    // Only the squatter is left: policyc's own temporary files are gone, the squatter is not its to remove.
    expect(readdirSync(join(dir, 'oak')).filter((name) => TEMP_PATTERN.test(name))).toEqual([`${prefix}${Number(n) + 3}.policyc-tmp`.split('/').pop()]);
  });

  it('writeAtomic writes one file the same way, and names it in its errors', () => {
    const dir = folder();
    writeAtomic(join(dir, 'manifest.json'), bytes('{}'), 'dist/manifest.json');
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('{}');
    mkdirSync(join(dir, 'index.html'));
    expect(() => writeAtomic(join(dir, 'index.html'), bytes('x'), 'dist/index.html')).toThrow('cannot write dist/index.html: a folder is in its place (EISDIR)');
    expect(readdirSync(dir).sort()).toEqual(['index.html', 'manifest.json']);
  });

  it('temporary names are unique and match the pattern clean removes, and only that', () => {
    const a = tempName('/x/p.html');
    expect(tempName('/x/p.html')).not.toBe(a);
    expect(TEMP_PATTERN.test('p.html.123-0-7.policyc-tmp')).toBe(true);
    for (const name of ['notes.policyc-tmp', 'p.html', '.policyc-tmp', 'p.html.policyc-tmp']) expect(TEMP_PATTERN.test(name), name).toBe(false);
  });
});

describe('writeTogether never writes through a symbolic link to a folder', () => {
  it('refuses a school folder that links elsewhere, writing nothing there', () => {
    const dir = folder();
    const elsewhere = folder();
    writeFileSync(join(elsewhere, 'keep.txt'), 'mine');
    symlinkSync(elsewhere, join(dir, 'oak'));
    expect(() => writeTogether(dir, edition('1'), 'dist')).toThrow('cannot write dist/oak/p.html: dist/oak is a symbolic link, and policyc writes only into folders of its own');
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
  });
});
