/**
 * The output folder cannot be used as it is (locked by another run, a damaged manifest
 * part, a file policyc must write is in the way): exit code 1, printed as
 * `policyc: error: <message>`, never as an internal error.
 */
export class OutputError extends Error {
  /** The file at fault, relative to the output folder, when there is one. */
  readonly file: string | undefined;
  constructor(message: string, options?: ErrorOptions & { file?: string }) {
    super(message, options);
    this.name = 'OutputError';
    this.file = options?.file;
  }
}

/** "EACCES: permission denied, open '/x/y'" → "permission denied (EACCES)": the path is named by the caller. */
export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (!err?.code) return String(err?.message ?? e);
  const text = err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '').replace(/, \w+$/, '');
  return `${text} (${err.code})`;
}
