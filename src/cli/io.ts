/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** The terminal stream behind stderr, when there is one (for the progress bar). */
  stderrStream?: NodeJS.WriteStream;
  /** Aborted on Ctrl-C: the build stops handing out new editions. */
  signal?: AbortSignal;
  /** What the first Ctrl-C prints (bin/policyc.js): a command that stops differently from a build sets its own, or '' for none. */
  interruptNotice?: { text: string };
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  stderrStream: process.stderr,
};

export const EXIT = { ok: 0, sourceError: 1, usage: 2, interrupted: 130 } as const;
