import { distance } from '../diagnostics/suggest.ts';
import type { Register, RegisterEntry } from './register-entry.ts';

/**
 * Finding citations of legislation and guidance in prose, and comparing each
 * with the register.
 *
 * Legislation is found from its keyword (Act, Acts, Regulations, Order): the
 * capitalised title words before it are read backwards (with "and", "of", "the"
 * … and commas between them, and parenthesised parts such as "(Use and Access)"),
 * and the year or years after it. Every step is bounded, so a scan is linear in
 * the length of the text whatever the text is. Guidance has no keyword: the
 * register's guidance titles are looked for, in any case and with or without
 * apostrophes, followed by the edition ("(September 2018)", "July 2011 (updated
 * June 2013)", "2025").
 */

export type Verdict = 'ok' | 'mismatch' | 'repealed' | 'superseded' | 'outdated' | 'unknown';

export interface Citation {
  /** Offsets of the citation as written, in the text scanned. */
  start: number;
  end: number;
  /** The citation as written (whitespace collapsed). */
  written: string;
  kind: 'legislation' | 'guidance';
  /** The entry the citation names, or the one it most likely means when it does not match. */
  entry?: RegisterEntry;
  verdict: Verdict;
  /** What to cite instead, when the verdict is not ok. */
  suggestion?: RegisterEntry;
  /** The warning, when the citation does not match the register. */
  message?: string;
}

interface Candidate {
  /** Start offsets of the title's units (words or parenthesised parts), left to right. */
  units: number[];
  titleEnd: number;
  keyword: string;
  year?: number;
  /** Where the citation starts when it is one of a plural's years ("1996" in "Defamation Acts 1952, 1996 and 2013"). */
  yearStart?: number;
  end: number;
  /** Set on the second and later years of a plural citation. */
  plural?: boolean;
}

