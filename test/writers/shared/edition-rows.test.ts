import { describe, expect, it } from 'vitest';
import type { EditionMeta } from '../../../src/document/types.ts';
import { editionRows } from '../../../src/writers/shared/edition-rows.ts';
import { policyBuilder, school } from '../build.ts';

const meta: EditionMeta = {
  schoolId: 'oak', schoolName: 'Oak & Ash <Primary>', policyId: 'p', title: 'Policy', version: '3.0', owner: 'Schools HR Advisory Service',
  laName: 'Test Borough', approved: '2026-09-01', review: '2027-09-01', approvedText: '1 September 2026', reviewText: '1 September 2027',
  appliesTo: 'All staff members', keywords: [], lang: 'en-GB',
};

describe('editionRows', () => {
  it('lists school, version, approval and review dates, who it applies to and the owner, in that order', () => {
    expect(editionRows(meta)).toEqual([
      ['School', 'Oak & Ash <Primary>'],
      ['Version', '3.0'],
      ['Approved', '1 September 2026'],
      ['Review by', '1 September 2027'],
      ['Applies to', 'All staff members'],
      ['Owner', 'Schools HR Advisory Service'],
    ]);
  });

  it('prints the dates in words, from a real edition', () => {
    const edition = policyBuilder('# Aims\n\n1. Text.\n')(school({ name: 'Elm School' }));
    expect(Object.fromEntries(editionRows(edition.meta))).toEqual({
      School: 'Elm School', Version: '1.0', Approved: '1 January 2026', 'Review by': '1 January 2027', 'Applies to': 'All staff', Owner: 'HR',
    });
  });
});
