import type { HistoryEntry } from '../../document/types.ts';

/** The document-control table's heading, the same in every format. */
export const HISTORY_TITLE = 'Document control';

/** Its columns, in order. */
export const HISTORY_COLUMNS = ['Version', 'Date', 'Summary of change', 'Approved by'] as const;

/** Its rows: one per entry of the front matter's `history:`, in order. */
export function historyRows(entries: readonly HistoryEntry[]): [string, string, string, string][] {
  return entries.map((e) => [e.version, e.dateText, e.summary, e.approvedBy]);
}

/** The contents list's heading, the same in every format. */
export const CONTENTS_TITLE = 'Contents';
