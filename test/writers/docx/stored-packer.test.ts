import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { storeWhenPacking } from '../../../src/writers/docx/stored-packer.ts';
import { REPO } from '../../helpers/project.ts';

const json = (path: string) => JSON.parse(readFileSync(join(REPO, path), 'utf8')) as { version: string; dependencies: Record<string, string> };

/** Each entry of a zip with its compression method (0 stored, 8 deflated), read with fflate. */
function methods(zip: Uint8Array): Record<string, number> {
  const out: Record<string, number> = {};
  unzipSync(zip, { filter: (file) => { out[file.name] = file.compression; return false; } });
  return out;
}

/** The compression method of each local file header, read from the bytes themselves. */
function localHeaderMethods(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const found: number[] = [];
  let at = 0;
  while (at + 30 <= zip.byteLength && view.getUint32(at, true) === 0x04034b50) {
    const flags = view.getUint16(at + 6, true);
    expect(flags & 0x08, 'sizes are in the local headers, not a data descriptor').toBe(0);
    found.push(view.getUint16(at + 8, true));
    const compressed = view.getUint32(at + 18, true);
    at += 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true) + compressed;
  }
  return found;
}

function document(): Document {
  const words = 'The Governing Body of Mill Lane Primary School is committed to this policy. '.repeat(40);
  return new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun(words)] })] }] });
}

describe('the docx pin', () => {
  it('package.json pins docx to exactly the version remark-docx pins, and that is the version installed', () => {
    const ours = json('package.json').dependencies.docx;
    const remarkDocx = json('node_modules/remark-docx/package.json').dependencies.docx;
    const installed = json('node_modules/docx/package.json').version;
    expect(ours).toMatch(/^\d+\.\d+\.\d+$/); // exact, no range
    expect(remarkDocx).toBe(ours);
    expect(installed).toBe(ours);
  });
});

describe('storeWhenPacking', () => {
  it('makes Packer.toArrayBuffer store every part uncompressed, with the same contents', async () => {
    const before = new Uint8Array(await Packer.toArrayBuffer(document()));
    // docx deflates by default: the patch is what this test sees, not docx's own choice
    expect(Object.values(methods(before))).toContain(8);

    storeWhenPacking();
    storeWhenPacking(); // a second call changes nothing
    const after = new Uint8Array(await Packer.toArrayBuffer(document()));

    const stored = methods(after);
    expect(Object.keys(stored)).toContain('word/document.xml');
    expect(Object.keys(stored).sort()).toEqual(Object.keys(methods(before)).sort());
    expect(new Set(Object.values(stored))).toEqual(new Set([0]));
    expect(localHeaderMethods(after)).toEqual(Object.values(stored).map(() => 0));

    const text = (zip: Uint8Array) => strFromU8(unzipSync(zip)['word/document.xml']!);
    expect(text(after)).toBe(text(before));
    expect(text(after)).toContain('Mill Lane Primary School');
    expect(after.byteLength).toBeGreaterThan(before.byteLength);
  });
});
