import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

const NODE = join(REPO, 'node_modules/.bin/node');
const BIN = join(REPO, 'bin/policyc.js');
const FORMATS = 'html';

function files(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const [k, v] of files(path, base)) out.set(k, v);
    else out.set(path.slice(base.length + 1), createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return out;
}

function project(schools: number): string {
  const dir = scratchProject();
  for (let i = 0; i < schools; i++) writeFileSync(join(dir, `schools/s-${String(i).padStart(3, '0')}.yaml`), `name: School ${i}\n`);
  return dir;
}

/** Starts a real build and resolves when it ends, with its exit code and stderr. */
function start(dir: string, args: string[]) {
  const child = spawn(NODE, [BIN, 'build', '--format', FORMATS, ...args], { cwd: dir });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

describe('atomic, crash-safe output', () => {
  it('a build killed with SIGKILL at any moment leaves every file the old or the new version, complete', async () => {
    const dir = project(60);
    expect((await cli(dir, 'build', '--format', FORMATS)).code).toBe(0);
    const old = files(join(dir, 'dist'));
    // Every edition changes: the LA renames its HR service.
    const defaults = join(dir, 'schools/_defaults.yaml');
    writeFileSync(defaults, readFileSync(defaults, 'utf8').replace('name: Schools HR Advisory Service', 'name: Schools HR and Payroll Service'));
    expect((await cli(dir, 'build', '--format', FORMATS, '--out', 'expected-new')).code).toBe(0);
    const fresh = files(join(dir, 'expected-new'));

    for (const delay of [150, 400, 700, 1000, 1500]) {
      const { child, done } = start(dir, ['--force', '--jobs', '2']);
      await new Promise((r) => setTimeout(r, delay + Math.floor(Math.random() * 100)));
      child.kill('SIGKILL');
      await done;
      for (const [path, hash] of files(join(dir, 'dist'))) {
        if (path.endsWith('.policyc-tmp')) continue; // a killed build may leave its temporary file, never a torn edition
        if (path === '.policyc.lock') continue; // and its lock, which the next run takes over
        if (path === 'manifest.json' || path === 'index.html') continue; // written last, atomically, from what was built
        expect([old.get(path), fresh.get(path)], `${path} after a kill at ${delay} ms`).toContain(hash);
      }
    }
    // A complete run afterwards converges on the new editions and clean removes the leftovers.
    expect((await cli(dir, 'build', '--format', FORMATS)).code).toBe(0);
    await cli(dir, 'clean', '--quiet');
    const after = files(join(dir, 'dist'));
    for (const [path, hash] of fresh) expect(after.get(path), path).toBe(hash);
    expect([...after.keys()].filter((p) => p.endsWith('.policyc-tmp') || p === '.policyc.lock')).toEqual([]);
    // And the manifest describes exactly the files on disk.
    const manifest = JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')) as { editions: { files: { path: string; sha256: string }[] }[] };
    const listed = new Map(manifest.editions.flatMap((e) => e.files.map((f) => [f.path, f.sha256] as const)));
    expect(new Map([...after].filter(([p]) => p.includes('/')))).toEqual(listed);
  });

  it('Ctrl-C stops cleanly with a message and exit code 130', async () => {
    const dir = project(1000);
    const { child, done } = start(dir, ['--jobs', '1']);
    await new Promise((r) => setTimeout(r, 900));
    child.kill('SIGINT');
    const { code, stderr } = await done;
    expect(code).toBe(130);
    expect(stderr).toContain('policyc: stopping after the editions being written');
    expect(stderr).toMatch(/policyc: interrupted after \d+ editions; every file written is complete/);
  });
});
