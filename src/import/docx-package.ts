import { unzipSync } from 'fflate';

/**
 * Opening a Word document's package (a zip of XML parts) before anything reads it:
 * every way it can be unusable is one clear message, never a stack trace.
 */

export interface DocxPackage {
  /** Every part, by its path in the zip (`word/document.xml`, `word/media/image1.png`, …). */
  parts: Map<string, Uint8Array>;
  /** A part's text (UTF-8), or undefined when the package lacks it. */
  text(path: string): string | undefined;
}

export class DocxError extends Error {}

/** The signature of an OLE compound file: what Word saves a password-protected .docx (and an old .doc) as. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b];
/** Bound on the package once unzipped, far above any real policy (images included). */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

export function openDocx(bytes: Uint8Array, display: string): DocxPackage {
  if (bytes.length === 0) throw new DocxError(`${display} is empty (0 bytes): not a Word document`);
  if (startsWith(bytes, CFB)) {
    throw new DocxError(`${display} is encrypted (password-protected) or an old binary Word document (.doc), not a .docx package`, { cause: 'encrypted' });
  }
  if (!startsWith(bytes, ZIP)) throw new DocxError(`${display} is not a Word document (.docx): it is not a zip package`);
  let parts: Record<string, Uint8Array>;
  try {
    let total = 0;
    parts = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new DocxError(`${display} unzips to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof DocxError) throw e;
    throw new DocxError(`${display} is a damaged zip package (${(e as Error).message}); open it in Word and save it again`);
  }
  const map = new Map(Object.entries(parts));
  if (!map.has('word/document.xml')) {
    throw new DocxError(`${display} is a zip package but not a Word document: it has no word/document.xml`);
  }
  const decoder = new TextDecoder('utf-8');
  return {
    parts: map,
    text: (path) => {
      const part = map.get(path);
      return part === undefined ? undefined : decoder.decode(part);
    },
  };
}
