import type { Adoption, School } from '../schools/school.ts';
import type { PolicySource } from '../sources/read-policy.ts';

/** Where a school stands with one policy, on a reference date. */
export type AdoptionState = 'adopted' | 'awaiting-approval' | 'review-due' | 'overdue' | 'never-adopted';

/** The states in the order `policyc status` counts them, with the words it prints. */
export const STATE_WORDS: Record<AdoptionState, string> = {
  'adopted': 'adopted and current',
  'awaiting-approval': 'new version awaiting approval',
  'review-due': 'review due',
  'overdue': 'overdue',
  'never-adopted': 'never adopted',
};

export interface StatusRow {
  school: { id: string; name: string; file: string };
  policy: { id: string; title: string; version: string; statutory: boolean };
  /** The school's adoption, when it adopted any version. */
  adopted?: { version: string; approved: string; minute: string };
  /** YYYY-MM-DD: the adoption's own review date, else the policy's; absent when never adopted. */
  reviewDue?: string;
  /** Where the review date comes from. */
  reviewFrom?: 'adoption' | 'policy';
  /** Days from the reference date to the review date (negative when past). */
  daysLeft?: number;
  state: AdoptionState;
  /** Where the adoption is in the school's file, when there is one. */
  at?: { line: number; column: number };
}

const DAY = 86_400_000;

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/**
 * One school's state with one policy on `today` (YYYY-MM-DD), `within` days ahead
 * counting as review due. A review overdue or due wins over a newer version awaiting
 * approval: the date is what an inspection asks for first.
 */
export function adoptionStatus(school: School, policy: PolicySource, today: string, within: number): StatusRow {
  const adoption: Adoption | undefined = school.adoptions?.[policy.id];
  const row: StatusRow = {
    school: { id: school.id, name: school.name, file: school.file },
    policy: { id: policy.id, title: policy.meta.title, version: policy.meta.version, statutory: policy.meta.statutory === true },
    state: 'never-adopted',
  };
  if (!adoption) return row;
  const reviewDue = adoption.review ?? policy.meta.review;
  const daysLeft = days(today, reviewDue);
  const state: AdoptionState = daysLeft < 0 ? 'overdue'
    : daysLeft <= within ? 'review-due'
    : adoption.version !== policy.meta.version ? 'awaiting-approval'
    : 'adopted';
  return {
    ...row,
    adopted: { version: adoption.version, approved: adoption.approved, minute: adoption.minute },
    reviewDue,
    reviewFrom: adoption.review !== undefined ? 'adoption' : 'policy',
    daysLeft,
    state,
    at: adoption.at.key,
  };
}

/** Every school × policy, schools in order, each school's policies in order. */
export function projectStatus(schools: School[], policies: PolicySource[], today: string, within: number): StatusRow[] {
  return schools.flatMap((school) => policies.map((policy) => adoptionStatus(school, policy, today, within)));
}
