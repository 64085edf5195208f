import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST, partName, readManifest, type ManifestEdition, type Shard } from '../output/manifest.ts';
import type { Format } from '../writers/registry.ts';

/** The manifest of the last run (for a shard: its own part, else the merged manifest), by edition id. */
export async function previousEditions(outDir: string, shard: Shard | undefined): Promise<Map<string, ManifestEdition>> {
  const map = new Map<string, ManifestEdition>();
  const sources = [join(outDir, MANIFEST)];
  if (shard && shard.n > 1) sources.push(join(outDir, partName(shard.k, shard.n)));
  for (const path of sources) {
    for (const e of (await readManifest(path))?.editions ?? []) map.set(e.id, e);
  }
  return map;
}

/** Up to date when built from the same inputs and every asked-for file is on disk with the recorded hash. */
export function upToDate(old: ManifestEdition, inputHash: string, formats: readonly Format[], outDir: string): boolean {
  if (old.inputHash !== inputHash) return false;
  for (const format of formats) {
    const file = old.files.find((f) => f.format === format);
    if (!file) return false;
    try {
      const bytes = readFileSync(join(outDir, file.path));
      if (bytes.byteLength !== file.bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256) return false;
    } catch {
      return false;
    }
  }
  return true;
}
