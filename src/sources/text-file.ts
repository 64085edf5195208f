import { lstat, readFile, realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';

const MAX_BYTES = 2 * 1024 * 1024;

/**
 * Reads a UTF-8 source file. Rejects non-UTF-8 bytes and oversized files with a
 * located diagnostic; strips a BOM and normalises CRLF line endings.
 */
export async function readTextFile(file: string, display: string, root?: string): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  let bytes: Buffer;
  try {
    if (root && (await lstat(file)).isSymbolicLink()) {
      const target = await realpath(file);
      const inside = relative(await realpath(root), target);
      if (inside.startsWith('..') || inside.startsWith(sep)) {
        return { diagnostics: [error(display, 1, 1, `is a link to ${target}, outside the project; sources and configs must live in the project`)] };
      }
    }
    bytes = await readFile(file);
  } catch (e) {
    return { diagnostics: [error(display, 1, 1, `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)] };
  }
  if (bytes.length > MAX_BYTES) {
    return { diagnostics: [error(display, 1, 1, `file is ${bytes.length} bytes; sources and configs are limited to ${MAX_BYTES} bytes`)] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { diagnostics: [error(display, line, column, 'file is not valid UTF-8', 'save it as UTF-8')] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\0')) {
    const before = text.slice(0, text.indexOf('\0'));
    return { diagnostics: [error(display, before.split('\n').length, before.length - before.lastIndexOf('\n'), 'file contains NUL bytes; is it a binary file?')] };
  }
  return { text: text.replace(/\r\n?/g, '\n'), diagnostics: [] };
}

function firstInvalidUtf8(bytes: Buffer): number {
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
