import { lstatSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { formatDiagnostic, UsageError } from '../diagnostics/diagnostic.ts';
import { DocxError } from '../import/docx-package.ts';
import { importDocx, type ImportReport } from '../import/import-docx.ts';
import { ID_PATTERN } from '../sources/read-policy.ts';
import { inside } from '../sources/text-file.ts';
import { loadProject } from '../project/load-project.ts';
import { writeAtomic } from '../output/write-atomic.ts';
import { EXIT, type Io } from './io.ts';
import { checkIds } from './select.ts';

interface ImportFlags {
  project: string;
  id?: string;
  school?: string;
  force?: boolean;
  json?: boolean;
}

/** A Word document larger than this is not a policy. */
export const MAX_DOCX_BYTES = 64 * 1024 * 1024;

/**
 * `policyc import FILE.docx --id <policy-id>`: writes policies/<id>.md (and its figures) and
 * reports what it recognised and what it could not map. Nothing is written on any error.
 */
export async function importCommand(file: string, flags: ImportFlags, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const id = flags.id ?? '';
  if (!ID_PATTERN.test(id)) {
    throw new UsageError(`--id \`${id}\` is not a policy id: lower-case letters, digits and hyphens, starting and ending with a letter or digit (it becomes policies/${id || '<id>'}.md)`);
  }
  const fail = (message: string) => {
    if (flags.json) io.stdout(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
    io.stderr(`policyc: error: ${message}\n`);
    return EXIT.sourceError;
  };

  let school;
  if (flags.school) {
    const project = await loadProject(root, { policies: [], schools: [flags.school] });
    checkIds('school', [flags.school], project.schoolIds);
    const errors = project.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.stderr(`${formatDiagnostic(d)}\n`);
    school = project.schools.find((s) => s.id === flags.school);
    if (errors.length || !school) return fail(`the config of school \`${flags.school}\` has errors (above): fix them first, its values are what the import looks for`);
  }

  const path = resolve(io.cwd, file);
  let bytes: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return fail(`${file} is not a regular file`);
      if (stat.size > MAX_DOCX_BYTES) return fail(`${file} is ${Math.round(stat.size / 1024 / 1024)} MB, more than the ${MAX_DOCX_BYTES / 1024 / 1024} MB a Word policy can be`);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    return fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }

  // Where it will write: only policies/<id>.md and policies/figures/<id>-<n>.<ext>, inside the project.
  const policiesDir = join(root, 'policies');
  const target = join(policiesDir, `${id}.md`);
  const shown = relative(root, target);
  const existing = lstatOrUndefined(target);
  if (existing && !existing.isFile()) return fail(`${shown} exists and is not a regular file (a link or a folder): nothing written`);
  if (existing && !flags.force) return fail(`${shown} exists: pass --force to replace it (nothing written)`);
  const policiesStat = lstatOrUndefined(policiesDir);
  if (policiesStat && (!policiesStat.isDirectory() || !inside(realpathSync(root), realpathSync(policiesDir)))) return fail('policies/ is not a folder inside the project: nothing written');

  let result;
  try {
    result = await importDocx(bytes, { id, display: file, school });
  } catch (e) {
    if (e instanceof DocxError) return fail(e.message);
    throw e;
  }

  const figuresDir = join(policiesDir, 'figures');
  const figureWrites: { path: string; bytes: Uint8Array }[] = [];
  for (const f of result.figures) {
    const fp = join(figuresDir, f.name);
    const there = lstatOrUndefined(fp);
    if (there) {
      if (!there.isFile() || !Buffer.from(readFileSync(fp)).equals(Buffer.from(f.bytes))) {
        return fail(`${relative(root, fp)} exists with other content: move it away to import this document's figure there (nothing written)`);
      }
      continue;
    }
    figureWrites.push({ path: fp, bytes: f.bytes });
  }
  const figuresStat = lstatOrUndefined(figuresDir);
  if (figureWrites.length && figuresStat && !figuresStat.isDirectory()) return fail('policies/figures exists and is not a folder: nothing written');

  mkdirSync(policiesDir, { recursive: true });
  if (figureWrites.length) mkdirSync(figuresDir, { recursive: true });
  for (const w of figureWrites) writeAtomic(w.path, w.bytes, relative(root, w.path));
  writeAtomic(target, new TextEncoder().encode(result.source), shown);

  if (flags.json) io.stdout(`${JSON.stringify({ ok: true, file: shown, ...result.report }, null, 2)}\n`);
  else io.stdout(formatReport(file, shown, result.report));
  return EXIT.ok;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

const at = (paragraph?: number) => (paragraph === undefined ? 'document' : `paragraph ${paragraph}`);

/** The printed report: what was recognised, every substitution with its place, everything not mapped. */
export function formatReport(file: string, shown: string, r: ImportReport): string {
  const c = r.recognised;
  const n = (k: string) => c[k] ?? 0;
  const out: string[] = [];
  out.push(`policyc: imported ${file} as ${shown}${r.school ? ` (school values of ${r.school} made placeholders)` : ''}`);
  out.push(`  recognised: ${n('sections')} sections (${n('unnumberedSections')} unnumbered), ${n('clauses')} clauses, ${n('subClauses')} sub-clauses, ${n('subSubClauses')} sub-sub-clauses (numbering: ${r.numbering}; ${n('wordNumbered')} numbered by Word, ${n('typedNumbers')} typed), ${n('subHeadings')} sub-headings, ${n('bullets')} bullets, ${n('tables')} tables, ${n('footnotes')} footnotes, ${n('figures')} figures, ${n('links')} links, ${n('crossReferences')} cross-references`);
  out.push('  front matter:');
  for (const [key, f] of Object.entries(r.frontMatter)) out.push(`    ${key}: ${f.value === undefined ? 'TODO (not found; `policyc check` reports it until filled in)' : `${f.value}  (from ${f.from})`}`);
  if (r.substitutions.length) {
    out.push(`  placeholders (${r.substitutions.length}):`);
    for (const s of r.substitutions) out.push(`    ${at(s.paragraph)}: "${s.value}" → ${s.placeholder}`);
  }
  if (r.partials.length) {
    out.push(`  partials (${r.partials.length}):`);
    for (const p of r.partials) out.push(`    ${at(p.paragraph)}: {{${p.partial === 'signature-block' ? '' : '> '}${p.partial}}} replaces: ${p.replaced.length > 100 ? `${p.replaced.slice(0, 97)}…` : p.replaced}`);
  }
  if (r.numbers.length) {
    out.push(`  numbers that change (the source's numbers are computed) (${r.numbers.length}):`);
    for (const x of r.numbers) out.push(`    ${at(x.paragraph)}: ${x.was} becomes ${x.now || 'unnumbered'}`);
  }
  if (r.references.length) {
    out.push(`  cross-references (${r.references.length}):`);
    for (const x of r.references) out.push(`    ${at(x.paragraph)}: "${x.written}" → [](#${x.label}), the label {#${x.label}} on its target`);
  }
  if (r.citations.length) {
    out.push(`  legislation cited (${r.citations.length}):`);
    for (const x of r.citations) out.push(`    ${at(x.paragraph)}: ${x.written} → ${x.entry ? `${x.entry} (${x.verdict})` : 'not in the register'}${x.message ? `: ${x.message}` : ''}`);
  }
  if (r.figures.length) {
    out.push(`  figures written (${r.figures.length}):`);
    for (const f of r.figures) out.push(`    ${at(f.paragraph)}: ${f.file}${f.alt ? ` ("${f.alt}")` : ' (no alternative text: add it)'}`);
  }
  out.push(r.unmapped.length ? `  not mapped (${r.unmapped.length}): finish these by hand` : '  not mapped: nothing');
  for (const u of r.unmapped) out.push(`    ${at(u.paragraph)}: ${u.note}${u.text ? `: "${u.text.length > 120 ? `${u.text.slice(0, 117)}…` : u.text}"` : ''}`);
  out.push(`  words: ${r.words.body} in the Word document's body: ${r.words.inSource} in the source, ${r.words.inReport} in this report, ${r.words.unaccounted.length} unaccounted`);
  return `${out.join('\n')}\n`;
}
