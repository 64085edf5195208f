import type { ManifestEdition, Shard } from '../output/manifest.ts';
import type { Project } from '../project/load-project.ts';

/**
 * The manifest entries a run leaves: those it built or found up to date, and, for an
 * unsharded run, the previous entries of editions outside its selection whose school
 * and policy still exist.
 */
export function mergeEntries(entries: Map<string, ManifestEdition>, previous: Map<string, ManifestEdition>, project: Project, inRun: ReadonlySet<string>, shard: Shard | undefined): ManifestEdition[] {
  if (!shard || shard.n === 1) {
    const policyIds = new Set(project.policyIds);
    const schoolIds = new Set(project.schoolIds);
    for (const [id, entry] of previous) {
      if (!entries.has(id) && !inRun.has(id) && schoolIds.has(entry.school.id) && policyIds.has(entry.policy.id)) entries.set(id, entry);
    }
  }
  return [...entries.values()];
}

/** A failed edition keeps its previous entry (its files on disk are the previous ones). */
export function keepPrevious(previous: Map<string, ManifestEdition>, entries: Map<string, ManifestEdition>, id: string): void {
  const old = previous.get(id);
  if (old) entries.set(id, old);
}
