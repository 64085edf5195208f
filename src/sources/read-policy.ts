import { basename, relative } from 'node:path';
import policySchema from '../schemas/policy.schema.json' with { type: 'json' };
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { readTextFile } from './text-file.ts';
import { readYaml, type YamlSource } from './yaml-document.ts';
import { validateAgainst } from './validate.ts';
import { addInterval } from './dates.ts';
import { cleanStrings } from './clean-value.ts';
import { LIMITS, limitHint, scanText } from './limits.ts';
import { LineIndex } from '../diagnostics/position.ts';

export interface PolicyMeta {
  title: string;
  version: string;
  owner: string;
  /** YYYY-MM-DD */
  approved: string;
  /** YYYY-MM-DD, given or computed from review-interval */
  review: string;
  appliesTo: string;
  relatedPolicies: string[];
  keywords: string[];
  /** How clauses are numbered: `roman` (1. / 1.1 / I. / (a), the default) or `decimal` (1. / 1.1 / 1.1.1 / (a)). */
  numbering: 'roman' | 'decimal';
  /** A contents list in every format. */
  contents: boolean;
  /** Every school must adopt it and keep its review in date (`statutory: true`). */
  statutory?: boolean;
  /** Document control, oldest first; when given, the last entry is the current `version`. */
  history: HistoryEntry[];
}

export interface HistoryEntry {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  summary: string;
  approvedBy: string;
}

export interface PolicySource {
  id: string;
  /** Path as shown in diagnostics (relative to the project). */
  file: string;
  meta: PolicyMeta;
  /** The Markdown + Handlebars body after the front matter. */
  body: string;
  /** 1-based line of the file on which the body starts. */
  bodyLine: number;
}

export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export async function readPolicy(path: string, root: string): Promise<{ policy?: PolicySource; diagnostics: Diagnostic[] }> {
  const file = relative(root, path) || path;
  const { text, diagnostics } = await readTextFile(path, file, root, LIMITS.policyBytes);
  if (text === undefined) return { diagnostics };
  return parsePolicy(text, file, basename(path).replace(/\.md$/, ''));
}

/** Splits and validates front matter; the body stays a template until an edition is made. */
export function parsePolicy(text: string, file: string, id: string): { policy?: PolicySource; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!ID_PATTERN.test(id)) {
    diagnostics.push(error(file, 1, 1, `policy id \`${id}\` (the file name) must be lower-case letters, digits and hyphens`));
  }
  const match = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/.exec(text);
  if (!match) {
    diagnostics.push(error(file, 1, 1, 'policy has no front matter', 'start the file with a line `---`, the YAML fields (title, version, owner, approved, review, applies-to), and another `---`'));
    return { diagnostics };
  }
  // The body is scanned for the limits before anything parses it (Handlebars, Markdown or the legislation lint).
  const bodyStart = match[0].length;
  const bodyLine = match[0].split('\n').length;
  const body = text.slice(bodyStart);
  const breach = scanText(body, { subject: 'the policy' });
  if (breach) {
    const at = new LineIndex(body).at(breach.offset);
    diagnostics.push(error(file, at.line + bodyLine - 1, at.column, breach.message, limitHint(breach.limit)));
  }
  const yamlText = match[1] ?? '';
  const source = readYaml(yamlText, file, 1);
  diagnostics.push(...source.diagnostics);
  if (source.diagnostics.length) return { diagnostics };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    diagnostics.push(error(file, 2, 1, 'front matter must be a map of fields (title: …, version: …)'));
    return { diagnostics };
  }
  const problems = validateAgainst(policySchema, source, 'front matter');
  const raw = cleanStrings(source.value) as Record<string, unknown>;
  if (raw.review !== undefined && raw['review-interval'] !== undefined) {
    const at = source.locate(['review-interval'], true);
    problems.push(error(file, at.line, at.column, 'give either `review` or `review-interval`, not both'));
  } else if (raw.review === undefined && raw['review-interval'] === undefined) {
    problems.push(error(file, 2, 1, 'front matter is missing `review` (YYYY-MM-DD) or `review-interval` (e.g. 12 months)'));
  }
  diagnostics.push(...problems);
  if (problems.length) return { diagnostics };

  const approved = raw.approved as string;
  const review = (raw.review as string | undefined) ?? addInterval(approved, raw['review-interval'] as string);
  if (review <= approved) {
    const at = source.locate(['review']);
    diagnostics.push(error(file, at.line, at.column, `review date ${review} is not after the approval date ${approved}`));
    return { diagnostics };
  }
  diagnostics.push(...checkHistory(raw, source.locate, file, approved));
  if (diagnostics.length) return { diagnostics };
  const history = ((raw.history as Record<string, string>[] | undefined) ?? []).map((entry) => ({
    version: entry.version!,
    date: entry.date!,
    summary: entry.summary!,
    approvedBy: entry['approved-by']!,
  }));
  const policy: PolicySource = {
    id,
    file,
    meta: {
      title: raw.title as string,
      version: raw.version as string,
      owner: raw.owner as string,
      approved,
      review,
      appliesTo: raw['applies-to'] as string,
      relatedPolicies: (raw['related-policies'] as string[] | undefined) ?? [],
      keywords: (raw.keywords as string[] | undefined) ?? [],
      numbering: raw.numbering === 'decimal' ? 'decimal' : 'roman',
      contents: raw.contents === 'true',
      ...(raw.statutory === 'true' ? { statutory: true } : {}),
      history,
    },
    body,
    bodyLine,
  };
  return { policy, diagnostics };
}

/**
 * The history is the document's control record: dates never go backwards, none is after
 * the approval date, and the last entry is the version this file is (its `version`).
 */
function checkHistory(raw: Record<string, unknown>, locate: YamlSource['locate'], file: string, approved: string): Diagnostic[] {
  const history = raw.history as Record<string, string>[] | undefined;
  if (!history?.length) return [];
  const problems: Diagnostic[] = [];
  history.forEach((entry, i) => {
    const previous = history[i - 1];
    if (previous && entry.date! < previous.date!) {
      const at = locate(['history', i, 'date']);
      problems.push(error(file, at.line, at.column, `history: version ${entry.version} is dated ${entry.date}, before version ${previous.version} (${previous.date})`,
        'list the versions oldest first, each dated on or after the one before'));
    } else if (entry.date! > approved) {
      const at = locate(['history', i, 'date']);
      problems.push(error(file, at.line, at.column, `history: version ${entry.version} is dated ${entry.date}, after the policy's approval date ${approved}`,
        'a version in the history was approved on or before the current version'));
    }
  });
  const last = history[history.length - 1]!;
  if (last.version !== raw.version) {
    const at = locate(['history', history.length - 1]);
    problems.push(error(file, at.line, at.column, `the last entry of history is version ${last.version}, but the policy is version ${String(raw.version)}`,
      `add an entry for version ${String(raw.version)} at the end of history (version, date, summary, approved-by)`));
  }
  return problems;
}
