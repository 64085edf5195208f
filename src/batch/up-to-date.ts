import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { MANIFEST, partName, readManifest, type ManifestEdition, type Shard } from '../output/manifest.ts';
import type { Format } from '../writers/registry.ts';

/**
 * The manifest of the last run (for a shard: its own part, else the merged manifest), by
 * edition id. A manifest that is damaged or not policyc's (fails its schema) is a warning
 * naming it, and counts as no manifest: every edition is rebuilt, never a crash.
 */
export function previousEditions(outDir: string, shard: Shard | undefined, label = outDir): { editions: Map<string, ManifestEdition>; diagnostics: Diagnostic[] } {
  const editions = new Map<string, ManifestEdition>();
  const diagnostics: Diagnostic[] = [];
  const names = [MANIFEST];
  if (shard && shard.n > 1) names.push(partName(shard.k, shard.n));
  for (const name of names) {
    const shown = `${label.replace(/\/+$/, '')}/${name}`;
    const read = readManifest(join(outDir, name));
    if (read.state === 'missing') continue;
    let problem = read.state === 'invalid' ? read.problem : undefined;
    if (read.state === 'valid' && name !== MANIFEST && (read.manifest.shard?.k !== shard?.k || read.manifest.shard?.n !== shard?.n)) {
      problem = read.manifest.shard ? `it records shard ${read.manifest.shard.k}/${read.manifest.shard.n}` : 'it records no shard';
    }
    if (problem !== undefined || read.state !== 'valid') {
      const rewritten = (name === MANIFEST) === !(shard && shard.n > 1);
      diagnostics.push(warning(shown, 1, 1, `not a valid policyc manifest (${problem}): ignored, so this run rebuilds its editions${rewritten ? ' and writes it anew' : ''}`));
      continue;
    }
    for (const e of read.manifest.editions) editions.set(e.id, e);
  }
  return { editions, diagnostics };
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
