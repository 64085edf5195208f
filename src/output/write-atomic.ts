import { constants, copyFileSync, linkSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { reason } from './errors.ts';

let counter = 0;

/** The names of policyc's temporary files (`<file>.<pid>-<thread>-<n>.policyc-tmp`): only these does `clean` remove as leftovers. */
export const TEMP_PATTERN = /^.+\.\d+-\d+-\d+\.policyc-tmp$/;

/** A temporary name beside `path`, unique to this process and thread. */
export function tempName(path: string): string {
  return `${path}.${process.pid}-${threadId}-${++counter}.policyc-tmp`;
}

export interface FileOutput {
  /** Relative to the folder given, with forward slashes. */
  path: string;
  bytes: Uint8Array;
}

/** A file could not be written; its message names the file (relative to the output folder's label). */
export class WriteError extends Error {
  readonly path: string;
  constructor(path: string, message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'WriteError';
    this.path = path;
  }
}

/**
 * Writes one file: to a temporary name beside it, then renamed into place, so a reader
 * (or a run killed part-way) sees the old file or the new one, never half.
 */
export function writeAtomic(path: string, bytes: Uint8Array, label = path): void {
  writeTogether(dirname(path), [{ path: path.slice(dirname(path).length + 1), bytes }], dirname(label));
}

/**
 * Writes several files (the formats of one edition) all or not at all.
 *
 * 1. Every file's bytes go to a temporary file beside it. If one cannot be written
 *    (disk full, file too large, a folder in the way), the temporary files are removed
 *    and no file has changed.
 * 2. Only then is each renamed into place, the old file first kept as a hard link
 *    (a `*.policyc-tmp` name, so a reader sees the old file or the new one, never none).
 *    If a rename fails, the files already renamed get their old versions back (or are
 *    removed when they are new) and the temporary files are removed: again no file has
 *    changed. Then the kept old versions are removed.
 *
 * A run killed between two renames can leave some of an edition's files new and some
 * old; the manifest still records the old ones, so the next build sees the mismatch (it
 * checks every file's SHA-256) and rebuilds the edition. It can also leave `*.policyc-tmp`
 * files, which `policyc clean` removes.
 *
 * Synchronous on purpose: it runs on writer threads that have nothing else to do, and a
 * thousand small files written this way cost a fraction of the async round trips. No
 * fsync: rename alone gives old-or-new; fsync would only add durability across a power cut.
 */
export function writeTogether(dir: string, files: readonly FileOutput[], label = dir): void {
  const temps: string[] = [];
  const shown = (path: string) => `${label.replace(/\/+$/, '')}/${path}`;
  try {
    for (const file of files) {
      const target = join(dir, file.path);
      const linked = linkedFolder(dir, file.path);
      if (linked) throw new WriteError(file.path, `cannot write ${shown(file.path)}: ${shown(linked)} is a symbolic link, and policyc writes only into folders of its own`, undefined);
      const temp = tempName(target);
      temps.push(temp); // before writing: a write that fails part-way leaves a partial file to remove
      try {
        writeNew(temp, file.bytes);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') temps.pop(); // not ours: leave it
        throw new WriteError(file.path, `cannot write ${shown(file.path)}: ${describe(e)}`, e);
      }
    }
  } catch (e) {
    for (const temp of temps) remove(temp);
    throw e;
  }

  const renamed: { target: string; old: string | undefined }[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const target = join(dir, file.path);
      let old: string | undefined;
      try {
        old = files.length > 1 ? keepOld(target) : undefined;
        renameSync(temps[i]!, target);
      } catch (e) {
        if (old) remove(old);
        throw new WriteError(file.path, `cannot write ${shown(file.path)}: ${describe(e)}`, e);
      }
      renamed.push({ target, old });
    }
  } catch (e) {
    for (const { target, old } of renamed.reverse()) {
      try {
        if (old) renameSync(old, target);
        else remove(target);
      } catch {
        // Cannot undo: the manifest keeps the old entry, whose hashes no longer match, so the next build redoes it.
      }
    }
    for (const temp of temps) remove(temp);
    throw e;
  }
  for (const { old } of renamed) if (old) remove(old);
}

/**
 * The first folder on the way from `dir` to `path` (relative to it) that is a symbolic
 * link, or undefined: an edition is never written through a link to a folder elsewhere
 * (a school's folder in --out linked to the sources, say). A folder not made yet is fine.
 */
function linkedFolder(dir: string, path: string): string | undefined {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    try {
      if (lstatSync(join(dir, folder)).isSymbolicLink()) return folder;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Removes a file if it is there (a path through a file, say, is not there either). */
function remove(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // not there
  }
}

/** Writes a new file, making its folder first if that is missing (the school's folder, usually). */
function writeNew(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes, { flag: 'wx' });
  }
}

/**
 * A second name for the file at `target` (its old version), or undefined when there is
 * none. Throws when there is one it cannot keep: then nothing may be renamed over it.
 */
function keepOld(target: string): string | undefined {
  const old = tempName(target);
  try {
    linkSync(target, old);
    return old;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EEXIST') throw e; // the name is someone else's: leave it, write nothing
    if (lstatSync(target).isDirectory()) throw Object.assign(new Error('a folder is in its place'), { code: 'EISDIR' });
    copyFileSync(target, old, constants.COPYFILE_EXCL); // no hard links on this file system: a copy keeps it as well
    return old;
  }
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'a folder is in its place (EISDIR)';
  if (code === 'ENOTDIR') return 'a file is in the way of its folder (ENOTDIR)';
  if (code === 'EEXIST') return 'something is already at its temporary name (EEXIST)';
  return reason(e);
}
