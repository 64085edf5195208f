import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Never blocks on open (a FIFO would wait for a writer), never follows a link swapped in after the check. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_NOFOLLOW;

/**
 * SHA-256 of the entries under the given paths (folders, or single files), by name and
 * contents, in a stable order. The paths are layers: an entry of a later folder replaces
 * the entry of the same name in an earlier one (a project's templates/ over policyc's own),
 * so what is hashed is exactly the set of files a run uses.
 *
 * A regular file is hashed by its bytes; a link by where it points, and by the bytes of
 * the file it leads to when that is a regular file inside the same folder (a link is never
 * followed out of the folder, nor into a folder, so a loop cannot trap it); a dangling or
 * looping link, a FIFO, a socket or a device by what it is, never opened for reading.
 * Nothing here throws for what it finds on disk.
 */
export function hashTree(dirs: string[]): string {
  const entries = new Map<string, Entry>();
  for (const dir of dirs) {
    let top: Stats;
    let root: string;
    try {
      top = lstatSync(dir);
      root = realpathSync(dir);
    } catch {
      continue;
    }
    if (top.isDirectory()) walk(entries, dir, root, dir);
    else entries.set(basename(dir), { path: dir, root: dirname(root), stats: top });
  }
  const hash = createHash('sha256');
  for (const name of [...entries.keys()].sort()) hashEntry(hash, name, entries.get(name)!);
  return hash.digest('hex');
}

interface Entry {
  path: string;
  /** The real path of the folder a link may lead within. */
  root: string;
  stats: Stats;
}

function walk(entries: Map<string, Entry>, base: string, root: string, dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch {
      continue; // gone while we looked
    }
    if (stats.isDirectory()) walk(entries, base, root, path);
    else entries.set(relative(base, path), { path, root, stats });
  }
}

function hashEntry(hash: Hash, name: string, { path, root, stats }: Entry): void {
  hash.update(`${name}\0`);
  if (stats.isFile()) {
    if (!addContents(hash, path)) hash.update('\0unreadable');
  } else if (stats.isSymbolicLink()) {
    let target = '';
    try {
      target = readlinkSync(path);
    } catch {
      // unreadable link: hashed as an empty one
    }
    hash.update(`\0link\0${target}\0`);
    let real: string | undefined;
    try {
      real = realpathSync(path);
    } catch {
      real = undefined; // dangling, or a loop
    }
    if (real !== undefined && inside(root, real)) {
      let to: Stats | undefined;
      try {
        to = lstatSync(real);
      } catch {
        to = undefined;
      }
      if (to?.isFile() && !addContents(hash, real)) hash.update('\0unreadable');
    }
  } else {
    hash.update(`\0${stats.isFIFO() ? 'fifo' : stats.isSocket() ? 'socket' : 'device'}`);
  }
  hash.update('\0');
}

/** Adds a regular file's bytes to the hash, read without blocking; false if it is not (or no longer) one. */
function addContents(hash: Hash, path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return false;
  }
  try {
    if (!fstatSync(fd).isFile()) return false;
    const chunk = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) hash.update(chunk.subarray(0, n));
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const TOOL_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The code that runs: src/ in policyc's repository, the compiled lib/ in the installed package. */
const CODE_DIR = fileURLToPath(new URL('..', import.meta.url));
let toolHash: string | undefined;

/** What toolFingerprint hashes: the code that runs, package.json and the lockfile (templates are hashed as the run's own input). */
export const TOOL_INPUTS = [CODE_DIR, join(TOOL_ROOT, 'package.json'), join(TOOL_ROOT, 'package-lock.json')];

/**
 * What the tool itself contributes to every edition: its version and code. A new
 * version of policyc (or a local change to it) rebuilds everything.
 */
export function toolFingerprint(): string {
  toolHash ??= hashTree(TOOL_INPUTS);
  return toolHash;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The input hash of one edition: everything that can change its bytes. Each part
 * is itself a hash (of the policy source, of the school's cascaded config, …), made
 * once per run, so a thousand editions cost a thousand small hashes.
 */
export function editionInputHash(parts: { tool: string; templates: string; policy: string; school: string; options: string }): string {
  return sha256(`${parts.tool}\n${parts.templates}\n${parts.policy}\n${parts.school}\n${parts.options}`);
}
