import type { Writer, WriterOptions } from './shared/writer.ts';

/**
 * Every output format policyc has, in the order the manifest and the index list them.
 * A format is one folder under writers/ and one entry here: its name (for `--format`),
 * the extension of its files, its label on the index page, how its writer is made, and
 * the command-line options that change its output. Nothing else names a format.
 */
export interface FormatEntry {
  name: string;
  extension: string;
  /** How dist/index.html labels the link to this format's file. */
  label: string;
  /**
   * Makes a writer; loaded only when the format is asked for (a run that builds HTML alone never
   * loads the Typst compiler). `templates`: the run's template folders, lowest first (policyc's
   * own, then a project's overrides), for a writer whose template a project may override.
   */
  createWriter(options: WriterOptions, templates?: readonly string[]): Writer | Promise<Writer>;
  options?: readonly FormatOption[];
}

/** A `build` option that changes one format's output: `--pdf-standard <standard>`. */
export interface FormatOption {
  /** Its key in WriterOptions. */
  key: string;
  flag: string;
  description: string;
  /** The values it takes, each with what it means. */
  choices: Readonly<Record<string, string>>;
}

export const REGISTRY = [
  {
    name: 'html',
    extension: 'html',
    label: 'Web page',
    createWriter: async () => (await import('./html/write-html.ts')).createHtmlWriter(),
  },
  {
    name: 'docx',
    extension: 'docx',
    label: 'Word',
    createWriter: async () => (await import('./docx/write-docx.ts')).createDocxWriter(),
  },
  {
    name: 'pdf',
    extension: 'pdf',
    label: 'PDF',
    createWriter: async (options: WriterOptions, templates?: readonly string[]) => (await import('./pdf/write-pdf.ts')).createPdfWriter(options, templates),
    options: [
      {
        key: 'pdfStandard',
        flag: '--pdf-standard <standard>',
        description: 'PDF conformance besides tagged PDF: ua-1 (PDF/UA-1) or a-2b (PDF/A-2b)',
        choices: { 'ua-1': 'PDF/UA-1', 'a-2b': 'PDF/A-2b' },
      },
    ],
  },
] as const satisfies readonly FormatEntry[];

export type Format = (typeof REGISTRY)[number]['name'];
export const FORMATS: readonly Format[] = REGISTRY.map((f) => f.name);

export function formatEntry(format: Format): FormatEntry {
  return REGISTRY.find((f) => f.name === format)!;
}

/** Every format's options, for the command line. */
export function formatOptions(): FormatOption[] {
  return REGISTRY.flatMap((f: FormatEntry) => f.options ?? []);
}

export async function createWriter(format: Format, options: WriterOptions = {}, templates?: readonly string[]): Promise<Writer> {
  return formatEntry(format).createWriter(options, templates);
}
