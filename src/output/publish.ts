import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { OutputError } from './errors.ts';
import { lockOutDir } from './lock.ts';
import { PART_PATTERN, partName, readManifest, selectionDigest, type Manifest, type ManifestEdition } from './manifest.ts';
import { assertOwnIndex, writeOutputs } from './outputs.ts';

/**
 * Merges the manifest parts of a sharded build (all N of them must be there) into
 * manifest.json and index.html, then removes the parts: the result is byte-identical
 * to one unsharded build.
 *
 * Before anything is written every part is checked, and a problem is an OutputError
 * naming the part: it must be a valid manifest part (its schema); record the shard its
 * name says (a part copied over another records the other's shard); list only editions
 * of its own shard; and the parts' shards together must be one build's editions dealt
 * out as `--shard` deals them (every N-th of the sorted school × policy pairs), so parts
 * of builds of different sources do not mix. Every file the parts list must be on disk
 * with its recorded size.
 */
export function publish(outDir: string, label = outDir): { editions: number; parts: number } {
  const shown = (name: string) => `${label.replace(/\/+$/, '')}/${name}`;
  let names: string[];
  try {
    names = readdirSync(outDir).filter((n) => PART_PATTERN.test(n)).sort();
  } catch {
    names = [];
  }
  if (!names.length) throw new UsageError(`no manifest parts (manifest.shard-K-of-N.json) in ${label}: build with --shard K/N first`);
  const totals = new Set(names.map((n) => Number(PART_PATTERN.exec(n)![2])));
  if (totals.size !== 1) throw new UsageError(`manifest parts of different shard counts in ${label}: ${names.join(', ')}`);
  const n = [...totals][0]!;
  const expected = Array.from({ length: n }, (_, i) => partName(i + 1, n));
  const missing = expected.filter((p) => !names.includes(p));
  if (missing.length) throw new UsageError(`missing manifest part${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`);
  const strays = names.filter((p) => !expected.includes(p));
  if (strays.length) throw new OutputError(`${strays.map(shown).join(', ')}: not a part of a build in ${n} shards (the shard number is out of range)`);

  assertOwnIndex(outDir, label);
  const lock = lockOutDir(outDir, 'publish', label);
  try {
    const parts = new Map<string, Manifest>();
    for (const name of expected) {
      const read = readManifest(join(outDir, name));
      if (read.state !== 'valid') throw new OutputError(`${shown(name)} is not a valid policyc manifest part: ${read.state === 'invalid' ? read.problem : 'it has gone'}`);
      parts.set(name, read.manifest);
    }
    checkShards(parts, n, shown);
    const editions = new Map<string, ManifestEdition>();
    for (const [name, part] of parts) {
      for (const e of part.editions) {
        if (editions.has(e.id)) throw new OutputError(`${shown(name)}: edition ${e.id} is in another part too`);
        editions.set(e.id, e);
      }
    }
    checkFiles(outDir, parts, shown);
    writeOutputs(outDir, [...editions.values()], undefined, label);
    for (const name of expected) rmSync(join(outDir, name));
    return { editions: editions.size, parts: expected.length };
  } finally {
    lock.release();
  }
}

/** Each part is the shard its name says, holds only that shard's editions, and the shards deal out one sorted list. */
function checkShards(parts: Map<string, Manifest>, n: number, shown: (name: string) => string): void {
  const owner = new Map<string, string>();
  for (const [name, part] of parts) {
    const [, k] = PART_PATTERN.exec(name)!;
    const shard = part.shard;
    if (!shard) throw new OutputError(`${shown(name)} records no shard: it is not a manifest part policyc wrote with --shard (build the shards again)`);
    if (shard.k !== Number(k) || shard.n !== n) {
      const original = partName(shard.k, shard.n);
      throw new OutputError(`${shown(name)} records shard ${shard.k}/${shard.n}, not ${k}/${n}: it is a copy of ${parts.has(original) && original !== name ? shown(original) : `shard ${shard.k}/${shard.n}'s part`}, not its own shard's part (build shard ${k}/${n} again)`);
    }
    const own = new Set(shard.editions);
    const foreign = part.editions.filter((e) => !own.has(e.id)).map((e) => e.id);
    if (foreign.length) throw new OutputError(`${shown(name)} lists edition${foreign.length === 1 ? '' : 's'} not of shard ${k}/${n}: ${list(foreign)}`);
    for (const id of shard.editions) {
      const other = owner.get(id);
      if (other) throw new OutputError(`${shown(name)} and ${shown(other)} both claim edition ${id}: parts of different builds`);
      owner.set(id, name);
    }
  }
  // All of one build: the same whole recorded by every part, and together they are all of it.
  const first = [...parts.entries()][0]!;
  for (const [name, part] of parts) {
    const a = part.shard!.selection;
    const b = first[1].shard!.selection;
    if (a.editions !== b.editions || a.sha256 !== b.sha256) {
      throw new OutputError(`${shown(first[0])} and ${shown(name)} are shards of builds of different schools or policies (${b.editions} and ${a.editions} editions in all): build every shard from the same sources`);
    }
  }
  const whole = first[1].shard!.selection;
  if (owner.size !== whole.editions || selectionDigest(owner.keys()) !== whole.sha256) {
    throw new OutputError(`the manifest parts in ${shown('').replace(/\/$/, '')} do not add up to the build they record (${owner.size} of ${whole.editions} editions): build every shard from the same sources`);
  }
  // Dealt out as --shard deals: the i-th of the sorted pairs to shard (i mod N) + 1.
  const all = [...owner.keys()].sort(bySchoolThenPolicy);
  for (const [i, id] of all.entries()) {
    const name = partName((i % n) + 1, n);
    if (owner.get(id) !== name) {
      throw new OutputError(`${shown(owner.get(id)!)} and ${shown(name)} are shards of builds of different schools or policies (edition ${id} belongs to ${name} of the whole): build every shard from the same sources`);
    }
  }
}

function checkFiles(outDir: string, parts: Map<string, Manifest>, shown: (name: string) => string): void {
  const missing: string[] = [];
  for (const part of parts.values()) {
    for (const e of part.editions) {
      for (const f of e.files) {
        let ok = false;
        try {
          const s = lstatSync(join(outDir, f.path));
          ok = s.isFile() && s.size === f.bytes;
        } catch {
          // missing
        }
        if (!ok) missing.push(shown(f.path));
      }
    }
  }
  if (missing.length) throw new OutputError(`${missing.length} file${missing.length === 1 ? '' : 's'} the manifest parts list ${missing.length === 1 ? 'is' : 'are'} missing or not the size recorded: ${list(missing)} (copy every shard's whole output into the folder)`);
}

function bySchoolThenPolicy(a: string, b: string): number {
  const [sa = '', pa = ''] = a.split('/');
  const [sb = '', pb = ''] = b.split('/');
  return sa < sb ? -1 : sa > sb ? 1 : pa < pb ? -1 : pa > pb ? 1 : 0;
}

function list(items: string[]): string {
  return items.length > 5 ? `${items.slice(0, 5).join(', ')} and ${items.length - 5} more` : items.join(', ');
}
