import { resolve } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { build } from '../batch/build.ts';
import { loadProject } from '../project/load-project.ts';
import { citationJson, formatCitation, lintProject } from '../lint/legislation-lint.ts';
import { EXIT, type Io } from './io.ts';
import { checkIds } from './select.ts';

interface CheckFlags {
  project: string;
  policy?: string[];
  school?: string[];
  strict?: boolean;
  json?: boolean;
  /** Also print the register's view of every citation in every policy and config. */
  legislation?: boolean;
}

/**
 * Everything a build checks, without writing a file: schemas, every policy
 * templated for every school, numbering and references; and, against the
 * legislation register, every citation of legislation and guidance in the
 * policies and configs (a citation that does not match is a warning).
 */
export async function checkCommand(flags: CheckFlags, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const project = await loadProject(root, { policies: flags.policy, schools: flags.school });
  checkIds('policy', flags.policy, project.policyIds);
  checkIds('school', flags.school, project.schoolIds);
  const report = await build(project, { outDir: root, formats: [] });
  const legislation = await lintProject(project);
  // The lint's findings are warnings about citations, which a build never reports.
  const diagnostics = [...report.diagnostics, ...legislation.diagnostics];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const failed = errors > 0 || (flags.strict && warnings > 0);
  if (flags.json) {
    const citations = flags.legislation ? { citations: legislation.citations.map(citationJson) } : {};
    io.stdout(`${JSON.stringify({ ok: !failed, errors, warnings, diagnostics, ...citations }, null, 2)}\n`);
  } else {
    if (flags.legislation) {
      for (const c of legislation.citations) io.stdout(`${formatCitation(c)}\n`);
    }
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`${summary(project.policies.length, project.schools.length, errors, warnings)}\n`);
  }
  return failed ? EXIT.sourceError : EXIT.ok;
}

function summary(policies: number, schools: number, errors: number, warnings: number): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `policyc: checked ${n(policies, 'policy').replace('policys', 'policies')} for ${n(schools, 'school')}: ${n(errors, 'error')}, ${n(warnings, 'warning')}`;
}

