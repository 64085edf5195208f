import { join } from 'node:path';
import type { Edition } from '../../document/types.ts';
import { documentDate } from '../shared/document-date.ts';
import type { Writer, WriterOptions } from '../shared/writer.ts';
import { Compiler } from './compiler.ts';
import { withListNumbering } from './list-numbering.ts';
import { imageFiles, listTags, toTypstData } from './to-typst-data.ts';

/**
 * The PDF writer: A4, tagged, fonts embedded, laid out by Typst from
 * templates/pdf/edition.typ. One compiler per writer, reused for every edition. A project's
 * templates/pdf/ (in `templates`, the run's template folders) overrides policyc's files one by one.
 */
export function createPdfWriter(options: WriterOptions, templates: readonly string[] = []): Writer {
  const standard = pdfStandard(options.pdfStandard);
  const compiler = new Compiler(templates.map((dir) => join(dir, 'pdf')));
  return {
    format: 'pdf',
    async write(edition: Edition): Promise<Uint8Array> {
      const typst = toTypstData(edition);
      const data = JSON.stringify(typst);
      const timestamp = Math.floor(documentDate(edition.meta).getTime() / 1000);
      const rendered = compiler.render(data, { timestamp, ...(standard ? { standard } : {}) }, imageFiles(edition));
      // Each list's numbering named as it is printed (Typst 0.14 calls every list decimal or circle).
      const pdf = withListNumbering(rendered, listTags(typst.blocks));
      // The compiler's results are native objects freed by finalizers that run on the event
      // loop: a caller writing editions in a tight loop must still give them a turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return pdf;
    },
    close() {
      compiler.close();
    },
  };
}

/** The conformance level asked for (the registry's choices for `--pdf-standard`). */
function pdfStandard(value: string | undefined): 'ua-1' | 'a-2b' | undefined {
  if (value === undefined || value === 'ua-1' || value === 'a-2b') return value;
  throw new Error(`unknown PDF standard ${value}`);
}
