import { describe, expect, it } from 'vitest';
import { policyText, tinyProject } from '../helpers/adoptions.ts';
import { cli } from '../helpers/project.ts';

const adoption = (lines: string[]) => ['name: Ash School', 'adoptions:', '  test-policy:', ...lines].join('\n') + '\n';
const GOOD = ['    version: "2.0"', '    approved: 2026-10-14', '    minute: "7.2"', '    signed:', '      - { role: head, name: Jo Bloggs, date: 2026-10-14 }'];

async function errors(school: string, extra: Record<string, string> = {}) {
  const dir = tinyProject({ 'policies/test-policy.md': policyText(), 'schools/ash.yaml': school, ...extra });
  const result = await cli(dir, 'check');
  return { code: result.code, lines: result.stderr.split('\n').filter((l) => / (error|warning): /.test(l)) };
}

describe('adoptions: in a school\'s config', () => {
  it('accepts an adoption of the current version, or of an older one', async () => {
    expect(await errors(adoption(GOOD))).toEqual({ code: 0, lines: [] });
    expect(await errors(adoption(GOOD.map((l) => l.replace('"2.0"', '"1.0"'))))).toEqual({ code: 0, lines: [] });
  });

  it('refuses a policy there is no file of, at its key, with a suggestion', async () => {
    const { code, lines } = await errors(adoption(GOOD).replace('  test-policy:', '  test-polcy:'));
    expect(code).toBe(1);
    expect(lines).toEqual(['schools/ash.yaml:3:3: error: unknown policy `test-polcy` in adoptions: there is no policies/test-polcy.md (did you mean `test-policy`?)']);
  });

  it('refuses a version the policy never had, at the version', async () => {
    const { code, lines } = await errors(adoption(GOOD.map((l) => l.replace('"2.0"', '"1.5"'))));
    expect(code).toBe(1);
    expect(lines).toEqual(['schools/ash.yaml:4:14: error: `test-policy` never had version 1.5: its versions are 1.0, 2.0 (adopt one of them (policies/test-policy.md lists them under `version` and `history:`))']);
  });

  it('refuses a signer\'s role the school does not have, at the role', async () => {
    const { lines } = await errors(adoption(GOOD.map((l) => l.replace('role: head', 'role: hed'))));
    expect(lines).toEqual(['schools/ash.yaml:8:17: error: unknown role `hed` in the adoption of `test-policy`: a signer names a role by its key (did you mean `head` (Headteacher)?)']);
  });

  it('refuses a signature dated before the approval, and a review date not after it', async () => {
    const signed = await errors(adoption(GOOD.map((l) => l.replace('date: 2026-10-14', 'date: 2026-10-13'))));
    expect(signed.lines).toEqual(['schools/ash.yaml:8:46: error: Jo Bloggs signed `test-policy` on 2026-10-13, before its approval on 2026-10-14 (a copy is signed on or after the meeting that approved it)']);
    const review = await errors(adoption([...GOOD, '    review: 2026-10-14']));
    expect(review.lines).toEqual(['schools/ash.yaml:9:13: error: review date 2026-10-14 of `test-policy` is not after its approval on 2026-10-14']);
  });

  it('refuses an invalid date, a missing minute and an unknown key, each where it is', async () => {
    const { code, lines } = await errors(adoption(['    version: "2.0"', '    approved: 2026-13-01', '    signed: []', '    minutes: "7.2"']));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/schools\/ash\.yaml:4:5: error: `adoptions.test-policy` is missing required key `minute`/);
    expect(lines.join('\n')).toMatch(/schools\/ash\.yaml:5:15: error: .*YYYY-MM-DD/);
    expect(lines.join('\n')).toMatch(/schools\/ash\.yaml:7:5: error: unknown key `minutes`/);
  });

  it('is a school\'s own: refused in the LA defaults and in a trust', async () => {
    const defaults = await errors('name: Ash School\n', { 'schools/_defaults.yaml': adoption(GOOD).replace('name: Ash School\n', '') });
    expect(defaults.lines).toContain('schools/_defaults.yaml:1:1: error: the LA defaults file must not set `adoptions` (each school records what its governing body adopted in its own file, schools/<school-id>.yaml)');
    const trust = await errors('name: Ash School\ntrust: oak\n', { 'schools/_trusts/oak.yaml': adoption(GOOD).replace('Ash School', 'Oak Trust') });
    expect(trust.lines).toContain('schools/_trusts/oak.yaml:2:1: error: a trust file must not set `adoptions` (each school records what its governing body adopted in its own file, schools/<school-id>.yaml)');
  });
});
