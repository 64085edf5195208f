import { describe, expect, it, vi } from 'vitest';
import { addInterval, formatLongDate } from '../../src/sources/dates.ts';

describe('addInterval', () => {
  it('adds months and years to a YYYY-MM-DD date', () => {
    expect(addInterval('2026-09-01', '12 months')).toBe('2027-09-01');
    expect(addInterval('2026-09-01', '1 year')).toBe('2027-09-01');
    expect(addInterval('2026-09-01', '2 years')).toBe('2028-09-01');
    expect(addInterval('2026-09-15', '1 month')).toBe('2026-10-15');
    expect(addInterval('2026-09-15', '6 months')).toBe('2027-03-15');
    expect(addInterval('2026-01-10', '36 months')).toBe('2029-01-10');
  });

  it('lands on the last day of a shorter month instead of spilling into the next', () => {
    expect(addInterval('2026-01-31', '1 month')).toBe('2026-02-28');
    expect(addInterval('2024-01-31', '1 month')).toBe('2024-02-29');
    expect(addInterval('2026-03-31', '1 month')).toBe('2026-04-30');
    expect(addInterval('2026-08-31', '3 months')).toBe('2026-11-30');
    expect(addInterval('2026-11-30', '3 months')).toBe('2027-02-28');
  });

  it('takes 29 February to 28 February in a common year and keeps it in a leap year', () => {
    expect(addInterval('2024-02-29', '1 year')).toBe('2025-02-28');
    expect(addInterval('2024-02-29', '12 months')).toBe('2025-02-28');
    expect(addInterval('2024-02-29', '4 years')).toBe('2028-02-29');
  });

  it('does not depend on the machine\'s time zone or clock', () => {
    vi.useFakeTimers({ now: new Date('1999-12-31T23:59:59Z') });
    const zone = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = tz;
        expect(addInterval('2026-03-29', '1 month')).toBe('2026-04-29');
        expect(addInterval('2026-10-25', '12 months')).toBe('2027-10-25');
      }
    } finally {
      vi.useRealTimers();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('formatLongDate', () => {
  it('writes a date the British way, in words', () => {
    expect(formatLongDate('2026-09-01')).toBe('1 September 2026');
    expect(formatLongDate('2027-12-31')).toBe('31 December 2027');
    expect(formatLongDate('2028-02-29')).toBe('29 February 2028');
    expect(formatLongDate('2026-01-01')).toBe('1 January 2026');
  });
});
