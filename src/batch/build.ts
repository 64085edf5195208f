import { error, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { lockOutDir } from '../output/lock.ts';
import { MANIFEST, selectionDigest, type ManifestEdition, type PartShard, type Shard } from '../output/manifest.ts';
import { checkOutDir, prepareOutDir } from '../output/out-dir.ts';
import { assertOwnIndex, INDEX, writeOutputs } from '../output/outputs.ts';
import { OutputError } from '../output/errors.ts';
import { templateLayers, type Project } from '../project/load-project.ts';
import { Templating } from '../templating/engine.ts';
import type { Format } from '../writers/registry.ts';
import type { WriterOptions } from '../writers/shared/writer.ts';
import { hashTree, toolFingerprint } from './input-hash.ts';
import { keepPrevious, mergeEntries } from './merge.ts';
import { compare, Entries, figuresHash, Makers, selectPairs, type Pair } from './plan.ts';
import { createRenderer } from './pool.ts';
import { runLanes } from './schedule.ts';
import { previousEditions, upToDate } from './up-to-date.ts';

export interface BuildOptions {
  outDir: string;
  /** How messages name the output folder (the `--out` given); default: outDir. */
  outLabel?: string;
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

/** An edition that needs building: made only when a writer thread is ready for it. */
interface Work extends Pair {
  report: EditionReport;
  entry: Omit<ManifestEdition, 'files'>;
  old?: ManifestEdition;
}

/**
 * Builds every policy × school × format of a loaded project (or of one shard):
 * plan the editions, skip those up to date, render the rest on a pool of writer
 * threads, and merge what was built into the manifest. Sources are parsed once per
 * run in this thread. One failing edition never stops the others.
 */
export async function build(project: Project, options: BuildOptions): Promise<BuildReport> {
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  const templates = templateLayers(project);
  const makers = new Makers(await Templating.load(templates), diagnostics, project.configTexts, project.figures);
  const selected = selectPairs(project, options.shard);
  if (options.formats.length === 0) return check(selected, makers, diagnostics);

  const label = options.outLabel ?? options.outDir;
  const outDir = checkOutDir(project.root, options.outDir, label);
  prepareOutDir(outDir, label);
  if (!options.shard || options.shard.n <= 1) assertOwnIndex(outDir, label);
  const lock = lockOutDir(outDir, 'build', label);
  try {
    return await buildLocked(project, { ...options, outDir, outLabel: label }, { diagnostics, makers, selected, templates });
  } finally {
    lock.release();
  }
}

async function buildLocked(project: Project, options: BuildOptions & { outLabel: string }, run: { diagnostics: Diagnostic[]; makers: Makers; selected: Pair[]; templates: string[] }): Promise<BuildReport> {
  const { diagnostics, makers, selected, templates } = run;
  const { outDir, outLabel } = options;
  const before = previousEditions(outDir, options.shard, outLabel);
  diagnostics.push(...before.diagnostics);
  const previous = before.editions;
  const plan = new Entries({ tool: toolFingerprint(), templates: hashTree(templates), figures: figuresHash(project.figures) }, options.writerOptions ?? {});
  const reports: EditionReport[] = [];
  const entries = new Map<string, ManifestEdition>();
  const work: Work[] = [];
  for (const pair of selected) {
    const report: EditionReport = { school: pair.school.id, policy: pair.policy.id, status: 'failed', files: [] };
    reports.push(report);
    const maker = makers.for(pair.policy);
    const id = `${pair.school.id}/${pair.policy.id}`;
    if (!maker) {
      diagnostics.push(...otherProblems(makers, pair));
      keepPrevious(previous, entries, id);
      continue;
    }
    const entry = plan.entry(maker, pair);
    const old = previous.get(id);
    if (!options.force && old && upToDate(old, entry.inputHash, options.formats, outDir)) {
      report.status = 'up-to-date';
      report.files = old.files.filter((f) => options.formats.includes(f.format));
      entries.set(id, old);
    } else {
      work.push({ ...pair, report, entry, ...(old ? { old } : {}) });
    }
  }

  const renderer = createRenderer(Math.max(1, Math.min(options.jobs ?? 1, work.length)));
  let done = 0;
  let interrupted = false;
  const finished = new Set<Work>();
  try {
    const render = async (item: Work) => {
      try {
        const made = makers.for(item.policy)!.tokenized(item.school);
        diagnostics.push(...made.diagnostics);
        if (!made.edition) return keepPrevious(previous, entries, item.entry.id);
        const result = await renderer.render({ edition: made.edition, formats: options.formats, outDir, outLabel, writerOptions: options.writerOptions ?? {}, templates });
        Object.assign(item.report, { status: 'built', files: result.files, timings: result.timings });
        // Formats not asked for this time stay listed while they were made from the same inputs.
        const kept = item.old?.inputHash === item.entry.inputHash ? item.old.files.filter((f) => !options.formats.includes(f.format)) : [];
        entries.set(item.entry.id, { ...item.entry, printedId: made.edition.meta.editionId!, files: [...result.files, ...kept] });
      } catch (e) {
        keepPrevious(previous, entries, item.entry.id);
        diagnostics.push({ file: item.policy.file, line: 1, column: 1, severity: 'error', message: `the edition for school \`${item.school.id}\` could not be written: ${(e as Error).message}` });
      } finally {
        finished.add(item);
        options.onProgress?.(++done, work.length);
      }
    };
    // Policy by policy: consecutive editions of one policy share most of their layout, which
    // the PDF writer's Typst cache keeps only for a few compilations (see writers/pdf/compiler.ts).
    const byPolicy = [...work].sort((a, b) => compare(a.policy.id, b.policy.id) || compare(a.school.id, b.school.id));
    ({ interrupted } = await runLanes(byPolicy, renderer.capacity, render, options.signal));
  } finally {
    await renderer.close();
  }

  // Interrupted (Ctrl-C): the editions not started keep their previous entries, so the
  // manifest still describes exactly the files on disk.
  for (const item of work) if (!finished.has(item)) keepPrevious(previous, entries, item.entry.id);
  const inRun = new Set(selected.map((p) => `${p.school.id}/${p.policy.id}`));
  const shard = options.shard && options.shard.n > 1 ? partShard(project, options.shard, inRun) : undefined;
  try {
    writeOutputs(outDir, mergeEntries(entries, previous, project, inRun, options.shard), shard, outLabel);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    const consequence = e.file === INDEX
      ? 'the index page still lists the previous run'
      : 'the editions built are on disk, but the manifest still describes the previous run, so the next build rebuilds them';
    diagnostics.push(error(`${outLabel.replace(/\/+$/, '')}/${e.file ?? MANIFEST}`, 1, 1, `${e.message}: ${consequence}`));
  }
  return { editions: reports, diagnostics: dedupe(diagnostics), rendered: done, parses: makers.parses, interrupted };
}

/** What a manifest part records: its shard, the whole build it is a share of, and its own editions' ids. */
function partShard(project: Project, shard: Shard, inRun: Set<string>): PartShard {
  const all = selectPairs(project, undefined).map((p) => `${p.school.id}/${p.policy.id}`);
  return { k: shard.k, n: shard.n, selection: { editions: all.length, sha256: selectionDigest(all) }, editions: [...inRun] };
}

/** A check-only run: every edition made (templated, parsed, numbered, references resolved), nothing written. */
function check(selected: Pair[], makers: Makers, diagnostics: Diagnostic[]): BuildReport {
  const editions = selected.map(({ policy, school }): EditionReport => {
    const maker = makers.for(policy);
    const made = maker?.tokenized(school);
    diagnostics.push(...(made?.diagnostics ?? []));
    if (!maker) diagnostics.push(...otherProblems(makers, { policy, school }));
    return { school: school.id, policy: policy.id, status: made?.edition ? 'checked' : 'failed', files: [] };
  });
  return { editions, diagnostics: dedupe(diagnostics), rendered: 0, parses: makers.parses, interrupted: false };
}

/**
 * A template with errors hides nothing else: its other problems (references, numbering,
 * addresses, values the school lacks), found on the template with the failing parts
 * neutral, are reported in the same run. Only those in the policy itself: a neutral part
 * decides no address, so none is blamed on a school's value.
 */
function otherProblems(makers: Makers, { policy, school }: Pair): Diagnostic[] {
  return (makers.fallback(policy)?.tokenized(school).diagnostics ?? []).filter((d) => d.file === policy.file);
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
