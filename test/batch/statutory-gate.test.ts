import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/project.ts';
import { policyText, tinyProject } from '../helpers/adoptions.ts';

const school = (adoptions: string) => `name: Ash School\n${adoptions}`;
const ADOPTED = 'adoptions:\n  test-policy:\n    version: "2.0"\n    approved: 2026-10-14\n    minute: "7.2"\n    signed: []\n';

const epoch = process.env.SOURCE_DATE_EPOCH;
afterEach(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
});

describe('the statutory gate of policyc check', () => {
  it('--strict fails on an overdue statutory policy, at its adoption, and passes the day before its review', async () => {
    const dir = tinyProject({ 'policies/test-policy.md': policyText({ statutory: true }), 'schools/ash.yaml': school(ADOPTED) });
    const before = await cli(dir, 'check', '--strict', '--today', '2027-09-01');
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toBe('policyc: checked 1 policy for 1 school: 0 errors, 0 warnings\n');
    const after = await cli(dir, 'check', '--strict', '--today', '2027-09-02');
    expect(after.code).toBe(1);
    expect(after.stderr).toBe('schools/ash.yaml:3:3: warning: statutory policy `test-policy` was due for review by Ash School on 2027-09-01, 1 day before 2027-09-02 (have the Governing Body review it and record the new adoption (version 2.0) here)\n' +
      'policyc: checked 1 policy for 1 school: 0 errors, 1 warning\n');
    // Without --strict it is a warning: check passes.
    expect((await cli(dir, 'check', '--today', '2027-09-02')).code).toBe(0);
    // SOURCE_DATE_EPOCH is the reference date when --today is not given.
    process.env.SOURCE_DATE_EPOCH = String(Date.parse('2027-09-02T00:00:00Z') / 1000);
    expect((await cli(dir, 'check', '--strict')).code).toBe(1);
  });

  it('never reads the clock: without --today or SOURCE_DATE_EPOCH, only policies never adopted are reported', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    const dir = tinyProject({ 'policies/test-policy.md': policyText({ statutory: true, review: '2026-10-01' }), 'schools/ash.yaml': school(ADOPTED) });
    const run = await cli(dir, 'check', '--strict');
    expect(run.code).toBe(0);
    // …and says so, rather than passing in silence.
    expect(run.stderr).toContain('policyc: reviews of statutory policies were not checked for lateness: no reference date (give --today YYYY-MM-DD, or set SOURCE_DATE_EPOCH)');
    expect(JSON.parse((await cli(dir, 'check', '--json')).stdout).reviewsCheckedOn).toBeNull();
    expect(JSON.parse((await cli(dir, 'check', '--json', '--today', '2027-01-01')).stdout).reviewsCheckedOn).toBe('2027-01-01');
  });

  it('warns at the school file for a statutory policy never adopted, and says nothing of one not statutory', async () => {
    const dir = tinyProject({ 'policies/test-policy.md': policyText({ statutory: true }), 'schools/ash.yaml': school('') });
    const result = await cli(dir, 'check', '--strict', '--json', '--today', '2026-12-01');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).diagnostics).toEqual([{
      file: 'schools/ash.yaml', line: 1, column: 1, severity: 'warning',
      message: 'statutory policy `test-policy` (Test Policy) has never been adopted by Ash School',
      hint: 'when the Governing Body approves it, record it under `adoptions: test-policy:` (version, approved, minute, signed)',
    }]);
    const plain = tinyProject({ 'policies/test-policy.md': policyText(), 'schools/ash.yaml': school('') });
    expect((await cli(plain, 'check', '--strict', '--today', '2030-01-01')).code).toBe(0);
  });

  it('counts an adoption of an older version as adopted, and its review date as the policy\'s', async () => {
    const dir = tinyProject({ 'policies/test-policy.md': policyText({ statutory: true }), 'schools/ash.yaml': school(ADOPTED.replace('"2.0"', '"1.0"')) });
    expect((await cli(dir, 'check', '--strict', '--today', '2027-09-01')).code).toBe(0);
    expect((await cli(dir, 'check', '--strict', '--today', '2027-09-02')).code).toBe(1);
  });
});
