import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { EditionBuilder } from '../document/build-edition.ts';
import { MANIFEST, partName, readManifest, type ManifestEdition } from '../publish/manifest.ts';
import { writeOutputs } from '../publish/publish.ts';
import type { School } from '../schools/school.ts';
import type { PolicySource } from '../sources/read-policy.ts';
import { Templating } from '../templating/engine.ts';
import type { Format, WriterOptions } from '../writers/writers.ts';
import { sourceDateEpoch } from '../writers/document-date.ts';
import { editionInputHash, hashTree, sha256, toolFingerprint } from './fingerprint.ts';
import { createRenderer } from './pool.ts';
import type { Project } from './project.ts';
import { inShard, type Shard } from './shard.ts';

export interface BuildOptions {
  outDir: string;
  /** No formats: check only, write nothing. */
  formats: Format[];
  writerOptions?: WriterOptions;
  /** Worker threads; 1 renders in-process. */
  jobs?: number;
  /** Rebuild editions even when the manifest says they are up to date. */
  force?: boolean;
  shard?: Shard;
  /** Called as editions finish: done and total of those that need building. */
  onProgress?: (done: number, total: number) => void;
  /** Stops handing out new editions (Ctrl-C); those in flight finish. */
  signal?: AbortSignal;
}

export interface EditionReport {
  school: string;
  policy: string;
  status: 'built' | 'up-to-date' | 'failed' | 'checked';
  files: ManifestEdition['files'];
  timings?: Partial<Record<Format, number>>;
}

export interface BuildReport {
  editions: EditionReport[];
  diagnostics: Diagnostic[];
  /** Editions of the selection that needed building, and how many template parses that took. */
  rendered: number;
  parses: number;
  interrupted: boolean;
}

interface Pending {
  policy: PolicySource;
  school: School;
}

/**
 * Builds every policy × school × format of a loaded project (or of one shard).
 * Sources are parsed once per run in this thread; the writers render editions on
 * a pool of worker threads. One failing edition never stops the others; the
 * manifest records what each edition was built from, so an unchanged edition
 * is not built again.
 */
