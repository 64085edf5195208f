import { UsageError } from '../diagnostics/diagnostic.ts';
import { sourceDateEpoch, sourceDateEpochProblem } from '../writers/shared/document-date.ts';

/**
 * The date reviews are measured from (YYYY-MM-DD, UTC): `--today`, else
 * SOURCE_DATE_EPOCH, else the clock (for `status`, which prints nothing into an edition:
 * the one place policyc reads the clock). `check` asks with `clock: false` and gets
 * undefined when neither is given.
 */
export function referenceDate(today: string | undefined, env?: NodeJS.ProcessEnv): string;
export function referenceDate(today: string | undefined, env: NodeJS.ProcessEnv, options: { clock: false }): string | undefined;
export function referenceDate(today: string | undefined, env: NodeJS.ProcessEnv = process.env, options: { clock?: boolean } = {}): string | undefined {
  if (today !== undefined) {
    const time = Date.parse(`${today}T00:00:00Z`);
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(today) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(today);
    if (!valid) throw new UsageError(`--today must be a date written YYYY-MM-DD (got \`${today.slice(0, 40)}\`)`);
    return today;
  }
  const problem = sourceDateEpochProblem(env);
  if (problem) throw new UsageError(problem);
  const epoch = sourceDateEpoch(env);
  if (epoch === undefined && options.clock === false) return undefined;
  return new Date(epoch !== undefined ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
}
