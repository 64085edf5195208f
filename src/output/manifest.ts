import { Ajv, type ErrorObject } from 'ajv';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import manifestSchema from '../schemas/manifest.schema.json' with { type: 'json' };
import { FORMATS, REGISTRY, type Format } from '../writers/registry.ts';

export interface ManifestFile {
  format: Format;
  /** Relative to the output folder, with forward slashes: always `<school-id>/<policy-id>.<extension>`. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface ManifestEdition {
  /** "<school-id>/<policy-id>" */
  id: string;
  school: { id: string; name: string };
  policy: { id: string; title: string; version: string; approved: string; review: string };
  /** The school's adoption of the policy, as its register said at the build (absent when the school keeps none). */
  adoption?: ManifestAdoption;
  /** SHA-256 of everything that produced the files: policy, cascaded config, templates, tool, options. */
  inputHash: string;
  /** The edition's ID, which each of its files prints (../document/edition-id.ts); absent in a manifest written before policyc had IDs. */
  printedId?: string;
  files: ManifestFile[];
}

/**
 * adopted: this version; awaiting-approval: an older one (its version, date and minute);
 * never-adopted: none. `review` is when the adopted version's review is due.
 */
export interface ManifestAdoption {
  state: 'adopted' | 'awaiting-approval' | 'never-adopted';
  version?: string;
  approved?: string;
  minute?: string;
  review?: string;
}

/** What a manifest part records about its shard: which share it is and every edition id of that share. */
export interface PartShard {
  k: number;
  n: number;
  /** The whole build this is a share of: how many editions and a digest of their ids (selectionDigest). */
  selection: { editions: number; sha256: string };
  editions: string[];
}

export interface Manifest {
  generator: string;
  /** Only in a manifest part (manifest.shard-K-of-N.json). */
  shard?: PartShard;
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

/** The digest of a build's whole selection that each of its parts records: a SHA-256 of the edition ids, sorted, one a line. */
export function selectionDigest(ids: Iterable<string>): string {
  return createHash('sha256').update([...ids].sort().join('\n')).digest('hex');
}

/** A manifest read from disk: absent, valid, or there but not a policyc manifest (and why). */
export type ManifestRead =
  | { state: 'missing' }
  | { state: 'valid'; manifest: Manifest }
  | { state: 'invalid'; problem: string };

const ajv = new Ajv({ allErrors: false, strict: true });
const validateShape = ajv.compile<Manifest>(manifestSchema);
const extensions = new Map<string, string>(REGISTRY.map((f) => [f.name, f.extension]));

/**
 * Reads and validates a manifest or manifest part: its JSON Schema
 * (src/schemas/manifest.schema.json), then what a schema cannot say: each id is its
 * school and policy, each file's path is that edition's file of that format, no id or
 * format twice. A damaged or hand-edited file is `invalid` with the first problem found,
 * never an exception.
 */
export function readManifest(path: string): ManifestRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', problem: code === 'EISDIR' ? 'it is a folder, not a file' : `it cannot be read (${code ?? (e as Error).message})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { state: 'invalid', problem: `it is not JSON (${(e as Error).message})` };
  }
  const problem = manifestProblem(value);
  return problem ? { state: 'invalid', problem } : { state: 'valid', manifest: value as Manifest };
}

/** Why a parsed value is not a policyc manifest, or undefined when it is one. */
export function manifestProblem(value: unknown): string | undefined {
  if (!validateShape(value)) return describe(validateShape.errors?.[0]);
  const manifest = value as Manifest;
  const ids = new Set<string>();
  for (const [i, e] of manifest.editions.entries()) {
    const where = `editions/${i} (${e.id})`;
    if (e.id !== `${e.school.id}/${e.policy.id}`) return `${where}: the id is not its school's and policy's ids`;
    if (ids.has(e.id)) return `${where}: the edition is listed twice`;
    ids.add(e.id);
    const formats = new Set<string>();
    for (const f of e.files) {
      const extension = extensions.get(f.format);
      if (extension === undefined) return `${where}: unknown format \`${f.format}\``;
      if (formats.has(f.format)) return `${where}: two ${f.format} files`;
      formats.add(f.format);
      if (f.path !== `${e.id}.${extension}`) return `${where}: the ${f.format} file's path \`${f.path}\` is not \`${e.id}.${extension}\``;
    }
  }
  return undefined;
}

function describe(e: ErrorObject | undefined): string {
  if (!e) return 'it does not match the manifest schema';
  const at = e.instancePath ? e.instancePath.slice(1) : 'the top level';
  if (e.keyword === 'additionalProperties') return `${at}: unexpected key \`${String((e.params as { additionalProperty: string }).additionalProperty)}\``;
  if (e.keyword === 'required') return `${at}: missing \`${String((e.params as { missingProperty: string }).missingProperty)}\``;
  return `${at} ${e.message ?? 'is not valid'}`;
}

/**
 * A stable, canonical form: editions by id, files by format; the same editions always
 * give the same bytes. A manifest part also records its shard (before the editions).
 */
export function serializeManifest(generator: string, editions: Iterable<ManifestEdition>, shard?: PartShard): string {
  const sorted = [...editions]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => ({ ...e, files: [...e.files].sort((a, b) => order(a.format) - order(b.format)) }));
  const manifest: Manifest = shard ? { generator, shard, editions: sorted } : { generator, editions: sorted };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Files are listed in the registry's order of formats. */
function order(format: string): number {
  const i = FORMATS.indexOf(format as Format);
  return i < 0 ? FORMATS.length : i;
}
