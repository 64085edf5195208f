import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasPythonModule, run } from '../helpers/clients.ts';
import { cli, scratchProject } from '../helpers/project.ts';

interface Row { school: { id: string }; policy: { id: string }; state: string; reviewDue?: string; reviewFrom?: string; daysLeft?: number; adopted?: { version: string } }
const state = (rows: Row[], school: string, policy: string) => rows.find((r) => r.school.id === school && r.policy.id === policy);

let dir: string;
beforeAll(() => {
  dir = scratchProject({ library: true });
});
const epoch = process.env.SOURCE_DATE_EPOCH;
afterEach(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
});

async function status(...args: string[]) {
  const result = await cli(dir, 'status', '--json', ...args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { today: string; within: number; rows: Row[]; counts: Record<string, number> };
}

describe('policyc status on the shipped library', () => {
  it('gives every state on fixed dates', async () => {
    // 1 August 2027: reviews on 1 September 2027 are due within 60 days, not within 20.
    const august = await status('--today', '2027-08-01');
    expect(august.today).toBe('2027-08-01');
    expect(state(august.rows, 'mill-lane-primary', 'whistleblowing')).toMatchObject({ state: 'adopted', reviewDue: '2028-09-01', reviewFrom: 'policy' });
    expect(state(august.rows, 'riverside-infant', 'whistleblowing')).toMatchObject({ state: 'awaiting-approval', adopted: { version: '2.0' } });
    expect(state(august.rows, 'mill-lane-primary', 'social-networking')).toMatchObject({ state: 'review-due', daysLeft: 31, reviewDue: '2027-09-01' });
    expect(state(august.rows, 'mill-lane-primary', 'lone-working')).toMatchObject({ state: 'review-due', reviewDue: '2027-09-01', reviewFrom: 'adoption' });
    expect(state(august.rows, 'ysgol-ty-dwr', 'acceptable-use-of-ict')).toMatchObject({ state: 'never-adopted' });
    expect(state(august.rows, 'ysgol-ty-dwr', 'acceptable-use-of-ict')!.reviewDue).toBeUndefined();
    expect(august.counts).toEqual({ 'adopted': 3, 'awaiting-approval': 1, 'review-due': 9, 'overdue': 0, 'never-adopted': 2 });
    const narrow = await status('--today', '2027-08-01', '--within', '20');
    expect(state(narrow.rows, 'mill-lane-primary', 'social-networking')!.state).toBe('adopted');
    expect(state(narrow.rows, 'riverside-infant', 'staff-code-of-conduct')!.state).toBe('awaiting-approval');
    // The day after the review date: overdue, by one day.
    const september = await status('--today', '2027-09-02', '--school', 'riverside-infant');
    expect(september.rows.map((r) => r.school.id)).toEqual(Array(5).fill('riverside-infant'));
    expect(state(september.rows, 'riverside-infant', 'staff-code-of-conduct')).toMatchObject({ state: 'overdue', daysLeft: -1 });
    expect(state(september.rows, 'riverside-infant', 'whistleblowing')!.state).toBe('awaiting-approval');
  });

  it('prints a row per school × policy and a summary line of counts', async () => {
    const result = await cli(dir, 'status', '--today', '2027-09-02', '--policy', 'staff-code-of-conduct', 'acceptable-use-of-ict');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(lines[0]).toMatch(/^School +Policy +Current +Adopted +Review due +State$/);
    expect(lines).toContainEqual(expect.stringMatching(/^riverside-infant +staff-code-of-conduct \(statutory\) +4\.0 +3\.0 on 2025-11-20 \(minute GB\/25\/22\) +2027-09-01 +overdue by 1 day$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ysgol-ty-dwr +acceptable-use-of-ict +2\.1 +– +– +never adopted$/));
    expect(lines.at(-1)).toBe('policyc: 6 school × policy on 2027-09-02: 0 adopted and current, 0 new version awaiting approval, 0 review due (within 60 days), 5 overdue, 1 never adopted');
  });

  it('takes the reference date from SOURCE_DATE_EPOCH without --today', async () => {
    process.env.SOURCE_DATE_EPOCH = String(Date.parse('2027-09-02T12:00:00Z') / 1000);
    expect((await status()).today).toBe('2027-09-02');
  });

  it('refuses a --today that is not a date and a --within that is not a number of days (exit 2)', async () => {
    expect(await cli(dir, 'status', '--today', '2027-02-30')).toMatchObject({ code: 2, stderr: expect.stringContaining('--today must be a date written YYYY-MM-DD (got `2027-02-30`)') });
    expect((await cli(dir, 'status', '--within', 'soon')).code).toBe(2);
  });
});

describe('policyc status --ics', () => {
  const ics = () => join(dir, 'reviews.ics');

  it('writes every review date as an all-day event, read back by ical.js', async () => {
    const result = await cli(dir, 'status', '--today', '2027-08-01', '--ics', 'reviews.ics');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('policyc: wrote 13 review dates to reviews.ics\n');
    const text = readFileSync(ics(), 'utf8');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    // RFC 5545: no line longer than 75 octets (UTF-8), folded lines included.
    expect(text.split('\r\n').filter((l) => Buffer.byteLength(l) > 75)).toEqual([]);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events).toHaveLength(13);
    const lone = events.find((e) => e.uid === 'review-mill-lane-primary-lone-working@policyc.invalid')!;
    expect(lone.startDate.isDate).toBe(true);
    expect(lone.startDate.toString()).toBe('2027-09-01');
    expect(lone.endDate.toString()).toBe('2027-09-02');
    expect(lone.summary).toBe('Review due: Lone Working Policy for Staff in Schools (Mill Lane Primary School)');
    expect(lone.description).toContain('adopted version 2.0 of Lone Working Policy for Staff in Schools on 14 October 2026, minute 7.6');
    expect(lone.description).toContain('Review date from the school\'s adoption record.');
    // DTSTAMP is the reference date given, never the clock.
    expect(String(lone.component.getFirstPropertyValue('dtstamp'))).toBe('2027-08-01T00:00:00Z');
    expect(events.some((e) => e.uid.startsWith('review-ysgol-ty-dwr-acceptable-use-of-ict'))).toBe(false);
  });

  it('is the same file from the same sources: with SOURCE_DATE_EPOCH its DTSTAMP, without either the latest date the sources record', async () => {
    process.env.SOURCE_DATE_EPOCH = '1800000000';
    await cli(dir, 'status', '--ics', 'reviews.ics');
    const first = readFileSync(ics(), 'utf8');
    expect(first).toContain('DTSTAMP:20270115T080000Z');
    await cli(dir, 'status', '--ics', 'reviews.ics', '--today', '2030-01-01');
    expect(readFileSync(ics(), 'utf8')).toBe(first);
    delete process.env.SOURCE_DATE_EPOCH;
    await cli(dir, 'status', '--ics', 'reviews.ics');
    // The latest adoption in the shipped schools: Tŷ Dŵr's, 5 November 2026.
    expect(readFileSync(ics(), 'utf8')).toContain('DTSTAMP:20261105T000000Z');
  });

  it.runIf(hasPythonModule('icalendar'))('reads back in Python\'s icalendar, a second parser', async () => {
    await cli(dir, 'status', '--today', '2027-08-01', '--ics', 'reviews.ics');
    const script = [
      'import sys, icalendar',
      'cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())',
      'for e in cal.walk("VEVENT"):',
      '    print(e["UID"], e.decoded("DTSTART").isoformat(), e.decoded("DTEND").isoformat(), e.decoded("DTSTAMP").isoformat(), str(e["SUMMARY"]), sep="|")',
    ].join('\n');
    const lines = run('/usr/bin/python3', ['-c', script, ics()]).trim().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines).toContain('review-riverside-infant-whistleblowing@policyc.invalid|2028-09-01|2028-09-02|2027-08-01T00:00:00+00:00|Review due: Whistleblowing Policy for Staff in Schools (Riverside Nursery and Infant School)');
    expect(lines).toContain('review-ysgol-ty-dwr-social-networking@policyc.invalid|2027-09-01|2027-09-02|2027-08-01T00:00:00+00:00|Review due: Social Networking Policy for Staff in Schools (Ysgol Gynradd Tŷ Dŵr)');
  });
});
