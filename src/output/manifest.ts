import { readFile } from 'node:fs/promises';
import { FORMATS, type Format } from '../writers/registry.ts';

export interface ManifestFile {
  format: Format;
  /** Relative to the output folder, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface ManifestEdition {
  /** "<school-id>/<policy-id>" */
  id: string;
  school: { id: string; name: string };
  policy: { id: string; title: string; version: string; approved: string; review: string };
  /** SHA-256 of everything that produced the files: policy, cascaded config, templates, tool, options. */
  inputHash: string;
  files: ManifestFile[];
}

export interface Manifest {
  generator: string;
  editions: ManifestEdition[];
}

export const MANIFEST = 'manifest.json';
export const PART_PATTERN = /^manifest\.shard-(\d+)-of-(\d+)\.json$/;

/** Share K of N of a build's editions (`--shard K/N`): each shard writes its own manifest part. */
export interface Shard {
  k: number;
  n: number;
}

export function partName(k: number, n: number): string {
  return `manifest.shard-${k}-of-${n}.json`;
}

export async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Manifest;
    return Array.isArray(parsed.editions) ? parsed : undefined;
  } catch {
    return undefined;
  }
}


/** A stable, canonical form: editions by id, files by format; the same editions always give the same bytes. */
export function serializeManifest(generator: string, editions: Iterable<ManifestEdition>): string {
  const sorted = [...editions]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => ({ ...e, files: [...e.files].sort((a, b) => order(a.format) - order(b.format)) }));
  return `${JSON.stringify({ generator, editions: sorted } satisfies Manifest, null, 2)}\n`;
}

/** Files are listed in the registry's order of formats. */
function order(format: string): number {
  const i = FORMATS.indexOf(format as Format);
  return i < 0 ? FORMATS.length : i;
}
