import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedItem } from '../../src/legislation/entries.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

const FIXTURES = join(REPO, 'test/fixtures/legislation/schools');

function withSchool(name: string): string {
  const dir = scratchProject();
  cpSync(join(FIXTURES, name), join(dir, 'schools', name));
  return dir;
}

describe('legislation lists in configs name register entries', () => {
  it('resolves an id to the register’s citation and address, and a text override to its text', () => {
    expect(citedItem('malicious-communications-act-1988')).toMatchObject({
      text: 'Malicious Communications Act 1988',
      parts: [{ text: 'Malicious Communications Act 1988', url: 'https://www.legislation.gov.uk/ukpga/1988/27/contents' }],
    });
    expect(citedItem({ id: 'malicious-communications-act-1988', text: 'Malicious Communication Act 1998' })).toMatchObject({
      text: 'Malicious Communication Act 1998',
      parts: [{ text: 'Malicious Communication Act 1998', url: 'https://www.legislation.gov.uk/ukpga/1988/27/contents' }],
    });
    expect(citedItem('Some local guidance')).toMatchObject({ text: 'Some local guidance', id: '', parts: [{ text: 'Some local guidance', url: '' }] });
  });

  it('links each entry a line of several cites, where the text cites it', () => {
    expect(citedItem({ id: ['defamation-act-1952', 'defamation-act-1996', 'defamation-act-2013'], text: 'Defamation Acts 1952, 1996 and 2013' }).parts).toEqual([
      { text: 'Defamation Acts 1952', url: 'https://www.legislation.gov.uk/ukpga/Geo6and1Eliz2/15-16/66/contents' },
      { text: ', ', url: '' },
      { text: '1996', url: 'https://www.legislation.gov.uk/ukpga/1996/31/contents' },
      { text: ' and ', url: '' },
      { text: '2013', url: 'https://www.legislation.gov.uk/ukpga/2013/26/contents' },
    ]);
    expect(citedItem({ id: ['computer-misuse-act-1990', 'police-and-justice-act-2006'] }).text).toBe('Computer Misuse Act 1990 and Police and Justice Act 2006');
  });

  it('refuses an id the register lacks: an error at the id, with a "did you mean", and that school is not built', async () => {
    const dir = withSchool('unknown-ids.yaml');
    const check = await cli(dir, 'check');
    expect(check.code).toBe(1);
    expect(check.stderr.split('\n').filter((l) => l.startsWith('schools/unknown-ids.yaml'))).toEqual([
      'schools/unknown-ids.yaml:5:7: error: `data-protection-act-2108` is not in the legislation register (did you mean `data-protection-act-2018`?)',
      'schools/unknown-ids.yaml:6:11: error: `human-rights-act` is not in the legislation register (did you mean `human-rights-act-1998`?)',
      'schools/unknown-ids.yaml:8:38: error: `police-justice-act-2006` is not in the legislation register (did you mean `police-and-justice-act-2006`?)',
      'schools/unknown-ids.yaml:11:5: error: `keeping-children-safe` is not in the legislation register (did you mean `keeping-children-safe-in-education`?)',
    ]);
    const build = await cli(dir, 'build', '--format', 'html');
    expect(build.code).toBe(1);
    expect(existsSync(join(dir, 'dist/unknown-ids'))).toBe(false);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
  });

  it('refuses an unknown id in the LA defaults for every school', async () => {
    const dir = scratchProject();
    const defaults = join(dir, 'schools/_defaults.yaml');
    writeFileSync(defaults, readFileSync(defaults, 'utf8').replace('    - equality-act-2010\n', '    - equality-act-2011\n'));
    const build = await cli(dir, 'build', '--format', 'html');
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('schools/_defaults.yaml:57:7: error: `equality-act-2011` is not in the legislation register (did you mean `equality-act-2010`?)');
    expect(existsSync(join(dir, 'dist/mill-lane-primary'))).toBe(false);
  });

  it('warns at a text’s own line and column when it does not match the register, and still builds the school', async () => {
    const dir = withSchool('text-overrides.yaml');
    const check = await cli(dir, 'check');
    expect(check.code).toBe(0);
    expect(check.stderr.split('\n').filter((l) => l.startsWith('schools/text-overrides.yaml'))).toEqual([
      "schools/text-overrides.yaml:6:13: warning: 'Defamation Act 2012' does not match the register: did you mean 'Defamation Act 2013' (defamation-act-2013)?",
      "schools/text-overrides.yaml:8:54: warning: 'Police and Justice Act 2008' does not match the register: did you mean 'Police and Justice Act 2006' (police-and-justice-act-2006)?",
      "schools/text-overrides.yaml:10:13: warning: 'The law on harassment' does not match the register: did you mean 'Protection from Harassment Act 1997' (protection-from-harassment-act-1997)?",
      "schools/text-overrides.yaml:11:7: warning: 'Data Protection Act 1998' (data-protection-act-1998) is repealed: did you mean 'Data Protection Act 2018' (data-protection-act-2018)?",
      "schools/text-overrides.yaml:12:7: warning: 'Libel Act 1843' is not a register id, so editions print it without a link: name the entry `libel-act-1843` (or write `{ id: libel-act-1843, text: … }`)",
      "schools/text-overrides.yaml:16:11: warning: 'Working Together to Safeguard Children (2018)' is an outdated edition: did you mean 'Working together to safeguard children 2023' (working-together-to-safeguard-children)?",
      "schools/text-overrides.yaml:18:31: warning: 'Equality Act 2012' does not match the register: did you mean 'Equality Act 2010' (equality-act-2010)?",
    ]);
    const build = await cli(dir, 'build', '--format', 'html', '--quiet');
    expect(build.code).toBe(0);
    // The build refuses only errors; citations are check's business.
    expect(build.stderr).toBe('');
    expect(existsSync(join(dir, 'dist/text-overrides/social-networking.html'))).toBe(true);
  });

  it('warns at the Mill Lane defaults’ seed misprints, and nowhere in Riverside’s canonical ids', async () => {
    const check = await cli(scratchProject(), 'check');
    const warnings = check.stderr.split('\n').filter((l) => l.startsWith('schools/'));
    expect(warnings).toEqual([
      "schools/_defaults.yaml:65:13: warning: 'Malicious Communication Act 1998' does not match the register: did you mean 'Malicious Communications Act 1988' (malicious-communications-act-1988)?",
      "schools/_defaults.yaml:68:13: warning: 'Copyright, Designs and Patents Act 1998' does not match the register: did you mean 'Copyright, Designs and Patents Act 1988' (copyright-designs-and-patents-act-1988)?",
      "schools/_defaults.yaml:113:11: warning: 'Teachers Standards July 2011 (updated June 2013)' does not match the register: did you mean 'Teachers’ Standards (July 2011, last updated December 2021)' (teachers-standards)?",
      "schools/_defaults.yaml:115:11: warning: 'Keeping Children Safe in Education (September 2018)' is an outdated edition: did you mean 'Keeping children safe in education 2025' (keeping-children-safe-in-education)?",
    ]);
    const defaults = readFileSync(join(REPO, 'schools/_defaults.yaml'), 'utf8').split('\n');
    expect(defaults[64]!.slice(12)).toBe('Malicious Communication Act 1998');
    expect(defaults[114]!.slice(10)).toBe('Keeping Children Safe in Education (September 2018)');
  });

  it('accepts free text that is no citation without a word, and rejects an entry without an id', async () => {
    const dir = scratchProject({ files: { 'schools/free.yaml': 'name: Free\nguidance:\n  - Our own staff handbook\n  - text: Missing id\n' } });
    const check = await cli(dir, 'check');
    expect(check.code).toBe(1);
    expect(check.stderr.split('\n').filter((l) => l.startsWith('schools/free.yaml'))).toEqual(['schools/free.yaml:4:5: error: `guidance.1` is missing required key `id`']);
  });
});
