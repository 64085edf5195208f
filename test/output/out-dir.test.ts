import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutDir, realOutDir } from '../../src/output/out-dir.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

const SOURCES = ['policies', 'schools', 'templates'];
const BIN = join(REPO, 'bin/policyc.js');

/** Every file under a folder, for "nothing changed". */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** A scratch project that looks like policyc's own checkout: src/, bin/, test/ too. */
function fullProject(): string {
  const dir = scratchProject();
  for (const folder of ['src', 'bin', 'test']) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, 'keep.txt'), folder);
  }
  return dir;
}

/** Runs bin/policyc.js in a child process; as root, as the unprivileged `nobody`, so a read-only folder is read-only. */
function asUser(dir: string, args: string[]) {
  const uid = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', ...uid });
  return { code: result.status, stderr: result.stderr };
}

describe('the output folder is resolved through symbolic links before it is checked', () => {
  it('refuses clean and build through a symbolic link to the project root, and deletes nothing', async () => {
    const dir = fullProject();
    await cli(dir, 'build', '--format', 'html');
    symlinkSync(dir, join(dir, 'root-link'));
    const before = tree(dir);
    for (const command of ['clean', 'build']) {
      const result = await cli(dir, command, '--out', 'root-link');
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain("--out root-link");
      expect(result.stderr).toContain("would overwrite the project's own files: it is the project");
      expect(result.stderr).not.toContain('internal error');
    }
    expect(tree(dir)).toEqual(before);
    for (const folder of [...SOURCES, 'src', 'bin', 'test']) expect(existsSync(join(dir, folder, folder === 'policies' ? 'social-networking.md' : ''))).toBe(true);
  });

  it('refuses a symbolic link to policies/ (or a folder under it), and a link to a folder that holds the project', async () => {
    const dir = scratchProject();
    symlinkSync(join(dir, 'policies'), join(dir, 'policies-link'));
    symlinkSync(join(dir, '..'), join(dir, 'up'));
    const before = tree(join(dir, 'policies'));
    for (const [command, out, why] of [
      ['build', 'policies-link', "inside the project's policies/"],
      ['build', 'policies-link/new', "inside the project's policies/"],
      ['clean', 'policies-link', "inside the project's policies/"],
      ['publish', 'policies-link', "inside the project's policies/"],
      ['build', 'up', 'it holds the project'],
    ] as const) {
      const result = await cli(dir, command, '--out', out, ...(command === 'build' ? ['--format', 'html'] : []));
      expect(result.code, `${command} --out ${out}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain(why);
    }
    expect(tree(join(dir, 'policies'))).toEqual(before);
  });

  it('resolves a folder that does not exist yet through its longest existing ancestor', () => {
    const dir = scratchProject();
    symlinkSync(join(dir, 'schools'), join(dir, 'link'));
    expect(realOutDir(join(dir, 'link/a/b'))).toBe(join(dir, 'schools/a/b'));
    expect(() => checkOutDir(dir, join(dir, 'link/a/b'))).toThrow(/inside the project's schools\//);
    expect(checkOutDir(dir, join(dir, 'dist/sub'))).toBe(join(dir, 'dist/sub'));
  });
});

describe('an output folder that cannot be used is a usage error naming it', () => {
  it('a regular file, a path through a file, a dangling symbolic link: exit 2 with the path, every edition still checked', async () => {
    const dir = scratchProject({ files: { 'schools/broken.yaml': 'name: Broken\nhr:\n  email: not-an-email\n' } });
    writeFileSync(join(dir, 'a-file'), 'mine');
    symlinkSync(join(dir, 'nowhere/at-all'), join(dir, 'dangling'));
    for (const [out, message] of [
      ['a-file', '--out a-file is a file, not a folder'],
      ['a-file/sub', `--out a-file/sub: ${join(dir, 'a-file')} is a file, not a folder`],
      ['dangling', `--out dangling: ${join(dir, 'dangling')} is a symbolic link to ${join(dir, 'nowhere/at-all')}, which does not exist`],
      ['dangling/sub', `--out dangling/sub: ${join(dir, 'dangling')} is a symbolic link to`],
    ]) {
      const result = await cli(dir, 'build', '--format', 'html', '--out', out!);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`policyc: error: ${message}`);
      expect(result.stderr).not.toMatch(/internal error|ENOENT/);
      // The broken school's own error is printed too.
      expect(result.stderr).toMatch(/^schools\/broken\.yaml:\d+:\d+: error: /m);
    }
    expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('a read-only output folder: exit 2 naming it; a read-only school folder: that edition\'s error names its file, the others are built', () => {
    const dir = scratchProject();
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `schools/s-${i}.yaml`), `name: School ${i}\n`);
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o555);
    const locked = asUser(dir, ['build', '--format', 'html', '--out', 'locked']);
    expect(locked.code, locked.stderr).toBe(2);
    expect(locked.stderr).toContain('policyc: error: --out locked: cannot write to the output folder: permission denied (EACCES)');

    mkdirSync(join(dir, 'dist'));
    chmodSync(join(dir, 'dist'), 0o777);
    expect(asUser(dir, ['build', '--format', 'html']).code).toBe(0);
    for (const school of ['s-0', 's-1']) chmodSync(join(dir, 'dist', school), 0o555);
    writeFileSync(join(dir, 'schools/_defaults.yaml'), readFileSync(join(dir, 'schools/_defaults.yaml'), 'utf8').replace('name: Schools HR Advisory Service', 'name: Schools HR and Payroll Service'));
    const partly = asUser(dir, ['build', '--format', 'html']);
    expect(partly.code, partly.stderr).toBe(1);
    for (const school of ['s-0', 's-1']) {
      expect(partly.stderr).toContain(`the edition for school \`${school}\` could not be written: cannot write dist/${school}/social-networking.html: permission denied (EACCES)`);
    }
    expect(partly.stderr).not.toContain('internal error');
    expect(readFileSync(join(dir, 'dist/s-2/social-networking.html'), 'utf8')).toContain('Schools HR and Payroll Service');
    expect(readFileSync(join(dir, 'dist/s-0/social-networking.html'), 'utf8')).not.toContain('Schools HR and Payroll Service');
  });
});
