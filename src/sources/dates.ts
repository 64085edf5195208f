/** Calendar arithmetic on YYYY-MM-DD strings, in UTC, never touching the clock. */
export function addInterval(date: string, interval: string): string {
  const [, n, unit] = /^(\d+) (month|months|year|years)$/.exec(interval)!;
  const months = Number(n) * (unit!.startsWith('year') ? 12 : 1);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** 2026-09-01 → "1 September 2026". */
export function formatLongDate(date: string): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}
