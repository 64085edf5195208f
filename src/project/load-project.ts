import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { readPolicy, type PolicySource } from '../sources/read-policy.ts';
import { readFigures, type FigureFile } from '../sources/read-figures.ts';
import { loadDefaults, readSchool } from '../schools/read-schools.ts';
import { DEFAULTS_FILE, type School } from '../schools/school.ts';
import { checkAdoptions } from './check-adoptions.ts';

export interface Project {
  root: string;
  templatesDir: string;
  policies: PolicySource[];
  schools: School[];
  /** Every id found on disk, including those whose files have errors. */
  policyIds: string[];
  schoolIds: string[];
  /** The text of each config read (the LA defaults, each trust's and each school's file), by its path in the project. */
  configTexts: Map<string, string>;
  /** The figures in policies/figures that can be used, by the name a policy gives them ("figures/flow.svg"). */
  figures: Map<string, FigureFile>;
  diagnostics: Diagnostic[];
}

/** policyc's own templates (partials, PDF template, stylesheets), inside its package. */
export const BUILT_IN_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

async function list(dir: string, pattern: RegExp): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => pattern.test(n)).sort();
}

/** Reads and validates every policy and school config of a project, reporting every problem. */
export async function loadProject(root: string, only?: { policies?: string[]; schools?: string[] }): Promise<Project> {
  const policiesDir = join(root, 'policies');
  const schoolsDir = join(root, 'schools');
  const policyFiles = await list(policiesDir, /^[^._].*\.md$/);
  const schoolFiles = (await list(schoolsDir, /^[^._].*\.ya?ml$/));
  const policyIds = policyFiles.map((f) => f.replace(/\.md$/, ''));
  const schoolIds = schoolFiles.map((f) => f.replace(/\.ya?ml$/, ''));
  const diagnostics: Diagnostic[] = [];

  const wantedPolicies = policyFiles.filter((_, i) => !only?.policies || only.policies.includes(policyIds[i]!));
  const wantedSchools = schoolFiles.filter((_, i) => !only?.schools || only.schools.includes(schoolIds[i]!));

  const policies: PolicySource[] = [];
  for (const result of await Promise.all(wantedPolicies.map((f) => readPolicy(join(policiesDir, f), root)))) {
    diagnostics.push(...result.diagnostics);
    if (result.policy) policies.push(result.policy);
  }
  const defaults = await loadDefaults(schoolsDir, root, existsSync(join(schoolsDir, DEFAULTS_FILE)));
  diagnostics.push(...defaults.diagnostics);
  const configTexts = new Map<string, string>();
  if (defaults.text !== undefined) configTexts.set(defaults.file, defaults.text);
  const schools: School[] = [];
  // A trust file's problems come with each school that names it: reported once.
  const reported = new Set<string>();
  for (const result of await Promise.all(wantedSchools.map((f) => readSchool(join(schoolsDir, f), root, defaults)))) {
    for (const d of result.diagnostics) {
      const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
      if (reported.has(key)) continue;
      reported.add(key);
      diagnostics.push(d);
    }
    if (result.school) {
      schools.push(result.school);
      if (result.text !== undefined) configTexts.set(result.school.file, result.text);
      if (result.trust) configTexts.set(result.trust.file, result.trust.text);
    }
  }
  diagnostics.push(...checkAdoptions(schools, policies, policyIds));
  const figures = await readFigures(root);
  diagnostics.push(...figures.diagnostics);
  const templatesDir = existsSync(join(root, 'templates')) ? join(root, 'templates') : BUILT_IN_TEMPLATES;
  return { root, templatesDir, policies, schools, policyIds, schoolIds, configTexts, figures: figures.figures, diagnostics };
}

/**
 * The template folders a project's editions are made from, lowest first: policyc's own,
 * then the project's templates/, whose files replace policyc's one by one (a project
 * overriding one partial keeps every other partial and the PDF template of policyc).
 */
export function templateLayers(project: Pick<Project, 'templatesDir'>): string[] {
  return project.templatesDir === BUILT_IN_TEMPLATES ? [BUILT_IN_TEMPLATES] : [BUILT_IN_TEMPLATES, project.templatesDir];
}
