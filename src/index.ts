/**
 * policyc as a library: `import { build, check } from 'policyc'`. Each function does what the
 * command of the same name does and returns what it found instead of printing it. Paths are
 * relative to `project` (default: the current folder), as on the command line.
 *
 * A mistake in how a function is called (an unknown policy, school or format, a bad shard or
 * job count, an output folder that would overwrite the sources) throws a `UsageError`; problems
 * in the policies and configs are `diagnostics`, and `ok` is false when any is an error.
 *
 * This is the package's one entry point: it may import any stage of src/, and none imports it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build as buildProject, type EditionReport } from './batch/build.ts';
import { defaultJobs } from './batch/pool.ts';
import { parseShard } from './batch/shard.ts';
import { scaffold, type InitResult } from './cli/scaffold.ts';
import { checkIds, parseFormats, parseWriterOptions } from './cli/select.ts';
import { UsageError, type Diagnostic } from './diagnostics/diagnostic.ts';
import type { CitationRecord } from './legislation/entries.ts';
import { checkProject } from './batch/check-project.ts';
import { clean as cleanOutputs, type CleanReport } from './output/clean.ts';
import { checkOutDir } from './output/out-dir.ts';
import { publish as publishShards } from './output/publish.ts';
import { loadProject } from './project/load-project.ts';
import { FORMATS, type Format } from './writers/registry.ts';

export { formatDiagnostic, UsageError, type Diagnostic, type Severity } from './diagnostics/diagnostic.ts';
export type { EditionReport } from './batch/build.ts';
export type { ManifestFile } from './output/manifest.ts';
export type { CleanReport } from './output/clean.ts';
export type { CitationRecord } from './legislation/entries.ts';
export type { RegisterEntry } from './legislation/register-entry.ts';
export type { InitResult } from './cli/scaffold.ts';
export { FORMATS, type Format };

/** The version of policyc. */
export const version: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface ProjectOptions {
  /** The project folder, holding policies/, schools/ and optional templates/ (default: the current folder). */
  project?: string;
}

export interface SelectOptions extends ProjectOptions {
  /** Only these policies (file names in policies/ without .md); default: every policy. */
  policies?: string[];
  /** Only these schools (file names in schools/ without .yaml); default: every school. */
  schools?: string[];
}

export interface BuildOptions extends SelectOptions {
  /** The output folder, relative to the project (default `dist`). */
  out?: string;
  /** The formats to write (default: every format, `FORMATS`). */
  formats?: readonly Format[];
  /** Worker threads (default: one per core); 1 renders in this thread. */
  jobs?: number;
  /** Rebuild editions the manifest says are up to date. */
  force?: boolean;
  /** Build only share K of N of the editions, as `"K/N"`; merge the shards with `publish`. */
  shard?: string;
  /** PDF/UA-1 or PDF/A-2b conformance besides the default tagged PDF. */
  pdfStandard?: 'ua-1' | 'a-2b';
  /** Called as editions finish: how many are done of those that need building. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting it stops handing out editions; those being written finish (`interrupted` is then true). */
  signal?: AbortSignal;
}

export interface BuildResult {
  /** No error, and not interrupted. */
  ok: boolean;
  /** The output folder, absolute. */
  out: string;
  formats: Format[];
  summary: { built: number; upToDate: number; failed: number };
  /** Every edition of the selection: school, policy, status (`built`, `up-to-date` or `failed`), files written. */
  editions: EditionReport[];
  /** Every problem found, errors and warnings, located at file:line:column. */
  diagnostics: Diagnostic[];
  interrupted: boolean;
}

