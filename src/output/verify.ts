import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { claimedIds } from './claimed-id.ts';
import type { Manifest, ManifestEdition, ManifestFile } from './manifest.ts';

/** No file larger than this is read: far more than any edition (a PDF of a long policy is a few MB). */
export const VERIFY_MAX_BYTES = 64 * 1024 * 1024;

/** What one file is, by a build's manifest. */
export type Verdict =
  | { file: string; verdict: 'genuine'; sha256: string; edition: EditionFacts; format: string; path: string }
  | { file: string; verdict: 'altered'; sha256: string; edition: EditionFacts; claimed: string }
  | { file: string; verdict: 'unknown'; sha256: string; claimed: string[] }
  | { file: string; verdict: 'unreadable'; problem: string };

/** An edition as the manifest describes it. */
export interface EditionFacts {
  id: string;
  printedId?: string;
  school: { id: string; name: string };
  policy: { id: string; title: string; version: string; approved: string; review: string };
  inputHash: string;
}

/** A manifest's editions by each file's SHA-256 and by each edition's ID. */
export class EditionIndex {
  private readonly bySha = new Map<string, { edition: ManifestEdition; file: ManifestFile }>();
  private readonly byId = new Map<string, ManifestEdition>();

  constructor(manifest: Manifest) {
    for (const edition of manifest.editions) {
      for (const file of edition.files) this.bySha.set(file.sha256, { edition, file });
      if (edition.printedId) this.byId.set(edition.printedId, edition);
    }
  }

  /**
   * A file's verdict: genuine when its bytes are one of the manifest's files; else an
   * altered copy when it claims an ID the manifest lists; else unknown.
   */
  judge(file: string, bytes: Uint8Array): Verdict {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const match = this.bySha.get(sha256);
    if (match) return { file, verdict: 'genuine', sha256, edition: facts(match.edition), format: match.file.format, path: match.file.path };
    const claimed = claimedIds(bytes);
    const known = claimed.find((id) => this.byId.has(id));
    if (known) return { file, verdict: 'altered', sha256, edition: facts(this.byId.get(known)!), claimed: known };
    return { file, verdict: 'unknown', sha256, claimed };
  }
}

function facts(e: ManifestEdition): EditionFacts {
  return { id: e.id, ...(e.printedId ? { printedId: e.printedId } : {}), school: e.school, policy: e.policy, inputHash: e.inputHash };
}

/**
 * A file's bytes, or why they cannot be read: it must be a regular file (a link is
 * followed) of at most VERIFY_MAX_BYTES, which is checked before reading. It is
 * opened without blocking, so a FIFO never hangs the run.
 */
export function readForVerify(path: string): { bytes: Uint8Array } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: 'no such file (or a link to nothing)' };
    if (code === 'EACCES' || code === 'EPERM') return { problem: 'it cannot be read (permission denied)' };
    if (code === 'ELOOP') return { problem: 'it is a loop of links' };
    return { problem: `it cannot be opened (${code ?? (e as Error).message})` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { problem: 'it is a folder, not a file' };
    if (!stat.isFile()) return { problem: 'it is not a regular file (a FIFO, a socket or a device)' };
    if (stat.size > VERIFY_MAX_BYTES) return { problem: `it is ${stat.size} bytes, more than the ${VERIFY_MAX_BYTES} an edition can be` };
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: bytes.subarray(0, read) };
  } catch (e) {
    return { problem: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  } finally {
    closeSync(fd);
  }
}
