import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LIMITS, limitHint, type Limit } from './limits.ts';

/**
 * Never blocks on open (a FIFO opened for reading would wait for a writer), never takes
 * a terminal, and never follows a link put in place of the checked real path.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_NOFOLLOW;

/** What a message says a file must be: a regular file, and inside its root. */
export interface SourceRules {
  files: string;
  inside: string;
}

const SOURCE_RULES: SourceRules = { files: 'sources and configs must be files', inside: 'sources and configs must live in the project' };

/**
 * Reads a source (a policy, a school config, the LA defaults, a partial) as bytes. A
 * source must be a regular file within its size limit whose real path (every
 * link, of the file or of a folder on its way, resolved) lies inside `root`; anything
 * else (a FIFO, a device, a folder, a dangling or looping link, a link out of the
 * project) is a diagnostic naming the path and the reason, found without reading it.
 * The file is opened with O_NONBLOCK and checked again on the open descriptor, so it
 * cannot be swapped for something else between the check and the read. `rules` say in
 * the messages what the file must be (a figure's reader gives its own).
 */
export async function readSourceBytes(file: string, display: string, root?: string, limit: Limit = LIMITS.configBytes, rules: SourceRules = SOURCE_RULES): Promise<{ bytes?: Buffer; diagnostics: Diagnostic[] }> {
  const max = limit.value;
  const fail = (message: string, hint?: string) => ({ diagnostics: [error(display, 1, 1, message, hint)] });
  let own: Stats;
  try {
    own = await lstat(file);
  } catch (e) {
    return fail(`cannot read file: ${code(e)}`);
  }
  const isLink = own.isSymbolicLink();
  let real = file;
  if (isLink || root) {
    try {
      real = await realpath(file);
    } catch (e) {
      const target = await readlink(file).catch(() => undefined);
      if (code(e) === 'ELOOP') return fail(`is a link that loops${target ? ` (to ${target})` : ''}; ${rules.files}`);
      if (code(e) === 'ENOENT' && isLink) return fail(`is a link to ${target ?? 'a file'}, which does not exist`);
      return fail(`cannot read file: ${code(e)}`);
    }
  }
  if (root) {
    let realRoot: string;
    try {
      realRoot = await realpath(root);
    } catch (e) {
      return fail(`cannot read file: the project folder cannot be resolved (${code(e)})`);
    }
    if (!inside(realRoot, real)) {
      return isLink
        ? fail(`is a link to ${real}, outside the project; ${rules.inside}`)
        : fail(`is outside the project: a folder on its path links to ${real}; ${rules.inside}`);
    }
  }
  let target: Stats;
  try {
    target = isLink ? await stat(real) : own;
  } catch (e) {
    return fail(`cannot read file: ${code(e)}`);
  }
  const kind = notAFile(target);
  if (kind) return fail(`${isLink ? `is a link to ${real}, which is` : 'is'} ${kind}, not a regular file; ${rules.files}`);
  if (target.size > max) return tooBig(display, target.size, limit);

  let handle;
  try {
    handle = await open(real, OPEN_FLAGS);
  } catch (e) {
    return fail(`cannot read file: ${code(e)}`);
  }
  try {
    const opened = await handle.stat();
    const kindNow = notAFile(opened);
    if (kindNow) return fail(`is ${kindNow}, not a regular file; ${rules.files}`);
    if (opened.size > max) return tooBig(display, opened.size, limit);
    // Read at most one byte past the limit: a file that grows (or reports no size, as /proc does) is still bounded.
    const chunks: Buffer[] = [];
    let total = 0;
    for (let size = Math.min(opened.size, max) + 1; ; size = Math.min(64 * 1024, max + 1 - total)) {
      const chunk = Buffer.alloc(size);
      const { bytesRead } = await handle.read(chunk, 0, size, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) return tooBig(display, total, limit, true);
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), diagnostics: [] };
  } catch (e) {
    return fail(`cannot read file: ${code(e)}`);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a UTF-8 source file (see readSourceBytes for what may be read). Rejects
 * non-UTF-8 bytes and NUL bytes with a located diagnostic; strips a BOM and
 * normalises CRLF line endings.
 */
export async function readTextFile(file: string, display: string, root?: string, limit: Limit = LIMITS.configBytes): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  const { bytes, diagnostics } = await readSourceBytes(file, display, root, limit);
  if (!bytes) return { diagnostics };
  return decodeSource(bytes, display);
}

/** The text of a source's bytes: UTF-8 without NUL bytes, BOM stripped, line endings normalised. */
export function decodeSource(bytes: Uint8Array, display: string): { text?: string; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = Buffer.from(bytes.subarray(0, at)).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { diagnostics: [error(display, line, column, 'file is not valid UTF-8', 'save it as UTF-8')] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const before = text.slice(0, nul);
    return { diagnostics: [error(display, before.split('\n').length, before.length - before.lastIndexOf('\n'), 'file contains NUL bytes; is it a binary file?')] };
  }
  return { text: text.replace(/\r\n?/g, '\n'), diagnostics: [] };
}

function tooBig(display: string, size: number, limit: Limit, atLeast = false): { diagnostics: Diagnostic[] } {
  return { diagnostics: [error(display, 1, 1, `file is ${atLeast ? `more than ${limit.value}` : size} bytes, over the limit on the ${limit.name}`, limitHint(limit))] };
}

/** What a file system entry is when it is not a regular file, in words; undefined for a regular file. */
function notAFile(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** Whether `path` is `root` or lies under it (both real paths). */
export function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}
