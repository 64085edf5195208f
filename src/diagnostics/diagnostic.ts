/**
 * A problem found in a source or config, located at `file:line:col`.
 * Lines and columns are 1-based, as editors and compilers print them.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${hint}`;
}

/** Thrown for a mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function error(file: string, line: number, column: number, message: string, hint?: string): Diagnostic {
  return { file, line, column, severity: 'error', message, ...(hint ? { hint } : {}) };
}

export function warning(file: string, line: number, column: number, message: string, hint?: string): Diagnostic {
  return { file, line, column, severity: 'warning', message, ...(hint ? { hint } : {}) };
}
