import { join } from 'node:path';
import { indexPage } from './index-page.ts';
import { MANIFEST, partName, serializeManifest, type ManifestEdition, type Shard } from './manifest.ts';
import { writeAtomic } from './write-atomic.ts';

export const GENERATOR = 'policyc';
export const INDEX = 'index.html';

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * After a build: an unsharded run writes manifest.json and index.html; a shard
 * writes only its own manifest part, for `policyc publish` to merge.
 */
export async function writeOutputs(outDir: string, editions: ManifestEdition[], shard?: Shard): Promise<void> {
  if (shard && shard.n > 1) {
    await writeAtomic(join(outDir, partName(shard.k, shard.n)), encode(serializeManifest(GENERATOR, editions)));
    return;
  }
  await writeAtomic(join(outDir, MANIFEST), encode(serializeManifest(GENERATOR, editions)));
  await writeAtomic(join(outDir, INDEX), encode(indexPage(editions)));
}

