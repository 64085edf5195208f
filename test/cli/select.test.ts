import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/diagnostics/diagnostic.ts';
import { checkIds, parseFormats, parseWriterOptions } from '../../src/cli/select.ts';

/** The UsageError `fn` throws (fails the test when it throws none, or another error). */
function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

const SCHOOLS = ['mill-lane-primary', 'riverside-infant'];

describe('checkIds', () => {
  it('accepts ids that exist, and no selection at all', () => {
    expect(() => checkIds('school', ['riverside-infant'], SCHOOLS)).not.toThrow();
    expect(() => checkIds('school', [...SCHOOLS], SCHOOLS)).not.toThrow();
    expect(() => checkIds('policy', undefined, [])).not.toThrow();
  });

  it('refuses an unknown id with a did-you-mean and the known ids', () => {
    expect(usageError(() => checkIds('school', ['riverside-infnat'], SCHOOLS))).toBe(
      'unknown school `riverside-infnat` (did you mean `riverside-infant`?)\nknown schools: mill-lane-primary, riverside-infant',
    );
  });

  it('lists every unknown id, each on its own line, with a suggestion only where one is near', () => {
    expect(usageError(() => checkIds('school', ['mill-lane', 'riverside-infant', 'zzz'], SCHOOLS))).toBe(
      'unknown school `mill-lane` (did you mean `mill-lane-primary`?)\nunknown school `zzz`\nknown schools: mill-lane-primary, riverside-infant',
    );
  });

  it('speaks of policies for policies, and says when there are none', () => {
    expect(usageError(() => checkIds('policy', ['social-networkin'], ['social-networking']))).toBe(
      'unknown policy `social-networkin` (did you mean `social-networking`?)\nknown policies: social-networking',
    );
    expect(usageError(() => checkIds('policy', ['x'], []))).toBe('unknown policy `x`\nknown policies: (none)');
  });
});

describe('parseFormats', () => {
  it('gives every format, in the registry\'s order, when none is asked for', () => {
    expect(parseFormats(undefined)).toEqual(['html', 'docx', 'pdf']);
  });

  it('takes comma-separated and repeated values, in any case, with spaces', () => {
    expect(parseFormats(['html'])).toEqual(['html']);
    expect(parseFormats(['html,docx'])).toEqual(['html', 'docx']);
    expect(parseFormats(['html', 'pdf'])).toEqual(['html', 'pdf']);
    expect(parseFormats(['PDF', ' Docx '])).toEqual(['docx', 'pdf']);
    expect(parseFormats(['html, pdf,'])).toEqual(['html', 'pdf']);
  });

  it('drops repeats and puts the formats in the registry\'s order, whatever order they were asked in', () => {
    expect(parseFormats(['pdf,html', 'html', 'PDF'])).toEqual(['html', 'pdf']);
    expect(parseFormats(['pdf', 'docx', 'html'])).toEqual(['html', 'docx', 'pdf']);
  });

  it('refuses an unknown format, naming the known ones', () => {
    expect(usageError(() => parseFormats(['html,odt']))).toBe('unknown format `odt`: formats are html, docx, pdf');
    expect(usageError(() => parseFormats(['rtf', 'epub']))).toBe('unknown format `rtf`: formats are html, docx, pdf\nunknown format `epub`: formats are html, docx, pdf');
  });

  it('refuses a --format that names no format at all', () => {
    expect(usageError(() => parseFormats([',']))).toBe('--format needs at least one format: html, docx, pdf (got `,`)');
    expect(usageError(() => parseFormats(['', ' ']))).toBe('--format needs at least one format: html, docx, pdf (got `  `)');
  });
});

describe('parseWriterOptions', () => {
  it('gives no options when none is set', () => {
    expect(parseWriterOptions({})).toEqual({});
    expect(parseWriterOptions({ quiet: true, out: 'dist' })).toEqual({});
  });

  it('takes each choice of --pdf-standard, in any case', () => {
    expect(parseWriterOptions({ pdfStandard: 'ua-1' })).toEqual({ pdfStandard: 'ua-1' });
    expect(parseWriterOptions({ pdfStandard: 'A-2B' })).toEqual({ pdfStandard: 'a-2b' });
    expect(parseWriterOptions({ pdfStandard: ' ua-1 ' })).toEqual({ pdfStandard: 'ua-1' });
  });

  it('refuses another value, naming the choices and what each means', () => {
    expect(usageError(() => parseWriterOptions({ pdfStandard: 'a-3b' }))).toBe('--pdf-standard must be ua-1 (PDF/UA-1) or a-2b (PDF/A-2b), got `a-3b`');
    expect(usageError(() => parseWriterOptions({ pdfStandard: '' }))).toBe('--pdf-standard must be ua-1 (PDF/UA-1) or a-2b (PDF/A-2b), got ``');
  });

  it('does not take a property every object has for a choice', () => {
    for (const v of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(usageError(() => parseWriterOptions({ pdfStandard: v }))).toContain(`got \`${v}\``);
    }
  });
});