/** `policyc build`: every selected policy × school × format, into the output folder, with its manifest and index. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const root = resolve(options.project ?? '.');
  const formats = parseFormats(options.formats && [...options.formats]);
  const shard = parseShard(options.shard);
  const jobs = options.jobs ?? defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`jobs must be a whole number from 1 to 256 (got ${jobs})`);
  const writerOptions = parseWriterOptions(options.pdfStandard === undefined ? {} : { pdfStandard: options.pdfStandard });
  const out = resolve(root, options.out ?? 'dist');
  checkOutDir(root, out);
  const project = await loadProject(root, { policies: options.policies, schools: options.schools });
  checkIds('policy', options.policies, project.policyIds);
  checkIds('school', options.schools, project.schoolIds);
  const report = await buildProject(project, {
    outDir: out, formats, jobs, shard, force: options.force, signal: options.signal, writerOptions,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const count = (status: EditionReport['status']) => report.editions.filter((e) => e.status === status).length;
  return {
    ok: !report.diagnostics.some((d) => d.severity === 'error') && !report.interrupted,
    out,
    formats,
    summary: { built: count('built'), upToDate: count('up-to-date'), failed: count('failed') },
    editions: report.editions,
    diagnostics: report.diagnostics,
    interrupted: report.interrupted,
  };
}

export interface CheckOptions extends SelectOptions {
  /** Warnings fail the check too (`ok` is false). */
  strict?: boolean;
}

export interface CheckResult {
  /** No error (nor, with `strict`, any warning). */
  ok: boolean;
  errors: number;
  warnings: number;
  /** What a build would report, and the legislation lint's warnings about citations. */
  diagnostics: Diagnostic[];
  /** Every citation of legislation and guidance in the policies and configs, with the register's entry for it. */
  citations: CitationRecord[];
  /** How many policies and schools were checked. */
  policies: number;
  schools: number;
}

/** `policyc check`: every check a build runs, and the legislation lint, without writing anything. */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const root = resolve(options.project ?? '.');
  const project = await loadProject(root, { policies: options.policies, schools: options.schools });
  checkIds('policy', options.policies, project.policyIds);
  checkIds('school', options.schools, project.schoolIds);
  const { ok, errors, warnings, diagnostics, citations } = await checkProject(project, options.strict);
  return {
    ok,
    errors,
    warnings,
    diagnostics,
    citations,
    policies: project.policies.length,
    schools: project.schools.length,
  };
}

export interface ListResult {
  policies: { id: string; title: string; version: string; approved: string; review: string }[];
  schools: { id: string; name: string }[];
  /** Problems found reading them (a policy or school with an error is not listed). */
  diagnostics: Diagnostic[];
}

/** `policyc list`: the policies and schools of a project. */
export async function list(options: ProjectOptions = {}): Promise<ListResult> {
  const project = await loadProject(resolve(options.project ?? '.'));
  return {
    policies: project.policies.map((p) => ({ id: p.id, title: p.meta.title, version: p.meta.version, approved: p.meta.approved, review: p.meta.review })),
    schools: project.schools.map((s) => ({ id: s.id, name: s.name })),
    diagnostics: project.diagnostics,
  };
}

export interface OutOptions extends ProjectOptions {
  /** The output folder, relative to the project (default `dist`). */
  out?: string;
}

/** `policyc publish`: merges the manifest parts of a sharded build (every shard's output copied into `out`). */
export async function publish(options: OutOptions = {}): Promise<{ editions: number; parts: number }> {
  const root = resolve(options.project ?? '.');
  const out = options.out ?? 'dist';
  return publishShards(checkOutDir(root, resolve(root, out), out), out);
}

/**
 * `policyc clean`: removes the files policyc wrote for policies and schools that are gone, and its
 * temporary files; resolves to the paths removed (relative to `out`), those left alone, and why the
 * manifest could not be used, if it could not.
 */
export async function clean(options: OutOptions = {}): Promise<CleanReport> {
  const root = resolve(options.project ?? '.');
  const out = options.out ?? 'dist';
  const outDir = checkOutDir(root, resolve(root, out), out);
  const project = await loadProject(root);
  return cleanOutputs(outDir, project.policyIds, project.schoolIds, out);
}

/** `policyc init`: scaffolds an LA's policy repository in `folder` (relative to `project`), never overwriting a file. */
export async function init(options: ProjectOptions & { folder?: string } = {}): Promise<InitResult> {
  return scaffold(resolve(resolve(options.project ?? '.'), options.folder ?? '.'));
}
