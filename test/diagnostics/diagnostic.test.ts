import { describe, expect, it } from 'vitest';
import { error, formatDiagnostic, UsageError, warning } from '../../src/diagnostics/diagnostic.ts';

describe('error and warning', () => {
  it('make a located diagnostic of their severity, with the hint when one is given', () => {
    expect(error('schools/a.yaml', 3, 7, 'bad', 'fix it')).toStrictEqual({ file: 'schools/a.yaml', line: 3, column: 7, severity: 'error', message: 'bad', hint: 'fix it' });
    expect(warning('policies/p.md', 1, 2, 'odd', 'look')).toStrictEqual({ file: 'policies/p.md', line: 1, column: 2, severity: 'warning', message: 'odd', hint: 'look' });
  });

  it('leave the hint out altogether when there is none or it is empty (so JSON reports carry no `hint` key)', () => {
    for (const d of [error('f', 1, 1, 'm'), error('f', 1, 1, 'm', ''), warning('f', 1, 1, 'm'), warning('f', 1, 1, 'm', '')]) {
      expect(Object.keys(d)).toEqual(['file', 'line', 'column', 'severity', 'message']);
      expect(JSON.stringify(d)).not.toContain('hint');
    }
  });
});

describe('formatDiagnostic', () => {
  it('prints path:line:col: severity: message (hint)', () => {
    expect(formatDiagnostic(error('schools/typo.yaml', 2, 1, 'unknown key `govern` in the config', 'did you mean `governingBody`?')))
      .toBe('schools/typo.yaml:2:1: error: unknown key `govern` in the config (did you mean `governingBody`?)');
    expect(formatDiagnostic(warning('schools/_defaults.yaml', 65, 13, 'does not match the register')))
      .toBe('schools/_defaults.yaml:65:13: warning: does not match the register');
  });

  it('prints no empty parentheses for a diagnostic without a hint', () => {
    expect(formatDiagnostic({ file: 'f', line: 4, column: 9, severity: 'error', message: 'm', hint: '' })).toBe('f:4:9: error: m');
  });
});

describe('UsageError', () => {
  it('is an Error named UsageError that keeps its message', () => {
    const e = new UsageError('unknown school `x`');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(UsageError);
    expect(e.name).toBe('UsageError');
    expect(e.message).toBe('unknown school `x`');
    expect(String(e)).toBe('UsageError: unknown school `x`');
  });
});
