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

/** SOURCE_DATE_EPOCH as seconds, or undefined when unset or not a whole number ≥ 0. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.SOURCE_DATE_EPOCH?.trim();
  if (!raw || !/^\d{1,12}$/.test(raw)) return undefined;
  return Number(raw);
}
