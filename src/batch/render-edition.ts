import { createHash } from 'node:crypto';
import { openEdition } from '../document/tokenized-edition.ts';
import type { TokenizedEdition } from '../document/types.ts';
import type { ManifestFile } from '../output/manifest.ts';
import { createWriter, formatEntry, type Format } from '../writers/registry.ts';
import type { Writer, WriterOptions } from '../writers/shared/writer.ts';
import { writeTogether } from '../output/write-atomic.ts';

export interface RenderTask {
  /** Sent as JSON: a string crosses to a worker thread far faster than an object tree. */
  edition: TokenizedEdition;
  formats: Format[];
  outDir: string;
  /** How messages name the output folder (the `--out` given); default: outDir. */
  outLabel?: string;
  writerOptions: WriterOptions;
  /** The template folders, lowest first (policyc's own, then the project's overrides). */
  templates?: readonly string[];
  /** Put before each file's extension: ".changes" for a change summary (`<school>/<policy>.changes.html`). */
  suffix?: string;
}

export interface RenderResult {
  files: ManifestFile[];
  /** Milliseconds spent in each writer. */
  timings: Partial<Record<Format, number>>;
}

// Writers are made once per thread and reused for every edition it renders (the PDF compiler above all).
const writers = new Map<string, Promise<Writer>>();

function writerFor(format: Format, options: WriterOptions, templates: readonly string[] = []): Promise<Writer> {
  const key = `${format}:${JSON.stringify(options)}:${JSON.stringify(templates)}`;
  let writer = writers.get(key);
  if (!writer) {
    writer = createWriter(format, options, templates);
    writers.set(key, writer);
  }
  return writer;
}

/**
 * Renders every format of one edition, then writes them together: nothing is written
 * unless every format rendered, and the files are written all or not at all
 * (writeTogether), so a failure leaves the previous files as they were.
 */
export async function renderEdition(task: RenderTask): Promise<RenderResult> {
  const { formats, outDir } = task;
  const edition = openEdition(task.edition);
  const timings: RenderResult['timings'] = {};
  const outputs: { format: Format; path: string; bytes: Uint8Array }[] = [];
  for (const format of formats) {
    const started = performance.now();
    const writer = await writerFor(format, task.writerOptions, task.templates);
    let bytes: Uint8Array;
    try {
      bytes = await writer.write(edition);
    } catch (e) {
      throw new Error(`${format.toUpperCase()}: ${(e as Error).message}`, { cause: e });
    }
    timings[format] = Math.round((performance.now() - started) * 10) / 10;
    outputs.push({ format, path: `${edition.meta.schoolId}/${edition.meta.policyId}${task.suffix ?? ''}.${formatEntry(format).extension}`, bytes });
  }
  writeTogether(outDir, outputs, task.outLabel ?? outDir);
  const files = outputs.map((output): ManifestFile => ({ format: output.format, path: output.path, bytes: output.bytes.byteLength, sha256: createHash('sha256').update(output.bytes).digest('hex') }));
  return { files, timings };
}

export async function closeWriters(): Promise<void> {
  for (const writer of writers.values()) await (await writer).close?.();
  writers.clear();
}
