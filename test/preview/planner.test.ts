import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.ts';
import { affectedEditions, changesTemplates, type PlannedEdition } from '../../src/preview/planner.ts';
import { REPO, scratchProject } from '../helpers/project.ts';

const TRUST = 'name: Northern Lights Academy Trust\n';

/** Every edition of a real project (the seed policy and one more, two LA schools and one of a trust). */
async function planned(): Promise<PlannedEdition[]> {
  const dir = scratchProject({
    files: {
      'policies/second.md': readFileSync(join(REPO, 'policies/lone-working.md'), 'utf8'),
      'schools/_trusts/northern-lights.yaml': TRUST,
      'schools/academy.yaml': 'name: Academy\ntrust: northern-lights\n',
    },
  });
  const project = await loadProject(dir);
  expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return project.schools.flatMap((school) => project.policies.map((policy) => ({ id: `${school.id}/${policy.id}`, policy: policy.id, school: school.id, loadedSchool: school, policyText: policy.body })));
}

const sorted = (set: Set<string>) => [...set].sort();

describe('which editions a saved file affects', async () => {
  const editions = await planned();

  it('a policy: its edition for every school', () => {
    expect(sorted(affectedEditions(['policies/second.md'], editions))).toEqual(['academy/second', 'mill-lane-primary/second', 'riverside-infant/second']);
  });

  it('a school config: its editions', () => {
    expect(sorted(affectedEditions(['schools/riverside-infant.yaml'], editions))).toEqual(['riverside-infant/second', 'riverside-infant/social-networking']);
  });

  it('a trust: the editions of its schools', () => {
    expect(sorted(affectedEditions(['schools/_trusts/northern-lights.yaml'], editions))).toEqual(['academy/second', 'academy/social-networking']);
  });

  it('the LA defaults or a template: every edition', () => {
    expect(affectedEditions(['schools/_defaults.yaml'], editions).size).toBe(editions.length);
    expect(affectedEditions(['templates/partials/hr-contacts.hbs'], editions).size).toBe(editions.length);
    expect(changesTemplates(['templates/pdf/edition.typ'])).toBe(true);
    expect(changesTemplates(['policies/second.md'])).toBe(false);
  });

  it('a figure: the editions whose policy shows it or whose school uses it as its logo', () => {
    const shown = sorted(affectedEditions(['policies/figures/lone-working-check-in.svg'], editions));
    expect(shown).toEqual(expect.arrayContaining(['academy/second', 'mill-lane-primary/second', 'riverside-infant/second']));
    for (const id of shown) {
      const e = editions.find((x) => x.id === id)!;
      expect(e.policyText!.includes('figures/lone-working-check-in.svg') || e.loadedSchool!.style.logo === 'figures/lone-working-check-in.svg').toBe(true);
    }
    const logo = editions[0]!.loadedSchool!.style.logo;
    if (logo) expect(affectedEditions([`policies/${logo}`], editions).size).toBeGreaterThan(0);
  });

  it('anything else: nothing', () => {
    expect(affectedEditions(['README.md', 'dist/index.html', 'policies/notes.txt'], editions).size).toBe(0);
  });
});
