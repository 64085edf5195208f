import type { EditionMeta } from '../../document/types.ts';

/**
 * The date a DOCX or PDF records as its creation and modification date: never the
 * clock. `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention)
 * wins when set to a whole number; otherwise the policy's approval date, at midnight UTC.
 */
export function documentDate(meta: Pick<EditionMeta, 'approved'>, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = sourceDateEpoch(env);
  if (epoch !== undefined) return new Date(epoch * 1000);
  return new Date(`${meta.approved}T00:00:00Z`);
}

/** The last second a four-digit year can write: 9999-12-31T23:59:59Z. */
export const LAST_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH as seconds, or undefined when unset or not a whole number from 0 to LAST_EPOCH. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.SOURCE_DATE_EPOCH?.trim();
  if (!raw || !/^\d{1,12}$/.test(raw)) return undefined;
  const seconds = Number(raw);
  return seconds <= LAST_EPOCH ? seconds : undefined;
}

/**
 * Why a SOURCE_DATE_EPOCH that is set cannot be used, or undefined when it is unset or
 * usable. The reproducible-builds convention asks a build to fail on a malformed value
 * rather than quietly record another date.
 */
export function sourceDateEpochProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (sourceDateEpoch(env) !== undefined) return undefined;
  return `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 from 0 to ${LAST_EPOCH} (31 December 9999), got \`${raw.slice(0, 40)}\``;
}
