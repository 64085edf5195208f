import { rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchProject } from '../helpers/project.ts';

const POLICY = 'policies/social-networking.md';

function edit(dir: string, path: string, change: (text: string) => string) {
  writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
}

function lineOf(dir: string, path: string, needle: string): { line: number; column: number } {
  const text = readFileSync(join(dir, path), 'utf8');
  const before = text.slice(0, text.indexOf(needle));
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

describe('errors are located, complete and never a stack trace', () => {
  it('a reference to a missing label fails with its location, and the other policy still builds', async () => {
    const dir = scratchProject({ files: { 'policies/short.md': '---\ntitle: Short\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n# One\n\n1. Hello {{school.name}}.\n' } });
    edit(dir, POLICY, (t) => t.replace('[](#staff-members)', '[](#staff-memberz)'));
    const { line, column } = lineOf(dir, POLICY, '(#staff-memberz)');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${POLICY}:${line}:${column}: error: reference to unknown label \`staff-memberz\` (did you mean \`#staff-members\`?)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/short.html'))).toBe(true);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(false);
  });

  it('bad YAML fails with file:line:col', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/bad.yaml'), 'name: Bad School\nhr:\n  name: [unclosed\n');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^schools\/bad\.yaml:\d+:\d+: error: invalid YAML: /m);
    // the good schools are still built
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
  });

  it('reports every problem of a run, each at its own position, with hints', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/typo.yaml'), 'name: Typo School\ngoverningbody: Board\nhr:\n  contacts:\n    - name: X\n      role: Y\n      email: not-an-email\n');
    edit(dir, POLICY, (t) => t.replace('{{school.roles.head}}', '{{school.headTitel}}'));
    const { line, column } = lineOf(dir, POLICY, '{{school.headTitel}}');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toContain('schools/typo.yaml:2:1: error: unknown key `governingbody` in the config (did you mean `governingBody`?)');
    expect(lines).toContain('schools/typo.yaml:7:14: error: `hr.contacts.0.email` must be an email address like name@example.gov.uk');
    expect(lines).toContain(`${POLICY}:${line}:${column + 2}: error: unknown placeholder \`{{school.headTitel}}\`: \`school.headTitel\` is not a field (did you mean \`school.headTitle\`?)`);
  });

  it('an unclosed block is reported where the template breaks', async () => {
    const dir = scratchProject();
    edit(dir, POLICY, (t) => t.replace('{{school.hr.name}} shall:', '{{#if school.hr.name}}{{school.hr.name}} shall:'));
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^policies\/social-networking\.md:\d+:\d+: error: template block is not closed/m);
  });

  it('a placeholder with no value for one school names the school and the fix', async () => {
    const dir = scratchProject();
    edit(dir, POLICY, (t) => t.replace('# Monitoring of Internet Use', '# Monitoring of Internet Use\n\nWrite to {{school.hr.email}}.'));
    const { line, column } = lineOf(dir, POLICY, '{{school.hr.email}}');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${POLICY}:${line}:${column + 2}: error: \`{{school.hr.email}}\` has no value for school \`mill-lane-primary\` (add it to schools/mill-lane-primary.yaml or to the LA defaults`);
  });

  it('refuses placeholders that reach into prototypes, and unknown partials and helpers', async () => {
    const dir = scratchProject();
    edit(dir, POLICY, (t) => t.replace('# Aims', '# Aims\n\n{{school.constructor}} {{> legislation-lst}} {{shout school.name}}'));
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`{{school.constructor}}` is not allowed');
    expect(result.stderr).toContain('unknown partial `legislation-lst` (did you mean `legislation-list`?)');
    expect(result.stderr).toContain('unknown helper `shout`');
  });

  it('a policy without front matter says how to write one', async () => {
    const dir = scratchProject({ files: { 'policies/bare.md': '# Just a heading\n' } });
    const result = await cli(dir, 'build', '--policy', 'bare');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('policies/bare.md:1:1: error: policy has no front matter');
  });
});

describe('exit codes', () => {
  it('0 when everything builds', async () => {
    const dir = scratchProject();
    const result = await cli(dir, 'build', '--school', 'mill-lane-primary', '--format', 'html', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.editions).toHaveLength(1);
    expect(report.editions[0]).toMatchObject({ school: 'mill-lane-primary', policy: 'social-networking', status: 'built' });
    expect(report.editions[0].files[0]).toMatchObject({ format: 'html', path: 'mill-lane-primary/social-networking.html' });
  });

  it('2 for an unknown school, listing the known ones', async () => {
    const dir = scratchProject();
    const result = await cli(dir, 'build', '--school', 'mill-lane');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown school `mill-lane` (did you mean `mill-lane-primary`?)');
    expect(result.stderr).toContain('known schools: mill-lane-primary, riverside-infant');
  });

  it('2 for an unknown policy, an unknown format, an unknown option', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build', '--policy', 'nope')).code).toBe(2);
    const format = await cli(dir, 'build', '--format', 'rtf');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format `rtf`');
    expect((await cli(dir, 'build', '--frobnicate')).code).toBe(2);
    expect((await cli(dir, 'frobnicate')).code).toBe(2);
  });

  it('1 when a school has no name', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/nameless.yaml'), 'governingBody: Board\n');
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('schools/nameless.yaml:1:1: error: school config is missing required key `name`');
    rmSync(dir, { recursive: true });
  });
});
