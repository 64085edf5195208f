import { describe, expect, it } from 'vitest';
import { balanceIsolates, isolate, isolateMeta, isolateSignatories, matchIsolates, needsIsolate } from '../../src/document/bidi.ts';
import type { EditionMeta } from '../../src/document/types.ts';

const FSI = '\u2068';
const PDI = '\u2069';

describe('isolating a value’s direction', () => {
  it('leaves text that cannot reorder anything exactly as it is', () => {
    for (const v of ['Mill Lane Primary School', 'St Mary’s & St John’s <C of E> *Primary* #1', 'Ysgol Gymraeg ŵ', '😀 01234 567890', 'Ελληνικά', '']) {
      expect(needsIsolate(v), v).toBe(false);
      expect(isolate(v)).toBe(v);
    }
  });

  it('puts right-to-left text and every explicit bidirectional control in an isolate', () => {
    for (const v of ['שלום', 'مدرسة', '\u202Eabc', '\u202Babc', 'abc\u200F', '\u2067x\u2069', 'a\u061Cb']) {
      expect(needsIsolate(v), JSON.stringify(v)).toBe(true);
      expect(isolate(v)).toBe(`${FSI}${v}${PDI}`);
    }
  });

  it('balances the value’s own isolates, so nothing inside closes the one around it or leaves one open', () => {
    // a PDI that closes nothing in the value would close the isolate around it: dropped
    expect(balanceIsolates(`a${PDI}b`)).toBe('ab');
    // an isolate opened in the value is closed at its end, before the one around it
    expect(balanceIsolates(`\u2067a${FSI}b`)).toBe(`\u2067a${FSI}b${PDI}${PDI}`);
    expect(balanceIsolates(`\u2066a${PDI}${PDI}b`)).toBe(`\u2066a${PDI}b`);
    expect(isolate(`x${PDI}\u202Ey`)).toBe(`${FSI}x\u202Ey${PDI}`);
    // the isolate's own PDI then closes it: the whole value matches as one pair
    const isolated = isolate(`\u2067a${PDI}${PDI}\u202Eb${FSI}`);
    expect(matchIsolates(isolated).get(0)).toBe(isolated.length - 1);
  });

  it('pairs isolates as UAX #9 does: a PDI closes the nearest one open', () => {
    const text = `${FSI}a\u2067b${PDI}c${PDI}${PDI}\u2066`;
    expect([...matchIsolates(text)]).toEqual([[2, 4], [0, 6]]);
  });

  it('isolates every text field of the metadata and the signatories, and nothing else', () => {
    const meta: EditionMeta = {
      schoolId: 'x', schoolName: '\u202Eabc', policyId: 'p', title: 'T', version: '1', owner: 'O', laName: 'שלום', approved: '2026-01-01', review: '2027-01-01',
      approvedText: '1 January 2026', reviewText: '1 January 2027', appliesTo: 'All', keywords: ['שלום', 'k'], lang: 'en-GB',
    };
    expect(isolateMeta(meta)).toEqual({ ...meta, schoolName: `${FSI}\u202Eabc${PDI}`, laName: `${FSI}שלום${PDI}`, keywords: [`${FSI}שלום${PDI}`, 'k'] });
    expect(isolateSignatories([{ role: 'Head', name: 'שלום' }, { role: '\u202E' }])).toEqual([{ role: 'Head', name: `${FSI}שלום${PDI}` }, { role: `${FSI}\u202E${PDI}` }]);
  });
});
