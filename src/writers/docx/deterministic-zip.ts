import { unzipSync, zipSync, type Zippable } from 'fflate';

/** The parts of an OPC package (a .docx), by name; a string part is written as UTF-8. */
export type Parts = Map<string, Uint8Array | string>;

/** A part as text (the XML parts are UTF-8). */
export function partText(parts: Parts, name: string): string {
  const value = parts.get(name);
  if (value === undefined) throw new Error(`docx writer: the package has no ${name}`);
  return typeof value === 'string' ? value : new TextDecoder().decode(value);
}

/**
 * 1980-01-01 00:00, the earliest date a zip entry can carry: no clock in the file.
 * Built from local-time fields because zip (DOS) dates are local: the bytes do not
 * depend on the machine's time zone.
 */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/** Reads every file entry of a zip (directories are skipped). */
export function readZip(bytes: Uint8Array): Parts {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new Error(`not a zip file: ${(error as Error).message}`);
  }
  return new Map(Object.entries(files).filter(([name]) => !name.endsWith('/')));
}

/**
 * Writes a zip whose bytes depend only on the parts: `[Content_Types].xml` first (as
 * Office writes it), then every other part by name, fixed dates, no extra fields.
 * fflate's deflate is plain JavaScript, so the bytes do not depend on the CPU either.
 */
export function writeZip(parts: Parts): Uint8Array {
  const encoder = new TextEncoder();
  const names = [...parts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const files: Zippable = {};
  for (const name of names) {
    const value = parts.get(name)!;
    files[name] = typeof value === 'string' ? encoder.encode(value) : value;
  }
  return zipSync(files, { level: 6, mtime: ZIP_EPOCH });
}

function rank(name: string): number {
  return name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : 2;
}
