import { join } from 'node:path';
import { OutputError } from './errors.ts';
import { indexPage } from './index-page.ts';
import { MANIFEST, partName, serializeManifest, type ManifestEdition, type PartShard } from './manifest.ts';
import { writeAtomic } from './write-atomic.ts';

export const GENERATOR = 'policyc';
export const INDEX = 'index.html';

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * After a build: an unsharded run writes manifest.json and index.html; a shard
 * writes only its own manifest part (recording its shard), for `policyc publish` to merge.
 * A file that cannot be written is an OutputError naming it.
 */
export function writeOutputs(outDir: string, editions: ManifestEdition[], shard?: PartShard, label = outDir): void {
  const write = (name: string, text: string) => {
    try {
      writeAtomic(join(outDir, name), encode(text), `${label.replace(/\/+$/, '')}/${name}`);
    } catch (e) {
      throw new OutputError((e as Error).message, { cause: e, file: name });
    }
  };
  if (shard && shard.n > 1) {
    write(partName(shard.k, shard.n), serializeManifest(GENERATOR, editions, shard));
    return;
  }
  write(MANIFEST, serializeManifest(GENERATOR, editions));
  write(INDEX, indexPage(editions));
}
