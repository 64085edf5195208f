import type { ChangeSummary } from '../../document/types.ts';

/** A change summary's opening, in the words every format prints. */
export const CHANGES_TITLE = 'What changed';
export const CHANGES_TABLE = 'Changed clauses';
export const CHANGES_COLUMNS = ['New number', 'Old number', 'Change', 'First words'] as const;
export const NO_CHANGES = 'Nothing in the text changed between these versions.';

/** The versions, their dates and the counts, as label and value. */
export function changeFacts(node: ChangeSummary): [string, string][] {
  const { changed, added, removed, moved } = node.counts;
  return [
    ['Previous version', `${node.oldVersion}, approved ${node.oldApproved}`],
    ['This version', `${node.newVersion}, approved ${node.newApproved}`],
    ['Clauses', `${changed} changed, ${added} added, ${removed} removed, ${moved} moved`],
  ];
}

/** Each changed clause's cells (new number, old number, change, first words) and the anchor of its mark. */
export function changeRows(node: ChangeSummary): { cells: [string, string, string, string]; anchor: string }[] {
  return node.rows.map((row) => ({ cells: [row.newNumber ?? '—', row.oldNumber ?? '—', row.kind, row.firstWords], anchor: row.anchor }));
}
