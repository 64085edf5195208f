import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex } from '../diagnostics/position.ts';
import { LIMITS } from './limits.ts';
import { decodeSource, readSourceBytes } from './text-file.ts';

/** The folder of a project that holds its figures (and the house-style logo). */
export const FIGURES_DIR = 'policies/figures';

/**
 * A figure as a policy names it (`figures/flow.svg`, the key) and as an edition embeds it
 * (the document stage's Asset): plain data that crosses to a writer thread.
 */
export interface FigureFile {
  mime: 'image/svg+xml' | 'image/png';
  /** Intrinsic size in CSS pixels (an SVG's width/height, else its viewBox; a PNG's IHDR). */
  width: number;
  height: number;
  /** The file's bytes, base64. */
  base64: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*\.(svg|png)$/;

const FIGURE_RULES = { files: 'figures must be files in policies/figures', inside: 'figures must be files in policies/figures' };

/**
 * Reads the figures of a project: every `.svg` and `.png` in policies/figures (names
 * starting with `.` are an editor's files, other names are not figures). Each is read as
 * a source is (see readSourceBytes): a regular file whose real path lies inside
 * policies/figures, never a FIFO, a device or a link out of it, and no more than the
 * limit on a figure. An SVG is refused if it could run or fetch anything (a script, an
 * `on…` handler, a foreignObject, an entity, a reference to anything but `#id` inside
 * itself); its size is its width and height, else its viewBox; a PNG's, its IHDR's. A
 * figure that cannot be used is an error at its path; it is left out, so a policy that
 * uses it gets its own error too.
 */
export async function readFigures(root: string): Promise<{ figures: Map<string, FigureFile>; diagnostics: Diagnostic[] }> {
  const dir = join(root, FIGURES_DIR);
  const figures = new Map<string, FigureFile>();
  const diagnostics: Diagnostic[] = [];
  let names: string[];
  try {
    if (!(await lstat(dir)).isDirectory()) return { figures, diagnostics };
    names = (await readdir(dir)).sort();
  } catch {
    return { figures, diagnostics };
  }
  for (const name of names) {
    if (name.startsWith('.') || !/\.(svg|png)$/i.test(name)) continue;
    const display = `${FIGURES_DIR}/${name}`;
    if (!NAME.test(name)) {
      diagnostics.push(error(display, 1, 1, `figure file name \`${name}\` must be letters, digits, - and _ with a lower-case .svg or .png`, 'rename the file'));
      continue;
    }
    const { bytes, diagnostics: problems } = await readSourceBytes(join(dir, name), display, dir, LIMITS.figureBytes, FIGURE_RULES);
    if (!bytes) {
      diagnostics.push(...problems);
      continue;
    }
    const read = name.endsWith('.svg') ? readSvg(bytes, display) : readPng(bytes, display);
    if (read.figure) figures.set(`figures/${name}`, read.figure);
    else diagnostics.push(read.problem!);
  }
  return { figures, diagnostics };
}

type Read = { figure?: FigureFile; problem?: Diagnostic };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's size from its IHDR, the chunk every PNG starts with. */
function readPng(bytes: Buffer, display: string): Read {
  const fail = (message: string): Read => ({ problem: error(display, 1, 1, message, 'save the image as a PNG or SVG') });
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return fail('is not a PNG image');
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return fail('is not a PNG image: it has no IHDR chunk');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0) return fail('is a PNG image of no size');
  return { figure: { mime: 'image/png', width, height, base64: bytes.toString('base64') } };
}

const SVG_HINT = 'a figure may be a plain SVG drawing: no scripts, event handlers, foreignObject, entities or links outside the file';

/** What an SVG may not hold: each found is an error at its place in the file. */
const REFUSED: [RegExp, string][] = [
  [/<script\b/i, 'a script'],
  [/<foreignObject\b/i, 'a foreignObject'],
  [/<!ENTITY\b/i, 'an entity declaration'],
  [/\son[a-z]+\s*=/i, 'an event handler attribute'],
  [/<(?:iframe|embed|object|audio|video)\b/i, 'embedded content'],
  [/@import\b/i, 'a style sheet import'],
  [/url\(\s*(?!['"]?#)/i, 'a url() outside the file'],
];
const HREF = /\s(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const UNITS: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };

/** An SVG's safety and size (see readFigures). */
function readSvg(bytes: Buffer, display: string): Read {
  const decoded = decodeSource(bytes, display);
  if (decoded.text === undefined) return { problem: decoded.diagnostics[0]! };
  const text = decoded.text;
  const index = new LineIndex(text);
  const at = (offset: number, message: string, hint = SVG_HINT): Read => {
    const { line, column } = index.at(offset);
    return { problem: error(display, line, column, message, hint) };
  };
  for (const [pattern, what] of REFUSED) {
    const m = pattern.exec(text);
    if (m) return at(m.index + (m[0].startsWith(' ') || /^\s/.test(m[0]) ? 1 : 0), `SVG has ${what}, which a figure may not have`);
  }
  for (const m of text.matchAll(HREF)) {
    const href = (m[1] ?? m[2] ?? '').trim();
    if (!href.startsWith('#')) return at(m.index + 1, `SVG refers to \`${href.slice(0, 40)}\`, outside the file, which a figure may not`);
  }
  const root = /<svg\b([^>]*)>/i.exec(text);
  if (!root) return at(0, 'is not an SVG image: it has no <svg> element', 'save the drawing as SVG');
  const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(root[1]!)?.slice(1).find((v) => v !== undefined);
  const length = (value: string | undefined) => {
    const m = value === undefined ? null : /^\s*([0-9]*\.?[0-9]+)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(value);
    const n = m ? Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]! : NaN;
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const viewBox = attribute('viewBox')?.trim().split(/[\s,]+/).map(Number);
  const box = viewBox?.length === 4 && viewBox.every(Number.isFinite) && viewBox[2]! > 0 && viewBox[3]! > 0 ? { width: viewBox[2]!, height: viewBox[3]! } : undefined;
  let width = length(attribute('width'));
  let height = length(attribute('height'));
  if (width === undefined && height === undefined) ({ width, height } = box ?? {});
  else if (box && width === undefined) width = (height! * box.width) / box.height;
  else if (box && height === undefined) height = (width! * box.height) / box.width;
  if (width === undefined || height === undefined) return at(root.index, 'SVG has no size: give its <svg> a viewBox, or a width and height', 'add viewBox="0 0 WIDTH HEIGHT" to the <svg> element');
  const round = (n: number) => Math.round(n * 100) / 100;
  return { figure: { mime: 'image/svg+xml', width: round(width), height: round(height), base64: bytes.toString('base64') } };
}
