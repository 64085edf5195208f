import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { LIMITS } from '../../src/sources/limits.ts';
import { decodeSource, inside, readSourceBytes, readTextFile } from '../../src/sources/text-file.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project folder with a schools/ folder, and a folder outside it. */
function project(): { root: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'policyc-text-'));
  const outside = mkdtempSync(join(tmpdir(), 'policyc-outside-'));
  dirs.push(root, outside);
  mkdirSync(join(root, 'schools'));
  return { root, outside };
}

async function read(root: string, name: string, limit = LIMITS.configBytes): Promise<string> {
  const result = await readTextFile(join(root, name), name, root, limit);
  return result.text ?? result.diagnostics.map(formatDiagnostic).join('\n');
}

describe('readTextFile: a source is a regular file inside the project, within its size limit', () => {
  it('reads a regular file, stripping a BOM and normalising line endings', async () => {
    const { root } = project();
    writeFileSync(join(root, 'schools/a.yaml'), '\ufeffname: A\r\nhr:\r\n');
    expect(await read(root, 'schools/a.yaml')).toBe('name: A\nhr:\n');
  });

  it('refuses a FIFO at once, without opening it (opening one would wait for a writer for ever)', async () => {
    const { root } = project();
    execFileSync('mkfifo', [join(root, 'schools/pipe.yaml')]);
    symlinkSync(join(root, 'schools/pipe.yaml'), join(root, 'schools/to-pipe.yaml'));
    expect(await read(root, 'schools/pipe.yaml')).toBe('schools/pipe.yaml:1:1: error: is a named pipe (FIFO), not a regular file; sources and configs must be files');
    expect(await read(root, 'schools/to-pipe.yaml')).toBe(`schools/to-pipe.yaml:1:1: error: is a link to ${join(root, 'schools/pipe.yaml')}, which is a named pipe (FIFO), not a regular file; sources and configs must be files`);
  }, 20_000);

  it('refuses a device, linked or not, and a folder', async () => {
    const { root } = project();
    symlinkSync('/dev/zero', join(root, 'schools/zero.yaml'));
    mkdirSync(join(root, 'schools/folder.yaml'));
    expect(await read(root, 'schools/zero.yaml')).toBe('schools/zero.yaml:1:1: error: is a link to /dev/zero, outside the project; sources and configs must live in the project');
    expect((await readTextFile('/dev/zero', 'zero')).diagnostics.map(formatDiagnostic)).toEqual(['zero:1:1: error: is a device, not a regular file; sources and configs must be files']);
    expect(await read(root, 'schools/folder.yaml')).toBe('schools/folder.yaml:1:1: error: is a folder, not a regular file; sources and configs must be files');
  });

  it('refuses a dangling link and a link that loops, naming them', async () => {
    const { root } = project();
    symlinkSync('nowhere.yaml', join(root, 'schools/dangling.yaml'));
    symlinkSync('loop-b.yaml', join(root, 'schools/loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(root, 'schools/loop-b.yaml'));
    expect(await read(root, 'schools/dangling.yaml')).toBe('schools/dangling.yaml:1:1: error: is a link to nowhere.yaml, which does not exist');
    expect(await read(root, 'schools/loop-a.yaml')).toBe('schools/loop-a.yaml:1:1: error: is a link that loops (to loop-b.yaml); sources and configs must be files');
    expect(await read(root, 'schools/missing.yaml')).toBe('schools/missing.yaml:1:1: error: cannot read file: ENOENT');
  });

  it('follows links inside the project, and refuses the real path of a file outside it, whichever link leads there', async () => {
    const { root, outside } = project();
    writeFileSync(join(root, 'schools/real.yaml'), 'name: Real\n');
    writeFileSync(join(outside, 'secret.yaml'), 'name: Secret\n');
    symlinkSync(join(root, 'schools/real.yaml'), join(root, 'schools/copy.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'schools/secret.yaml'));
    symlinkSync(outside, join(root, 'policies'));
    expect(await read(root, 'schools/copy.yaml')).toBe('name: Real\n');
    expect(await read(root, 'schools/secret.yaml')).toBe(`schools/secret.yaml:1:1: error: is a link to ${join(outside, 'secret.yaml')}, outside the project; sources and configs must live in the project`);
    expect(await read(root, 'policies/secret.yaml')).toBe(`policies/secret.yaml:1:1: error: is outside the project: a folder on its path links to ${join(outside, 'secret.yaml')}; sources and configs must live in the project`);
  });

  it('refuses a file past its size limit from its size alone, however large (a sparse 4 GB file, here)', async () => {
    const { root } = project();
    writeFileSync(join(root, 'schools/huge.yaml'), '');
    truncateSync(join(root, 'schools/huge.yaml'), 4 * 1024 ** 3);
    writeFileSync(join(root, 'schools/policy-sized.md'), 'x'.repeat(LIMITS.policyBytes.value + 1));
    const started = performance.now();
    expect(await read(root, 'schools/huge.yaml')).toBe(`schools/huge.yaml:1:1: error: file is ${4 * 1024 ** 3} bytes, over the limit on the size of a school config or the LA defaults (limit 2097152 bytes; split it into smaller files)`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await read(root, 'schools/policy-sized.md', LIMITS.policyBytes)).toBe(`schools/policy-sized.md:1:1: error: file is ${LIMITS.policyBytes.value + 1} bytes, over the limit on the size of a policy or partial (limit 262144 bytes; split it into several policies)`);
    expect(await read(root, 'schools/policy-sized.md')).toHaveLength(LIMITS.policyBytes.value + 1);
  });

  it('reads at most one byte past the limit from a file that reports no size (as /proc does)', async () => {
    const small = await readSourceBytes('/proc/self/status', 'status', undefined, LIMITS.configBytes);
    expect(small.bytes?.toString('utf8')).toMatch(/^Name:/);
    const tiny = { ...LIMITS.configBytes, value: 10 };
    expect((await readSourceBytes('/proc/self/status', 'status', undefined, tiny)).diagnostics.map(formatDiagnostic)).toEqual([
      'status:1:1: error: file is more than 10 bytes, over the limit on the size of a school config or the LA defaults (limit 10 bytes; split it into smaller files)',
    ]);
  });

  it('refuses bytes that are not UTF-8 and NUL bytes, at their line and column', () => {
    expect(decodeSource(Buffer.from('name: a\nhr: \xff\n', 'latin1'), 'x.yaml').diagnostics.map(formatDiagnostic)).toEqual(['x.yaml:2:5: error: file is not valid UTF-8 (save it as UTF-8)']);
    expect(decodeSource(Buffer.from('ab\ncd\0'), 'x.yaml').diagnostics.map(formatDiagnostic)).toEqual(['x.yaml:2:3: error: file contains NUL bytes; is it a binary file?']);
  });

  it('knows what is inside a folder', () => {
    expect(inside('/a/b', '/a/b')).toBe(true);
    expect(inside('/a/b', '/a/b/c/d')).toBe(true);
    expect(inside('/a/b', '/a/b/..c')).toBe(true);
    expect(inside('/a/b', '/a/bc')).toBe(false);
    expect(inside('/a/b', '/a')).toBe(false);
    expect(inside('/a/b', '/x/b')).toBe(false);
  });
});
