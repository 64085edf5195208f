import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

describe('policyc list', () => {
  it('prints the shipped project\'s policies and schools, aligned, with title, version and review date', async () => {
    const result = await cli(REPO, 'list');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe([
      'Policies (5):',
      '  acceptable-use-of-ict        Acceptable Use of ICT Policy for Staff in Schools (version 2.1, review 2027-09-01)',
      '  lone-working                 Lone Working Policy for Staff in Schools (version 2.0, review 2028-09-01)',
      '  social-networking            Social Networking Policy for Staff in Schools (version 3.0, review 2027-09-01)',
      '  staff-code-of-conduct        Staff Code of Conduct for Schools (version 4.0, review 2027-09-01)',
      '  whistleblowing               Whistleblowing Policy for Staff in Schools (version 3.0, review 2028-09-01)',
      'Schools (3):',
      '  mill-lane-primary            Mill Lane Primary School',
      '  riverside-infant             Riverside Nursery and Infant School',
      '  ysgol-ty-dwr                 Ysgol Gynradd Tŷ Dŵr',
      '',
    ].join('\n'));
  });

  it('prints the same as JSON with --json', async () => {
    const result = await cli(REPO, 'list', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      policies: [
        { id: 'acceptable-use-of-ict', title: 'Acceptable Use of ICT Policy for Staff in Schools', version: '2.1', approved: '2026-09-01', review: '2027-09-01' },
        { id: 'lone-working', title: 'Lone Working Policy for Staff in Schools', version: '2.0', approved: '2026-09-01', review: '2028-09-01' },
        { id: 'social-networking', title: 'Social Networking Policy for Staff in Schools', version: '3.0', approved: '2026-09-01', review: '2027-09-01' },
        { id: 'staff-code-of-conduct', title: 'Staff Code of Conduct for Schools', version: '4.0', approved: '2026-09-01', review: '2027-09-01' },
        { id: 'whistleblowing', title: 'Whistleblowing Policy for Staff in Schools', version: '3.0', approved: '2026-09-01', review: '2028-09-01' },
      ],
      schools: [
        { id: 'mill-lane-primary', name: 'Mill Lane Primary School' },
        { id: 'riverside-infant', name: 'Riverside Nursery and Infant School' },
        { id: 'ysgol-ty-dwr', name: 'Ysgol Gynradd Tŷ Dŵr' },
      ],
    });
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });

  it('reads the project given with -C', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/oak.yaml'), 'name: Oak Academy\n');
    const result = await cli(REPO, '-C', dir, 'list', '--json');
    expect(JSON.parse(result.stdout).schools.map((s: { id: string }) => s.id)).toEqual(['mill-lane-primary', 'oak', 'riverside-infant']);
  });

  it('lists what it can read, reports the broken configs on stderr and exits 1', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/broken.yaml'), 'name: Broken\ngovernorBody: x\n');
    const result = await cli(dir, 'list');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('schools/broken.yaml:2:1: error: unknown key `governorBody` in the config (did you mean `governingBody`?)\n');
    expect(result.stdout).toContain('Schools (2):\n');
    expect(result.stdout).not.toContain('Broken');
  });

  it('with --json, keeps stdout pure JSON when a config is broken', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/broken.yaml'), 'governingBody: x\n');
    const result = await cli(dir, 'list', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).schools).toHaveLength(2);
    expect(result.stderr).toContain('schools/broken.yaml:1:1: error: school config is missing required key `name`');
  });
});
