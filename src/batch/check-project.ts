import { versionWarnings } from '../compare/version-check.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { CitationRecord } from '../legislation/entries.ts';
import { lintProject } from '../lint/legislation-lint.ts';
import type { Project } from '../project/load-project.ts';
import { build } from './build.ts';
import { statutoryGate } from './statutory-gate.ts';

export interface ProjectCheck {
  /** No errors, and no warnings either when `strict`. */
  ok: boolean;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
  /** Every citation of legislation and guidance in the policies and configs, with the register's entry for it. */
  citations: CitationRecord[];
}

/**
 * Everything a build checks, without writing a file (schemas, every policy templated
 * for every school, numbering, references, addresses, limits), and the legislation lint
 * of every citation in the policies and configs, and the statutory gate (on `today`,
 * YYYY-MM-DD, for overdue reviews). `policyc check` and the module API's `check` both run this.
 */
export async function checkProject(project: Project, strict = false, today?: string): Promise<ProjectCheck> {
  const report = await build(project, { outDir: project.root, formats: [] });
  const legislation = await lintProject(project);
  // The lint's findings are warnings about citations, which a build never reports; so are the statutory gate's and the version check's.
  const diagnostics = [...report.diagnostics, ...legislation.diagnostics, ...statutoryGate(project, today), ...(await versionWarnings(project))];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return { ok: errors === 0 && !(strict && warnings > 0), errors, warnings, diagnostics, citations: legislation.citations };
}
