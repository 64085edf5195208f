import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

const CORPUS = join(REPO, 'test/fixtures/broken');
const cases = readdirSync(CORPUS).sort();

/** The files a case lays over a copy of the shipped project. */
function overlay(name: string): string[] {
  const files: string[] = [];
  for (const folder of ['policies', 'schools']) {
    const dir = join(CORPUS, name, folder);
    if (existsSync(dir)) files.push(...readdirSync(dir).map((f) => `${folder}/${f}`));
  }
  return files;
}

describe('a corpus of broken sources and configs', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    it(`${name}: one clear located error, and the other editions still build`, async () => {
      const dir = scratchProject();
      cpSync(join(CORPUS, name), dir, { recursive: true });
      const expected = readFileSync(join(CORPUS, name, 'expected.txt'), 'utf8').trim().split('\n');

      const check = await cli(dir, 'check');
      expect(check.code).toBe(1);
      const all = check.stderr.trim().split('\n');
      expect(all.pop()).toMatch(/^policyc: checked \d+ polic(y|ies) for \d+ schools?: [1-9]\d* errors?, \d+ warnings?$/);
      // The shipped project's own citations that do not match the legislation register
      // (the seed's misprints) are warnings, tested in test/legislation; the case's problems are the errors.
      const lines = all.filter((line) => !/^[^:]+:\d+:\d+: warning: /.test(line));
      expect(lines).toEqual(expected);
      for (const line of lines) expect(line).toMatch(/^[^:]+:\d+:\d+: error: /);

      const started = performance.now();
      const built = await cli(dir, 'build', '--format', 'html');
      expect(performance.now() - started).toBeLessThan(5000);
      expect(built.code).toBe(1);
      expect(built.stderr).not.toMatch(/\n\s+at |internal error/);

      const [file] = overlay(name);
      if (file === 'schools/_defaults.yaml') {
        expect(existsSync(join(dir, 'dist/mill-lane-primary'))).toBe(false); // no school can be resolved without its defaults
      } else if (file?.startsWith('schools/')) {
        const id = file.slice('schools/'.length).replace(/\.ya?ml$/, '');
        // A problem the school's data makes in one policy fails that policy's edition for the school; one in its config, all of them.
        const failing = expected.map((line) => /^policies\/([^:/]+)\.md:/.exec(line)?.[1]).filter((p): p is string => p !== undefined);
        if (failing.length) for (const policy of failing) expect(existsSync(join(dir, 'dist', id, `${policy}.html`))).toBe(false);
        else expect(existsSync(join(dir, 'dist', id))).toBe(false);
        expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
      } else {
        const id = file!.slice('policies/'.length).replace(/\.md$/, '');
        expect(existsSync(join(dir, `dist/mill-lane-primary/${id}.html`))).toBe(false);
        expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
      }
    });
  }
});
