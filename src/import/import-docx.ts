import mammoth from 'mammoth';
import { zipSync } from 'fflate';
import { defaultRegister } from '../legislation/register.ts';
import type { Register } from '../legislation/register-entry.ts';
import type { School } from '../schools/school.ts';
import { DocxError, openDocx } from './docx-package.ts';
import { readHtml } from './html-blocks.ts';
import { recognise, type ImageData, type Recognised } from './to-markdown.ts';
import { prepareDocument, words, type CoreProperties, type Unmapped } from './word-xml.ts';

/**
 * `policyc import`: a Word document → a policy source (front matter + Markdown), its figures,
 * and a report of what was recognised, substituted and left out. Nothing here writes a file.
 */

export interface ImportOptions {
  id: string;
  /** The file as named in messages. */
  display: string;
  school?: School;
  register?: Register;
}

export interface FrontMatterField { value?: string; from: string }

export interface ImportReport {
  id: string;
  school?: string;
  numbering: 'roman' | 'decimal';
  recognised: Record<string, number>;
  frontMatter: Record<string, FrontMatterField>;
  substitutions: Recognised['substitutions'];
  partials: Recognised['partials'];
  numbers: Recognised['numbers'];
  references: Recognised['references'];
  citations: Recognised['citations'];
  figures: { file: string; alt: string; paragraph?: number }[];
  unmapped: Unmapped[];
  /** The word accounting: every word of the Word document's body is in the source or in this report. */
  words: { body: number; inSource: number; inReport: number; unaccounted: string[] };
}

export interface ImportResult {
  source: string;
  figures: { name: string; bytes: Uint8Array }[];
  report: ImportReport;
}

const STYLE_MAP = [
  "p[style-name='Title'] => p.title:fresh",
  "p[style-name='Subtitle'] => p.subtitle:fresh",
  "p[style-name='Table Text'] => p:fresh",
  "p[style-name='Caption'] => p.caption:fresh",
  "p[style-name='Table Caption'] => p.caption:fresh",
  "p[style-name='Body Text'] => p:fresh",
  "p[style-name='First Paragraph'] => p:fresh",
  "p[style-name='Text Body'] => p:fresh",
  "p[style-name='Table Contents'] => p:fresh",
  "p[style-name='Table Heading'] => p:fresh",
  "p[style-name='Footnote'] => p:fresh",
  "p[style-name='footnote text'] => p:fresh",
  "p[style-name='Image Caption'] => p.caption:fresh",
  "p[style-name='Figure'] => p:fresh",
  "p[style-name='Captioned Figure'] => p:fresh",
  "p[style-name='Heading'] => p:fresh",
  "p[style-name='Author'] => p.subtitle:fresh",
  ...Array.from({ length: 9 }, (_, i) => `p[style-name='toc ${i + 1}'] => p.toc:fresh`),
  "p[style-name='TOC Heading'] => p.toc:fresh",
  "p[style-name='Date'] => p.subtitle:fresh",
];

/** Styles every writer uses for ordinary text: not worth a line in the report. */
const BENIGN_STYLES = new Set(['Compact', 'List Paragraph', 'Normal', 'Body Text', 'First Paragraph', 'Text Body', 'Footnote Characters', 'Footnote Anchor', 'Footnote Symbol', 'Endnote Characters', 'Internet Link', 'Hyperlink', 'Strong', 'Emphasis', 'Default Paragraph Font', 'Source Text', 'Table Contents', 'Table Heading', 'footnote reference', 'Footnote Reference', 'Body Text Char', 'Verbatim Char', 'Numbering Symbols', 'ListLabel 1', 'Graphics']);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A date as written in a Word policy ("1 September 2026", "01/09/2026", "2026-09-01", "September 2026"), as YYYY-MM-DD. */
export function parseDate(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/(\d)(st|nd|rd|th)\b/, '$1').replace(/,/g, '');
  const pad = (n: number) => String(n).padStart(2, '0');
  const valid = (y: number, m: number, d: number) => {
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : undefined;
  };
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) return valid(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2}) ([a-z]+) (\d{4})$/.exec(t);
  if (m && MONTHS.includes(m[2]!)) return valid(Number(m[3]), MONTHS.indexOf(m[2]!) + 1, Number(m[1]));
  m = /^([a-z]+) (\d{4})$/.exec(t);
  if (m && MONTHS.includes(m[1]!)) return valid(Number(m[2]), MONTHS.indexOf(m[1]!) + 1, 1);
  return undefined;
}

const VERSION = /^[0-9]+(\.[0-9]+){0,2}$/;

