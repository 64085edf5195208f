import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ID_PATTERN } from '../sources/read-policy.ts';
import { REGISTRY } from '../writers/registry.ts';
import { MANIFEST, readManifest } from './manifest.ts';
import { writeOutputs } from './outputs.ts';

/**
 * Removes outputs that no longer belong to a policy or school of the project
 * (and temporary files a killed build left), and drops them from the manifest.
 * Files outside the school folders, other than manifest.json and index.html, are left alone.
 */
export async function clean(outDir: string, policyIds: string[], schoolIds: string[]): Promise<string[]> {
  const removed: string[] = [];
  const policies = new Set(policyIds);
  const schools = new Set(schoolIds);
  const wanted = new RegExp(`^(.+)\\.(${REGISTRY.map((f) => f.extension).join('|')})$`);
  for (const name of (await readdir(outDir).catch(() => [] as string[])).sort()) {
    const path = join(outDir, name);
    if (!(await stat(path)).isDirectory() || !ID_PATTERN.test(name)) continue;
    if (!schools.has(name)) {
      await rm(path, { recursive: true });
      removed.push(`${name}/`);
      continue;
    }
    for (const file of (await readdir(path)).sort()) {
      const m = wanted.exec(file);
      if (m && policies.has(m[1]!)) continue;
      await rm(join(path, file), { recursive: true });
      removed.push(`${name}/${file}`);
    }
  }
  const manifest = await readManifest(join(outDir, MANIFEST));
  if (manifest) {
    const kept = manifest.editions.filter((e) => schools.has(e.school.id) && policies.has(e.policy.id));
    if (kept.length !== manifest.editions.length) await writeOutputs(outDir, kept);
  }
  return removed;
}
