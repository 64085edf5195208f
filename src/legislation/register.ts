import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import registerSchema from '../schemas/legislation-register.schema.json' with { type: 'json' };
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { readYaml } from '../sources/yaml-document.ts';
import { validateAgainst } from '../sources/validate.ts';
import { norm, parseLegislationTitle, keywordKey } from './citations.ts';
import type { EntryKind, EntryStatus, NameKey, Register, RegisterEntry } from './register-entry.ts';

export const REGISTER_FILE = fileURLToPath(new URL('./register.yaml', import.meta.url));
const TOOL_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const loaded = new Map<string, { register: Register; diagnostics: Diagnostic[] }>();

/**
 * Reads, validates and indexes a register file, once per process (the shipped
 * one unless a path is given). A broken register gives located errors and an
 * empty register, never an exception.
 */
export function loadRegister(path: string = REGISTER_FILE): { register: Register; diagnostics: Diagnostic[] } {
  let result = loaded.get(path);
  if (!result) {
    result = readRegister(path);
    loaded.set(path, result);
  }
  return result;
}

/** The shipped register (empty when it is broken: the broken register is reported by loadRegister). */
export function defaultRegister(): Register {
  return loadRegister().register;
}

function readRegister(path: string): { register: Register; diagnostics: Diagnostic[] } {
  const file = relative(TOOL_ROOT, path).startsWith('..') ? path : relative(TOOL_ROOT, path);
  const empty = buildRegister(file, '', []);
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
  } catch (e) {
    return { register: empty, diagnostics: [error(file, 1, 1, `cannot read the legislation register: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)] };
  }
  const source = readYaml(text, file);
  if (source.diagnostics.length) return { register: empty, diagnostics: source.diagnostics };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    return { register: empty, diagnostics: [error(file, 1, 1, 'the legislation register must be a map with `checked` and `entries`')] };
  }
  const problems = validateAgainst(registerSchema, source, 'the register');
  if (problems.length) return { register: empty, diagnostics: problems };

  const raw = source.value as { checked: string; entries: Record<string, string | string[]>[] };
  const diagnostics: Diagnostic[] = [];
  const at = (i: number, key: string | undefined, message: string, hint?: string) => {
    const { line, column } = source.locate(key ? ['entries', i, key] : ['entries', i]);
    diagnostics.push(error(file, line, column, message, hint));
  };
  const entries: RegisterEntry[] = raw.entries.map((r) => {
    const s = (k: string) => r[k] as string | undefined;
    const entry: RegisterEntry = {
      id: s('id')!,
      kind: s('kind') as EntryKind,
      title: s('title')!,
      citation: s('citation') ?? s('title')!,
      aliases: (r.aliases as string[] | undefined) ?? [],
      year: Number(s('year')),
      status: s('status') as EntryStatus,
      basis: s('basis')!.trim(),
    };
    for (const key of ['session', 'chapter', 'number', 'url', 'supersededBy', 'publisher', 'edition', 'editionDate'] as const) {
      const value = s(key);
      if (value !== undefined) entry[key] = value;
    }
    if (entry.editionDate) entry.editionYear = Number(entry.editionDate.slice(0, 4));
    return entry;
  });

  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    if (seen.has(entry.id)) at(i, 'id', `duplicate register id \`${entry.id}\` (also entry ${seen.get(entry.id)! + 1})`);
    else seen.set(entry.id, i);
  });
  entries.forEach((entry, i) => {
    if (entry.status === 'superseded' && !entry.supersededBy) at(i, 'status', `\`${entry.id}\` is superseded but names no \`supersededBy\``);
    if (entry.supersededBy && !seen.has(entry.supersededBy)) at(i, 'supersededBy', `\`supersededBy: ${entry.supersededBy}\` names no entry of the register`);
    if (entry.supersededBy === entry.id) at(i, 'supersededBy', `\`${entry.id}\` cannot supersede itself`);
    if (entry.kind === 'guidance') {
      for (const key of ['publisher', 'edition', 'editionDate'] as const) {
        if (!entry[key]) at(i, undefined, `guidance \`${entry.id}\` is missing \`${key}\``);
      }
    } else {
      if (entry.edition || entry.editionDate) at(i, entry.edition ? 'edition' : 'editionDate', `only guidance has an edition; \`${entry.id}\` is ${entry.kind}`);
      for (const name of [entry.title, ...entry.aliases]) {
        const parsed = parseLegislationTitle(name);
        if (!parsed) {
          at(i, name === entry.title ? 'title' : 'aliases', `\`${name}\` is not recognised as a citation of legislation (a name ending in Act, Regulations or Order, then the year)`);
        } else if (parsed.year !== undefined && parsed.year !== entry.year) {
          at(i, name === entry.title ? 'title' : 'aliases', `\`${name}\` carries the year ${parsed.year}, but the entry's year is ${entry.year}`);
        } else if (parsed.year === undefined && entry.kind === 'act' && name === entry.title) {
          at(i, 'title', `the short title of an Act ends with its year: \`${entry.title} ${entry.year}\``);
        }
      }
    }
  });
  if (diagnostics.length) return { register: empty, diagnostics };
  return { register: buildRegister(file, raw.checked, entries), diagnostics: [] };
}

