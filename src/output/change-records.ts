import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputError } from './errors.ts';
import { writeAtomic } from './write-atomic.ts';

/** Beside the manifest: the change summaries `policyc changes` wrote, which the index links to. */
export const CHANGES_FILE = 'changes.json';
/** Most bytes of changes.json read. */
const MAX_BYTES = 64 * 1024 * 1024;

/** One edition's change summary: what it compares, and its files ("<school>/<policy>.changes.html"). */
export interface ChangeRecord {
  /** "<school-id>/<policy-id>" */
  id: string;
  oldVersion: string;
  newVersion: string;
  files: string[];
}

function isRecord(value: unknown): value is ChangeRecord {
  const r = value as ChangeRecord;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.oldVersion === 'string' && typeof r.newVersion === 'string'
    && Array.isArray(r.files) && r.files.every((f) => typeof f === 'string' && f.startsWith(`${r.id.split('/')[0]}/`) && !f.includes('..'));
}

/** The change summaries recorded in an output folder, by edition id; none when it has no changes.json. A damaged one is an OutputError naming it. */
export function readChangeRecords(outDir: string, label = outDir): Map<string, ChangeRecord> {
  const shown = `${label.replace(/\/+$/, '')}/${CHANGES_FILE}`;
  let text: string;
  try {
    text = readFileSync(join(outDir, CHANGES_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new OutputError(`${shown} cannot be read: ${(e as Error).message}`, { cause: e, file: CHANGES_FILE });
  }
  let value: unknown;
  try {
    if (text.length > MAX_BYTES) throw new Error(`it is over ${MAX_BYTES} bytes`);
    value = JSON.parse(text);
    if (!Array.isArray(value) || !value.every(isRecord)) throw new Error('it is not a list of change summaries (id, oldVersion, newVersion, files)');
  } catch (e) {
    throw new OutputError(`${shown} is damaged (${(e as Error).message}): delete it and run \`policyc changes\` again`, { cause: e, file: CHANGES_FILE });
  }
  return new Map((value as ChangeRecord[]).map((r) => [r.id, r]));
}

/** Adds (or replaces) records in the folder's changes.json, sorted by id. */
export function recordChanges(outDir: string, records: readonly ChangeRecord[], label = outDir): Map<string, ChangeRecord> {
  const all = readChangeRecords(outDir, label);
  for (const r of records) all.set(r.id, r);
  const sorted = [...all.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  try {
    writeAtomic(join(outDir, CHANGES_FILE), new TextEncoder().encode(`${JSON.stringify(sorted, null, 2)}\n`), `${label.replace(/\/+$/, '')}/${CHANGES_FILE}`);
  } catch (e) {
    throw new OutputError((e as Error).message, { cause: e, file: CHANGES_FILE });
  }
  return all;
}
