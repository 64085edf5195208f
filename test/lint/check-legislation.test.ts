import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

const SNAPSHOT = join(REPO, 'test/fixtures/legislation/shipped-check-legislation.txt');

describe('policyc check on the shipped project', () => {
  it('has no errors; its only warnings are the seed’s misprints and outdated citations', async () => {
    const check = await cli(scratchProject({ library: true }), 'check');
    expect(check.code).toBe(0);
    expect(check.stderr.trim().split('\n')).toEqual([
      "policies/social-networking.md:137:198: warning: 'Data Protection Act 1998' (data-protection-act-1998) is repealed: did you mean 'Data Protection Act 2018' (data-protection-act-2018)?",
      "policies/social-networking.md:137:228: warning: 'General Data Protection Regulations' does not match the register: did you mean 'UK General Data Protection Regulation (UK GDPR)' (uk-gdpr)?",
      "schools/_defaults.yaml:65:13: warning: 'Malicious Communication Act 1998' does not match the register: did you mean 'Malicious Communications Act 1988' (malicious-communications-act-1988)?",
      "schools/_defaults.yaml:68:13: warning: 'Copyright, Designs and Patents Act 1998' does not match the register: did you mean 'Copyright, Designs and Patents Act 1988' (copyright-designs-and-patents-act-1988)?",
      "schools/_defaults.yaml:113:11: warning: 'Teachers Standards July 2011 (updated June 2013)' does not match the register: did you mean 'Teachers’ Standards (July 2011, last updated December 2021)' (teachers-standards)?",
      "schools/_defaults.yaml:115:11: warning: 'Keeping Children Safe in Education (September 2018)' is an outdated edition: did you mean 'Keeping children safe in education 2025' (keeping-children-safe-in-education)?",
      'policyc: reviews of statutory policies were not checked for lateness: no reference date (give --today YYYY-MM-DD, or set SOURCE_DATE_EPOCH)',
      'policyc: checked 5 policies for 3 schools: 0 errors, 6 warnings',
    ]);
    expect(check.stdout).toBe('');
    const strict = await cli(scratchProject({ library: true }), 'check', '--strict');
    expect(strict.code).toBe(1);
  });

  it('--legislation prints the register’s view of every citation in every policy and config', async () => {
    const check = await cli(scratchProject({ library: true }), 'check', '--legislation');
    expect(check.code).toBe(0);
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(SNAPSHOT, check.stdout);
    // Regenerate with UPDATE_SNAPSHOTS=1 after changing the register, the policies or the shipped configs.
    expect(check.stdout).toBe(readFileSync(SNAPSHOT, 'utf8'));
    const lines = check.stdout.trim().split('\n');
    expect(lines).toContain("policies/social-networking.md:51:88: 'Data Protection Act 2018' → Data Protection Act 2018, 2018 c. 12, in force, https://www.legislation.gov.uk/ukpga/2018/12/contents");
    expect(lines).toContain("schools/_defaults.yaml:65:13: 'Malicious Communication Act 1998' → Malicious Communications Act 1988, 1988 c. 27, in force, https://www.legislation.gov.uk/ukpga/1988/27/contents (warning: 'Malicious Communication Act 1998' does not match the register: did you mean 'Malicious Communications Act 1988' (malicious-communications-act-1988)?)");
    expect(lines).toContain("schools/riverside-infant.yaml:47:7: 'malicious-communications-act-1988' → Malicious Communications Act 1988, 1988 c. 27, in force, https://www.legislation.gov.uk/ukpga/1988/27/contents");
    // every entry of every list, and each Act of a line that cites several
    expect(lines.filter((l) => l.startsWith('schools/_defaults.yaml:')).length).toBe(53);
    expect(lines.filter((l) => l.startsWith('schools/riverside-infant.yaml:')).length).toBe(11);
    for (const line of lines) expect(line).toMatch(/^(policies|schools)\/[^:]+:\d+:\d+: '[^']+' → (.+, https:\/\/www\.(legislation\.)?gov\.uk\/\S+( \(warning: .+\))?|not in the register)$/);
    expect(check.stderr).toMatch(/0 errors, 6 warnings\n$/);
  });

  it('--legislation --json gives the citations with their register entries, beside the diagnostics', async () => {
    const check = await cli(scratchProject({ library: true }), 'check', '--legislation', '--json');
    const report = JSON.parse(check.stdout);
    expect([report.ok, report.errors, report.warnings]).toEqual([true, 0, 6]);
    expect(report.citations).toHaveLength(90);
    expect(report.citations.find((c: { verdict: string }) => c.verdict === 'repealed')).toEqual({
      file: 'policies/social-networking.md',
      line: 137,
      column: 198,
      text: 'Data Protection Act 1998',
      verdict: 'repealed',
      entry: {
        id: 'data-protection-act-1998',
        title: 'Data Protection Act 1998',
        year: 1998,
        chapter: 'c. 29',
        status: 'repealed',
        supersededBy: 'data-protection-act-2018',
        url: 'https://www.legislation.gov.uk/ukpga/1998/29/contents',
      },
      message: "'Data Protection Act 1998' (data-protection-act-1998) is repealed: did you mean 'Data Protection Act 2018' (data-protection-act-2018)?",
    });
    const plain = JSON.parse((await cli(scratchProject({ library: true }), 'check', '--json')).stdout);
    expect(plain.citations).toBeUndefined();
  });

  it('documents --legislation in check --help, with an example', async () => {
    const help = await cli(scratchProject({ library: true }), 'check', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--legislation\s+also print every citation/);
    expect(help.stdout).toContain('$ policyc check --legislation');
    expect(help.stdout).toContain('src/legislation/register.yaml');
  });
});
