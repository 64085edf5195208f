import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { formatDiagnostic, warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex } from '../diagnostics/position.ts';
import type { Project } from '../project/load-project.ts';
import { DEFAULTS_FILE } from '../schools/school.ts';
import type { PolicySource } from '../sources/read-policy.ts';
import { findCitations, type Citation } from '../legislation/citations.ts';
import { examineEntry, inLists, isEntry, listEntries, type CitationRecord } from '../legislation/entries.ts';
import { defaultRegister, describeEntry } from '../legislation/register.ts';
import type { Register } from '../legislation/register-entry.ts';

export interface LintResult {
  /** Warnings: citations that do not match the register. */
  diagnostics: Diagnostic[];
  /** Every citation found, matched or not. */
  citations: CitationRecord[];
}

/** Blanks out what is not prose (placeholders, HTML comments), keeping every offset and line break. */
function prose(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const placeholder = body.indexOf('{{', at);
    const comment = body.indexOf('<!--', at);
    const next = placeholder < 0 ? comment : comment < 0 ? placeholder : Math.min(placeholder, comment);
    if (next < 0) break;
    const close = next === placeholder ? body.indexOf('}}', next + 2) : body.indexOf('-->', next + 4);
    const end = close < 0 ? body.length : close + (next === placeholder ? 2 : 3);
    out += body.slice(at, next) + body.slice(next, end).replace(/[^\n]/g, ' ');
    at = end;
    if (close < 0) break;
  }
  return out + body.slice(at);
}

function record(file: string, line: number, column: number, c: Pick<Citation, 'written' | 'entry' | 'verdict' | 'message'>): CitationRecord {
  return { file, line, column, written: c.written, verdict: c.verdict, ...(c.entry ? { entry: c.entry } : {}), ...(c.message ? { message: c.message } : {}) };
}

/** Every citation in a policy's body, at its line and column in the policy file. */
export function lintPolicy(policy: PolicySource, register: Register = defaultRegister()): LintResult {
  const index = new LineIndex(policy.body);
  const result: LintResult = { diagnostics: [], citations: [] };
  for (const c of findCitations(prose(policy.body), register)) {
    const { line, column } = index.at(c.start);
    const at = line + policy.bodyLine - 1;
    result.citations.push(record(policy.file, at, column, c));
    if (c.message) result.diagnostics.push(warning(policy.file, at, column, c.message));
  }
  return result;
}

/**
 * Every citation in a school config: each entry of its legislation lists and
 * guidance (a text that does not match the ids it names is a warning at the
 * text's own line and column), and citations in any other value.
 */
export function lintConfig(text: string, file: string, register: Register = defaultRegister()): LintResult {
  const result: LintResult = { diagnostics: [], citations: [] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) return result;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch {
    return result;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return result;
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const nodeAt = (path: (string | number)[]) => doc.getIn(path, true) as YamlNode | undefined;

  for (const { path, entry } of listEntries(value as Record<string, unknown>)) {
    if (!isEntry(entry)) continue;
    for (const finding of examineEntry(entry, path, register)) {
      const node = nodeAt(finding.path) ?? nodeAt(path);
      let offset = node?.range?.[0] ?? 0;
      if (finding.offset !== undefined && isScalar(node) && typeof node.value === 'string' && node.range) {
        const start = scalarTextStart(text, node.range[0], node.range[1], node.value, node.type);
        if (start !== undefined) offset = start + finding.offset;
      }
      const { line, column } = position(offset);
      if (!finding.advice) result.citations.push(record(file, line, column, finding));
      const message = finding.advice ?? finding.message;
      if (message) result.diagnostics.push(warning(file, line, column, message));
    }
  }

  // Citations anywhere else: related policies, contact labels …
  const walk = (node: unknown, path: (string | number)[]) => {
    if (inLists(path)) return;
    if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.range) {
      const start = scalarTextStart(text, node.range[0], node.range[1], node.value, node.type);
      for (const c of findCitations(node.value, register)) {
        const { line, column } = position(start === undefined ? node.range[0] : start + c.start);
        result.citations.push(record(file, line, column, c));
        if (c.message) result.diagnostics.push(warning(file, line, column, c.message));
      }
    }
  };
  walk(doc.contents, []);
  return result;
}

/** Where a scalar's value starts in the source, when it is written there as is (plain or quoted on one line). */
function scalarTextStart(text: string, from: number, to: number, value: string, type: string | undefined): number | undefined {
  if (type === 'PLAIN' && text.slice(from, to) === value) return from;
  if ((type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') && text.slice(from + 1, from + 1 + value.length) === value) return from + 1;
  return undefined;
}

/**
 * The register's view of a whole project: every citation in every policy body
 * and every config (the LA defaults and each school's own file), and a warning
 * for each that does not match. Run by `policyc check`; the build itself only
 * refuses ids the register lacks.
 */
export async function lintProject(project: Project, register: Register = defaultRegister()): Promise<LintResult> {
  const result: LintResult = { diagnostics: [], citations: [] };
  const add = (r: LintResult) => {
    result.diagnostics.push(...r.diagnostics);
    result.citations.push(...r.citations);
  };
  for (const policy of [...project.policies].sort((a, b) => (a.file < b.file ? -1 : 1))) add(lintPolicy(policy, register));
  // The configs as the project loader read and vetted them (size, encoding, no links out of the project).
  const files: string[] = [];
  const defaults = join('schools', DEFAULTS_FILE);
  if (project.configTexts.has(defaults)) files.push(defaults);
  files.push(...project.schools.map((s) => s.file).sort());
  const cache = new Map<string, LintResult>();
  for (const file of files) {
    const text = project.configTexts.get(file);
    if (text === undefined) continue;
    let r = cache.get(text);
    if (!r) {
      r = lintConfig(text, '\0', register);
      cache.set(text, r);
    }
    // Files with the same text give the same findings: only the file name differs.
    add({
      diagnostics: r.diagnostics.map((d) => ({ ...d, file })),
      citations: r.citations.map((c) => ({ ...c, file })),
    });
  }
  const seen = new Set<string>();
  result.diagnostics = result.diagnostics.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return result;
}

/** One line of `policyc check --legislation`: where, what is written, and the register's entry for it. */
export function formatCitation(c: CitationRecord): string {
  const what = c.entry ? describeEntry(c.entry) : 'not in the register';
  return `${c.file}:${c.line}:${c.column}: '${c.written}' → ${what}${c.message ? ` (warning: ${c.message})` : ''}`;
}

/** A citation for `--json`. */
export function citationJson(c: CitationRecord): Record<string, unknown> {
  return {
    file: c.file,
    line: c.line,
    column: c.column,
    text: c.written,
    verdict: c.verdict,
    entry: c.entry
      ? {
          id: c.entry.id,
          title: c.entry.title,
          year: c.entry.year,
          ...(c.entry.chapter ? { chapter: c.entry.session ? `${c.entry.session} ${c.entry.chapter}` : c.entry.chapter } : {}),
          ...(c.entry.number ? { number: c.entry.number } : {}),
          ...(c.entry.edition ? { edition: c.entry.edition, editionDate: c.entry.editionDate } : {}),
          status: c.entry.status,
          ...(c.entry.supersededBy ? { supersededBy: c.entry.supersededBy } : {}),
          ...(c.entry.url ? { url: c.entry.url } : {}),
        }
      : null,
    ...(c.message ? { message: c.message } : {}),
  };
}
