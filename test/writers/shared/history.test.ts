import { describe, expect, it } from 'vitest';
import { HISTORY_COLUMNS, historyRows } from '../../../src/writers/shared/history.ts';

describe('the document-control table', () => {
  it('has the columns Version, Date, Summary of change, Approved by and one row per entry, dates as printed', () => {
    expect(HISTORY_COLUMNS).toEqual(['Version', 'Date', 'Summary of change', 'Approved by']);
    expect(historyRows([{ version: '2.0', date: '2025-09-01', dateText: '1 September 2025', summary: 'Revised', approvedBy: 'JCC' }])).toEqual([['2.0', '1 September 2025', 'Revised', 'JCC']]);
  });
});
