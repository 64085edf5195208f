import { resolve } from 'node:path';
import { error, formatDiagnostic, warning } from '../diagnostics/diagnostic.ts';
import { OutputError } from '../output/errors.ts';
import { publish } from '../output/publish.ts';
import { clean } from '../output/clean.ts';
import { loadProject } from '../project/load-project.ts';
import { checkOutDir } from '../output/out-dir.ts';
import { EXIT, type Io } from './io.ts';

/** An output folder that cannot be used as it is (locked, a damaged part): `policyc: error: …`, exit code 1. */
export function outputFailure(e: unknown, io: Io): number {
  if (!(e instanceof OutputError)) throw e;
  io.stderr(`policyc: error: ${e.message}\n`);
  return EXIT.sourceError;
}

export async function publishCommand(flags: { project: string; out: string }, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const outDir = checkOutDir(root, resolve(root, flags.out), flags.out);
  try {
    const { editions, parts } = publish(outDir, flags.out);
    io.stderr(`policyc: merged ${parts} manifest parts (${editions} editions) into ${flags.out}/manifest.json and ${flags.out}/index.html\n`);
    return EXIT.ok;
  } catch (e) {
    return outputFailure(e, io);
  }
}

export async function cleanCommand(flags: { project: string; out: string; quiet?: boolean }, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const outDir = checkOutDir(root, resolve(root, flags.out), flags.out);
  const project = await loadProject(root);
  let report;
  try {
    report = clean(outDir, project.policyIds, project.schoolIds, flags.out);
  } catch (e) {
    return outputFailure(e, io);
  }
  const shown = (path: string) => `${flags.out.replace(/\/+$/, '')}/${path}`;
  for (const path of report.skipped) io.stderr(`${formatDiagnostic(warning(shown(path), 1, 1, 'not removed: the manifest lists it, but a folder or a link is in its place, not a file policyc wrote'))}\n`);
  if (report.manifestProblem !== undefined) {
    io.stderr(`${formatDiagnostic(error(shown('manifest.json'), 1, 1, `not a valid policyc manifest (${report.manifestProblem}): clean cannot tell what policyc wrote, so it removed only temporary files (\`policyc build\` writes the manifest anew)`))}\n`);
  }
  if (!flags.quiet) {
    for (const path of report.removed) io.stdout(`removed ${flags.out}/${path}\n`);
    io.stderr(`policyc: removed ${report.removed.length} output${report.removed.length === 1 ? '' : 's'} that no longer match a policy or school\n`);
  }
  return report.manifestProblem === undefined ? EXIT.ok : EXIT.sourceError;
}
