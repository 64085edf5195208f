import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, distance, words } from '../../src/diagnostics/suggest.ts';

describe('distance', () => {
  it('is the Levenshtein edit distance', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('flaw', 'lawn')).toBe(2);
    expect(distance('', 'abc')).toBe(3);
    expect(distance('abc', '')).toBe(3);
    expect(distance('same', 'same')).toBe(0);
    expect(distance('ab', 'ba')).toBe(2); // a swap is two edits, not one
  });

  it('is symmetric, zero only for equal strings, and between the length difference and the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = distance(a, b);
        expect(distance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
      { numRuns: 300 },
    );
  });

  it('obeys the triangle inequality', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b, c) => {
        expect(distance(a, c)).toBeLessThanOrEqual(distance(a, b) + distance(b, c));
      }),
      { numRuns: 300 },
    );
  });
});

describe('closest', () => {
  it('suggests the nearest known name for a misspelling', () => {
    expect(closest('staff-memberz', ['aims', 'staff-members', 'scope'])).toBe('staff-members');
    expect(closest('headTitel', ['name', 'headTitle', 'headTitlePlural'])).toBe('headTitle');
  });

  it('compares without case but returns the known spelling', () => {
    expect(closest('GOVERNINGBODY', ['name', 'governingBody'])).toBe('governingBody');
  });

  it('suggests nothing when no name is near enough', () => {
    expect(closest('xyz', ['governingBody', 'name'])).toBeUndefined();
    expect(closest('anything', [])).toBeUndefined();
  });

  it('allows at least two edits, and a third of the name\'s length for longer names', () => {
    // 'ab' → 'xy' is two edits: within the floor of 2
    expect(closest('ab', ['xy'])).toBe('xy');
    expect(closest('abc', ['xyz'])).toBeUndefined();
    // 12 letters allow 4 edits, not 5
    expect(closest('abcdefghijkl', ['abcdefghWXYZ'])).toBe('abcdefghWXYZ');
    expect(closest('abcdefghijkl', ['abcdefgvwxyz'])).toBeUndefined(); // one word: no word of it begins the other's
  });

  it('suggests the one known name containing what was typed, however far it is by edits', () => {
    expect(closest('gov', ['governingBody', 'name'])).toBe('governingBody');
    expect(closest('publication', ['legislation-publication-list', 'guidance'])).toBe('legislation-publication-list');
  });

  it('falls back to edit distance when several names contain it, or it is shorter than three letters', () => {
    // 'titl' is in both: the nearer by edits wins, wherever it stands
    expect(closest('titl', ['subtitle', 'title'])).toBe('title');
    // two letters never match by containment
    expect(closest('ht', ['headTitle', 'hr'])).toBe('hr');
    expect(closest('go', ['governingBody'])).toBeUndefined();
  });

  it('prefers the first of equally near names', () => {
    expect(closest('cat', ['bat', 'hat'])).toBe('bat');
    expect(closest('cat', ['hat', 'bat'])).toBe('hat');
  });

  it('accepts any iterable of names', () => {
    expect(closest('riverside-infnat', new Set(['mill-lane-primary', 'riverside-infant']).values())).toBe('riverside-infant');
  });
});

describe('closest by a shared word', () => {
  it('suggests a name that shares a word of four letters or more when edits are too many', () => {
    expect(closest('headteacher', ['name', 'headTitle', 'headTitlePlural', 'hr'])).toBe('headTitle');
    expect(closest('emailAddress', ['name', 'email', 'address'])).toBe('email');
    expect(closest('contact-list', ['usefulContacts', 'guidance'])).toBe('usefulContacts');
  });

  it('never matches by words of three letters or fewer', () => {
    expect(closest('hrTeam', ['hr', 'name'])).toBeUndefined();
  });

  it('splits names into words at capitals, hyphens, dots and underscores', () => {
    expect(words('headTitlePlural')).toEqual(['head', 'title', 'plural']);
    expect(words('hr-contacts.list_x')).toEqual(['hr', 'contacts', 'list', 'x']);
  });
});
