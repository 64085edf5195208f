import type { EditionMeta } from '../../document/types.ts';

/** The rows of the edition block, in the same order in every format. */
export function editionRows(meta: EditionMeta): [label: string, value: string][] {
  return [
    ['School', meta.schoolName],
    ['Version', meta.version],
    ['Approved', meta.approvedText],
    ['Review by', meta.reviewText],
    ['Applies to', meta.appliesTo],
    ['Owner', meta.owner],
    ...(meta.adoption ? [['Adoption', meta.adoption.text] as [string, string]] : []),
  ];
}
