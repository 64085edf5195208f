import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * On a terminal, a progress bar (done/total, rate, ETA); elsewhere (CI logs) a
 * plain line every few seconds, with no colours and no carriage returns.
 */
export function createProgress(stream: NodeJS.WriteStream | undefined, write: (t: string) => void, quiet: boolean): Progress {
  if (quiet) return { update() {}, stop() {} };
  const started = performance.now();
  if (stream?.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: 'policyc {bar} {value}/{total} editions | {rate}/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    }, cliProgress.Presets.shades_classic);
    let startedBar = false;
    return {
      update(done, total) {
        if (!startedBar) {
          bar.start(total, 0, { rate: '0' });
          startedBar = true;
        }
        const seconds = (performance.now() - started) / 1000;
        bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : '0' });
      },
      stop() {
        if (startedBar) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (done !== total && now - last < 5000) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = done / Math.max(seconds, 0.001);
      const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      write(`policyc: ${done}/${total} editions (${Math.floor((done / total) * 100)}%), ${rate.toFixed(1)}/s, ETA ${eta}s\n`);
    },
    stop() {},
  };
}
