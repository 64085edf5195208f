import ICAL from 'ical.js';
import { formatLongDate } from '../sources/dates.ts';
import type { StatusRow } from '../project/adoption-status.ts';

/** The calendar's product identifier (RFC 5545 PRODID). */
const PRODID = '-//policyc//adoption register//EN';

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The event's UID: the school and the policy, so a calendar updates the event when the date moves. */
export function reviewUid(row: StatusRow): string {
  return `review-${row.school.id}-${row.policy.id}@policyc.invalid`;
}

/**
 * An iCalendar file (RFC 5545) of every review date in `rows`, one all-day event each,
 * written with ical.js. Deterministic: UIDs from the school and policy, DTSTAMP
 * `stamp` (a UTC time the caller derives from SOURCE_DATE_EPOCH or the reference
 * date, never the clock). The text is parsed back before it is returned; a calendar
 * that does not read back as the same events is an internal error, never written.
 */
export function reviewCalendar(rows: StatusRow[], stamp: Date): string {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('prodid', PRODID);
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('method', 'PUBLISH');
  calendar.addPropertyWithValue('x-wr-calname', 'Policy reviews');
  const dtstamp = ICAL.Time.fromJSDate(stamp, true);
  const events = rows.filter((r) => r.reviewDue !== undefined);
  for (const row of events) {
    const event = new ICAL.Component('vevent');
    event.addPropertyWithValue('uid', reviewUid(row));
    event.addPropertyWithValue('dtstamp', dtstamp);
    event.addPropertyWithValue('dtstart', ICAL.Time.fromDateString(row.reviewDue!));
    event.addPropertyWithValue('dtend', ICAL.Time.fromDateString(nextDay(row.reviewDue!)));
    event.addPropertyWithValue('summary', `Review due: ${row.policy.title} (${row.school.name})`);
    const adopted = row.adopted!;
    event.addPropertyWithValue('description',
      `${row.school.name} adopted version ${adopted.version} of ${row.policy.title} on ${formatLongDate(adopted.approved)}, minute ${adopted.minute}; ` +
      `the current version is ${row.policy.version}. Review date from ${row.reviewFrom === 'adoption' ? 'the school\'s adoption record' : 'the policy\'s front matter'}.`);
    event.addPropertyWithValue('categories', 'Policy review');
    event.addPropertyWithValue('transp', 'TRANSPARENT');
    calendar.addSubcomponent(event);
  }
  // ical.js folds after 75 octets of content and then adds the space: 74 keeps every line within RFC 5545's 75.
  const fold = ICAL.foldLength;
  ICAL.foldLength = 74;
  let text: string;
  try {
    text = calendar.toString().replace(/\r?\n/g, '\r\n') + '\r\n';
  } finally {
    ICAL.foldLength = fold;
  }
  checkReadsBack(text, events);
  return text;
}

function checkReadsBack(text: string, rows: StatusRow[]): void {
  const parsed = new ICAL.Component(ICAL.parse(text));
  const back = parsed.getAllSubcomponents('vevent').map((e) => `${e.getFirstPropertyValue('uid')} ${String(e.getFirstPropertyValue('dtstart'))}`);
  const expected = rows.map((r) => `${reviewUid(r)} ${r.reviewDue}`);
  if (parsed.name !== 'vcalendar' || JSON.stringify(back) !== JSON.stringify(expected)) {
    throw new Error(`the review calendar did not read back as written: ${back.length} of ${expected.length} events`);
  }
}
