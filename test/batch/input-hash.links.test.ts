import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree, TOOL_INPUTS, toolFingerprint } from '../../src/batch/input-hash.ts';
import { REPO, toolCopy } from '../helpers/project.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-hash-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('hashTree', () => {
  it('hashes names and contents in a stable order', () => {
    const a = folder({ 'x.txt': 'one', 'sub/y.txt': 'two' });
    const b = folder({ 'sub/y.txt': 'two', 'x.txt': 'one' });
    expect(hashTree([a])).toBe(hashTree([b]));
    writeFileSync(join(b, 'x.txt'), 'One');
    expect(hashTree([b])).not.toBe(hashTree([a]));
    expect(hashTree([join(a, 'x.txt')])).not.toBe(hashTree([]));
    expect(hashTree([join(a, 'missing')])).toBe(hashTree([]));
  });

  it('does not crash on a dangling link or a loop, nor hang on a FIFO', () => {
    const dir = folder({ 'a.hbs': 'a' });
    symlinkSync('gone.hbs', join(dir, 'dangling.hbs'));
    symlinkSync('loop.hbs', join(dir, 'loop.hbs'));
    symlinkSync('.', join(dir, 'self'));
    symlinkSync('..', join(dir, 'up'));
    execFileSync('mkfifo', [join(dir, 'pipe.hbs')]);
    const first = hashTree([dir]);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTree([dir])).toBe(first);
  }, 20_000);

  it('never follows a link out of the folder, but notices where it points; follows one to a file inside', () => {
    const outside = folder({ 'secret.txt': 'secret' });
    const dir = folder({ 'a.txt': 'a' });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'out.txt'));
    symlinkSync('a.txt', join(dir, 'in.txt'));
    const before = hashTree([dir]);
    writeFileSync(join(outside, 'secret.txt'), 'changed');
    expect(hashTree([dir])).toBe(before);
    writeFileSync(join(dir, 'a.txt'), 'b');
    expect(hashTree([dir])).not.toBe(before);
  });
});

describe('toolFingerprint', () => {
  it('hashes policyc\'s real files: the code that runs, package.json and the lock file', () => {
    for (const path of TOOL_INPUTS) expect(existsSync(path), path).toBe(true);
    expect(toolFingerprint()).toBe(hashTree(TOOL_INPUTS));
    expect(toolFingerprint()).not.toBe(hashTree([]));
    expect(TOOL_INPUTS).toEqual([`${join(REPO, 'src')}/`, join(REPO, 'package.json'), join(REPO, 'package-lock.json')]);
  });

  it('hashes the same files when policyc is installed under a path with a space', () => {
    const tool = toolCopy();
    const script = `const m = await import(${JSON.stringify(join(tool, 'src/batch/input-hash.ts'))}); console.log(JSON.stringify({ inputs: m.TOOL_INPUTS, fingerprint: m.toolFingerprint(), empty: m.hashTree([]) }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { inputs: string[]; fingerprint: string; empty: string };
    expect(out.inputs).toEqual([`${join(tool, 'src')}/`, join(tool, 'package.json'), join(tool, 'package-lock.json')]);
    expect(out.fingerprint).not.toBe(out.empty);
    expect(out.fingerprint).toBe(hashTree(out.inputs));
  }, 30_000);
});
