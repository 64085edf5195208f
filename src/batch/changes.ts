import { warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { compareEditions, compareShapes, fillChanges, mergedValues, sameValues, type Change } from '../compare/compare-editions.ts';
import { previousVersion, projectAt, resolveCommit, type Repository } from '../compare/git-sources.ts';
import { openEdition } from '../document/tokenized-edition.ts';
import type { TokenizedEdition } from '../document/types.ts';
import { templateLayers, type Project } from '../project/load-project.ts';
import { Templating } from '../templating/engine.ts';
import type { Format } from '../writers/registry.ts';
import { compare, Makers } from './plan.ts';
import { createRenderer, defaultJobs } from './pool.ts';
import type { RenderTask } from './render-edition.ts';

/** The formats a change summary is written in. */
export const CHANGE_FORMATS = ['html', 'docx', 'pdf'] as const satisfies readonly Format[];
export type ChangeFormat = (typeof CHANGE_FORMATS)[number];

export interface ChangesOptions {
  /** A git ref every policy is compared with; default: each policy's previous version. */
  since?: string;
  formats: ChangeFormat[];
  outDir: string;
  outLabel: string;
  /** Writer threads; 1 renders in-process. */
  jobs?: number;
}

/** One school's change summary of one policy. */
export interface ChangeReport {
  school: string;
  policy: string;
  /** The commit compared with. */
  since: string;
  oldVersion: string;
  newVersion: string;
  changes: Change[];
  files: string[];
}

/**
 * Writes each selected school's change summary of each selected policy: the edition
 * the sources at the old commit (and the school's config then) make, compared with
 * today's, by today's code. Every commit's sources are loaded once.
 */
export async function buildChanges(project: Project, repo: Repository, options: ChangesOptions): Promise<{ reports: ChangeReport[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  const reports: ChangeReport[] = [];
  const makers = new Makers(await Templating.load(templateLayers(project)), diagnostics, project.configTexts, project.figures);
  const fixed = options.since === undefined ? undefined : await resolveCommit(repo, options.since);
  const olds = new Map<string, Promise<{ project: Project; makers: Makers; dispose: () => void }>>();
  const oldAt = (commit: string) => {
    let found = olds.get(commit);
    if (!found) {
      found = (async () => {
        const { project: old, dispose } = await projectAt(repo, commit, { policies: project.policies.map((p) => p.id), schools: project.schools.map((s) => s.id) });
        // The old sources' own problems are not today's: their editions are simply not made.
        return { project: old, makers: new Makers(await Templating.load(templateLayers(old)), [], old.configTexts, old.figures), dispose };
      })();
      olds.set(commit, found);
    }
    return found;
  };
  const templates = templateLayers(project);
  const sharedComparisons = new Map<string, { changes: Change[]; json: string }>();
  const renderer = createRenderer(Math.max(1, options.jobs ?? defaultJobs()));
  // Summaries render on the build's writer threads, a few in flight per thread.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const render = async (task: RenderTask, report: Omit<ChangeReport, 'files'>) => {
    while (inFlight.size >= renderer.capacity) await Promise.race(inFlight);
    const done = renderer.render(task).then((result) => {
      reports.push({ ...report, files: result.files.map((f) => f.path) });
    }, (e: unknown) => {
      failure ??= e;
    }).finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  try {
    for (const policy of [...project.policies].sort((a, b) => compare(a.id, b.id))) {
      const maker = makers.for(policy);
      if (!maker) continue;
      let commit = fixed;
      if (!commit) {
        const previous = await previousVersion(repo, policy.id, policy.meta.version);
        if (!previous) {
          diagnostics.push(warning(policy.file, 1, 1, `no earlier version of \`${policy.id}\` in git: every commit of it has version ${policy.meta.version}, so there is nothing to compare it with`, 'give --since a commit to compare with'));
          continue;
        }
        commit = previous.commit;
      }
      const old = await oldAt(commit);
      const oldPolicy = old.project.policies.find((p) => p.id === policy.id);
      const oldMaker = oldPolicy && old.makers.for(oldPolicy);
      if (!oldMaker) {
        diagnostics.push(warning(policy.file, 1, 1, `\`${policy.id}\` ${oldPolicy ? 'could not be built' : 'is not'} in commit ${commit.slice(0, 12)}: no change summary of it`, oldPolicy ? 'its sources at that commit have errors' : 'give --since a commit that has it'));
        continue;
      }
      for (const school of [...project.schools].sort((a, b) => compare(a.id, b.id))) {
        const made = maker.tokenized(school);
        diagnostics.push(...made.diagnostics);
        if (!made.edition) continue;
        const oldSchool = old.project.schools.find((s) => s.id === school.id);
        const oldMade = oldSchool && oldMaker.tokenized(oldSchool);
        if (!oldMade?.edition) {
          diagnostics.push(warning(school.file, 1, 1, `\`${school.id}\`'s edition of \`${policy.id}\` cannot be made from commit ${commit.slice(0, 12)}${oldSchool ? '' : ', which has no config for the school'}: no change summary of it`));
          continue;
        }
        let changes: Change[];
        let summary: TokenizedEdition;
        if (sameValues(oldMade.edition, made.edition)) {
          // The school's values are the same then and now: one comparison, and one rendering per format, for every school of the same two shapes.
          const id = `${oldMade.edition.shape.id}|${made.edition.shape.id}#changes`;
          let shared = sharedComparisons.get(id);
          if (!shared) {
            if (sharedComparisons.size >= 64) sharedComparisons.clear();
            shared = compareShapes(oldMade.edition, made.edition);
            sharedComparisons.set(id, shared);
          }
          const values = mergedValues(oldMade.edition, made.edition);
          changes = fillChanges(shared.changes, new Map(values));
          summary = { ...made.edition, shape: { id, json: shared.json }, values };
        } else {
          // A change from the school's config: compared with the values in, a shape of its own.
          const compared = compareEditions(openEdition(oldMade.edition), openEdition(made.edition));
          changes = compared.changes;
          summary = { ...made.edition, shape: { id: `${made.edition.shape.id}#changes#${school.id}`, json: JSON.stringify(compared.tree) }, values: [] };
        }
        await render({ edition: summary, formats: options.formats, outDir: options.outDir, outLabel: options.outLabel, writerOptions: {}, templates, suffix: '.changes' },
          { school: school.id, policy: policy.id, since: commit, oldVersion: oldMade.edition.meta.version, newVersion: made.edition.meta.version, changes });
        if (failure) throw failure;
      }
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    await Promise.allSettled(inFlight);
    await renderer.close();
    for (const old of olds.values()) (await old.catch(() => undefined))?.dispose();
  }
  reports.sort((a, b) => compare(a.policy, b.policy) || compare(a.school, b.school));
  return { reports, diagnostics };
}
