import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { OutputError, reason } from './errors.ts';
import { tempName } from './write-atomic.ts';

/** The lock file in the output folder, held by the build, clean or publish writing to it. */
export const LOCK = '.policyc.lock';

/** What a lock file says about the run holding it. */
interface Holder {
  pid: number;
  host: string;
  command: string;
  started: string;
  /** Unique to this taking of the lock: a release removes only its own lock. */
  token: string;
  /** The process's start time from /proc (Linux), so a recycled pid is not taken for the holder. */
  processStart?: string;
}

/** Another run holds the output folder (exit code 1). */
export class LockHeldError extends OutputError {
  constructor(message: string) {
    super(message);
    this.name = 'LockHeldError';
  }
}

export interface OutLock {
  readonly path: string;
  release(): void;
}

/** Unparsable lock files younger than this may still be being written by their maker. */
const YOUNG_MS = 2000;

/**
 * Takes the output folder's lock, `<out>/.policyc.lock`, or fails at once with a
 * LockHeldError naming the lock file and the pid (and host, command, start time) of the
 * run holding it. The lock is made by hard-linking a complete temporary file to its
 * name (atomic, and fails if the name exists), so a lock file is never half-written.
 * A lock left by a run that was killed (its pid is not alive on this host, or is now
 * another process) is taken over; two runs taking over the same stale lock at once are
 * serialised by a second, short-lived lock (`.policyc.lock.break`), so only one wins.
 */
export function lockOutDir(outDir: string, command: string, label = outDir): OutLock {
  const path = join(outDir, LOCK);
  const shown = `${label.replace(/\/+$/, '')}/${LOCK}`;
  const me: Holder = { pid: process.pid, host: hostname(), command, started: new Date().toISOString(), token: randomUUID(), ...optional('processStart', processStart(process.pid)) };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (create(path, text, label)) {
      let held = true;
      return {
        path,
        release() {
          if (!held) return;
          held = false;
          releaseIfOurs(path, me.token);
        },
      };
    }
    const seen = read(path);
    if (seen === undefined) continue; // released meanwhile: try again
    const state = judge(seen);
    if (state === 'live') {
      const h = seen.holder!;
      throw new LockHeldError(`${shown}: the output folder is in use by another policyc run (\`${h.command}\`, pid ${h.pid}${h.host === me.host ? '' : ` on ${h.host}`}, started ${h.started}); wait for it to finish, or, if no policyc is running there, delete ${path}`);
    }
    if (state === 'young') {
      sleep(100);
      continue;
    }
    breakStale(path, seen.raw, text, label);
  }
  throw new LockHeldError(`${shown}: could not take the output folder's lock (other runs keep taking it); try again, or delete ${path} if no policyc is running there`);
}

/** Makes the lock file with the whole of `text`, atomically; false when it exists. */
function create(path: string, text: string, label: string): boolean {
  const temp = tempName(path);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
  } catch (e) {
    throw new UsageError(`--out ${label}: cannot write to the output folder: ${reason(e)}`);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createExclusive(path, text, label); // no hard links here
    throw new UsageError(`--out ${label}: cannot write to the output folder: ${reason(e)}`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // gone already
    }
  }
}

/** Where hard links are not supported: O_EXCL, then the text (a kill in between leaves an unparsable lock, taken over once old). */
function createExclusive(path: string, text: string, label: string): boolean {
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UsageError(`--out ${label}: cannot write to the output folder: ${reason(e)}`);
  }
}

interface Seen {
  raw: string;
  holder?: Holder;
  mtimeMs: number;
}

function read(path: string): Seen | undefined {
  try {
    const raw = readFileSync(path, 'utf8');
    const mtimeMs = statSync(path).mtimeMs;
    let holder: Holder | undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<Holder>;
      if (Number.isInteger(parsed.pid) && typeof parsed.host === 'string' && typeof parsed.token === 'string') holder = parsed as Holder;
    } catch {
      // not a lock policyc wrote whole
    }
    return { raw, mtimeMs, ...optional('holder', holder) };
  } catch {
    return undefined;
  }
}

/** live: its run is (or may be) running; stale: it is not; young: unreadable, but maybe still being written. */
function judge(seen: Seen): 'live' | 'stale' | 'young' {
  const h = seen.holder;
  if (!h) return Date.now() - seen.mtimeMs < YOUNG_MS ? 'young' : 'stale';
  if (h.host !== hostname()) return 'live'; // another machine's pid cannot be checked from here
  return alive(h.pid, h.processStart) ? 'live' : 'stale';
}

function alive(pid: number, started: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid is in use: by the holder, unless it has been recycled for a process started since.
  if (started === undefined) return true;
  const now = processStart(pid);
  return now === undefined || now === started;
}

/** Removes a stale lock, unless another run replaced it meanwhile. */
function breakStale(path: string, staleText: string, text: string, label: string): void {
  const breaker = `${path}.break`;
  if (!create(breaker, text, label)) {
    // Someone else is breaking it (it takes a few system calls). A breaker left by a killed run is removed.
    const seen = read(breaker);
    if (seen && judge(seen) === 'stale') {
      try {
        if (readFileSync(breaker, 'utf8') === seen.raw) unlinkSync(breaker);
      } catch {
        // gone already
      }
    }
    sleep(20);
    return;
  }
  try {
    if (readFileSync(path, 'utf8') === staleText) unlinkSync(path);
  } catch {
    // already gone
  } finally {
    releaseIfOurs(breaker, (JSON.parse(text) as Holder).token);
  }
}

function releaseIfOurs(path: string, token: string): void {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (holder.token === token) unlinkSync(path);
  } catch {
    // gone, or no longer ours
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot (Linux only). */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
