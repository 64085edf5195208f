import { lstatSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ID_PATTERN } from '../sources/read-policy.ts';
import { lockOutDir } from './lock.ts';
import { MANIFEST, readManifest, type ManifestEdition } from './manifest.ts';
import { writeOutputs } from './outputs.ts';
import { TEMP_PATTERN } from './write-atomic.ts';

export interface CleanReport {
  /** What was removed, relative to the output folder (a folder ends in `/`). */
  removed: string[];
  /** Files of gone editions left alone because something other than a file is in their place. */
  skipped: string[];
  /** Why the manifest could not be used (damaged, or not policyc's): then only temporary files were removed. */
  manifestProblem?: string;
}

/**
 * Removes what policyc wrote for editions whose school or policy no longer exists, and
 * the temporary files a killed run left, and drops those editions from the manifest.
 *
 * It removes only
 * - the files the manifest lists for those editions (each always `<school>/<policy>.<ext>`,
 *   and only when it is a regular file in a school folder that is a real folder, not a link),
 * - policyc's own temporary files (`*.<pid>-<thread>-<n>.policyc-tmp`, regular files) at the
 *   top of the output folder and in its school folders,
 * - then a school folder emptied by the above, if nothing else is in it.
 * Everything else stays, so the output folder can be a web site's root. With a damaged or
 * foreign manifest nothing but temporary files is removed (it cannot say what policyc wrote).
 */
export function clean(outDir: string, policyIds: string[], schoolIds: string[], label = outDir): CleanReport {
  const report: CleanReport = { removed: [], skipped: [] };
  if (!isFolder(outDir)) return report;
  const lock = lockOutDir(outDir, 'clean', label);
  try {
    removeTemporaryFiles(outDir, report);
    const read = readManifest(join(outDir, MANIFEST));
    if (read.state === 'invalid') {
      report.manifestProblem = read.problem;
      return report;
    }
    if (read.state === 'missing') return report;
    const policies = new Set(policyIds);
    const schools = new Set(schoolIds);
    const kept: ManifestEdition[] = [];
    const emptied = new Set<string>();
    for (const edition of read.manifest.editions) {
      if (schools.has(edition.school.id) && policies.has(edition.policy.id)) {
        kept.push(edition);
        continue;
      }
      // Only inside a real school folder: one that is a link may lead anywhere.
      const folder = kindOf(join(outDir, edition.school.id));
      for (const file of edition.files) {
        const path = join(outDir, file.path);
        const kind = folder === 'folder' ? kindOf(path) : folder === 'missing' ? 'missing' : 'other';
        if (kind === 'file') {
          rmSync(path);
          report.removed.push(file.path);
        } else if (kind !== 'missing') {
          report.skipped.push(file.path);
        }
      }
      if (!schools.has(edition.school.id)) emptied.add(edition.school.id);
    }
    for (const school of [...emptied].sort()) {
      try {
        rmdirSync(join(outDir, school)); // only an empty folder
        report.removed.push(`${school}/`);
      } catch {
        // not empty (someone else's files), or not there: left as it is
      }
    }
    if (kept.length !== read.manifest.editions.length) writeOutputs(outDir, kept, undefined, label);
  } finally {
    lock.release();
  }
  return report;
}

/** `*.policyc-tmp` files policyc left at the top of the output folder and in its school folders. */
function removeTemporaryFiles(outDir: string, report: CleanReport): void {
  const top = readdirSync(outDir).sort();
  const remove = (relative: string) => {
    if (kindOf(join(outDir, relative)) !== 'file') return;
    rmSync(join(outDir, relative));
    report.removed.push(relative);
  };
  for (const name of top) {
    if (TEMP_PATTERN.test(name)) remove(name);
    else if (ID_PATTERN.test(name) && kindOf(join(outDir, name)) === 'folder') {
      for (const file of readdirSync(join(outDir, name)).sort()) if (TEMP_PATTERN.test(file)) remove(`${name}/${file}`);
    }
  }
}

function kindOf(path: string): 'file' | 'folder' | 'other' | 'missing' {
  try {
    const s = lstatSync(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

function isFolder(path: string): boolean {
  return kindOf(path) === 'folder';
}