const KEYWORD = /(?<![\p{L}\p{N}])(Acts|Act|Regulations|Regulation|Orders|Order)(?![\p{L}\p{N}])/gu;
const WORD_CHAR = /[\p{L}\p{M}'’-]/u;
const CONNECTORS = new Set(['and', 'of', 'the', 'for', 'in', 'from', 'to', 'on', 'by', 'with', 'at', '&']);
/** Words that start sentences rather than titles: "The Data Protection Act", "Under the …". */
const LEADING = new Set(['The', 'This', 'That', 'These', 'Those', 'Under', 'Both', 'Any', 'Each', 'Every', 'See', 'In', 'Of', 'Our', 'Their', 'Its', 'A', 'An', 'And', 'Or', 'But', 'Also', 'If', 'Where', 'When', 'As', 'By', 'For', 'With', 'To', 'From', 'Per']);
const MAX_UNITS = 14;
const MAX_PAREN = 80;

/** Lower case, one kind of apostrophe and dash, single spaces. */
export function norm(s: string): string {
  return s.normalize('NFC').replace(/[‘’ʼ`´]/g, "'").replace(/[‐-―]/g, '-').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Acts and Act, Orders and Order are the same name; Regulations and Regulation are not (a common misprint). */
export function keywordKey(keyword: string): string {
  if (keyword === 'Acts') return 'act';
  if (keyword === 'Orders') return 'order';
  return keyword.toLowerCase();
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u00a0';
}

/** Skips spaces (and at most one line break) backwards from `i`; returns the new position. */
function spaceBefore(text: string, i: number): number {
  let j = i;
  let newlines = 0;
  while (j > 0) {
    const ch = text[j - 1];
    if (isSpace(ch)) j--;
    else if (ch === '\n' && newlines === 0) {
      newlines++;
      j--;
    } else break;
  }
  return j;
}

/** The title unit (a capitalised word or a parenthesised part) that ends at `end`, if any. */
function unitBefore(text: string, end: number): number | undefined {
  if (text[end - 1] === ')') {
    for (let k = end - 2; k >= Math.max(0, end - MAX_PAREN); k--) {
      const ch = text[k];
      if (ch === '\n' || ch === ')') return undefined;
      if (ch === '(') return /^\p{Lu}/u.test(text[k + 1] ?? '') ? k : undefined;
    }
    return undefined;
  }
  let k = end;
  while (k > 0 && end - k < 40 && WORD_CHAR.test(text[k - 1]!)) k--;
  if (k === end) return undefined;
  if (k > 0 && /[\p{N}_]/u.test(text[k - 1]!)) return undefined;
  const word = text.slice(k, end);
  if (!/^\p{Lu}/u.test(word) || word === 'Act' || word === 'Acts') return undefined;
  return k;
}

/** The lower-case word ending at `end` (for connectors), with its start. */
function connectorBefore(text: string, end: number): number | undefined {
  if (text[end - 1] === '&') return end - 1;
  let k = end;
  while (k > 0 && end - k < 5 && /[a-z]/.test(text[k - 1]!)) k--;
  return k < end && CONNECTORS.has(text.slice(k, end)) && !/[\p{L}\p{N}]/u.test(text[k - 1] ?? '') ? k : undefined;
}

/** Reads the title before a keyword, backwards: its units' start offsets, left to right. */
function titleBefore(text: string, kwStart: number): { units: number[]; titleEnd: number } | undefined {
  let j = spaceBefore(text, kwStart);
  if (j === kwStart) return undefined;
  // "Health and Safety at Work etc. Act 1974"
  if (text.slice(j - 4, j) === 'etc.') {
    const k = spaceBefore(text, j - 4);
    if (k === j - 4) return undefined;
    j = k;
  }
  const titleEnd = j;
  const units: number[] = [];
  while (units.length < MAX_UNITS) {
    const unit = unitBefore(text, j);
    if (unit === undefined) break;
    units.unshift(unit);
    // What joins this unit to the one before it: a space, a comma ("Copyright, Designs") or a connector ("and").
    const s = spaceBefore(text, unit);
    if (s === unit) break;
    if (text[s - 1] === ',') {
      j = s - 1;
      continue;
    }
    const connector = connectorBefore(text, s);
    if (connector !== undefined) {
      const t = spaceBefore(text, connector);
      if (t === connector) break;
      j = t;
      continue;
    }
    j = s;
  }
  return units.length ? { units, titleEnd } : undefined;
}

/** The year after the keyword: "Act 1998" or "Act (1998)". */
const YEAR = /[ \t\u00a0]+(\d{4})(?!\d)|[ \t\u00a0]*\([ \t\u00a0]*(\d{4})[ \t\u00a0]*\)/y;
const MORE_YEARS = /(?:[ \t\u00a0]*,[ \t\u00a0]*(?:and[ \t\u00a0]+)?|[ \t\u00a0]+and[ \t\u00a0]+|[ \t\u00a0]*&[ \t\u00a0]*)(\d{4})(?!\d)/y;

/** Every mention of legislation in a text: title, keyword and year(s). */
function legislationCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    const keyword = m[1]!;
    const kwEnd = m.index + keyword.length;
    // "Public Order Act", "Regulation of Investigatory Powers Act": this keyword is part of a longer title.
    if (/^[ \t\u00a0]+(?:Acts?|Regulations?|Orders?|of)(?![\p{L}\p{N}])/u.test(text.slice(kwEnd, kwEnd + 16))) continue;
    const title = titleBefore(text, m.index);
    if (!title || title.units.every((u, i) => LEADING.has(text.slice(u, title.units[i + 1] ?? title.titleEnd).trim()))) continue;
    YEAR.lastIndex = kwEnd;
    const y = YEAR.exec(text);
    if (!y) {
      out.push({ ...title, keyword, end: kwEnd });
      continue;
    }
    out.push({ ...title, keyword, year: Number(y[1] ?? y[2]), end: YEAR.lastIndex });
    if (keyword !== 'Acts') continue;
    let at = YEAR.lastIndex;
    for (;;) {
      MORE_YEARS.lastIndex = at;
      const more = MORE_YEARS.exec(text);
      if (!more) break;
      out.push({ ...title, keyword, year: Number(more[1]), yearStart: MORE_YEARS.lastIndex - 4, end: MORE_YEARS.lastIndex, plural: true });
      at = MORE_YEARS.lastIndex;
    }
    KEYWORD.lastIndex = Math.max(KEYWORD.lastIndex, at);
  }
  return out;
}

/** A register title read as a citation: `Data Protection Act 2018` → name, keyword and year. */
export function parseLegislationTitle(title: string): { name: string; keyword: string; year?: number } | undefined {
  const found = legislationCandidates(title).filter((c) => !c.plural);
  const whole = found.find((c) => c.units[0] === 0 && c.end === title.length);
  if (!whole || found.length !== 1) return undefined;
  return { name: title.slice(0, whole.titleEnd), keyword: whole.keyword, ...(whole.year !== undefined ? { year: whole.year } : {}) };
}

/** A year that is a slip of another: one digit different, or two neighbouring digits swapped (1998/1988, 2003/2002). */
function yearSlip(a: number, b: number): boolean {
  const x = String(a);
  const y = String(b);
  if (x.length !== 4 || y.length !== 4 || x === y) return false;
  const diff = [0, 1, 2, 3].filter((i) => x[i] !== y[i]);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && x[diff[0]!] === y[diff[1]!] && x[diff[1]!] === y[diff[0]!];
}

const usable = (e: RegisterEntry) => e.status === 'in-force' || e.status === 'partly-repealed';

function byStatus(entry: RegisterEntry): Verdict {
  if (entry.status === 'repealed') return 'repealed';
  if (entry.status === 'superseded') return 'superseded';
  return 'ok';
}

function replacement(entry: RegisterEntry, register: Register): RegisterEntry | undefined {
  return entry.supersededBy ? register.byId.get(entry.supersededBy) : undefined;
}

/** The warning for a citation that does not match the register. */
export function messageFor(written: string, verdict: Verdict, entry: RegisterEntry | undefined, suggestion: RegisterEntry | undefined): string | undefined {
  const w = written.replace(/\s+/g, ' ').trim();
  const mean = suggestion ? `did you mean '${suggestion.citation}' (${suggestion.id})?` : '';
  switch (verdict) {
    case 'mismatch':
      return `'${w}' does not match the register: ${mean}`;
    case 'repealed':
      return `'${w}' (${entry!.id}) is repealed${mean ? `: ${mean}` : ''}`;
    case 'superseded':
      return `'${w}' (${entry!.id}) is superseded${mean ? `: ${mean}` : ''}`;
    case 'outdated':
      return `'${w}' is an outdated edition: ${mean}`;
    default:
      return undefined;
  }
}

function citation(text: string, start: number, end: number, kind: Citation['kind'], verdict: Verdict, entry?: RegisterEntry, suggestion?: RegisterEntry, written?: string): Citation {
  const w = (written ?? text.slice(start, end)).replace(/\s+/g, ' ').trim();
  const message = messageFor(w, verdict, entry, suggestion);
  return { start, end, written: w, kind, verdict, ...(entry ? { entry } : {}), ...(suggestion ? { suggestion } : {}), ...(message ? { message } : {}) };
}

function resolveLegislation(text: string, c: Candidate, register: Register): Citation {
  const kw = keywordKey(c.keyword);
  const suffixes = c.units.map((start) => ({ start, name: text.slice(start, c.titleEnd) }));
  const span = (start: number) => {
    const from = c.plural ? c.yearStart! : start;
    const written = c.plural ? `${text.slice(start, c.titleEnd)} Act ${c.year}` : undefined;
    return { from, written };
  };
  const make = (start: number, verdict: Verdict, entry?: RegisterEntry, suggestion?: RegisterEntry) => {
    const { from, written } = span(start);
    return citation(text, from, c.end, 'legislation', verdict, entry, suggestion, written);
  };
  const judge = (start: number, entry: RegisterEntry) => {
    const verdict = byStatus(entry);
    return make(start, verdict, entry, verdict === 'ok' ? undefined : replacement(entry, register));
  };

  for (const s of suffixes) {
    const hits = register.byName.get(`${norm(s.name)} ${kw}`);
    if (!hits) continue;
    if (c.year === undefined) {
      const undated = hits.find((h) => h.year === undefined);
      const entry = undated?.entry ?? hits.map((h) => h.entry).find(usable) ?? hits[0]!.entry;
      return judge(s.start, entry);
    }
    const same = hits.find((h) => h.year === undefined || h.year === c.year);
    if (same) return judge(s.start, same.entry);
    const slip = hits.find((h) => h.year !== undefined && yearSlip(h.year, c.year!));
    if (slip) return make(s.start, 'mismatch', slip.entry, slip.entry);
    // Same name, another year: another Act the register does not have (Education Act 2011).
    return make(firstTitleUnit(text, c), 'unknown');
  }

  for (const s of suffixes) {
    const key = `${norm(s.name)} ${kw}`;
    const limit = Math.min(2, Math.floor(key.length / 8));
    if (limit === 0) continue;
    let best: (typeof register.names)[number] | undefined;
    let bestDistance = Infinity;
    for (const n of register.names) {
      if (Math.abs(n.key.length - key.length) > limit) continue;
      const d = distance(key, n.key);
      if (d < bestDistance) {
        bestDistance = d;
        best = n;
      }
    }
    if (!best || bestDistance > limit) continue;
    if (c.year === undefined || best.year === undefined || best.year === c.year || yearSlip(best.year, c.year)) {
      return make(s.start, 'mismatch', best.entry, best.entry);
    }
    break;
  }
  return make(firstTitleUnit(text, c), 'unknown');
}

/** Where an unrecognised citation starts: its title without sentence words ("The", "Under") in front. */
function firstTitleUnit(text: string, c: Candidate): number {
  for (let i = 0; i < c.units.length; i++) {
    const start = c.units[i]!;
    const end = i + 1 < c.units.length ? c.units[i + 1]! : c.titleEnd;
    const word = text.slice(start, end).trim().split(/\s/)[0]!;
    if (!LEADING.has(word)) return start;
  }
  return c.units[c.units.length - 1]!;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const TAIL = new RegExp(String.raw`[ \t\u00a0]*(?:(\()|(\))|[,:;–—-]|(?:last[ \t]+)?(?:updated|revised|amended|edition|published|version|issued|from|in[ \t]+force)\b|(?:${MONTHS})\b|\d{1,2}(?:st|nd|rd|th)?(?=[ \t]+(?:${MONTHS})\b)|(\d{4})(?!\d))`, 'iy');

/** The edition after a guidance title: the years it names, and where it ends. */
function editionAfter(text: string, from: number): { years: number[]; end: number } {
  const tokens: { end: number; open?: boolean; close?: boolean; year?: number }[] = [];
  let at = from;
  while (at - from < 100) {
    TAIL.lastIndex = at;
    const m = TAIL.exec(text);
    if (!m || TAIL.lastIndex === at) break;
    at = TAIL.lastIndex;
    tokens.push({ end: at, ...(m[1] ? { open: true } : {}), ...(m[2] ? { close: true } : {}), ...(m[3] ? { year: Number(m[3]) } : {}) });
  }
  const last = tokens.map((t) => t.year !== undefined).lastIndexOf(true);
  if (last < 0) return { years: [], end: from };
  let depth = 0;
  for (const t of tokens.slice(0, last + 1)) depth += t.open ? 1 : t.close ? -1 : 0;
  let end = tokens[last]!.end;
  for (const t of tokens.slice(last + 1)) {
    if (!t.close || depth <= 0) break;
    depth--;
    end = t.end;
  }
  return { years: tokens.filter((t) => t.year !== undefined).map((t) => t.year!), end };
}

function guidanceCitations(text: string, register: Register): Citation[] {
  const out: Citation[] = [];
  const taken: [number, number][] = [];
  for (const g of register.guidance) {
    g.pattern.lastIndex = 0;
    for (let m = g.pattern.exec(text); m; m = g.pattern.exec(text)) {
      const start = m.index;
      const titleEnd = start + m[0].length;
      if (taken.some(([a, b]) => start < b && titleEnd > a)) continue;
      const { years, end } = editionAfter(text, titleEnd);
      taken.push([start, end]);
      const entry = g.entry;
      const titleOk = [entry.title, ...entry.aliases].some((name) => norm(name) === norm(m[0]));
      const cited = years.length ? Math.max(...years) : undefined;
      let verdict: Verdict = 'ok';
      let suggestion: RegisterEntry | undefined;
      if (entry.status === 'superseded' || entry.status === 'repealed') {
        verdict = byStatus(entry);
        suggestion = replacement(entry, register);
      } else if (!titleOk) {
        verdict = 'mismatch';
        suggestion = entry;
      } else if (cited !== undefined && entry.editionYear !== undefined && cited < entry.editionYear) {
        verdict = 'outdated';
        suggestion = entry;
      }
      out.push(citation(text, start, end, 'guidance', verdict, entry, suggestion));
    }
  }
  return out;
}

/** Every citation of legislation or guidance in a text, compared with the register, in the order they appear. */
export function findCitations(text: string, register: Register): Citation[] {
  const found = legislationCandidates(text).map((c) => resolveLegislation(text, c, register));
  found.push(...guidanceCitations(text, register));
  return found.sort((a, b) => a.start - b.start || a.end - b.end);
}
