import { describe, expect, it } from 'vitest';
import { keepPrevious, mergeEntries } from '../../src/batch/merge.ts';
import type { ManifestEdition } from '../../src/output/manifest.ts';
import type { Project } from '../../src/project/load-project.ts';

/** A project as merging sees it: the ids found on disk. */
function project(schoolIds: string[], policyIds: string[]): Project {
  return { root: '/p', templatesDir: '/p/templates', policies: [], schools: [], policyIds, schoolIds, configTexts: new Map(), figures: new Map(), diagnostics: [] };
}

function edition(school: string, policy: string, inputHash = `${school}-${policy}`): ManifestEdition {
  return {
    id: `${school}/${policy}`,
    school: { id: school, name: school.toUpperCase() },
    policy: { id: policy, title: policy, version: '1.0', approved: '2026-01-01', review: '2027-01-01' },
    inputHash,
    files: [{ format: 'html', path: `${school}/${policy}.html`, bytes: 1, sha256: inputHash }],
  };
}

const byId = (...editions: ManifestEdition[]) => new Map(editions.map((e) => [e.id, e]));
const idsOf = (editions: ManifestEdition[]) => editions.map((e) => e.id);

describe('mergeEntries', () => {
  it('keeps the previous entries of editions outside an unsharded run whose school and policy still exist', () => {
    const built = byId(edition('a', 'p', 'new'));
    const previous = byId(edition('a', 'p', 'old'), edition('b', 'p'), edition('c', 'p'));
    const merged = mergeEntries(built, previous, project(['a', 'b', 'c'], ['p']), new Set(['a/p']), undefined);
    expect(idsOf(merged).sort()).toEqual(['a/p', 'b/p', 'c/p']);
    // what the run built wins over what the manifest had
    expect(merged.find((e) => e.id === 'a/p')?.inputHash).toBe('new');
  });

  it('drops previous entries whose school or policy is gone', () => {
    const previous = byId(edition('a', 'p'), edition('gone', 'p'), edition('a', 'old-policy'));
    const merged = mergeEntries(new Map(), previous, project(['a'], ['p']), new Set(), undefined);
    expect(idsOf(merged)).toEqual(['a/p']);
  });

  it('does not bring back a previous entry of an edition in the run that was not built (it failed and has no files of its own)', () => {
    const previous = byId(edition('a', 'p'), edition('b', 'p'));
    const merged = mergeEntries(new Map(), previous, project(['a', 'b'], ['p']), new Set(['a/p']), undefined);
    expect(idsOf(merged)).toEqual(['b/p']);
  });

  it('treats --shard 1/1 as unsharded', () => {
    const previous = byId(edition('b', 'p'));
    expect(idsOf(mergeEntries(new Map(), previous, project(['a', 'b'], ['p']), new Set(), { k: 1, n: 1 }))).toEqual(['b/p']);
  });

  it('gives a shard only its own editions: its manifest part is merged with the others later', () => {
    const built = byId(edition('a', 'p'));
    const previous = byId(edition('a', 'p', 'old'), edition('b', 'p'), edition('c', 'p'));
    const merged = mergeEntries(built, previous, project(['a', 'b', 'c'], ['p']), new Set(['a/p']), { k: 1, n: 2 });
    expect(merged).toEqual([edition('a', 'p')]);
  });

  it('fills the map it is given and returns its values', () => {
    const built = new Map<string, ManifestEdition>();
    const merged = mergeEntries(built, byId(edition('b', 'p')), project(['b'], ['p']), new Set(), undefined);
    expect([...built.values()]).toEqual(merged);
  });
});

describe('keepPrevious', () => {
  it('puts a failed edition\'s previous entry back, so the manifest still describes its files on disk', () => {
    const entries = new Map<string, ManifestEdition>();
    keepPrevious(byId(edition('a', 'p', 'old')), entries, 'a/p');
    expect(entries.get('a/p')).toEqual(edition('a', 'p', 'old'));
  });

  it('leaves the entries alone for an edition the manifest never had', () => {
    const entries = byId(edition('b', 'p'));
    keepPrevious(byId(edition('a', 'p')), entries, 'c/p');
    expect([...entries.keys()]).toEqual(['b/p']);
  });
});