export async function build(project: Project, options: BuildOptions): Promise<BuildReport> {
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  const templating = await Templating.load(project.templatesDir);
  const writing = options.formats.length > 0;
  const templatesHash = writing ? hashTree([project.templatesDir]) : '';
  const tool = writing ? toolFingerprint() : '';
  const previous = writing ? await previousEditions(options) : new Map<string, ManifestEdition>();

  const pairs: Pending[] = [];
  for (const school of [...project.schools].sort((a, b) => compare(a.id, b.id))) {
    for (const policy of [...project.policies].sort((a, b) => compare(a.id, b.id))) pairs.push({ policy, school });
  }
  const selected = inShard(pairs, options.shard);

  const builders = new Map<string, EditionBuilder | undefined>();
  const builderFor = (policy: PolicySource) => {
    if (!builders.has(policy.id)) {
      const compiled = templating.compile(policy);
      diagnostics.push(...compiled.diagnostics);
      builders.set(policy.id, compiled.compiled && new EditionBuilder(compiled.compiled));
    }
    return builders.get(policy.id);
  };

  const reports: EditionReport[] = [];
  const entries = new Map<string, ManifestEdition>();
  const work: { report: EditionReport; entry: Omit<ManifestEdition, 'files'>; run: () => Promise<void> }[] = [];
  const policyHashes = new Map<string, string>();
  const schoolHashes = new Map<string, string>();
  // SOURCE_DATE_EPOCH changes the dates inside DOCX and PDF files, so it is an input too.
  const optionsHash = sha256(JSON.stringify({ writer: options.writerOptions ?? {}, sourceDateEpoch: sourceDateEpoch() ?? null }));

  for (const { policy, school } of selected) {
    const id = `${school.id}/${policy.id}`;
    const report: EditionReport = { school: school.id, policy: policy.id, status: 'failed', files: [] };
    reports.push(report);
    const builder = builderFor(policy);
    if (!builder) {
      keep(previous, entries, id);
      continue;
    }
    if (!writing) {
      const made = builder.serialize(school);
      diagnostics.push(...made.diagnostics);
      if (made.edition) report.status = 'checked';
      continue;
    }
    let policyHash = policyHashes.get(policy.id);
    if (policyHash === undefined) {
      policyHash = sha256(readFileSync(join(project.root, policy.file), 'utf8'));
      policyHashes.set(policy.id, policyHash);
    }
    let schoolHash = schoolHashes.get(school.id);
    if (schoolHash === undefined) {
      schoolHash = sha256(JSON.stringify({ ...school, file: undefined }));
      schoolHashes.set(school.id, schoolHash);
    }
    const meta = builder.meta(school);
    const entry = {
      id,
      school: { id: school.id, name: school.name },
      policy: { id: policy.id, title: meta.title, version: meta.version, approved: meta.approved, review: meta.review },
      inputHash: editionInputHash({ tool, templates: templatesHash, policy: policyHash, school: schoolHash, options: optionsHash }),
    };
    const old = previous.get(id);
    if (!options.force && old && upToDate(old, entry.inputHash, options)) {
      report.status = 'up-to-date';
      report.files = old.files.filter((f) => options.formats.includes(f.format));
      entries.set(id, old);
      continue;
    }
    // The edition itself is made only when a writer thread is ready for it, so a
    // large run never holds more than a few editions in memory.
    work.push({
      report,
      entry,
      run: async () => {
        const made = builder.serialize(school);
        diagnostics.push(...made.diagnostics);
        if (!made.edition) {
          keep(previous, entries, id);
          return;
        }
        const result = await renderer.render({ edition: made.edition, formats: options.formats, outDir: options.outDir, writerOptions: options.writerOptions ?? {} });
        report.status = 'built';
        report.files = result.files;
        report.timings = result.timings;
        // Formats not asked for this time stay listed while they were made from the same inputs.
        const kept = old && old.inputHash === entry.inputHash ? old.files.filter((f) => !options.formats.includes(f.format)) : [];
        entries.set(id, { ...entry, files: [...result.files, ...kept] });
      },
    });
  }

  const jobs = Math.max(1, Math.min(options.jobs ?? 1, work.length));
  const renderer = createRenderer(jobs);
  let done = 0;
  let interrupted = false;
  try {
    let next = 0;
    const lane = async () => {
      while (next < work.length) {
        if (options.signal?.aborted) {
          interrupted = true;
          return;
        }
        const item = work[next++]!;
        await setImmediate(); // let signals (Ctrl-C) and I/O in between editions
        try {
          await item.run();
        } catch (e) {
          keep(previous, entries, item.entry.id);
          const [school, policy] = item.entry.id.split('/');
          diagnostics.push({ file: project.schools.find((s) => s.id === school)?.file ?? school!, line: 1, column: 1, severity: 'error', message: `the ${policy} edition could not be written: ${(e as Error).message}` });
        }
        done += 1;
        options.onProgress?.(done, work.length);
      }
    };
    await Promise.all(Array.from({ length: renderer.capacity }, lane));
  } finally {
    await renderer.close();
  }

  if (writing && !interrupted) {
    // Editions outside this run's selection keep their entries while their school and policy exist.
    const policyIds = new Set(project.policyIds);
    const schoolIds = new Set(project.schoolIds);
    const inRun = new Set(selected.map((p) => `${p.school.id}/${p.policy.id}`));
    if (!options.shard || options.shard.n === 1) {
      for (const [id, entry] of previous) {
        if (!entries.has(id) && !inRun.has(id) && schoolIds.has(entry.school.id) && policyIds.has(entry.policy.id)) entries.set(id, entry);
      }
    }
    await writeOutputs(options.outDir, [...entries.values()], options.shard);
  }
  const parses = [...builders.values()].reduce((n, b) => n + (b?.parses ?? 0), 0);
  return { editions: reports, diagnostics: dedupe(diagnostics), rendered: done, parses, interrupted };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keep(previous: Map<string, ManifestEdition>, entries: Map<string, ManifestEdition>, id: string) {
  const old = previous.get(id);
  if (old) entries.set(id, old);
}

/** The manifest of the last run (for a shard: its own part, else the merged manifest). */
async function previousEditions(options: BuildOptions): Promise<Map<string, ManifestEdition>> {
  const map = new Map<string, ManifestEdition>();
  const sources = [join(options.outDir, MANIFEST)];
  if (options.shard && options.shard.n > 1) sources.push(join(options.outDir, partName(options.shard.k, options.shard.n)));
  for (const path of sources) {
    for (const e of (await readManifest(path))?.editions ?? []) map.set(e.id, e);
  }
  return map;
}

/** Up to date when built from the same inputs and every asked-for file is on disk with the recorded hash. */
function upToDate(old: ManifestEdition, inputHash: string, options: BuildOptions): boolean {
  if (old.inputHash !== inputHash) return false;
  for (const format of options.formats) {
    const file = old.files.find((f) => f.format === format);
    if (!file) return false;
    try {
      const bytes = readFileSync(join(options.outDir, file.path));
      if (bytes.byteLength !== file.bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The same source problem found while making several schools' editions is reported once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
