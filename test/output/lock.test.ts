import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK, LockHeldError, lockOutDir } from '../../src/output/lock.ts';
import { cli, REPO, scratchProject, snapshot } from '../helpers/project.ts';

const BIN = join(REPO, 'bin/policyc.js');
const LOCK_MODULE = join(REPO, 'src/output/lock.ts');

function project(schools: number): string {
  const dir = scratchProject();
  for (let i = 0; i < schools; i++) writeFileSync(join(dir, `schools/s-${String(i).padStart(3, '0')}.yaml`), `name: School ${i}\n`);
  return dir;
}

function run(cwd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const LOCKED = /dist\/\.policyc\.lock: the output folder is in use by another policyc run \(`build`, pid (\d+), started [^)]+\); wait for it to finish, or, if no policyc is running there, delete \S+\.policyc\.lock/;

describe('the output folder\'s lock', () => {
  it('two builds into the same folder at once: one is refused naming the lock and the pid, and the manifest lists every edition on disk', async () => {
    const dir = project(40);
    const half = (from: number) => Array.from({ length: 20 }, (_, i) => `s-${String(from + i).padStart(3, '0')}`);
    const [a, b] = await Promise.all([
      run(dir, ['build', '--format', 'html', '--school', ...half(0)]),
      run(dir, ['build', '--format', 'html', '--school', ...half(20)]),
    ]);
    const refused = [a, b].filter((r) => r.code !== 0);
    expect(refused.length, `${a.stderr}\n${b.stderr}`).toBe(1);
    expect(refused[0]!.code).toBe(1);
    expect(refused[0]!.stderr).toMatch(LOCKED);
    expect(refused[0]!.stderr).not.toContain('internal error');

    const manifest = JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')) as { editions: { files: { path: string; sha256: string }[] }[] };
    const listed = Object.fromEntries(manifest.editions.flatMap((e) => e.files.map((f) => [f.path, f.sha256])));
    const onDisk = Object.fromEntries(Object.entries(snapshot(join(dir, 'dist'))).filter(([p]) => p.includes('/')));
    expect(Object.keys(onDisk)).toHaveLength(20);
    expect(onDisk).toEqual(listed);
    expect(existsSync(join(dir, 'dist', LOCK))).toBe(false);
  });

  it('build, clean and publish all refuse a folder another run holds, with exit code 1', async () => {
    const dir = project(1);
    mkdirSync(join(dir, 'dist'));
    const lock = lockOutDir(join(dir, 'dist'), 'build', 'dist');
    try {
      writeFileSync(join(dir, 'dist/manifest.shard-1-of-1.json'), '{}');
      for (const args of [['build', '--format', 'html'], ['clean'], ['publish']]) {
        const result = await cli(dir, ...args);
        expect(result.code, args[0]).toBe(1);
        expect(result.stderr, args[0]).toMatch(LOCKED);
        expect(LOCKED.exec(result.stderr)![1]).toBe(String(process.pid));
      }
      expect(readdirSync(join(dir, 'dist')).sort()).toEqual([LOCK, 'manifest.shard-1-of-1.json']);
    } finally {
      lock.release();
    }
    expect(existsSync(join(dir, 'dist', LOCK))).toBe(false);
  });

  it('takes over a lock left by a run that was killed, or whose pid now belongs to another process', async () => {
    const dir = project(1);
    mkdirSync(join(dir, 'dist'));
    const stale = [
      { pid: deadPid(), host: hostname(), command: 'build', started: '2026-01-01T00:00:00.000Z', token: 'dead' },
      // This process's pid, but a start time it does not have: the pid was recycled.
      { pid: process.pid, host: hostname(), command: 'build', started: '2026-01-01T00:00:00.000Z', token: 'recycled', processStart: '1' },
    ];
    for (const holder of stale) {
      writeFileSync(join(dir, 'dist', LOCK), JSON.stringify(holder));
      const result = await cli(dir, 'build', '--format', 'html', '--force');
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(join(dir, 'dist', LOCK))).toBe(false);
    }
    // A lock from another machine cannot be checked: it is held.
    writeFileSync(join(dir, 'dist', LOCK), JSON.stringify({ ...stale[0], host: 'another-host' }));
    const other = await cli(dir, 'build', '--format', 'html');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(' on another-host, started ');
  });

  it('of several runs taking over the same stale lock at once, exactly one gets it', async () => {
    const dir = project(0);
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', LOCK), JSON.stringify({ pid: deadPid(), host: hostname(), command: 'build', started: 'then', token: 'dead' }));
    const script = `
      const { lockOutDir } = await import(${JSON.stringify(LOCK_MODULE)});
      try {
        const lock = lockOutDir(${JSON.stringify(join(dir, 'dist'))}, 'test');
        process.stdout.write('got');
        await new Promise((r) => setTimeout(r, 1500));
        lock.release();
      } catch (e) {
        process.stdout.write(e.name);
      }`;
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('exit', () => resolve(out));
    })));
    expect(outcomes.sort()).toEqual(['LockHeldError', 'LockHeldError', 'LockHeldError', 'got']);
    expect(readdirSync(join(dir, 'dist'))).toEqual([]);
  });

  it('is released only by its holder, and a second lock in the same process is refused', () => {
    const dir = project(0);
    mkdirSync(join(dir, 'dist'));
    const lock = lockOutDir(join(dir, 'dist'), 'build');
    expect(() => lockOutDir(join(dir, 'dist'), 'clean')).toThrow(LockHeldError);
    lock.release();
    lock.release();
    const next = lockOutDir(join(dir, 'dist'), 'clean');
    lock.release(); // the first holder's release must not remove the second's lock
    expect(existsSync(join(dir, 'dist', LOCK))).toBe(true);
    next.release();
    expect(existsSync(join(dir, 'dist', LOCK))).toBe(false);
  });
});
