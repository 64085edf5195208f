import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { PART_PATTERN, partName, readManifest, type ManifestEdition } from './manifest.ts';
import { writeOutputs } from './outputs.ts';

/**
 * Merges the manifest parts of a sharded build (all N of them must be there) into
 * manifest.json and index.html, then removes the parts: the result is byte-identical
 * to one unsharded build.
 */
export async function publish(outDir: string): Promise<{ editions: number; parts: number }> {
  const names = (await readdir(outDir).catch(() => [] as string[])).filter((n) => PART_PATTERN.test(n)).sort();
  if (!names.length) throw new UsageError(`no manifest parts (manifest.shard-K-of-N.json) in ${outDir}: build with --shard K/N first`);
  const totals = new Set(names.map((n) => Number(PART_PATTERN.exec(n)![2])));
  if (totals.size !== 1) throw new UsageError(`manifest parts of different shard counts in ${outDir}: ${names.join(', ')}`);
  const n = [...totals][0]!;
  const missing = Array.from({ length: n }, (_, i) => partName(i + 1, n)).filter((p) => !names.includes(p));
  if (missing.length) throw new UsageError(`missing manifest part${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`);
  const editions = new Map<string, ManifestEdition>();
  for (const name of names) {
    const part = await readManifest(join(outDir, name));
    if (!part) throw new UsageError(`${join(outDir, name)} is not a policyc manifest part`);
    for (const e of part.editions) editions.set(e.id, e);
  }
  await writeOutputs(outDir, [...editions.values()]);
  for (const name of names) await rm(join(outDir, name));
  return { editions: editions.size, parts: names.length };
}
