import { describe, expect, it } from 'vitest';
import { documentDate, sourceDateEpoch } from '../../../src/writers/shared/document-date.ts';

const meta = { approved: '2026-09-01' };

describe('documentDate', () => {
  it('is the approval date at midnight UTC when SOURCE_DATE_EPOCH is not set', () => {
    expect(documentDate(meta, {}).toISOString()).toBe('2026-09-01T00:00:00.000Z');
  });

  it('is SOURCE_DATE_EPOCH when it is a whole number of seconds', () => {
    expect(documentDate(meta, { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(documentDate(meta, { SOURCE_DATE_EPOCH: '0' }).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(documentDate(meta, { SOURCE_DATE_EPOCH: ' 86400\n' }).toISOString()).toBe('1970-01-02T00:00:00.000Z');
  });

  it('ignores a SOURCE_DATE_EPOCH that is not a whole number of seconds', () => {
    for (const bad of ['', '  ', '-1', '1.5', '1e9', 'now', '0x10', '17000000000000', '12abc', '253402300800', '999999999999']) {
      expect(documentDate(meta, { SOURCE_DATE_EPOCH: bad }).toISOString(), JSON.stringify(bad)).toBe('2026-09-01T00:00:00.000Z');
    }
  });

  it('says why a value that is set cannot be used, and nothing when it can', async () => {
    const { sourceDateEpochProblem } = await import('../../../src/writers/shared/document-date.ts');
    expect(sourceDateEpochProblem({})).toBeUndefined();
    expect(sourceDateEpochProblem({ SOURCE_DATE_EPOCH: '' })).toBeUndefined();
    expect(sourceDateEpochProblem({ SOURCE_DATE_EPOCH: '253402300799' })).toBeUndefined();
    expect(sourceDateEpochProblem({ SOURCE_DATE_EPOCH: '253402300800' })).toMatch(/from 0 to 253402300799 \(31 December 9999\), got `253402300800`/);
  });

  it('reads the process environment by default, never the clock', () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = '1000000000';
      expect(documentDate(meta).toISOString()).toBe('2001-09-09T01:46:40.000Z');
      delete process.env.SOURCE_DATE_EPOCH;
      expect(documentDate(meta).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});

describe('sourceDateEpoch', () => {
  it('gives the seconds, or undefined when unset or malformed', () => {
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' })).toBe(1700000000);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '000123' })).toBe(123);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '253402300799' })).toBe(253402300799);
    expect(sourceDateEpoch({})).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1000000000000' })).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '-5' })).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '١٢٣' })).toBeUndefined(); // only ASCII digits count
  });
});
