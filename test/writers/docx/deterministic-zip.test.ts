import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZip, writeZip, type Parts } from '../../../src/writers/docx/deterministic-zip.ts';

const SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08]);

/** Bytes no deflate level can shrink (a hash chain), with the data descriptor's signature in the middle. */
function incompressible(length: number, withSignature: boolean): Uint8Array {
  const chunks: Buffer[] = [];
  for (let i = 0; chunks.length * 32 < length; i++) chunks.push(createHash('sha256').update(String(i)).digest());
  const bytes = Buffer.concat(chunks).subarray(0, length);
  if (withSignature) SIGNATURE.copy(bytes, length >> 1);
  return new Uint8Array(bytes);
}

/** Each local entry of a zip: its name, compression method and where its data lies. */
function entries(zip: Uint8Array): { name: string; method: number; data: Buffer }[] {
  const buf = Buffer.from(zip);
  const out: { name: string; method: number; data: Buffer }[] = [];
  // The central directory gives each entry's offset and compressed size.
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = buf.readUInt32LE(end + 16);
  for (let n = buf.readUInt16LE(end + 10); n > 0; n--) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString();
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.push({ name, method, data: buf.subarray(start, start + size) });
    at += 46 + nameLength + extra;
  }
  return out;
}

describe('writeZip', () => {
  it('writes the same bytes for the same parts, and reads back every part', () => {
    const parts: Parts = new Map<string, Uint8Array | string>([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document>ŵ ŷ</w:document>'], ['word/media/a.png', incompressible(3000, false)]]);
    const zip = writeZip(parts);
    expect(Buffer.from(writeZip(new Map(parts))).equals(Buffer.from(zip))).toBe(true);
    const back = readZip(zip);
    expect(new TextDecoder().decode(back.get('word/document.xml') as Uint8Array)).toBe('<w:document>ŵ ŷ</w:document>');
    expect(entries(zip).map((e) => e.name)).toEqual(['[Content_Types].xml', 'word/document.xml', 'word/media/a.png']);
  });

  it('never lets an XML part\'s bytes hold the data descriptor\'s signature, which readers walking the entries take for the entry\'s end', () => {
    // Text whose level-1 deflate holds PK\x07\x08 is rare; the guard is the same for every part, so a part whose
    // deflated bytes must hold it (incompressible data with the signature) shows the fallback: stored as it is.
    const parts: Parts = new Map<string, Uint8Array | string>([['[Content_Types].xml', '<Types/>'], ['word/media/b.bin', incompressible(5000, true)]]);
    const zip = writeZip(parts);
    const media = entries(zip).find((e) => e.name === 'word/media/b.bin')!;
    expect(media.method).toBe(0);
    expect(Buffer.from(unzipSync(zip)['word/media/b.bin']!).equals(Buffer.from(incompressible(5000, true)))).toBe(true);
    // XML never holds U+0007 or U+0008, so a stored XML part never holds the signature: over many texts, no entry does.
    for (let i = 0; i < 300; i++) {
      const xml = `<w:document>${createHash('sha512').update(String(i)).digest('base64').repeat(40)}</w:document>`;
      const written = entries(writeZip(new Map([['word/document.xml', xml]])));
      expect(written[0]!.data.includes(SIGNATURE)).toBe(false);
    }
  });
});
