import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestProblem, readManifest, serializeManifest, type ManifestEdition } from '../../src/output/manifest.ts';
import { cli, scratchProject } from '../helpers/project.ts';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HASH = 'a'.repeat(64);
const edition = (school: string, policy: string): ManifestEdition => ({
  id: `${school}/${policy}`,
  school: { id: school, name: `${school} school` },
  policy: { id: policy, title: 'T', version: '1.0', approved: '2026-09-01', review: '2027-09-01' },
  inputHash: HASH,
  files: [{ format: 'html', path: `${school}/${policy}.html`, bytes: 3, sha256: HASH }],
});
const manifest = (...editions: unknown[]) => ({ generator: 'policyc', editions });

describe('manifests are validated against src/schemas/manifest.schema.json and their own rules', () => {
  it('accepts what policyc writes', () => {
    const text = serializeManifest('policyc', [edition('oak', 'p'), edition('elm', 'p')]);
    expect(manifestProblem(JSON.parse(text))).toBeUndefined();
    expect(manifestProblem(JSON.parse(serializeManifest('policyc', [edition('oak', 'p')], { k: 1, n: 2, selection: { editions: 3, sha256: HASH }, editions: ['oak/p', 'elm/p'] })))).toBeUndefined();
  });

  it('names the first problem of a damaged or hand-edited manifest', () => {
    const cases: [unknown, string][] = [
      [{ editions: [{ id: 'x' }] }, 'the top level: missing `generator`'],
      [manifest({ id: 'x' }), "editions/0: missing `school`"],
      [{ generator: 'policyc' }, 'missing `editions`'],
      [[], 'the top level must be object'],
      [manifest({ ...edition('oak', 'p'), id: 'elm/p' }), 'editions/0 (elm/p): the id is not its school\'s and policy\'s ids'],
      [manifest(edition('oak', 'p'), edition('oak', 'p')), 'editions/1 (oak/p): the edition is listed twice'],
      [manifest({ ...edition('oak', 'p'), files: [{ format: 'html', path: '../../policies/p.html', bytes: 1, sha256: HASH }] }), 'editions/0/files/0/path must match pattern'],
      [manifest({ ...edition('oak', 'p'), files: [{ format: 'html', path: 'elm/p.html', bytes: 1, sha256: HASH }] }), "the html file's path `elm/p.html` is not `oak/p.html`"],
      [manifest({ ...edition('oak', 'p'), files: [{ format: 'exe', path: 'oak/p.exe', bytes: 1, sha256: HASH }] }), 'unknown format `exe`'],
      [manifest({ ...edition('oak', 'p'), inputHash: 'nope' }), 'editions/0/inputHash must match pattern'],
      [{ ...manifest(), extra: 1 }, 'unexpected key `extra`'],
    ];
    for (const [value, problem] of cases) expect(manifestProblem(value), JSON.stringify(value)).toContain(problem);
  });

  it('readManifest: missing, not JSON, a folder, valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policyc-manifest-'));
    folders.push(dir);
    expect(readManifest(join(dir, 'manifest.json'))).toEqual({ state: 'missing' });
    writeFileSync(join(dir, 'manifest.json'), '{"generator": "policyc", "editions": [');
    expect(readManifest(join(dir, 'manifest.json'))).toMatchObject({ state: 'invalid', problem: expect.stringMatching(/^it is not JSON/) });
    mkdirSync(join(dir, 'folder.json'));
    expect(readManifest(join(dir, 'folder.json'))).toEqual({ state: 'invalid', problem: 'it is a folder, not a file' });
    writeFileSync(join(dir, 'manifest.json'), serializeManifest('policyc', [edition('oak', 'p')]));
    expect(readManifest(join(dir, 'manifest.json'))).toMatchObject({ state: 'valid', manifest: { editions: [{ id: 'oak/p' }] } });
  });

  it('an unsharded build\'s manifest.json is exactly the generator and the sorted editions, as before manifest parts recorded their shard', async () => {
    const dir = scratchProject();
    expect((await cli(dir, 'build', '--format', 'html')).code).toBe(0);
    const text = readFileSync(join(dir, 'dist/manifest.json'), 'utf8');
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['generator', 'editions']);
    expect(text).toBe(`${JSON.stringify({ generator: 'policyc', editions: parsed.editions }, null, 2)}\n`);
    // `adoption` because the seed's schools keep an adoption register.
    expect(Object.keys(parsed.editions[0])).toEqual(['id', 'school', 'policy', 'adoption', 'inputHash', 'printedId', 'files']);
    // What a build writes passes the schema (a field added to the entries must be added to it too).
    expect(readManifest(join(dir, 'dist/manifest.json'))).toMatchObject({ state: 'valid' });
  });
});
