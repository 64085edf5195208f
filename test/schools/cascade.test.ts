import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascade } from '../../src/schools/cascade.ts';

describe('the school cascade', () => {
  it('merges maps key by key and lets lists and strings replace', () => {
    const defaults = { hr: { name: 'HR', contacts: [{ name: 'A' }, { name: 'B' }], address: ['x'] }, governingBody: 'Governing Body' };
    const own = { hr: { contacts: [{ name: 'C' }] }, governingBody: 'Governing Board', name: 'S' };
    expect(cascade(defaults, own)).toEqual({
      hr: { name: 'HR', contacts: [{ name: 'C' }], address: ['x'] },
      governingBody: 'Governing Board',
      name: 'S',
    });
  });

  it('never writes to Object.prototype, whatever the keys', () => {
    fc.assert(
      fc.property(fc.object({ key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', 'toString') }), fc.object({ key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'b') }), (a, b) => {
        cascade(a, b);
        cascade(JSON.parse('{"__proto__": {"polluted": true}}'), JSON.parse('{"__proto__": {"polluted": true}}'));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