function frontMatter(rec: Recognised, core: CoreProperties): { yaml: string; fields: Record<string, FrontMatterField> } {
  const fields: Record<string, FrontMatterField> = {};
  const lines: string[] = ['---'];
  const q = (s: string) => JSON.stringify(s);
  const todo = (key: string, bad: string, what: string) => {
    fields[key] = { from: 'not found: TODO' };
    lines.push(`${key}: ${bad}  # TODO: ${what} (not found in the Word document; \`policyc check\` reports this until it is filled in)`);
  };
  if (rec.title) {
    fields.title = { value: rec.title, from: rec.counts.title ? 'the title' : 'the document properties (dc:title)' };
    lines.push(`title: ${q(rec.title)}`);
  } else todo('title', '""', 'the policy\'s title');
  const version = rec.meta.version?.value.replace(/^v(ersion)?\s*/i, '');
  if (version && VERSION.test(version)) {
    fields.version = { value: version, from: rec.meta.version!.from };
    lines.push(`version: ${q(version)}`);
  } else if (core.version && VERSION.test(core.version)) {
    fields.version = { value: core.version, from: 'the document properties (cp:version)' };
    lines.push(`version: ${q(core.version)}`);
  } else todo('version', 'TODO', 'the version number, quoted, e.g. "1.0"');
  const owner = rec.meta.owner?.value;
  if (owner) {
    fields.owner = { value: owner, from: rec.meta.owner!.from };
    lines.push(`owner: ${q(owner)}`);
  } else if (core.creator) {
    fields.owner = { value: core.creator, from: "the document's author property (dc:creator): check it names the owning service" };
    lines.push(`owner: ${q(core.creator)}  # from the Word document's author: check it names the service that owns the policy`);
  } else todo('owner', '""', 'the LA service that owns the policy');
  for (const [key, what] of [['approved', 'the approval date, YYYY-MM-DD'], ['review', 'the review date, YYYY-MM-DD (or review-interval: 12 months)']] as const) {
    const written = rec.meta[key]?.value;
    const date = written ? parseDate(written) : undefined;
    if (date) {
      fields[key] = { value: date, from: `${rec.meta[key]!.from} ("${written}")` };
      lines.push(`${key}: ${date}`);
    } else todo(key, 'TODO', written ? `${what}; the Word document says "${written}"` : what);
  }
  const applies = rec.meta['applies-to']?.value;
  if (applies) {
    fields['applies-to'] = { value: applies, from: rec.meta['applies-to']!.from };
    lines.push(`applies-to: ${q(applies)}`);
  } else todo('applies-to', '""', 'who the policy applies to');
  if (rec.relatedPolicies?.length) {
    fields['related-policies'] = { value: rec.relatedPolicies.join('; '), from: 'the clause "… read in conjunction with …" (now {{and-list policy.relatedPolicies}})' };
    lines.push('related-policies:', ...rec.relatedPolicies.map((r) => `  - ${q(r)}`));
  }
  const keywords = core.keywords?.split(/[;,]/).map((k) => k.trim()).filter(Boolean) ?? [];
  if (keywords.length) {
    fields.keywords = { value: keywords.join('; '), from: 'the document properties (cp:keywords)' };
    lines.push('keywords:', ...keywords.map((k) => `  - ${q(k)}`));
  }
  if (rec.numbering === 'decimal') {
    fields.numbering = { value: 'decimal', from: 'sub-clauses numbered 2.1.1 in the Word document' };
    lines.push('numbering: decimal');
  }
  if (rec.contents) {
    fields.contents = { value: 'true', from: "the Word document's contents list (its TOC field or TOC-styled lines)" };
    lines.push('contents: true');
  }
  if (rec.history?.length) {
    fields.history = { value: rec.history.map((h) => h.version).join(', '), from: 'the document-control table' };
    lines.push('history:');
    for (const h of rec.history) {
      const date = parseDate(h.date);
      lines.push(`  - version: ${q(h.version)}`);
      lines.push(date ? `    date: ${date}` : `    date: TODO  # TODO: the date as YYYY-MM-DD; the Word document says ${q(h.date)}`);
      lines.push(`    summary: ${q(h.summary)}`, `    approved-by: ${q(h.approvedBy)}`);
    }
  }
  lines.push('---', '');
  return { yaml: lines.join('\n'), fields };
}

/** Counts each word of `pool` once against `body`; what is left of body is unaccounted. */
function account(body: string[], pool: string[]): string[] {
  const have = new Map<string, number>();
  for (const w of pool) have.set(w, (have.get(w) ?? 0) + 1);
  const left: string[] = [];
  for (const w of body) {
    const n = have.get(w) ?? 0;
    if (n > 0) have.set(w, n - 1);
    else left.push(w);
  }
  return left;
}

