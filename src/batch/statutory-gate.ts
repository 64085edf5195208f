import { warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { adoptionStatus } from '../project/adoption-status.ts';
import type { Project } from '../project/load-project.ts';

/**
 * The statutory gate: for each policy marked `statutory: true`, a warning for each school
 * that has never adopted it (at the top of the school's file) or whose review of it is
 * overdue on `today` (at its adoption), so `check --strict` fails before an inspection
 * finds it. Without `today`, only the policies never adopted.
 */
export function statutoryGate(project: Project, today?: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const policy of project.policies) {
    if (!policy.meta.statutory) continue;
    for (const school of project.schools) {
      const row = adoptionStatus(school, policy, today ?? '0000-01-01', 0);
      if (row.state === 'never-adopted') {
        problems.push(warning(school.file, 1, 1, `statutory policy \`${policy.id}\` (${policy.meta.title}) has never been adopted by ${school.name}`,
          `when the ${school.governingBody} approves it, record it under \`adoptions: ${policy.id}:\` (version, approved, minute, signed)`));
      } else if (today !== undefined && row.state === 'overdue') {
        problems.push(warning(school.file, row.at!.line, row.at!.column, `statutory policy \`${policy.id}\` was due for review by ${school.name} on ${row.reviewDue}, ${-row.daysLeft!} day${row.daysLeft === -1 ? '' : 's'} before ${today}`,
          `have the ${school.governingBody} review it and record the new adoption (version ${policy.meta.version}) here`));
      }
    }
  }
  return problems;
}
