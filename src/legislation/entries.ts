import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { findCitations, messageFor, type Citation, type Verdict } from './citations.ts';
import { defaultRegister } from './register.ts';
import type { Register, RegisterEntry } from './register-entry.ts';

/**
 * Entries of a school's legislation lists and guidance, as configs write them:
 *
 *   - data-protection-act-2018                   a register id: prints the register's citation, linked
 *   - id: malicious-communications-act-1988      a register id, printed as the school must print it
 *     text: Malicious Communication Act 1998
 *   - id: [computer-misuse-act-1990, police-and-justice-act-2006]
 *     text: Computer Misuse Act 1990, amended by the Police and Justice Act 2006
 *   - Some local guidance                        anything else: printed as written, without a link
 */
export type LegislationEntry = string | { id: string | string[]; text?: string };

/** One entry ready to print: its text, cut into parts each linked to its register entry's address ('' for none). */
export interface CitedItem {
  text: string;
  /** The (first) register entry it names, its canonical title and address; '' for free text. */
  id: string;
  title: string;
  url: string;
  ids: string[];
  parts: { text: string; url: string }[];
}

/**
 * What makes a plain string a register id rather than free text: lower-case
 * words and digits joined by hyphens (every register id has at least one).
 * `{ id: … }` always names an id.
 */
export const ID_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

const LIST_KEYS = ['legislation', 'guidance'] as const;

/** Resolved entries, per register (a run resolves the same few entries for every school). */
const memo = new WeakMap<Register, Map<string, CitedItem>>();

export function isCitedItem(value: unknown): value is CitedItem {
  return value !== null && typeof value === 'object' && Array.isArray((value as CitedItem).parts);
}

function idsOf(entry: LegislationEntry): string[] {
  if (typeof entry === 'string') return ID_SHAPE.test(entry) ? [entry] : [];
  if (typeof entry.id === 'string') return [entry.id];
  return Array.isArray(entry.id) ? entry.id.filter((id): id is string => typeof id === 'string') : [];
}

/** Whether a value from a config (schema-checked or not) has the shape of a list entry. */
export function isEntry(value: unknown): value is LegislationEntry {
  if (typeof value === 'string') return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { id, text } = value as { id?: unknown; text?: unknown };
  const idOk = typeof id === 'string' || (Array.isArray(id) && id.length > 0 && id.every((x) => typeof x === 'string'));
  return idOk && (text === undefined || typeof text === 'string');
}

/** Joins citations as a sentence: "A, B and C". */
function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Resolves a config entry against the register: the text to print and the
 * parts of it that link to each named entry. An id the register lacks (an error
 * reported where the config is read) prints as written.
 */
export function citedItem(entry: LegislationEntry | CitedItem, register: Register = defaultRegister()): CitedItem {
  if (isCitedItem(entry)) return entry;
  // Free text needs no lookup (and may be long): only entries that name ids are remembered.
  if (typeof entry === 'string' && !ID_SHAPE.test(entry)) return { id: '', title: '', url: '', ids: [], text: entry, parts: [{ text: entry, url: '' }] };
  let cache = memo.get(register);
  if (!cache) {
    cache = new Map();
    memo.set(register, cache);
  }
  const key = JSON.stringify(entry);
  let item = cache.get(key);
  if (!item) {
    item = resolve(entry, register);
    cache.set(key, item);
  }
  return item;
}

function resolve(entry: LegislationEntry, register: Register): CitedItem {
  const known = idsOf(entry).map((id) => register.byId.get(id)).filter((e): e is RegisterEntry => e !== undefined);
  const first = known[0];
  const base = { id: first?.id ?? '', title: first?.title ?? '', url: first?.url ?? '', ids: known.map((e) => e.id) };
  const written = typeof entry === 'string' ? (known.length ? undefined : entry) : entry.text;
  if (written === undefined) {
    // Ids alone: the register's citations, each linked.
    const parts: CitedItem['parts'] = [];
    known.forEach((e, i) => {
      if (i > 0) parts.push({ text: i === known.length - 1 ? ' and ' : ', ', url: '' });
      parts.push({ text: e.citation, url: e.url ?? '' });
    });
    const text = andList(known.map((e) => e.citation)) || (typeof entry === 'string' ? entry : idsOf(entry).join(', '));
    return { ...base, text, parts: parts.length ? parts : [{ text, url: '' }] };
  }
  if (known.length <= 1) return { ...base, text: written, parts: [{ text: written, url: first?.url ?? '' }] };
  // Several entries in one printed line: link each citation of them where the text makes it.
  const ids = new Set(base.ids);
  const parts: CitedItem['parts'] = [];
  let at = 0;
  for (const c of findCitations(written, register)) {
    if (!c.entry || !ids.has(c.entry.id) || c.start < at) continue;
    if (c.start > at) parts.push({ text: written.slice(at, c.start), url: '' });
    parts.push({ text: written.slice(c.start, c.end), url: c.entry.url ?? '' });
    at = c.end;
  }
  if (at < written.length) parts.push({ text: written.slice(at), url: '' });
  return { ...base, text: written, parts };
}

type Locate = (path: readonly (string | number)[]) => { line: number; column: number };

/** Every list entry of a config's `legislation` and `guidance`, with its path. */
export function* listEntries(config: Record<string, unknown>): Generator<{ path: (string | number)[]; entry: LegislationEntry }> {
  const legislation = config.legislation;
  if (legislation && typeof legislation === 'object' && !Array.isArray(legislation)) {
    for (const name of Object.keys(legislation)) {
      const list = (legislation as Record<string, unknown>)[name];
      if (Array.isArray(list)) for (let i = 0; i < list.length; i++) yield { path: ['legislation', name, i], entry: list[i] as LegislationEntry };
    }
  }
  if (Array.isArray(config.guidance)) {
    for (let i = 0; i < config.guidance.length; i++) yield { path: ['guidance', i], entry: config.guidance[i] as LegislationEntry };
  }
}

