import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as policyc from '../src/index.ts';
import { build, check, clean, FORMATS, init, list, publish, UsageError, version } from '../src/index.ts';
import { cli, REPO, scratchProject, snapshot } from './helpers/project.ts';

/**
 * The module API (`import { build, check } from 'policyc'`): each function does what its
 * command does, and returns what the command prints. test/package.test.ts runs it again
 * from the installed package.
 */
afterEach(() => vi.restoreAllMocks());

describe('the module API', () => {
  it('exports the commands, the formats, the version and what their results hold, and nothing of the CLI', () => {
    expect(Object.keys(policyc).sort()).toEqual(['FORMATS', 'UsageError', 'build', 'check', 'clean', 'formatDiagnostic', 'init', 'list', 'publish', 'version']);
    expect(version).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    expect(FORMATS).toEqual(['html', 'docx', 'pdf']);
  });

  it('build writes exactly what `policyc build` writes, and reports every edition, its files and a summary', async () => {
    const [a, b] = [scratchProject(), scratchProject()];
    const result = await build({ project: a, formats: ['html', 'docx'], jobs: 1 });
    expect((await cli(b, 'build', '--format', 'html,docx', '--jobs', '1', '--quiet')).code).toBe(0);
    expect(snapshot(join(a, 'dist'))).toEqual(snapshot(join(b, 'dist')));
    expect(result).toMatchObject({ ok: true, out: join(a, 'dist'), formats: ['html', 'docx'], summary: { built: 2, upToDate: 0, failed: 0 }, interrupted: false, diagnostics: [] });
    expect(result.editions.map((e) => [e.school, e.policy, e.status, e.files.map((f) => f.path)])).toEqual([
      ['mill-lane-primary', 'social-networking', 'built', ['mill-lane-primary/social-networking.html', 'mill-lane-primary/social-networking.docx']],
      ['riverside-infant', 'social-networking', 'built', ['riverside-infant/social-networking.html', 'riverside-infant/social-networking.docx']],
    ]);
    // Again: up to date; and the project defaults to the current folder.
    vi.spyOn(process, 'cwd').mockReturnValue(a);
    expect((await build({ formats: ['html', 'docx'], jobs: 1, onProgress: () => {} })).summary).toEqual({ built: 0, upToDate: 2, failed: 0 });
  });

  it('build reports source errors as diagnostics (ok false), and throws a UsageError for a mistake in the call', async () => {
    const dir = scratchProject({ files: { 'schools/broken.yaml': 'name: [\n' } });
    const result = await build({ project: dir, formats: ['html'], jobs: 1 });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.severity === 'error' && d.file === 'schools/broken.yaml')).toBe(true);
    expect(result.summary.built).toBe(2);

    await expect(build({ project: dir, schools: ['mill-lane-primry'] })).rejects.toThrow(/unknown school `mill-lane-primry` \(did you mean `mill-lane-primary`\?\)/);
    await expect(build({ project: dir, schools: ['nowhere'] })).rejects.toBeInstanceOf(UsageError);
    await expect(build({ project: dir, formats: ['odt' as never] })).rejects.toThrow('unknown format `odt`: formats are html, docx, pdf');
    await expect(build({ project: dir, out: 'policies' })).rejects.toThrow(/would overwrite the project's own files/);
    await expect(build({ project: dir, jobs: 0 })).rejects.toThrow('jobs must be a whole number from 1 to 256 (got 0)');
    await expect(build({ project: dir, shard: '5/4' })).rejects.toBeInstanceOf(UsageError);
    await expect(build({ project: dir, pdfStandard: 'x' as never })).rejects.toThrow(/--pdf-standard must be ua-1 \(PDF\/UA-1\) or a-2b \(PDF\/A-2b\)/);
  });

  it('check finds what `policyc check --json` finds, with every citation', async () => {
    const result = await check({ project: REPO });
    const json = JSON.parse((await cli(REPO, 'check', '--json', '--legislation')).stdout);
    expect({ ok: result.ok, errors: result.errors, warnings: result.warnings, diagnostics: result.diagnostics }).toEqual({ ok: json.ok, errors: json.errors, warnings: json.warnings, diagnostics: json.diagnostics });
    // The citation warnings; in a clone with the repository's history, check also warns about policies whose text changed within a version (see test/compare).
    const versions = result.diagnostics.filter((d) => d.message.endsWith('but its version has not')).length;
    expect(result).toMatchObject({ ok: true, errors: 0, warnings: 6 + versions, policies: 5, schools: 3 });
    expect(result.citations.map((c) => `${c.file}:${c.line}:${c.column}`)).toEqual(json.citations.map((c: { file: string; line: number; column: number }) => `${c.file}:${c.line}:${c.column}`));
    expect(result.citations.find((c) => c.written === 'Malicious Communication Act 1998')?.entry?.id).toBe('malicious-communications-act-1988');
    expect((await check({ project: REPO, strict: true })).ok).toBe(false);
    expect((await check({ project: REPO, schools: ['riverside-infant'] })).schools).toBe(1);
    await expect(check({ project: REPO, policies: ['nope'] })).rejects.toBeInstanceOf(UsageError);
  });

  it('list gives what `policyc list --json` prints', async () => {
    const result = await list({ project: REPO });
    expect({ policies: result.policies, schools: result.schools }).toEqual(JSON.parse((await cli(REPO, 'list', '--json')).stdout));
    expect(result.diagnostics).toEqual([]);
  });

  it('a sharded build merged with publish, and clean after a school is gone', async () => {
    const dir = scratchProject();
    for (const shard of ['1/2', '2/2']) expect((await build({ project: dir, formats: ['html'], shard, jobs: 1 })).ok).toBe(true);
    expect(await publish({ project: dir })).toEqual({ editions: 2, parts: 2 });
    expect(existsSync(join(dir, 'dist/manifest.json'))).toBe(true);
    rmSync(join(dir, 'schools/riverside-infant.yaml'));
    expect(await clean({ project: dir })).toEqual({ removed: ['riverside-infant/social-networking.html', 'riverside-infant/'], skipped: [] });
    await expect(clean({ project: dir, out: 'schools' })).rejects.toBeInstanceOf(UsageError);
  });

  it('init scaffolds a repository, and refuses (ok false, nothing written) where its files exist', async () => {
    const dir = scratchProject();
    rmSync(join(dir, 'policies'), { recursive: true });
    rmSync(join(dir, 'schools'), { recursive: true });
    const made = await init({ project: dir, folder: 'la' });
    expect(made).toMatchObject({ ok: true, folder: join(dir, 'la'), conflicts: [], keptPackageJson: false, dependsOnPolicyc: true });
    expect(made.created).toContain('policies/mobile-phones.md');
    expect((await build({ project: join(dir, 'la'), formats: ['html'], jobs: 1 })).summary.built).toBe(1);
    const again = await init({ project: dir, folder: 'la' });
    expect(again.ok).toBe(false);
    expect(again.created).toEqual([]);
    expect(again.conflicts).toContain('schools/_defaults.yaml');
  });
});
