import { resolve } from 'node:path';
import { formatDiagnostic, UsageError } from '../diagnostics/diagnostic.ts';
import { build } from '../batch/build.ts';
import { defaultJobs } from '../batch/pool.ts';
import { loadProject } from '../project/load-project.ts';
import { parseShard } from '../batch/shard.ts';
import { OutputError } from '../output/errors.ts';
import { checkOutDir } from '../output/out-dir.ts';
import { EXIT, type Io } from './io.ts';
import { sourceDateEpochProblem } from '../writers/shared/document-date.ts';
import { outputFailure } from './publish-command.ts';
import { createProgress } from './progress.ts';
import { checkIds, parseFormats, parseWriterOptions } from './select.ts';

interface BuildFlags {
  project: string;
  policy?: string[];
  school?: string[];
  format?: string[];
  out: string;
  json?: boolean;
  jobs?: string;
  force?: boolean;
  shard?: string;
  quiet?: boolean;
  /** Each format's own options, by their keys in the registry. */
  [option: string]: unknown;
}

export async function buildCommand(flags: BuildFlags, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const formats = parseFormats(flags.format);
  const shard = parseShard(flags.shard);
  const jobs = flags.jobs === undefined ? defaultJobs() : /^\s*\d{1,3}\s*$/.test(flags.jobs) ? Number(flags.jobs) : NaN;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 1 to 256 (got \`${flags.jobs}\`)`);
  const writerOptions = parseWriterOptions(flags);
  const epochProblem = sourceDateEpochProblem();
  if (epochProblem) throw new UsageError(epochProblem);
  let outDir = resolve(root, flags.out);
  let outProblem: UsageError | undefined;
  try {
    outDir = checkOutDir(root, outDir, flags.out);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    outProblem = e;
  }
  const project = await loadProject(root, { policies: flags.policy, schools: flags.school });
  checkIds('policy', flags.policy, project.policyIds);
  checkIds('school', flags.school, project.schoolIds);
  // An output folder that cannot be used: every edition is still checked and its errors printed, then the folder's problem.
  const unusable = async (problem: UsageError) => {
    const checked = await build(project, { outDir: root, formats: [] });
    if (flags.json) io.stdout(`${JSON.stringify({ ok: false, out: flags.out, formats, error: problem.message, diagnostics: checked.diagnostics }, null, 2)}\n`);
    else for (const d of checked.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`policyc: error: ${problem.message}\n`);
    return EXIT.usage;
  };
  if (outProblem) return unusable(outProblem);

  const progress = createProgress(io.stderrStream, io.stderr, Boolean(flags.quiet || flags.json));
  const started = performance.now();
  let report: Awaited<ReturnType<typeof build>> | undefined;
  let failure: unknown;
  try {
    report = await build(project, {
      outDir, outLabel: flags.out, formats, jobs, shard, force: flags.force, signal: io.signal,
      writerOptions,
      onProgress: (done, total) => progress.update(done, total),
    });
  } catch (e) {
    failure = e;
  }
  progress.stop();
  if (!report) {
    if (failure instanceof UsageError) return unusable(failure);
    if (flags.json && failure instanceof OutputError) io.stdout(`${JSON.stringify({ ok: false, out: flags.out, formats, error: failure.message }, null, 2)}\n`);
    return outputFailure(failure, io);
  }
  const seconds = (performance.now() - started) / 1000;

  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const built = report.editions.filter((e) => e.status === 'built').length;
  const current = report.editions.filter((e) => e.status === 'up-to-date').length;
  const failed = report.editions.filter((e) => e.status === 'failed').length;
  if (flags.json) {
    io.stdout(`${JSON.stringify({
      ok: errors.length === 0 && !report.interrupted,
      out: flags.out,
      formats,
      ...(shard ? { shard: `${shard.k}/${shard.n}` } : {}),
      seconds: Math.round(seconds * 1000) / 1000,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      summary: { built, upToDate: current, failed },
      editions: report.editions,
      diagnostics: report.diagnostics,
    }, null, 2)}\n`);
  } else {
    for (const d of report.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  }
  if (report.interrupted) {
    io.stderr(`policyc: interrupted after ${report.rendered} editions; every file written is complete, the rest were not started\n`);
    return EXIT.interrupted;
  }
  if (!flags.quiet && !flags.json) {
    const parts = [`built ${built} edition${built === 1 ? '' : 's'} (${formats.join(', ')}) into ${flags.out} in ${seconds.toFixed(1)} s`];
    if (current) parts.push(`${current} up to date`);
    if (failed) parts.push(`${failed} failed`);
    if (errors.length) parts.push(`${errors.length} error${errors.length === 1 ? '' : 's'}`);
    io.stderr(`policyc: ${parts.join('; ')}\n`);
  }
  return errors.length ? EXIT.sourceError : EXIT.ok;
}