/**
 * Errors for the register ids a config's lists name that the register lacks,
 * each at its own line and column with a "did you mean". (The config has
 * passed its schema.)
 */
export function checkRegisterIds(file: string, config: Record<string, unknown>, locate: Locate, register: Register = defaultRegister()): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { path, entry } of listEntries(config)) {
    const idPaths: { id: string; path: (string | number)[] }[] =
      typeof entry === 'string' ? (ID_SHAPE.test(entry) ? [{ id: entry, path }] : [])
        : typeof entry.id === 'string' ? [{ id: entry.id, path: [...path, 'id'] }]
          : entry.id.map((id, j) => ({ id, path: [...path, 'id', j] }));
    for (const { id, path: at } of idPaths) {
      if (register.byId.has(id)) continue;
      const { line, column } = locate(at);
      out.push(error(file, line, column, `\`${id}\` is not in the legislation register`, unknownIdHint(id, register)));
    }
  }
  return out;
}

function unknownIdHint(id: string, register: Register): string {
  const suggestion = closest(id, register.byId.keys());
  if (suggestion) return `did you mean \`${suggestion}\`?`;
  const byTitle = findCitations(id.replace(/-/g, ' ').replace(/\b\p{L}/gu, (c) => c.toUpperCase()), register).find((c) => c.entry);
  if (byTitle?.entry) return `did you mean \`${byTitle.entry.id}\`?`;
  return 'register ids look like `data-protection-act-2018`; src/legislation/register.yaml lists them all';
}

/** A citation as check reports it: where it is, what is written, what the register says. */
export interface CitationRecord {
  file: string;
  line: number;
  column: number;
  written: string;
  entry?: RegisterEntry;
  verdict: Verdict;
  message?: string;
}

export interface EntryFinding {
  /** Which node of the entry the finding is about. */
  path: (string | number)[];
  /** Where the citation starts in the node's text, when the finding is about one citation in it. */
  offset?: number;
  written: string;
  entry?: RegisterEntry;
  verdict: Verdict;
  message?: string;
  /** A warning that is not about one citation (free text naming a register entry). */
  advice?: string;
}

/**
 * The register's view of one config entry: a finding for every register entry
 * it names (or that its free text cites), each with the warning check prints
 * when the text does not match the register.
 */
export function examineEntry(entry: LegislationEntry, path: (string | number)[], register: Register = defaultRegister()): EntryFinding[] {
  if (typeof entry === 'string' && ID_SHAPE.test(entry)) {
    const e = register.byId.get(entry);
    if (!e) return [{ path, written: entry, verdict: 'unknown' }];
    return [byId(entry, path, e, register)];
  }
  if (typeof entry === 'string') {
    const found = findCitations(entry, register);
    if (!found.length) return [{ path, written: entry, verdict: 'unknown' }];
    const out: EntryFinding[] = found.map((c) => fromCitation(c, path));
    const named = [...new Set(found.map((c) => c.entry?.id).filter((id): id is string => id !== undefined))];
    if (named.length) {
      out.push({
        path, written: entry, verdict: 'ok',
        advice: `'${entry}' is not a register id, so editions print it without a link: name ${named.length === 1 ? `the entry \`${named[0]}\`` : `the entries ${named.map((id) => `\`${id}\``).join(', ')}`}${named.length === 1 ? ` (or write \`{ id: ${named[0]}, text: … }\`)` : ` with \`{ id: [${named.join(', ')}], text: … }\``}`,
      });
    }
    return out;
  }
  const ids = idsOf(entry);
  const idPath = (i: number) => (typeof entry.id === 'string' ? [...path, 'id'] : [...path, 'id', i]);
  if (entry.text === undefined) {
    return ids.map((id, i) => {
      const e = register.byId.get(id);
      return e ? byId(id, idPath(i), e, register) : { path: idPath(i), written: id, verdict: 'unknown' as const };
    });
  }
  const textPath = [...path, 'text'];
  const found = findCitations(entry.text, register);
  return ids.map((id, i) => {
    const e = register.byId.get(id);
    if (!e) return { path: idPath(i), written: id, verdict: 'unknown' as const };
    const c = found.find((f) => f.entry?.id === id);
    if (c) return fromCitation(c, textPath);
    const message = messageFor(entry.text!, 'mismatch', e, e);
    return { path: textPath, written: entry.text!, entry: e, verdict: 'mismatch' as const, ...(message ? { message } : {}) };
  });
}

function byId(id: string, path: (string | number)[], e: RegisterEntry, register: Register): EntryFinding {
  if (e.status !== 'repealed' && e.status !== 'superseded') return { path, written: id, entry: e, verdict: 'ok' };
  const replacement = e.supersededBy ? register.byId.get(e.supersededBy) : undefined;
  const message = messageFor(e.citation, e.status, e, replacement);
  return { path, written: id, entry: e, verdict: e.status, ...(message ? { message } : {}) };
}

function fromCitation(c: Citation, path: (string | number)[]): EntryFinding {
  return { path, offset: c.start, written: c.written, verdict: c.verdict, ...(c.entry ? { entry: c.entry } : {}), ...(c.message ? { message: c.message } : {}) };
}

/** Whether a config path lies in a legislation list or the guidance (those are examined entry by entry). */
export function inLists(path: readonly (string | number)[]): boolean {
  return (LIST_KEYS as readonly unknown[]).includes(path[0]);
}

