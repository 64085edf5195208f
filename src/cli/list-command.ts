import { resolve } from 'node:path';
import { formatDiagnostic } from '../diagnostics/diagnostic.ts';
import { loadProject } from '../project/load-project.ts';
import { EXIT, type Io } from './io.ts';

export async function listCommand(flags: { project: string; json?: boolean }, io: Io): Promise<number> {
  const project = await loadProject(resolve(io.cwd, flags.project));
  for (const d of project.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const policies = project.policies.map((p) => ({ id: p.id, title: p.meta.title, version: p.meta.version, approved: p.meta.approved, review: p.meta.review }));
  const schools = project.schools.map((s) => ({ id: s.id, name: s.name }));
  if (flags.json) {
    io.stdout(`${JSON.stringify({ policies, schools }, null, 2)}\n`);
  } else {
    io.stdout(`Policies (${policies.length}):\n`);
    for (const p of policies) io.stdout(`  ${p.id.padEnd(28)} ${p.title} (version ${p.version}, review ${p.review})\n`);
    io.stdout(`Schools (${schools.length}):\n`);
    for (const s of schools) io.stdout(`  ${s.id.padEnd(28)} ${s.name}\n`);
  }
  return project.diagnostics.some((d) => d.severity === 'error') ? EXIT.sourceError : EXIT.ok;
}
