import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { loadProject } from '../../src/project/load-project.ts';
import { REPO, scratchProject, toolCopy } from '../helpers/project.ts';

/** The library's figures and logos, in policies/figures. */
const SHIPPED_FIGURES = ['code-of-conduct-boundaries.svg', 'ict-incident-reporting.svg', 'la-logo.svg', 'lone-working-check-in.svg', 'tvlt-logo.svg', 'whistleblowing-procedure.svg'].map((f) => `figures/${f}`);

describe('loadProject', () => {
  it('reads every policy and school of the shipped project', async () => {
    const project = await loadProject(REPO);
    expect(project.policyIds).toEqual(['acceptable-use-of-ict', 'lone-working', 'social-networking', 'staff-code-of-conduct', 'whistleblowing']);
    expect(project.schoolIds).toEqual(['mill-lane-primary', 'riverside-infant', 'ysgol-ty-dwr']);
    expect(project.diagnostics).toEqual([]);
    expect(project.templatesDir).toBe(join(REPO, 'templates'));
  });

  it('reads the trusts the schools name: never schools themselves, a broken one reported once however many schools name it', async () => {
    const dir = scratchProject({ files: {
      'schools/_trusts/oak.yaml': 'name: Oak Trust\nhr:\n  emial: x\n',
      'schools/ash.yaml': 'name: Ash Academy\ntrust: oak\n',
      'schools/elm.yaml': 'name: Elm Academy\ntrust: oak\n',
    } });
    const project = await loadProject(dir);
    expect(project.schoolIds).toEqual(['ash', 'elm', 'mill-lane-primary', 'riverside-infant']);
    expect(project.schools.map((s) => s.id)).toEqual(['mill-lane-primary', 'riverside-infant']);
    expect(project.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([
      'schools/_trusts/oak.yaml:3:3: error: unknown key `emial` in `hr` (did you mean `email`?)',
    ]);
  });

  it('keeps the text of each trust file read, so a problem with its value is reported at it', async () => {
    const dir = scratchProject({ files: { 'schools/_trusts/oak.yaml': 'name: Oak Trust\n', 'schools/ash.yaml': 'name: Ash Academy\ntrust: oak\n' } });
    const project = await loadProject(dir);
    expect(project.schools.find((s) => s.id === 'ash')?.trust).toEqual({ id: 'oak', name: 'Oak Trust' });
    expect(project.configTexts.get('schools/_trusts/oak.yaml')).toBe('name: Oak Trust\n');
  });

  it('uses policyc\'s own templates, as a path, for a project without templates/', async () => {
    const dir = scratchProject();
    rmSync(join(dir, 'templates'), { recursive: true });
    const project = await loadProject(dir);
    expect(project.templatesDir).toBe(join(REPO, 'templates'));
  });

  it('finds its own templates when policyc is installed under a path with a space', () => {
    const tool = toolCopy();
    const empty = mkdtempSync(join(tmpdir(), 'policyc-empty '));
    const script = `const { loadProject } = await import(${JSON.stringify(join(tool, 'src/project/load-project.ts'))}); console.log((await loadProject(${JSON.stringify(empty)})).templatesDir);`;
    const templatesDir = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
    expect(templatesDir).toBe(join(tool, 'templates'));
    expect(existsSync(join(templatesDir, 'partials/hr-contacts.hbs'))).toBe(true);
    rmSync(empty, { recursive: true, force: true });
  }, 30_000);

  it('reports a FIFO among the policies or schools at its path, without waiting on it, and reads the rest', async () => {
    const dir = scratchProject();
    execFileSync('mkfifo', [join(dir, 'policies/pipe.md')]);
    execFileSync('mkfifo', [join(dir, 'schools/pipe.yaml')]);
    const project = await loadProject(dir);
    expect(project.diagnostics.map(formatDiagnostic)).toEqual([
      'policies/pipe.md:1:1: error: is a named pipe (FIFO), not a regular file; sources and configs must be files',
      'schools/pipe.yaml:1:1: error: is a named pipe (FIFO), not a regular file; sources and configs must be files',
    ]);
    expect(project.policies.map((p) => p.id)).toEqual(['social-networking']);
    expect(project.schools.map((s) => s.id)).toEqual(['mill-lane-primary', 'riverside-infant']);
  }, 20_000);

  it('refuses the policies of a policies/ folder that links out of the project', async () => {
    const dir = scratchProject();
    const elsewhere = scratchProject();
    rmSync(join(dir, 'policies'), { recursive: true });
    symlinkSync(join(elsewhere, 'policies'), join(dir, 'policies'));
    const project = await loadProject(dir);
    expect(project.policies).toEqual([]);
    expect(project.diagnostics.map(formatDiagnostic)).toEqual([
      `policies/social-networking.md:1:1: error: is outside the project: a folder on its path links to ${join(elsewhere, 'policies/social-networking.md')}; sources and configs must live in the project`,
    ]);
  });
});

describe('loadProject: figures', () => {
  it('reads policies/figures, reporting a figure that cannot be used at its path', async () => {
    const dir = scratchProject({ files: {
      'policies/figures/flow.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30"/>',
      'policies/figures/bad.svg': '<svg viewBox="0 0 1 1"><script/></svg>',
    } });
    const project = await loadProject(dir);
    expect([...project.figures.keys()]).toEqual([...SHIPPED_FIGURES, 'figures/flow.svg'].sort());
    expect(project.figures.get('figures/flow.svg')).toMatchObject({ mime: 'image/svg+xml', width: 40, height: 30 });
    expect(project.diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^policies\/figures\/bad\.svg:1:24: error: SVG has a script/)]);
    expect([...(await loadProject(REPO)).figures.keys()]).toEqual(SHIPPED_FIGURES);
  });
});
