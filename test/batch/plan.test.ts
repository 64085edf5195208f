import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { compare, Entries, figuresHash, Makers, selectPairs } from '../../src/batch/plan.ts';
import { loadProject, type Project } from '../../src/project/load-project.ts';
import { Templating } from '../../src/templating/engine.ts';
import { addSchools, REPO, scratchProject } from '../helpers/project.ts';

const templating = await Templating.load(join(REPO, 'templates'));
const HASHES = { tool: 'tool-hash', templates: 'templates-hash' };

const ids = (pairs: { school: { id: string }; policy: { id: string } }[]) => pairs.map((p) => `${p.school.id}/${p.policy.id}`);

/** A second policy beside the seed: a short one named so that it sorts first. */
const SHORT_POLICY = '---\ntitle: Attendance\nversion: "1.0"\nowner: Schools HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All staff\n---\n\n# Aims\n\n1. {{school.name}} keeps a register.\n';

/** The input hash of every edition of a project, by edition id. */
function hashes(project: Project, options = {}): Record<string, string> {
  const makers = new Makers(templating, []);
  const entries = new Entries(HASHES, options);
  return Object.fromEntries(selectPairs(project, undefined).map((pair) => [`${pair.school.id}/${pair.policy.id}`, entries.entry(makers.for(pair.policy)!, pair).inputHash]));
}

describe('selectPairs', () => {
  it('lists every school × policy pair, by school id and then policy id, whatever the order of the project', async () => {
    const dir = scratchProject({ files: { 'policies/attendance.md': SHORT_POLICY } });
    addSchools(dir, 2);
    const project = await loadProject(dir);
    project.schools.reverse();
    project.policies.reverse();
    expect(ids(selectPairs(project, undefined))).toEqual([
      'mill-lane-primary/attendance', 'mill-lane-primary/social-networking',
      'riverside-infant/attendance', 'riverside-infant/social-networking',
      'school-001/attendance', 'school-001/social-networking',
      'school-002/attendance', 'school-002/social-networking',
    ]);
  });

  it('gives a shard every N-th pair of that order, and the shards together give every pair once', async () => {
    const dir = scratchProject({ files: { 'policies/attendance.md': SHORT_POLICY } });
    addSchools(dir, 2);
    const project = await loadProject(dir);
    const all = ids(selectPairs(project, undefined));
    const shards = [1, 2, 3].map((k) => ids(selectPairs(project, { k, n: 3 })));
    expect(shards[0]).toEqual([all[0], all[3], all[6]]);
    expect(shards[1]).toEqual([all[1], all[4], all[7]]);
    expect(shards[2]).toEqual([all[2], all[5]]);
    expect(shards.flat().sort()).toEqual([...all].sort());
  });

  it('sorts ids by code unit, not by locale', () => {
    expect(['b', 'a-b', 'a', 'a1', 'B'].sort(compare)).toEqual(['B', 'a', 'a-b', 'a1', 'b']);
    expect(compare('x', 'x')).toBe(0);
  });
});

describe('Makers', () => {
  it('compiles each policy once, however many schools ask for it', async () => {
    const dir = scratchProject();
    addSchools(dir, 3);
    const project = await loadProject(dir);
    const compile = vi.spyOn(templating, 'compile');
    try {
      const makers = new Makers(templating, [], project.configTexts, project.figures);
      const pairs = selectPairs(project, undefined);
      expect(pairs).toHaveLength(5);
      const made = pairs.map((pair) => makers.for(pair.policy));
      expect(compile).toHaveBeenCalledTimes(1);
      expect(new Set(made).size).toBe(1);
      expect(made[0]).toBeDefined();
      // schools of one shape share a parse: Mill Lane's shape and Riverside's (copied three times)
      for (const pair of pairs) expect(made[0]!.build(pair.school).edition?.meta.schoolName).toBe(pair.school.name);
      expect(makers.parses).toBe(2);
    } finally {
      compile.mockRestore();
    }
  });

  it('reports a broken template once and gives no maker for it', async () => {
    const dir = scratchProject({ files: { 'policies/broken.md': SHORT_POLICY.replace('{{school.name}}', '{{#if school.name}}{{school.name}}') } });
    const project = await loadProject(dir);
    const diagnostics: Diagnostic[] = [];
    const makers = new Makers(templating, diagnostics, project.configTexts, project.figures);
    const broken = project.policies.find((p) => p.id === 'broken')!;
    expect(makers.for(broken)).toBeUndefined();
    expect(makers.for(broken)).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'policies/broken.md', severity: 'error', message: expect.stringContaining('template block is not closed') });
    expect(makers.parses).toBe(0);
  });
});

