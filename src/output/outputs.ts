import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { OutputError } from './errors.ts';
import { readChangeRecords, type ChangeRecord } from './change-records.ts';
import { indexPage } from './index-page.ts';
import { MANIFEST, partName, readManifest, serializeManifest, type ManifestEdition, type PartShard } from './manifest.ts';
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
  write(INDEX, indexPage(editions, readChangeRecords(outDir, label)));
}

/** What marks an index page as policyc's: its generator tag (and, for pages older versions wrote, their title). */
const OWN_INDEX = [/<meta name="generator" content="policyc">/, /<title>Staff policies for schools<\/title>/];

/**
 * An index.html already in the output folder is replaced only if policyc wrote it: a
 * web editor's own index page (or anything else by that name) is never overwritten.
 * A usage error naming it, before any edition is written.
 */
export function assertOwnIndex(outDir: string, label = outDir): void {
  const path = join(outDir, INDEX);
  const shown = `${label.replace(/\/+$/, '')}/${INDEX}`;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`${shown} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), so policyc cannot tell whether it wrote it: move it away or choose another --out`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UsageError(`${shown} is not a file policyc wrote: move it away or choose another --out`);
    const head = Buffer.alloc(4096);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    if (!OWN_INDEX.some((mark) => mark.test(text))) {
      throw new UsageError(`${shown} was not written by policyc, and a build would replace it: move it away or choose another --out`);
    }
  } finally {
    closeSync(fd);
  }
}

/** After `policyc changes`: the index again, from the manifest a build left, with the change summaries linked; nothing when no build has written one. */
export function writeIndexWithChanges(outDir: string, changes: ReadonlyMap<string, ChangeRecord>, label = outDir): boolean {
  const read = readManifest(join(outDir, MANIFEST));
  if (read.state !== 'valid') return false;
  try {
    writeAtomic(join(outDir, INDEX), encode(indexPage(read.manifest.editions, changes)), `${label.replace(/\/+$/, '')}/${INDEX}`);
  } catch (e) {
    throw new OutputError((e as Error).message, { cause: e, file: INDEX });
  }
  return true;
}
