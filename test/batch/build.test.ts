import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/batch/build.ts';
import { loadProject } from '../../src/project/load-project.ts';
import { addSchools, cli, scratchProject, snapshot } from '../helpers/project.ts';

const read = (dir: string, path: string) => readFileSync(join(dir, path));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('batch builds', () => {
  it('writes a manifest whose hashes match the files, and an index page linking every edition', async () => {
    const dir = scratchProject();
    const result = await cli(dir, 'build', '--format', 'html', '--jobs', '2');
    expect(result.code).toBe(0);
    const manifest = JSON.parse(read(dir, 'dist/manifest.json').toString());
    expect(manifest.editions.map((e: { id: string }) => e.id)).toEqual(['mill-lane-primary/social-networking', 'riverside-infant/social-networking']);
    for (const edition of manifest.editions) {
      expect(edition.policy).toEqual({ id: 'social-networking', title: 'Social Networking Policy for Staff in Schools', version: '3.0', approved: '2026-09-01', review: '2027-09-01' });
      expect(edition.inputHash).toMatch(/^[0-9a-f]{64}$/);
      for (const file of edition.files) {
        const bytes = read(join(dir, 'dist'), file.path);
        expect(bytes.byteLength).toBe(file.bytes);
        expect(sha(bytes)).toBe(file.sha256);
      }
    }
    const index = read(dir, 'dist/index.html').toString();
    expect(index).toContain('<html lang="en-GB">');
    expect(index).toContain('href="mill-lane-primary/social-networking.html"');
    expect(index).toContain('Riverside Nursery and Infant School');
    expect(index).toContain('1 September 2027');
    expect(index).toMatch(/<input id="filter" type="search"/);
  });

  it('parses each policy once per data shape, not once per school, and writes every edition on the pool', async () => {
    const dir = scratchProject();
    addSchools(dir, 5); // five copies of Riverside's shape beside Mill Lane's: two shapes, seven schools
    const report = await build(await loadProject(dir), { outDir: join(dir, 'dist'), formats: ['html', 'docx'], jobs: 2 });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.editions.map((e) => e.status)).toEqual(Array(7).fill('built'));
    expect(report.parses).toBe(2);
    for (let i = 1; i <= 5; i++) expect(read(dir, `dist/school-00${i}/social-networking.html`).toString()).toContain(`School number ${i}`);
  });

  it('rebuilds exactly what changed: one school, then everything after a template edit', async () => {
    const dir = scratchProject();
    addSchools(dir, 3);
    const json = async (...args: string[]) => JSON.parse((await cli(dir, 'build', '--format', 'html', '--json', ...args)).stdout);
    const status = (report: { editions: { school: string; status: string }[] }) => Object.fromEntries(report.editions.map((e) => [e.school, e.status]));

    expect(Object.values(status(await json())).every((s) => s === 'built')).toBe(true);
    expect(Object.values(status(await json())).every((s) => s === 'up-to-date')).toBe(true);

    writeFileSync(join(dir, 'schools/school-002.yaml'), 'name: School number two\n');
    const oneSchool = status(await json());
    expect(oneSchool).toEqual({ 'mill-lane-primary': 'up-to-date', 'riverside-infant': 'up-to-date', 'school-001': 'up-to-date', 'school-002': 'built', 'school-003': 'up-to-date' });

    writeFileSync(join(dir, 'templates/partials/address.hbs'), `${readFileSync(join(dir, 'templates/partials/address.hbs'), 'utf8')}\n`);
    expect(Object.values(status(await json())).every((s) => s === 'built')).toBe(true);

    // a file changed behind the manifest's back is rebuilt; --force rebuilds everything
    writeFileSync(join(dir, 'dist/school-003/social-networking.html'), 'tampered');
    expect(status(await json())['school-003']).toBe('built');
    expect(Object.values(status(await json('--force'))).every((s) => s === 'built')).toBe(true);
  });

  it('the union of N shards, published, is byte-identical to one unsharded run', async () => {
    const dir = scratchProject();
    addSchools(dir, 5);
    expect((await cli(dir, 'build', '--format', 'html', '--out', 'full')).code).toBe(0);
    const parts = ['1/3', '2/3', '3/3'];
    const counts: number[] = [];
    for (const shard of parts) {
      const out = `shard-${shard.replace('/', '-')}`;
      const report = JSON.parse((await cli(dir, 'build', '--format', 'html', '--shard', shard, '--out', out, '--json')).stdout);
      counts.push(report.editions.length);
      expect(existsSync(join(dir, out, 'manifest.json'))).toBe(false);
      cpSync(join(dir, out), join(dir, 'merged'), { recursive: true }); // what a CI publish job does with the artifacts
    }
    expect(counts).toEqual([3, 2, 2]);
    expect((await cli(dir, 'publish', '--out', 'merged')).code).toBe(0);
    expect(snapshot(join(dir, 'merged'))).toEqual(snapshot(join(dir, 'full')));
  });

  it('publish refuses an incomplete set of shards', async () => {
    const dir = scratchProject();
    await cli(dir, 'build', '--format', 'html', '--shard', '1/2');
    const result = await cli(dir, 'publish');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing manifest part: manifest.shard-2-of-2.json');
  });

  it('a build, like check, reports a policy\'s reference errors with its template errors, and writes none of its editions', async () => {
    const policy = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n# S\n\n1. {{school.nmae}} reads [](#nowhere).\n';
    const dir = scratchProject({ files: { 'policies/t.md': policy } });
    const report = await build(await loadProject(dir), { outDir: join(dir, 'dist'), formats: ['html'] });
    expect(report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      'policies/t.md:11:6: unknown placeholder `{{school.nmae}}`: `school.nmae` is not a field',
      'policies/t.md:11:28: reference to unknown label `nowhere`',
    ]);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/t.html'))).toBe(false);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
  });

  it('a failing school does not block the others and keeps its previous output', async () => {
    const dir = scratchProject();
    await cli(dir, 'build', '--format', 'html');
    const before = read(dir, 'dist/riverside-infant/social-networking.html');
    writeFileSync(join(dir, 'schools/riverside-infant.yaml'), 'name: Riverside\nhr:\n  email: not-an-email\n');
    writeFileSync(join(dir, 'schools/mill-lane-primary.yaml'), 'name: Mill Lane Primary School (renamed)\n');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(read(dir, 'dist/riverside-infant/social-networking.html')).toEqual(before);
    expect(read(dir, 'dist/mill-lane-primary/social-networking.html').toString()).toContain('Mill Lane Primary School (renamed)');
    const manifest = JSON.parse(read(dir, 'dist/manifest.json').toString());
    expect(manifest.editions.find((e: { id: string }) => e.id === 'riverside-infant/social-networking').files[0].sha256).toBe(sha(before));
  });

  it('clean removes outputs of schools and policies that are gone, and nothing it did not write', async () => {
    const dir = scratchProject();
    addSchools(dir, 1);
    cpSync(join(dir, 'policies/social-networking.md'), join(dir, 'policies/old-policy.md'));
    await cli(dir, 'build', '--format', 'html');
    rmSync(join(dir, 'schools/school-001.yaml'));
    rmSync(join(dir, 'policies/old-policy.md'));
    writeFileSync(join(dir, 'dist/mill-lane-primary/hand-made.html'), 'x');
    writeFileSync(join(dir, 'dist/notes.txt'), 'mine');
    const result = await cli(dir, 'clean');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      'removed dist/mill-lane-primary/old-policy.html',
      'removed dist/riverside-infant/old-policy.html',
      'removed dist/school-001/old-policy.html',
      'removed dist/school-001/social-networking.html',
      'removed dist/school-001/',
      '',
    ].join('\n'));
    expect(existsSync(join(dir, 'dist/notes.txt'))).toBe(true);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/hand-made.html'))).toBe(true);
    const manifest = JSON.parse(read(dir, 'dist/manifest.json').toString());
    expect(manifest.editions.map((e: { id: string }) => e.id)).toEqual(['mill-lane-primary/social-networking', 'riverside-infant/social-networking']);
  });

  it('interrupted (Ctrl-C): the manifest records the editions built and keeps the previous entries of the rest, matching the disk', async () => {
    const dir = scratchProject();
    addSchools(dir, 4);
    await cli(dir, 'build', '--format', 'html');
    const defaults = join(dir, 'schools/_defaults.yaml');
    writeFileSync(defaults, readFileSync(defaults, 'utf8').replace('name: Schools HR Advisory Service', 'name: Schools HR and Payroll Service'));
    const stop = new AbortController();
    const report = await build(await loadProject(dir), { outDir: join(dir, 'dist'), formats: ['html'], jobs: 1, signal: stop.signal, onProgress: (done) => done === 2 && stop.abort() });
    expect(report.interrupted).toBe(true);
    expect(report.editions.filter((e) => e.status === 'built')).toHaveLength(2);
    const manifest = JSON.parse(read(dir, 'dist/manifest.json').toString()) as { editions: { files: { path: string; sha256: string }[] }[] };
    expect(manifest.editions).toHaveLength(6);
    for (const file of manifest.editions.flatMap((e) => e.files)) expect(sha(read(join(dir, 'dist'), file.path)), file.path).toBe(file.sha256);
    const next = JSON.parse((await cli(dir, 'build', '--format', 'html', '--json')).stdout);
    expect(next.summary).toEqual({ built: 4, upToDate: 2, failed: 0 });
  });

  it('refuses an output folder that would overwrite the sources', async () => {
    const dir = scratchProject();
    for (const out of ['.', 'policies', 'schools/x', '..']) {
      const result = await cli(dir, 'build', '--out', out);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("would overwrite the project's own files");
    }
  });

  it('reports progress in plain lines when not on a terminal: no ANSI codes, no carriage returns', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.stderr).toMatch(/^policyc: 4\/4 editions \(100%\), [\d.]+\/s, ETA 0s$/m);
    expect(result.stderr).not.toMatch(/\x1b\[|\r/);
    const quiet = await cli(dir, 'build', '--format', 'html', '--force', '--quiet');
    expect(quiet.stderr).toBe('');
  });
});