export async function importDocx(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const pkg = openDocx(bytes, options.display);
  const prepared = prepareDocument(pkg);
  if (!prepared.bodyText.some((t) => t.trim()) && !/<w:drawing|<w:pict/.test(prepared.documentXml)) {
    throw new DocxError(`${options.display} is an empty Word document: its body has no text`);
  }
  const parts: Record<string, Uint8Array> = {};
  for (const [name, data] of pkg.parts) parts[name] = data;
  parts['word/document.xml'] = new TextEncoder().encode(prepared.documentXml);
  const images = new Map<string, ImageData>();
  const converted = await mammoth.convertToHtml({ buffer: Buffer.from(zipSync(parts, { level: 0 })) }, {
    styleMap: STYLE_MAP,
    includeEmbeddedStyleMap: false,
    externalFileAccess: false,
    convertImage: mammoth.images.imgElement(async (image) => {
      const src = `pc-image-${images.size + 1}`;
      const alt = (image as unknown as { altText?: string }).altText ?? '';
      images.set(src, { bytes: new Uint8Array(await image.readAsBuffer()), contentType: image.contentType, alt });
      return { src, alt };
    }),
  });
  const { blocks, notes } = readHtml(converted.value);
  const register = options.register ?? defaultRegister();
  const rec = recognise({
    id: options.id,
    blocks,
    notes,
    paragraphs: new Map(prepared.paragraphs.map((p) => [p.index, p])),
    images,
    coreTitle: prepared.core.title,
    school: options.school,
    register,
  });
  const unmapped: Unmapped[] = [...prepared.unmapped, ...rec.unmapped];
  // A TOC field (filled in or not) asks for a contents list.
  if (prepared.unmapped.some((u) => u.kind === 'field' && /^TOC\b/i.test(u.text))) rec.contents = true;
  const styles: string[] = [];
  for (const m of converted.messages) {
    const style = /^Unrecognised (paragraph|run) style: '([^']*)'/.exec(m.message);
    if (style && BENIGN_STYLES.has(style[2]!)) continue;
    if (style) {
      if (!styles.includes(style[2]!)) styles.push(style[2]!);
    } else if (!/^Did not understand this style mapping/.test(m.message)) unmapped.push({ kind: 'other', text: m.message, note: 'reported by the DOCX reader (mammoth)' });
  }

  if (styles.length) unmapped.push({ kind: 'style', text: styles.join(', '), note: `Word styles whose text is imported but whose look is not (policyc's formats have their own)` });
  const { yaml, fields } = frontMatter(rec, prepared.core);
  const source = `${yaml}\n${rec.body}`;

  // The word accounting: the body's words against the source's and the report's.
  const bodyWords = prepared.bodyText.flatMap(words);
  // Placeholders, link targets and labels are not the document's words (escaped text that looks like them is).
  const markup = rec.body
    .replace(/(?<!\\)\{\{[^}]*\}\}/g, ' ')
    .replace(/(?<!\\)\]\((?:[^)\\]|\\.)*\)/g, '] ')
    .replace(/(?<!\\)\{#[\w-]+\}/g, ' ');
  const sourceWords = words(markup);
  const reportWords = [
    ...rec.substitutions.map((s) => s.value),
    ...rec.partials.map((p) => p.replaced),
    ...rec.numbers.map((n) => n.was),
    ...rec.references.map((r) => r.written),
    ...rec.dropped,
    ...unmapped.map((u) => u.text),
    ...Object.values(rec.meta).map((m) => m.value),
    ...(rec.title ? [rec.title] : []),
  ].flatMap(words);
  const afterSource = account(bodyWords, sourceWords);
  const unaccounted = account(afterSource, reportWords);
  if (unaccounted.length) {
    unmapped.push({ kind: 'words', text: unaccounted.join(' '), note: 'words of the Word document found neither in the source nor elsewhere in this report: check the source against the document' });
  }
  const report: ImportReport = {
    id: options.id,
    school: options.school?.id,
    numbering: rec.numbering,
    recognised: rec.counts,
    frontMatter: fields,
    substitutions: rec.substitutions,
    partials: rec.partials,
    numbers: rec.numbers,
    references: rec.references,
    citations: rec.citations,
    figures: rec.figures.map((f) => ({ file: `policies/figures/${f.name}`, alt: f.alt, paragraph: f.paragraph })),
    unmapped,
    words: { body: bodyWords.length, inSource: bodyWords.length - afterSource.length, inReport: afterSource.length - unaccounted.length, unaccounted },
  };
  return { source, figures: rec.figures.map((f) => ({ name: f.name, bytes: f.bytes })), report };
}
