import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectionDigest } from '../../src/output/manifest.ts';
import { addSchools, cli, scratchProject } from '../helpers/project.ts';

/** A project of 4 schools built in two shards, each into its own folder, then copied into `merged`. */
async function shards(dir: string): Promise<void> {
  for (const k of [1, 2]) {
    expect((await cli(dir, 'build', '--format', 'html', '--shard', `${k}/2`, '--out', `shard-${k}`)).code).toBe(0);
    cpSync(join(dir, `shard-${k}`), join(dir, 'merged'), { recursive: true });
  }
}

const part = (dir: string, k: number) => join(dir, 'merged', `manifest.shard-${k}-of-2.json`);
const readPart = (dir: string, k: number) => JSON.parse(readFileSync(part(dir, k), 'utf8'));

/** publish must refuse, exit 1, name the part, and leave the parts and no manifest.json. */
async function expectRefused(dir: string, message: string | RegExp): Promise<void> {
  const result = await cli(dir, 'publish', '--out', 'merged');
  expect(result.code, result.stderr).toBe(1);
  if (typeof message === 'string') expect(result.stderr).toContain(`policyc: error: ${message}`);
  else expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toContain('internal error');
  expect(existsSync(join(dir, 'merged/manifest.json'))).toBe(false);
  expect(readdirSync(join(dir, 'merged')).filter((n) => n.startsWith('manifest.shard-')).sort()).toEqual(['manifest.shard-1-of-2.json', 'manifest.shard-2-of-2.json']);
}

describe('publish checks every manifest part before it merges', () => {
  it('a part records its shard and every edition id of it', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    await shards(dir);
    const selection = { editions: 4, sha256: selectionDigest(['mill-lane-primary', 'riverside-infant', 'school-001', 'school-002'].map((s) => `${s}/social-networking`)) };
    expect(readPart(dir, 1).shard).toEqual({ k: 1, n: 2, selection, editions: ['mill-lane-primary/social-networking', 'school-001/social-networking'] });
    expect(readPart(dir, 2).shard).toEqual({ k: 2, n: 2, selection, editions: ['riverside-infant/social-networking', 'school-002/social-networking'] });
    expect((await cli(dir, 'publish', '--out', 'merged')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'merged/manifest.json'), 'utf8')).editions).toHaveLength(4);
  });

  it('refuses a part that is a byte copy of another', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    await shards(dir);
    cpSync(part(dir, 1), part(dir, 2));
    await expectRefused(dir, 'merged/manifest.shard-2-of-2.json records shard 1/2, not 2/2: it is a copy of merged/manifest.shard-1-of-2.json');
  });

  it('refuses a damaged or hand-edited part, naming it', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    await shards(dir);
    for (const text of ['{"editions":[{"id":"x"}]}', 'not json', '']) {
      writeFileSync(part(dir, 2), text);
      await expectRefused(dir, /policyc: error: merged\/manifest\.shard-2-of-2\.json is not a valid policyc manifest part: /);
    }
    // A part without its shard (as policyc wrote before parts recorded it) is refused too.
    const { shard: _, ...old } = readPart(dir, 1);
    writeFileSync(part(dir, 2), JSON.stringify(old));
    await expectRefused(dir, 'merged/manifest.shard-2-of-2.json records no shard');
  });

  it('refuses a part holding an edition of another shard', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    await shards(dir);
    const one = readPart(dir, 1);
    const two = readPart(dir, 2);
    writeFileSync(part(dir, 2), JSON.stringify({ ...two, editions: [...two.editions, one.editions[0]] }));
    await expectRefused(dir, 'merged/manifest.shard-2-of-2.json lists edition not of shard 2/2: mill-lane-primary/social-networking');
  });

  it('refuses parts of builds of different sources', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    expect((await cli(dir, 'build', '--format', 'html', '--shard', '1/2', '--out', 'merged')).code).toBe(0);
    addSchools(dir, 3); // a school added before the second shard was built
    expect((await cli(dir, 'build', '--format', 'html', '--shard', '2/2', '--out', 'merged')).code).toBe(0);
    await expectRefused(dir, 'merged/manifest.shard-1-of-2.json and merged/manifest.shard-2-of-2.json are shards of builds of different schools or policies (4 and 5 editions in all)');
  });

  it('refuses when a file a part lists is not in the folder', async () => {
    const dir = scratchProject();
    addSchools(dir, 2);
    await shards(dir);
    rmSync(join(dir, 'merged/school-002/social-networking.html'));
    await expectRefused(dir, '1 file the manifest parts list is missing or not the size recorded: merged/school-002/social-networking.html');
  });
});
