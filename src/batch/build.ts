import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ManifestEdition, Shard } from '../output/manifest.ts';
import { writeOutputs } from '../output/outputs.ts';
import { templateLayers, type Project } from '../project/load-project.ts';
import { Templating } from '../templating/engine.ts';
import type { Format } from '../writers/registry.ts';
import type { WriterOptions } from '../writers/shared/writer.ts';
import { hashTree, toolFingerprint } from './input-hash.ts';
import { keepPrevious, mergeEntries } from './merge.ts';
import { Entries, Makers, selectPairs, type Pair } from './plan.ts';
import { createRenderer } from './pool.ts';
import { runLanes } from './schedule.ts';
import { previousEditions, upToDate } from './up-to-date.ts';

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
  const makers = new Makers(await Templating.load(templates), diagnostics);
  const selected = selectPairs(project, options.shard);
  if (options.formats.length === 0) return check(selected, makers, diagnostics);

  const previous = await previousEditions(options.outDir, options.shard);
  const plan = new Entries(project.root, { tool: toolFingerprint(), templates: hashTree(templates) }, options.writerOptions ?? {});
  const reports: EditionReport[] = [];
  const entries = new Map<string, ManifestEdition>();
  const work: Work[] = [];
  for (const pair of selected) {
    const report: EditionReport = { school: pair.school.id, policy: pair.policy.id, status: 'failed', files: [] };
    reports.push(report);
    const maker = makers.for(pair.policy);
    const id = `${pair.school.id}/${pair.policy.id}`;
    if (!maker) {
      keepPrevious(previous, entries, id);
      continue;
    }
    const entry = plan.entry(maker, pair);
    const old = previous.get(id);
    if (!options.force && old && upToDate(old, entry.inputHash, options.formats, options.outDir)) {
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
  try {
    const render = async (item: Work) => {
      try {
        const made = makers.for(item.policy)!.tokenized(item.school);
        diagnostics.push(...made.diagnostics);
        if (!made.edition) return keepPrevious(previous, entries, item.entry.id);
        const result = await renderer.render({ edition: made.edition, formats: options.formats, outDir: options.outDir, writerOptions: options.writerOptions ?? {}, templates });
        Object.assign(item.report, { status: 'built', files: result.files, timings: result.timings });
        // Formats not asked for this time stay listed while they were made from the same inputs.
        const kept = item.old?.inputHash === item.entry.inputHash ? item.old.files.filter((f) => !options.formats.includes(f.format)) : [];
        entries.set(item.entry.id, { ...item.entry, files: [...result.files, ...kept] });
      } catch (e) {
        keepPrevious(previous, entries, item.entry.id);
        diagnostics.push({ file: item.policy.file, line: 1, column: 1, severity: 'error', message: `the edition for school \`${item.school.id}\` could not be written: ${(e as Error).message}` });
      } finally {
        options.onProgress?.(++done, work.length);
      }
    };
    ({ interrupted } = await runLanes(work, renderer.capacity, render, options.signal));
  } finally {
    await renderer.close();
  }

  if (!interrupted) {
    const inRun = new Set(selected.map((p) => `${p.school.id}/${p.policy.id}`));
    await writeOutputs(options.outDir, mergeEntries(entries, previous, project, inRun, options.shard), options.shard);
  }
  return { editions: reports, diagnostics: dedupe(diagnostics), rendered: done, parses: makers.parses, interrupted };
}

/** A check-only run: every edition made (templated, parsed, numbered, references resolved), nothing written. */
function check(selected: Pair[], makers: Makers, diagnostics: Diagnostic[]): BuildReport {
  const editions = selected.map(({ policy, school }): EditionReport => {
    const maker = makers.for(policy);
    const made = maker?.tokenized(school);
    diagnostics.push(...(made?.diagnostics ?? []));
    return { school: school.id, policy: policy.id, status: made?.edition ? 'checked' : 'failed', files: [] };
  });
  return { editions, diagnostics: dedupe(diagnostics), rendered: 0, parses: makers.parses, interrupted: false };
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
