import type { Edition } from '../document/types.ts';
import { createHtmlWriter } from './html/write-html.ts';

export const FORMATS = ['html', 'docx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

/** A writer turns one edition's document tree into the bytes of one file. */
export interface Writer {
  format: Format;
  write(edition: Edition): Uint8Array | Promise<Uint8Array>;
  /** Frees what the writer holds (a compiler, a worker); called once at the end of a run. */
  close?(): void | Promise<void>;
}

/** Options that change a writer's output (and so are part of every edition's input hash). */
export interface WriterOptions {
  /** PDF standard to conform to besides tagged PDF: PDF/UA-1 or PDF/A-2b. */
  pdfStandard?: 'ua-1' | 'a-2b';
}

type WriterFactory = (options: WriterOptions) => Writer | Promise<Writer>;

/** The writers this version of policyc has. A format missing here is refused, never skipped. */
const factories: Partial<Record<Format, WriterFactory>> = {
  html: () => createHtmlWriter(),
  // Loaded only when asked for: a run that builds HTML alone never loads docx or the Typst compiler.
  docx: async (options) => (await import('./docx/write-docx.ts')).createDocxWriter(options),
  pdf: async (options) => (await import('./pdf/write-pdf.ts')).createPdfWriter(options),
};

export function availableFormats(): Format[] {
  return FORMATS.filter((f) => factories[f]);
}

export async function createWriter(format: Format, options: WriterOptions = {}): Promise<Writer> {
  const factory = factories[format];
  if (!factory) throw new Error(`no writer for ${format}`);
  return factory(options);
}
