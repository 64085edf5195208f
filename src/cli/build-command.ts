import { resolve } from 'node:path';
import { formatDiagnostic } from '../diagnostics/diagnostic.ts';
import { build } from '../build/build.ts';
import { loadProject } from '../build/project.ts';
import { EXIT, type Io } from './io.ts';
import { checkIds, parseFormats } from './select.ts';

interface BuildFlags {
  project: string;
  policy?: string[];
  school?: string[];
  format?: string[];
  out: string;
  json?: boolean;
}

export async function buildCommand(flags: BuildFlags, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const formats = parseFormats(flags.format);
  const project = await loadProject(root, { policies: flags.policy, schools: flags.school });
  checkIds('policy', flags.policy, project.policyIds);
  checkIds('school', flags.school, project.schoolIds);
  const report = await build(project, { outDir: resolve(root, flags.out), formats });
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  for (const d of report.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const built = report.editions.filter((e) => e.ok);
  if (flags.json) {
    io.stdout(`${JSON.stringify({ ok: errors.length === 0, editions: report.editions, diagnostics: report.diagnostics }, null, 2)}\n`);
  } else {
    const files = built.reduce((n, e) => n + e.files.length, 0);
    io.stderr(`policyc: built ${built.length} edition${built.length === 1 ? '' : 's'} (${files} file${files === 1 ? '' : 's'}: ${formats.join(', ')}) into ${flags.out}` +
      (errors.length ? `; ${errors.length} error${errors.length === 1 ? '' : 's'}` : '') + '\n');
  }
  return errors.length ? EXIT.sourceError : EXIT.ok;
}
