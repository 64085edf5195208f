import { resolve } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { checkProject } from '../batch/check-project.ts';
import { loadProject } from '../project/load-project.ts';
import { citationJson, formatCitation } from '../lint/legislation-lint.ts';
import { EXIT, type Io } from './io.ts';
import { checkIds } from './select.ts';
import { referenceDate } from './reference-date.ts';

interface CheckFlags {
  project: string;
  policy?: string[];
  school?: string[];
  strict?: boolean;
  json?: boolean;
  /** Also print the register's view of every citation in every policy and config. */
  legislation?: boolean;
  /** The reference date for overdue reviews (YYYY-MM-DD): see ./reference-date.ts. */
  today?: string;
}

/**
 * Everything a build checks, without writing a file: schemas, every policy
 * templated for every school, numbering and references; and, against the
 * legislation register, every citation of legislation and guidance in the
 * policies and configs (a citation that does not match is a warning).
 */
export async function checkCommand(flags: CheckFlags, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  // The clock is never read here: a check's result must not change from one day to the next on its own.
  const today = referenceDate(flags.today, process.env, { clock: false });
  const project = await loadProject(root, { policies: flags.policy, schools: flags.school });
  checkIds('policy', flags.policy, project.policyIds);
  checkIds('school', flags.school, project.schoolIds);
  const { ok, errors, warnings, diagnostics, citations } = await checkProject(project, flags.strict, today);
  if (flags.json) {
    const listed = flags.legislation ? { citations: citations.map(citationJson) } : {};
    io.stdout(`${JSON.stringify({ ok, errors, warnings, diagnostics, reviewsCheckedOn: today ?? null, ...listed }, null, 2)}\n`);
  } else {
    if (flags.legislation) {
      for (const c of citations) io.stdout(`${formatCitation(c)}\n`);
    }
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    // Not silent: say when the statutory gate could not look at review dates.
    if (today === undefined && project.policies.some((p) => p.meta.statutory)) {
      io.stderr('policyc: reviews of statutory policies were not checked for lateness: no reference date (give --today YYYY-MM-DD, or set SOURCE_DATE_EPOCH)\n');
    }
    io.stderr(`${summary(project.policies.length, project.schools.length, errors, warnings)}\n`);
  }
  return ok ? EXIT.ok : EXIT.sourceError;
}

function summary(policies: number, schools: number, errors: number, warnings: number): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `policyc: checked ${n(policies, 'policy').replace('policys', 'policies')} for ${n(schools, 'school')}: ${n(errors, 'error')}, ${n(warnings, 'warning')}`;
}

