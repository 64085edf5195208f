import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler, type NodeError } from '@myriaddreamin/typst-ts-node-compiler';

/** The Typst workspace: the compiler can read nothing outside it. */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/pdf', import.meta.url)).replace(/\/$/, '');
const MAIN = join(TEMPLATE_DIR, 'edition.typ');
/** Where the edition's data appears to the template; held in memory, never written. */
const DATA = join(TEMPLATE_DIR, 'edition.json');
/** The fonts policyc ships: the house typeface and the fallback; the others come with the compiler (see templates/pdf/fonts/README.md). */
const FONTS = ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf', 'LiberationSans-Italic.ttf', 'LiberationSans-BoldItalic.ttf', 'PolicycFallback.ttf'].map((f) => join(TEMPLATE_DIR, 'fonts', f));
/** Where an edition's embedded images appear to the template, by the names the writer gives them; in memory only. */
export const ASSET_DIR = join(TEMPLATE_DIR, 'assets');
/**
 * Every EVICT_EVERY compilations, evict results of Typst's memoization unused for
 * CACHE_MAX_AGE of them. What the next edition reuses is what the last few laid out
 * (editions alternate between a few shapes), so a short memory costs no speed: 1,000 PDF
 * editions took 11.8 s and 417 MB this way against 12.4 s and 471 MB keeping results for
 * 5 compilations, checked every 10 (age 1 loses the cache: 21.3 s).
 */
const CACHE_MAX_AGE = 2;
const EVICT_EVERY = 4;

export interface RenderOptions {
  /** Creation and modification date, in seconds since 1970. */
  timestamp: number;
  standard?: 'ua-1' | 'a-2b';
}

/** A failure to lay out or export an edition, with Typst's diagnostics as plain sentences. */
export class PdfError extends Error {
  override name = 'PdfError';
}

/**
 * One Typst compiler holding the compiled template. Each render swaps only the
 * data file, so Typst's incremental caches keep the template, fonts and every
 * paragraph that did not change between editions.
 */
export class Compiler {
  private compiler: NodeCompiler | undefined;
  private renders = 0;
  /**
   * Images mapped into the workspace, by name. A name is a digest of the bytes (see
   * to-typst-data.ts imageName), so an image stays mapped from one edition to the next:
   * mapping the same file again would make Typst decode it again for every edition.
   */
  private readonly mapped = new Set<string>();

  /**
   * `overrides`: folders (a project's templates/pdf) whose files take the place of the files of
   * the same name in the workspace, or join them (an image the template shows): the compiler sees
   * them at the workspace's paths and still reads nothing else.
   */
  constructor(overrides: readonly string[] = []) {
    const compiler = guard(() => NodeCompiler.create({ workspace: TEMPLATE_DIR, fontArgs: [{ fontPaths: FONTS }] }), 'could not start the Typst compiler');
    for (const dir of overrides) {
      if (resolve(dir) === TEMPLATE_DIR) continue;
      for (const file of filesUnder(dir)) compiler.mapShadow(join(TEMPLATE_DIR, relative(dir, file)), readFileSync(file));
    }
    this.compiler = compiler;
  }

  /** `images`: the edition's embedded images by the file name the data gives them (under assets/). */
  render(data: string, options: RenderOptions, images: ReadonlyMap<string, Uint8Array> = new Map()): Uint8Array {
    const compiler = this.compiler;
    if (!compiler) throw new PdfError('the PDF writer is closed');
    compiler.mapShadow(DATA, Buffer.from(data, 'utf8'));
    if (this.mapped.size > 64) {
      for (const name of this.mapped) compiler.unmapShadow(join(ASSET_DIR, name));
      this.mapped.clear();
    }
    for (const [name, bytes] of images) {
      if (this.mapped.has(name)) continue;
      compiler.mapShadow(join(ASSET_DIR, name), Buffer.from(bytes));
      this.mapped.add(name);
    }
    try {
      const result = guard(() => compiler.compile({ mainFilePath: MAIN }), 'Typst failed');
      const error = result.takeError();
      if (error || !result.result) throw new PdfError(`Typst could not lay out the edition: ${describe(error)}`);
      const pdf = guard(
        () => compiler.pdf(result.result!, { creationTimestamp: options.timestamp, pdfTags: true, ...(options.standard ? { pdfStandard: options.standard } : {}) }),
        options.standard ? `the edition does not conform to PDF/${options.standard.toUpperCase()}` : 'Typst could not export the edition',
      );
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      compiler.unmapShadow(DATA);
      if (++this.renders % EVICT_EVERY === 0) compiler.evictCache(CACHE_MAX_AGE);
    }
  }

  close(): void {
    if (!this.compiler) return;
    this.compiler.evictCache(0);
    this.compiler = undefined;
  }
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** Runs a native call, turning whatever it throws (a diagnostics dump, a panic) into a PdfError. */
function guard<T>(call: () => T, what: string): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof PdfError) throw e;
    throw new PdfError(`${what}: ${messages(String((e as Error)?.message ?? e))}`);
  }
}

function describe(error: NodeError | null): string {
  if (!error) return 'no document was produced';
  try {
    const diagnostics = error.shortDiagnostics as { message?: string }[];
    const found = diagnostics.filter((d) => d.message).map((d) => d.message!);
    if (found.length) return [...new Set(found)].join('; ');
  } catch {
    // fall through to the kind
  }
  return error.kind;
}

/** The `message: "…"` parts of a Rust diagnostics dump, as sentences, or its first line. */
function messages(text: string): string {
  const found = [...text.matchAll(/message: "((?:[^"\\]|\\.)*)"/g)].map((m) =>
    m[1]!
      .replace(/\\(.)/g, '$1')
      .replace(/^PDF\/[A-Z0-9-]+ error: /, '')
      .replace(/`"(.*?)"`/g, '“$1”'),
  );
  if (found.length) return [...new Set(found)].join('; ');
  return text.split('\n')[0]!.slice(0, 300);
}
