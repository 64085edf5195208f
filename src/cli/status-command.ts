import { resolve } from 'node:path';
import { formatDiagnostic, UsageError } from '../diagnostics/diagnostic.ts';
import { loadProject } from '../project/load-project.ts';
import { projectStatus, STATE_WORDS, type AdoptionState, type StatusRow } from '../project/adoption-status.ts';
import { reviewCalendar } from '../output/review-calendar.ts';
import { writeAtomic, WriteError } from '../output/write-atomic.ts';
import { sourceDateEpoch } from '../writers/shared/document-date.ts';
import { EXIT, type Io } from './io.ts';
import { referenceDate } from './reference-date.ts';
import { checkIds } from './select.ts';

interface StatusFlags {
  project: string;
  policy?: string[];
  school?: string[];
  /** Days ahead a review counts as due (default 60). */
  within?: string;
  today?: string;
  json?: boolean;
  /** Write an iCalendar file of every review date here. */
  ics?: string;
}

const STATES = Object.keys(STATE_WORDS) as AdoptionState[];

/**
 * `policyc status`: one row per school × policy, with the current version, the version
 * the school adopted and when, the review date and the state on the reference date
 * (./reference-date.ts). Exit 0 whatever the states; 1 only for errors in the sources.
 */
export async function statusCommand(flags: StatusFlags, io: Io): Promise<number> {
  const within = flags.within === undefined ? 60 : Number(flags.within);
  if (!/^\d{1,5}$/.test(flags.within ?? '60') || !Number.isInteger(within)) throw new UsageError(`--within must be a whole number of days from 0 to 99999 (got \`${flags.within}\`)`);
  const today = referenceDate(flags.today);
  const root = resolve(io.cwd, flags.project);
  const project = await loadProject(root, { policies: flags.policy, schools: flags.school });
  checkIds('policy', flags.policy, project.policyIds);
  checkIds('school', flags.school, project.schoolIds);
  for (const d of project.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const failed = project.diagnostics.some((d) => d.severity === 'error');
  const rows = projectStatus(project.schools, project.policies, today, within);
  const counts = Object.fromEntries(STATES.map((s) => [s, rows.filter((r) => r.state === s).length])) as Record<AdoptionState, number>;
  if (flags.ics !== undefined) {
    const target = resolve(io.cwd, flags.ics);
    try {
      writeAtomic(target, new TextEncoder().encode(reviewCalendar(rows, calendarStamp(flags.today, today, project))), flags.ics);
    } catch (e) {
      if (e instanceof WriteError) throw new UsageError(e.message);
      throw e;
    }
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify({ today, within, rows: rows.map(rowJson), counts }, null, 2)}\n`);
  } else {
    io.stdout(table(rows));
    io.stdout(`${summary(rows.length, counts, today, within)}\n`);
    if (flags.ics !== undefined) io.stderr(`policyc: wrote ${rows.filter((r) => r.reviewDue).length} review dates to ${flags.ics}\n`);
  }
  return failed ? EXIT.sourceError : EXIT.ok;
}

/**
 * The calendar's DTSTAMP: SOURCE_DATE_EPOCH, else --today, else the latest date the
 * sources record (an adoption or a policy's approval): never the clock, so the same
 * sources give the same file.
 */
function calendarStamp(given: string | undefined, today: string, project: { schools: { adoptions?: Record<string, { approved: string }> }[]; policies: { meta: { approved: string } }[] }): Date {
  const epoch = sourceDateEpoch();
  if (epoch !== undefined) return new Date(epoch * 1000);
  if (given !== undefined) return new Date(`${today}T00:00:00Z`);
  const dates = [...project.policies.map((p) => p.meta.approved), ...project.schools.flatMap((s) => Object.values(s.adoptions ?? {}).map((a) => a.approved))].sort();
  return new Date(`${dates.at(-1) ?? '1970-01-01'}T00:00:00Z`);
}

function rowJson(row: StatusRow) {
  const { at: _at, school, ...rest } = row;
  return { ...rest, school: { id: school.id, name: school.name } };
}

function table(rows: StatusRow[]): string {
  const header = ['School', 'Policy', 'Current', 'Adopted', 'Review due', 'State'];
  const lines = rows.map((r) => [
    r.school.id,
    r.policy.id + (r.policy.statutory ? ' (statutory)' : ''),
    r.policy.version,
    r.adopted ? `${r.adopted.version} on ${r.adopted.approved} (minute ${r.adopted.minute})` : '–',
    r.reviewDue ? `${r.reviewDue}${r.reviewFrom === 'adoption' ? ' (school)' : ''}` : '–',
    stateText(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`;
  return format(header) + lines.map(format).join('');
}

function stateText(row: StatusRow): string {
  if (row.state === 'overdue') return `overdue by ${-row.daysLeft!} day${row.daysLeft === -1 ? '' : 's'}`;
  if (row.state === 'review-due') return `review due in ${row.daysLeft} day${row.daysLeft === 1 ? '' : 's'}`;
  return STATE_WORDS[row.state];
}

function summary(total: number, counts: Record<AdoptionState, number>, today: string, within: number): string {
  return `policyc: ${total} school × policy on ${today}: ${STATES.map((s) => `${counts[s]} ${STATE_WORDS[s]}${s === 'review-due' ? ` (within ${within} days)` : ''}`).join(', ')}`;
}