/** Indexes entries for lookups by id, by name and for finding guidance in prose. */
export function buildRegister(file: string, checked: string, entries: RegisterEntry[]): Register {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const byName = new Map<string, NameKey[]>();
  const names: NameKey[] = [];
  const guidance: Register['guidance'] = [];
  for (const entry of entries) {
    for (const name of [entry.title, ...entry.aliases]) {
      if (entry.kind === 'guidance') {
        guidance.push({ entry, name, pattern: guidancePattern(name) });
        continue;
      }
      const parsed = parseLegislationTitle(name);
      if (!parsed) continue;
      const nameKey: NameKey = { key: `${norm(parsed.name)} ${keywordKey(parsed.keyword)}`, entry, ...(parsed.year !== undefined ? { year: parsed.year } : {}) };
      names.push(nameKey);
      const list = byName.get(nameKey.key) ?? [];
      list.push(nameKey);
      byName.set(nameKey.key, list);
    }
  }
  // Longer names first, so "Keeping children safe in education" wins over a shorter alias at the same place.
  guidance.sort((a, b) => b.name.length - a.name.length);
  return { file, checked, entries, byId, byName, names, guidance };
}

/**
 * A guidance title as a pattern: any case, any apostrophe or none, any run of
 * spaces between words. An all-capitals alias (KCSIE) must match exactly.
 */
function guidancePattern(name: string): RegExp {
  const acronym = /^[A-Z][A-Za-z]{1,7}$/.test(name) && name.replace(/[a-z]/g, '').length >= 3;
  const words = name.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]?"));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, acronym ? 'gu' : 'giu');
}

/** A one-line description of an entry: title, reference, status and address. */
export function describeEntry(entry: RegisterEntry): string {
  const parts = [entry.title];
  if (entry.kind === 'guidance') {
    parts.push(entry.publisher ?? 'guidance', `edition of ${longDate(entry.editionDate ?? String(entry.year))}`);
  } else if (entry.chapter) {
    parts.push(`${entry.session ?? entry.year} ${entry.chapter}`);
  } else if (entry.number) {
    parts.push(entry.kind === 'retained-eu-law' ? `Regulation (EU) ${entry.number}` : `SI ${entry.number}`);
  } else {
    parts.push(String(entry.year));
  }
  parts.push(statusText(entry));
  if (entry.url) parts.push(entry.url);
  return parts.join(', ');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2025-09-01 → 1 September 2025; 2021-12 → December 2021; 2006 → 2006. */
function longDate(date: string): string {
  const [year, month, day] = date.split('-');
  if (!month) return year!;
  const name = MONTHS[Number(month) - 1] ?? month;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

export function statusText(entry: RegisterEntry): string {
  switch (entry.status) {
    case 'in-force':
      return entry.kind === 'guidance' ? 'current' : 'in force';
    case 'partly-repealed':
      return 'partly repealed';
    case 'repealed':
      return entry.supersededBy ? `repealed (replaced by ${entry.supersededBy})` : 'repealed';
    case 'superseded':
      return `superseded by ${entry.supersededBy}`;
  }
}
