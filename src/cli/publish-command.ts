import { resolve } from 'node:path';
import { publish } from '../output/publish.ts';
import { clean } from '../output/clean.ts';
import { loadProject } from '../project/load-project.ts';
import { checkOutDir } from '../output/out-dir.ts';
import { EXIT, type Io } from './io.ts';

export async function publishCommand(flags: { project: string; out: string }, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const { editions, parts } = await publish(resolve(root, flags.out));
  io.stderr(`policyc: merged ${parts} manifest parts (${editions} editions) into ${flags.out}/manifest.json and ${flags.out}/index.html\n`);
  return EXIT.ok;
}

export async function cleanCommand(flags: { project: string; out: string; quiet?: boolean }, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const outDir = resolve(root, flags.out);
  checkOutDir(root, outDir);
  const project = await loadProject(root);
  const removed = await clean(outDir, project.policyIds, project.schoolIds);
  if (!flags.quiet) {
    for (const path of removed) io.stdout(`removed ${flags.out}/${path}\n`);
    io.stderr(`policyc: removed ${removed.length} output${removed.length === 1 ? '' : 's'} that no longer match a policy or school\n`);
  }
  return EXIT.ok;
}
