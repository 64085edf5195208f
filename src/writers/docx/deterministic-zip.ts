import { crc32 } from 'node:zlib';
import { deflateSync, unzipSync, Zip, ZipPassThrough } from 'fflate';

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

/** A part ready for the zip: its deflated (or stored) bytes, how, and the CRC-32 and size of its data. */
interface Packed {
  body: Uint8Array;
  /** 8: deflated; 0: stored. */
  compression: 0 | 8;
  crc: number;
  size: number;
}

/**
 * The data descriptor's signature, PK\x07\x08. fflate's streaming zip follows every
 * entry with a data descriptor, and readers that walk the local entries in order (as
 * pandoc's zip-archive 0.4 does, rather than reading the central directory) take the
 * first PK\x07\x08 after an entry's header as its end: a deflated part that happens to hold
 * those four bytes (about one edition in a few hundred) is then "Content size mismatch in
 * data descriptor record". So no entry's bytes may hold them: a part whose deflated bytes
 * do is deflated at another level, and stored as it is if every level holds them (an XML
 * part cannot: XML text has no U+0007 or U+0008). Each step is a fixed function of the
 * data, so the bytes stay deterministic. Known limit: a binary part (a PNG figure) whose
 * own bytes hold the signature still trips such readers; Word and LibreOffice read the
 * central directory and are not affected. (fflate 0.8.3's streaming Zip always writes
 * data descriptors; its zipSync does not, but deflates every part itself, every time.)
 */
const DESCRIPTOR = [0x50, 0x4b, 0x07, 0x08] as const;

function holdsDescriptor(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(DESCRIPTOR[0]); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(DESCRIPTOR[0], i + 1)) {
    if (bytes[i + 1] === DESCRIPTOR[1] && bytes[i + 2] === DESCRIPTOR[2] && bytes[i + 3] === DESCRIPTOR[3]) return true;
  }
  return false;
}

/** The part's bytes for the zip: deflated at `first`, else at the other levels, else stored. */
function pack(data: Uint8Array, first: { level: 1 | 6; mem?: 3 }): Pick<Packed, 'body' | 'compression'> {
  for (const options of [first, { level: 9 as const }, { level: 4 as const }, { level: 2 as const }]) {
    const body = deflateSync(data, options);
    if (!holdsDescriptor(body)) return { body, compression: 8 };
  }
  return { body: data, compression: 0 };
}

/** Parts that are the same object from one edition to the next (a shape's fixed parts), packed once. */
const packedParts = new WeakMap<Uint8Array, Packed>();

/**
 * Writes a zip whose bytes depend only on the parts: `[Content_Types].xml` first (as
 * Office writes it), then every other part by name, fixed dates, no extra fields.
 * fflate's deflate is plain JavaScript, so the bytes do not depend on the CPU either
 * (zlib's may: Chromium's zlib, in Node, hashes with the CPU's CRC instructions where
 * it has them). A part given as the same Uint8Array as before is not deflated again:
 * each entry is fflate's pass-through stream (its documented way to add data
 * compressed elsewhere) handed the deflated bytes, with the CRC-32 (a fixed function
 * of the data, computed by zlib) and size it was packed with.
 */
export function writeZip(parts: Parts): Uint8Array {
  const encoder = new TextEncoder();
  const names = [...parts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  for (const name of names) {
    const value = parts.get(name)!;
    let packed = typeof value === 'string' ? undefined : packedParts.get(value);
    if (!packed) {
      const data = typeof value === 'string' ? encoder.encode(value) : value;
      // The body, new in every edition and most of the package, gets a quick deflate (level 1:
      // a tenth larger, a third faster) with a 2^15-entry hash table (fflate would zero one of
      // 2^17 for a body this size: 4% slower builds for 10 bytes less); the other parts, mostly
      // deflated once per shape, level 6.
      packed = { ...pack(data, name === 'word/document.xml' ? { level: 1, mem: 3 } : { level: 6 }), crc: crc32(data), size: data.byteLength };
      if (typeof value !== 'string') packedParts.set(value, packed);
    }
    const entry = new Deflated(name, packed);
    zip.add(entry);
    entry.finish();
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A zip entry whose data was deflated beforehand, with its CRC-32 and size. */
class Deflated extends ZipPassThrough {
  private readonly packed: Packed;
  constructor(name: string, packed: Packed) {
    super(name);
    this.packed = packed;
    this.compression = packed.compression;
    this.mtime = ZIP_EPOCH;
  }
  /** Hands the deflated bytes to the zip in place of `push`, which would compute the CRC of the data again. */
  finish(): void {
    this.crc = this.packed.crc;
    this.size = this.packed.size;
    this.process(this.packed.body as Uint8Array<ArrayBuffer>, true);
  }
  protected override process(chunk: Uint8Array, final: boolean): void {
    this.ondata(null, chunk as Uint8Array<ArrayBuffer>, final);
  }
}

function rank(name: string): number {
  return name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : 2;
}
