import { describe, expect, it, vi } from 'vitest';
import { EXIT, processIo } from '../../src/cli/io.ts';

describe('EXIT', () => {
  it('has the exit codes the README promises: 0 built, 1 source error, 2 usage error, 130 interrupted', () => {
    expect(EXIT).toEqual({ ok: 0, sourceError: 1, usage: 2, interrupted: 130 });
  });
});

describe('processIo', () => {
  it('writes stdout and stderr to the process\'s own streams, as given', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      processIo.stdout('to stdout\n');
      processIo.stderr('to stderr\n');
      expect(out.mock.calls).toEqual([['to stdout\n']]);
      expect(err.mock.calls).toEqual([['to stderr\n']]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it('runs in the current folder and hands the progress bar the real stderr', () => {
    expect(processIo.cwd).toBe(process.cwd());
    expect(processIo.stderrStream).toBe(process.stderr);
    expect(processIo.signal).toBeUndefined();
  });
});
