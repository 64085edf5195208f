import { resolve } from 'node:path';
import { formatDiagnostic, UsageError } from '../diagnostics/diagnostic.ts';
import { buildChanges, CHANGE_FORMATS, type ChangeFormat } from '../batch/changes.ts';
import { openRepository } from '../compare/git-sources.ts';
import { loadProject } from '../project/load-project.ts';
import { lockOutDir } from '../output/lock.ts';
import { recordChanges } from '../output/change-records.ts';
import { checkOutDir, prepareOutDir } from '../output/out-dir.ts';
import { writeIndexWithChanges } from '../output/outputs.ts';
import { sourceDateEpochProblem } from '../writers/shared/document-date.ts';
import { EXIT, type Io } from './io.ts';
import { outputFailure } from './publish-command.ts';
import { checkIds } from './select.ts';

interface ChangesFlags {
  project: string;
  since?: string;
  policy?: string[];
  school?: string[];
  format?: string[];
  out: string;
  json?: boolean;
  quiet?: boolean;
}

/** `--format html,docx` → the change summary's formats, in their order; none given: all. */
function parseChangeFormats(values: string[] | undefined): ChangeFormat[] {
  if (values === undefined) return [...CHANGE_FORMATS];
  const asked = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean))];
  const unknown = asked.filter((f) => !(CHANGE_FORMATS as readonly string[]).includes(f));
  if (unknown.length) throw new UsageError(unknown.map((f) => `change summaries are written as ${CHANGE_FORMATS.join(', ')}, not \`${f}\``).join('\n'));
  if (!asked.length) throw new UsageError(`--format needs at least one format: ${CHANGE_FORMATS.join(', ')}`);
  return CHANGE_FORMATS.filter((f) => asked.includes(f));
}

export async function changesCommand(flags: ChangesFlags, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const formats = parseChangeFormats(flags.format);
  const epochProblem = sourceDateEpochProblem();
  if (epochProblem) throw new UsageError(epochProblem);
  const outDir = checkOutDir(root, resolve(root, flags.out), flags.out);
  const repo = await openRepository(root);
  const project = await loadProject(root, { policies: flags.policy, schools: flags.school });
  checkIds('policy', flags.policy, project.policyIds);
  checkIds('school', flags.school, project.schoolIds);
  let result: Awaited<ReturnType<typeof buildChanges>>;
  let lock: { release(): void } | undefined;
  try {
    prepareOutDir(outDir, flags.out);
    lock = lockOutDir(outDir, 'changes', flags.out);
    result = await buildChanges(project, repo, { ...(flags.since === undefined ? {} : { since: flags.since }), formats, outDir, outLabel: flags.out });
    // Recorded beside the manifest, so the index (now, and after every build) links each summary.
    const records = recordChanges(outDir, result.reports.map((r) => ({ id: `${r.school}/${r.policy}`, oldVersion: r.oldVersion, newVersion: r.newVersion, files: r.files })), flags.out);
    writeIndexWithChanges(outDir, records, flags.out);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return outputFailure(e, io);
  } finally {
    lock?.release();
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (flags.json) {
    io.stdout(`${JSON.stringify({ ok: errors.length === 0, out: flags.out, formats, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), summaries: result.reports, diagnostics: result.diagnostics }, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    if (!flags.quiet) {
      const n = result.reports.length;
      io.stderr(`policyc: wrote ${n} change summar${n === 1 ? 'y' : 'ies'} (${formats.join(', ')}) into ${flags.out}${errors.length ? `; ${errors.length} error${errors.length === 1 ? '' : 's'}` : ''}\n`);
    }
  }
  return errors.length ? EXIT.sourceError : EXIT.ok;
}
