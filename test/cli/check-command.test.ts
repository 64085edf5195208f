import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchProject } from '../helpers/project.ts';

const FRONT = '---\ntitle: Data Policy\nversion: "1.0"\nowner: Schools HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n';
/** Cites a repealed Act: one warning, at line 12, column 32. */
const WARNED_POLICY = `${FRONT}# Aims\n\n1. {{school.name}} follows the Data Protection Act 1998.\n`;
const CLEAN_POLICY = `${FRONT}# Aims\n\n1. {{school.name}} keeps a register.\n`;

/** A project of its own: only the given policies and schools (no LA defaults), the shipped templates. */
function project(files: Record<string, string>): string {
  const dir = scratchProject();
  for (const folder of ['policies', 'schools']) {
    rmSync(join(dir, folder), { recursive: true });
    mkdirSync(join(dir, folder));
  }
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('policyc check', () => {
  it('prints each warning and a summary, and exits 0 when there are only warnings', async () => {
    const dir = project({ 'policies/data.md': WARNED_POLICY, 'schools/oak.yaml': 'name: Oak\n' });
    const result = await cli(dir, 'check');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe([
      "policies/data.md:12:32: warning: 'Data Protection Act 1998' (data-protection-act-1998) is repealed: did you mean 'Data Protection Act 2018' (data-protection-act-2018)?",
      'policyc: checked 1 policy for 1 school: 0 errors, 1 warning',
      '',
    ].join('\n'));
  });

  it('counts in plurals, policies included', async () => {
    const dir = project({ 'policies/data.md': WARNED_POLICY, 'policies/more-data.md': WARNED_POLICY, 'schools/oak.yaml': 'name: Oak\n', 'schools/elm.yaml': 'name: Elm\n' });
    const result = await cli(dir, 'check');
    expect(lastLine(result.stderr)).toBe('policyc: checked 2 policies for 2 schools: 0 errors, 2 warnings');
  });

  it('counts errors, and exits 1 for one', async () => {
    const dir = project({ 'policies/data.md': CLEAN_POLICY, 'schools/oak.yaml': 'name: Oak\n', 'schools/elm.yaml': 'name: Elm\ngovernorBody: x\n' });
    const result = await cli(dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('schools/elm.yaml:2:1: error: unknown key `governorBody` in the config (did you mean `governingBody`?)\n');
    // the broken school is not one of those checked
    expect(lastLine(result.stderr)).toBe('policyc: checked 1 policy for 1 school: 1 error, 0 warnings');
  });

  it('says so when everything is clean', async () => {
    const dir = project({ 'policies/data.md': CLEAN_POLICY, 'schools/oak.yaml': 'name: Oak\n' });
    const result = await cli(dir, 'check', '--strict');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('policyc: checked 1 policy for 1 school: 0 errors, 0 warnings\n');
  });

  it('fails on a warning with --strict', async () => {
    const dir = project({ 'policies/data.md': WARNED_POLICY, 'schools/oak.yaml': 'name: Oak\n' });
    const result = await cli(dir, 'check', '--strict');
    expect(result.code).toBe(1);
    expect(lastLine(result.stderr)).toBe('policyc: checked 1 policy for 1 school: 0 errors, 1 warning');
  });

  it('prints the report as JSON with --json, nothing on stderr, and ok follows --strict', async () => {
    const dir = project({ 'policies/data.md': WARNED_POLICY, 'schools/oak.yaml': 'name: Oak\n' });
    const warning = {
      file: 'policies/data.md', line: 12, column: 32, severity: 'warning',
      message: "'Data Protection Act 1998' (data-protection-act-1998) is repealed: did you mean 'Data Protection Act 2018' (data-protection-act-2018)?",
    };
    const plain = await cli(dir, 'check', '--json');
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    expect(JSON.parse(plain.stdout)).toEqual({ ok: true, errors: 0, warnings: 1, diagnostics: [warning], reviewsCheckedOn: null });

    const strict = await cli(dir, 'check', '--json', '--strict');
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toEqual({ ok: false, errors: 0, warnings: 1, diagnostics: [warning], reviewsCheckedOn: null });
  });

  it('adds the citations to the JSON report with --legislation', async () => {
    const dir = project({ 'policies/data.md': WARNED_POLICY, 'schools/oak.yaml': 'name: Oak\n' });
    const report = JSON.parse((await cli(dir, 'check', '--json', '--legislation')).stdout);
    expect(report.citations).toHaveLength(1);
    expect(report.citations[0]).toMatchObject({ file: 'policies/data.md', line: 12, column: 32 });
    expect(JSON.parse((await cli(dir, 'check', '--json')).stdout)).not.toHaveProperty('citations');
  });

  it('checks only the schools asked for, and refuses an unknown one as a usage error', async () => {
    const dir = project({ 'policies/data.md': CLEAN_POLICY, 'schools/oak.yaml': 'name: Oak\n', 'schools/elm.yaml': 'name: Elm\ngovernorBody: x\n' });
    const only = await cli(dir, 'check', '--school', 'oak');
    expect(only.code).toBe(0);
    expect(only.stderr).toBe('policyc: checked 1 policy for 1 school: 0 errors, 0 warnings\n');

    const unknown = await cli(dir, 'check', '--school', 'oaks');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('policyc: error: unknown school `oaks` (did you mean `oak`?)\nknown schools: elm, oak\n');
  });

  it('writes nothing', async () => {
    const dir = project({ 'policies/data.md': CLEAN_POLICY, 'schools/oak.yaml': 'name: Oak\n' });
    const before = readdirSync(dir).sort();
    await cli(dir, 'check');
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
