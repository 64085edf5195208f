import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../src/cli/progress.ts';

let clock = 0;
beforeEach(() => {
  clock = 100_000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A stand-in for a terminal: records what the progress bar draws on it. */
function fakeStream(isTTY: boolean) {
  const drawn: string[] = [];
  const stream = {
    isTTY,
    columns: 100,
    write(text: string) {
      drawn.push(String(text));
      return true;
    },
    cursorTo() { return true; },
    moveCursor() { return true; },
    clearLine() { return true; },
    clearScreenDown() { return true; },
    on() { return stream; },
    removeListener() { return stream; },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, drawn };
}

describe('createProgress off a terminal (CI logs)', () => {
  it('prints plain lines: done/total, percentage, rate and ETA, without carriage returns or colours', () => {
    const lines: string[] = [];
    const { stream, drawn } = fakeStream(false);
    const progress = createProgress(stream, (t) => lines.push(t), false);
    clock += 6000;
    progress.update(1, 4);
    clock += 6000;
    progress.update(3, 4);
    progress.stop();
    expect(lines).toEqual([
      'policyc: 1/4 editions (25%), 0.2/s, ETA 18s\n',
      'policyc: 3/4 editions (75%), 0.3/s, ETA 4s\n',
    ]);
    for (const line of lines) {
      expect(line).not.toMatch(/[\r\u001b]/);
      expect(line.indexOf('\n')).toBe(line.length - 1);
    }
    expect(drawn).toEqual([]);
  });

  it('prints at most one line every five seconds, but always the last one', () => {
    const lines: string[] = [];
    const progress = createProgress(undefined, (t) => lines.push(t), false);
    progress.update(1, 10); // the first: printed
    clock += 1000;
    progress.update(2, 10); // one second later: not
    clock += 3999;
    progress.update(3, 10); // 4.999 s after the last line: not
    clock += 1;
    progress.update(4, 10); // five seconds: printed
    clock += 10;
    progress.update(10, 10); // the end: printed at once
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['1/10', '4/10', '10/10']);
    expect(lines.at(-1)).toMatch(/^policyc: 10\/10 editions \(100%\), [\d.]+\/s, ETA 0s\n$/);
  });

  it('does not divide by zero when everything is done at once', () => {
    const lines: string[] = [];
    createProgress(undefined, (t) => lines.push(t), false).update(2, 2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^policyc: 2\/2 editions \(100%\), [\d.]+\/s, ETA 0s\n$/);
    expect(lines[0]).not.toMatch(/NaN|Infinity/);
  });
});

describe('createProgress on a terminal', () => {
  it('draws a bar on the terminal stream and prints no log lines', () => {
    const lines: string[] = [];
    const { stream, drawn } = fakeStream(true);
    const progress = createProgress(stream, (t) => lines.push(t), false);
    progress.update(1, 4);
    progress.update(2, 4);
    progress.stop();
    expect(lines).toEqual([]);
    expect(drawn.join('')).toMatch(/policyc .* \d\/4 editions \| [\d.]+\/s \| ETA /);
  });
});

describe('createProgress with --quiet', () => {
  it('prints nothing, on a terminal or off one', () => {
    for (const isTTY of [true, false]) {
      const lines: string[] = [];
      const { stream, drawn } = fakeStream(isTTY);
      const progress = createProgress(stream, (t) => lines.push(t), true);
      clock += 60_000;
      progress.update(1, 2);
      progress.update(2, 2);
      progress.stop();
      expect(lines).toEqual([]);
      expect(drawn).toEqual([]);
    }
  });
});