describe('Makers.fallback', () => {
  it('gives a policy whose template has errors a maker over the rest of it, whose editions are never asked for', async () => {
    const dir = scratchProject({ files: { 'policies/a.md': SHORT_POLICY.replace('{{school.name}}', '{{school.nmae}}') } });
    const project = await loadProject(dir);
    const diagnostics: Diagnostic[] = [];
    const makers = new Makers(templating, diagnostics, project.configTexts, project.figures);
    const policy = project.policies.find((p) => p.id === 'a')!;
    expect(makers.for(policy)).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    const fallback = makers.fallback(policy);
    expect(fallback).toBeDefined();
    expect(diagnostics).toHaveLength(1); // its template's errors are reported once, by `for`
    expect(fallback!.tokenized(project.schools[0]!).diagnostics).toEqual([]);
  });
});

describe('Entries', () => {
  it('names the edition and carries its school and policy for the manifest', async () => {
    const project = await loadProject(scratchProject());
    const [pair] = selectPairs(project, undefined);
    const entry = new Entries(HASHES, {}).entry(new Makers(templating, []).for(pair!.policy)!, pair!);
    expect(entry).toEqual({
      id: 'mill-lane-primary/social-networking',
      school: { id: 'mill-lane-primary', name: 'Mill Lane Primary School' },
      policy: { id: 'social-networking', title: 'Social Networking Policy for Staff in Schools', version: '3.0', approved: '2026-09-01', review: '2027-09-01' },
      // Mill Lane's register: it adopted this version (schools/mill-lane-primary.yaml).
      adoption: { state: 'adopted', version: '3.0', approved: '2026-10-14', minute: '7.2', review: '2027-09-01' },
      inputHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('gives each edition its own input hash, the same on every run', async () => {
    const dir = scratchProject();
    const first = hashes(await loadProject(dir));
    expect(new Set(Object.values(first)).size).toBe(2);
    expect(hashes(await loadProject(dir))).toEqual(first);
  });

  it('changes the hash of a school\'s editions when its config changes, and of no other school\'s', async () => {
    const dir = scratchProject();
    const before = hashes(await loadProject(dir));
    const file = join(dir, 'schools/riverside-infant.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('governingBody: Governing Board', 'governingBody: Board of Trustees'));
    const after = hashes(await loadProject(dir));
    expect(after['riverside-infant/social-networking']).not.toBe(before['riverside-infant/social-networking']);
    expect(after['mill-lane-primary/social-networking']).toBe(before['mill-lane-primary/social-networking']);
  });

  it('hashes the cascaded config: a comment in a school file changes nothing, a change to the LA defaults changes every school', async () => {
    const dir = scratchProject();
    const before = hashes(await loadProject(dir));
    const school = join(dir, 'schools/riverside-infant.yaml');
    writeFileSync(school, `${readFileSync(school, 'utf8')}\n# a note for the next editor\n`);
    expect(hashes(await loadProject(dir))).toEqual(before);

    const defaults = join(dir, 'schools/_defaults.yaml');
    writeFileSync(defaults, readFileSync(defaults, 'utf8').replace('name: Schools HR Advisory Service', 'name: Schools HR Service'));
    const after = hashes(await loadProject(dir));
    for (const id of Object.keys(before)) expect(after[id]).not.toBe(before[id]);
  });

  it('changes the hashes of a trust\'s schools when the trust file changes, and of no other school\'s', async () => {
    const trust = 'name: Oak Learning Trust\nroles:\n  head: { name: Principal, plural: Principals }\n';
    const dir = scratchProject({ files: { 'schools/_trusts/oak.yaml': trust, 'schools/oak-academy.yaml': 'name: Oak Academy\ntrust: oak\n' } });
    const before = hashes(await loadProject(dir));
    expect(Object.keys(before)).toContain('oak-academy/social-networking'); // the trust file is no school
    expect(Object.keys(before).some((id) => id.startsWith('_trusts') || id.startsWith('oak/'))).toBe(false);
    writeFileSync(join(dir, 'schools/_trusts/oak.yaml'), trust.replace('Principal,', 'Head of Academy,'));
    const after = hashes(await loadProject(dir));
    expect(after['oak-academy/social-networking']).not.toBe(before['oak-academy/social-networking']);
    expect(after['mill-lane-primary/social-networking']).toBe(before['mill-lane-primary/social-networking']);
  });

  it('changes every edition\'s hash of a policy when its source changes', async () => {
    const dir = scratchProject();
    const before = hashes(await loadProject(dir));
    const policy = join(dir, 'policies/social-networking.md');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}\n<!-- reviewed -->\n`);
    const after = hashes(await loadProject(dir));
    for (const id of Object.keys(before)) expect(after[id]).not.toBe(before[id]);
  });

  it('hashes the policy text the run parsed, not the file as it is later', async () => {
    const dir = scratchProject();
    const project = await loadProject(dir);
    const before = hashes(project);
    const policy = join(dir, 'policies/social-networking.md');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}\nSaved while the run was going.\n`);
    expect(hashes(project)).toEqual(before);
  });

  it('changes every hash with the writer options, the tool, the templates and SOURCE_DATE_EPOCH', async () => {
    const project = await loadProject(scratchProject());
    const [pair] = selectPairs(project, undefined);
    const maker = new Makers(templating, []).for(pair!.policy)!;
    const hash = (hashParts = HASHES, options = {}) => new Entries(hashParts, options).entry(maker, pair!).inputHash;
    vi.stubEnv('SOURCE_DATE_EPOCH', '');
    try {
      const base = hash();
      expect(hash(HASHES, { pdfStandard: 'ua-1' })).not.toBe(base);
      expect(hash({ ...HASHES, tool: 'another tool' })).not.toBe(base);
      expect(hash({ ...HASHES, templates: 'other templates' })).not.toBe(base);
      vi.stubEnv('SOURCE_DATE_EPOCH', '1700000000');
      const dated = hash();
      expect(dated).not.toBe(base);
      vi.stubEnv('SOURCE_DATE_EPOCH', 'not a number'); // ignored, as the writers ignore it
      expect(hash()).toBe(base);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('figures in the input hash', () => {
  it('a changed, added or removed figure changes every edition’s input hash', async () => {
    const project = await loadProject(scratchProject());
    const pair = selectPairs(project, undefined)[0]!;
    const maker = new Makers(templating, []).for(pair.policy)!;
    const figure = (base64: string) => new Map([['figures/flow.svg', { mime: 'image/svg+xml' as const, width: 1, height: 1, base64 }]]);
    const hash = (figures: Map<string, never> | ReturnType<typeof figure>) => new Entries({ ...HASHES, figures: figuresHash(figures) }, {}).entry(maker, pair).inputHash;
    const none = hash(new Map());
    const one = hash(figure('AAAA'));
    expect(new Set([none, one, hash(figure('AAAB'))]).size).toBe(3);
    expect(hash(figure('AAAA'))).toBe(one);
  });
});
