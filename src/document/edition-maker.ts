import { createHash } from 'node:crypto';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex } from '../diagnostics/position.ts';
import { closest } from '../diagnostics/suggest.ts';
import { TRUSTS_DIR, type School } from '../schools/school.ts';
import { dirname, join } from 'node:path';
import type { PolicySource } from '../sources/read-policy.ts';
import { formatLongDate } from '../sources/dates.ts';
import { editionContext } from '../templating/context.ts';
import { blockToken, detokenize, OPEN, type Values } from '../templating/tokens.ts';
import { TemplateRenderError, type CompiledPolicy } from '../templating/engine.ts';
import { tokenizedEditionId } from './edition-id.ts';
import { placeFigures } from './figures.ts';
import { openEdition, prepareShared } from './tokenized-edition.ts';
import { numberClauses, type StructureProblem } from './number-clauses.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { resolveReferences } from './resolve-references.ts';
import { nameTables } from './tables.ts';
import type { Asset, Edition, EditionMeta, HistoryEntry, Signatory, TokenizedEdition } from './types.ts';
import { isolate } from './bidi.ts';
import { checkAddresses, describeAddress, isAllowedUrl, URL_HINT, type UrlSite } from './urls.ts';
import { ConfigPlaces, valueSource } from './value-source.ts';

const TOKEN_AT_START = /^\uE000([^\uE000-\uE005]*)\uE001/;

interface Structured {
  /** The numbered, prepared tree as JSON, tokens still in place. */
  json?: string;
  /** Addresses whose values decide whether they are allowed: checked for each edition. */
  addresses: UrlSite[];
  /** The figures the tree shows, by file. */
  figures: string[];
  /**
   * Names the tree: a digest of the policy's metadata and of the tree, so that editions
   * of equal shapes share a rendering in any writer and different ones never do.
   */
  id: string;
  diagnostics: Diagnostic[];
}

/**
 * Makes editions of one policy. The Markdown a school's data templates to depends
 * only on the data's shape (values are tokens), so schools of the same shape share
 * one parse and one numbering pass; each edition gets a copy with its own values.
 */
export class EditionMaker {
  private readonly structured = new Map<string, Structured>();
  private readonly compiled: CompiledPolicy;
  private readonly sourceIndex: LineIndex;
  private readonly dates: { approvedText: string; reviewText: string };
  private readonly configs: ConfigPlaces;
  private readonly figures: ReadonlyMap<string, Asset>;
  private readonly history: HistoryEntry[];
  parses = 0;

  /**
   * `configTexts`, the text of each config by its path in the project (the LA defaults
   * and each school's file, as the project loads them), lets a problem with a school's
   * value be reported at the value itself; without it, at the top of the school's file.
   * `figures`, the project's figures by file ("figures/flow.svg", see
   * ../sources/read-figures.ts), are what a policy may show and the house style's logo may be.
   */
  constructor(compiled: CompiledPolicy, options: { configTexts?: ReadonlyMap<string, string>; figures?: ReadonlyMap<string, Asset> } = {}) {
    this.compiled = compiled;
    this.configs = new ConfigPlaces(options.configTexts);
    this.figures = options.figures ?? new Map();
    this.history = compiled.source.meta.history.map((h) => ({ ...h, dateText: formatLongDate(h.date) }));
    this.sourceIndex = new LineIndex(compiled.source.body);
    const { approved, review } = compiled.source.meta;
    this.dates = { approvedText: formatLongDate(approved), reviewText: formatLongDate(review) };
  }

  build(school: School): { edition?: Edition; diagnostics: Diagnostic[] } {
    const { edition, diagnostics } = this.tokenized(school);
    return { ...(edition ? { edition: openEdition(edition) } : {}), diagnostics };
  }

  /** The edition before its values are filled in: cheap to make and to send to a writer thread. */
  tokenized(school: School): { edition?: TokenizedEdition; diagnostics: Diagnostic[] } {
    const policy = this.compiled.source;
    const { context, values } = editionContext(policy, school);
    let markdown: string;
    try {
      markdown = this.compiled.render(context);
    } catch (e) {
      if (!(e instanceof TemplateRenderError)) throw e;
      // Every placeholder the school has no value for, and the structure problems of the rest.
      const diagnostics = e.all.map((p) => error(policy.file, p.line, p.column, `${p.message} for school \`${school.id}\``,
        p.hint ?? `add it to ${school.file}${school.trust ? `, to its trust's ${join(dirname(school.file), TRUSTS_DIR, `${school.trust.id}.yaml`)}` : ''} or to the LA defaults, or wrap the placeholder in {{#if …}}`));
      if (e.markdown !== undefined) diagnostics.push(...this.shared(e.markdown).shared.diagnostics);
      return { diagnostics };
    }
    const { shared, fresh } = this.shared(markdown);
    if (!shared.json) return { diagnostics: shared.diagnostics };
    // Warnings are the shape's: reported with the first edition of the shape, not once per school.
    const warnings = fresh ? shared.diagnostics.filter((d) => d.severity === 'warning') : [];
    const refused = [...this.checkAddresses(shared.addresses, values, school), ...this.checkLogo(school)];
    if (refused.length) return { diagnostics: [...warnings, ...refused] };
    const assets: Record<string, Asset> = {};
    for (const file of shared.figures) assets[file] = this.figures.get(file)!;
    const logo = school.style.logo;
    if (logo) assets[logo] = this.figures.get(logo)!;
    const edition: TokenizedEdition = { meta: this.meta(school), shape: { id: shared.id, json: shared.json }, values: [...values], signatories: this.signatories(school), assets };
    edition.meta.editionId = tokenizedEditionId(edition);
    return { edition, diagnostics: warnings };
  }

  /** The house style's logo must be one of the project's figures: an error at the school's (or the LA defaults') `style.logo` otherwise. */
  private checkLogo(school: School): Diagnostic[] {
    const logo = school.style.logo;
    if (logo === undefined || this.figures.has(logo)) return [];
    const where = this.configs.locate({ file: school.file, keys: [['style', 'logo']], school, shown: '' });
    const suggestion = closest(logo, this.figures.keys());
    return [error(where.file, where.line, where.column, `the house style's logo \`${logo}\` is not in policies/figures`,
      suggestion ? `did you mean \`${suggestion}\`?` : `put ${logo.replace(/^figures\//, '')} in policies/figures, as an SVG or PNG`)];
  }

  /** The shared structure of a templated text, and whether this call made it. */
  private shared(markdown: string): { shared: Structured; fresh: boolean } {
    let shared = this.structured.get(markdown);
    if (shared) return { shared, fresh: false };
    shared = this.structure(markdown);
    this.structured.set(markdown, shared);
    return { shared, fresh: true };
  }

  /** The school's adoption of this policy's current version, if it adopted it. */
  private adoption(school: School) {
    const adoption = school.adoptions?.[this.compiled.source.id];
    return adoption?.version === this.compiled.source.meta.version ? adoption : undefined;
  }

  /** The signature lines: with the names of those who signed the adopted version pre-printed (by role), the lines left blank. */
  private signatories(school: School): Signatory[] {
    const signed = this.adoption(school)?.signed ?? [];
    return school.signatories.map((s, i) => {
      const key = school.signatoryKeys?.[i];
      const signer = signed.find((x) => x.role === key);
      return signer ? { ...s, name: signer.name } : s;
    });
  }

  /** Everything about an edition that is not body text; needs no templating. */
  meta(school: School): EditionMeta {
    const policy = this.compiled.source;
    const meta = policy.meta;
    return {
      schoolId: school.id,
      schoolName: school.name,
      policyId: policy.id,
      title: meta.title,
      version: meta.version,
      owner: meta.owner,
      ...(school.la.name ? { laName: school.la.name } : {}),
      approved: meta.approved,
      review: meta.review,
      ...this.dates,
      appliesTo: meta.appliesTo,
      keywords: meta.keywords,
      lang: 'en-GB',
      style: { ...school.style },
      ...(school.adoptions ? { adoption: this.adoptionStatus(school) } : {}),
    };
  }

  private adoptionStatus(school: School): { draft: boolean; text: string } {
    const adoption = this.adoption(school);
    if (!adoption) return { draft: true, text: `Draft for approval by the ${isolate(school.governingBody)}` };
    return { draft: false, text: `Adopted by the ${isolate(school.governingBody)} of ${isolate(school.name)} on ${formatLongDate(adoption.approved)}, minute ${isolate(adoption.minute)}` };
  }

  private structure(markdown: string): Structured {
    this.parses += 1;
    const tree = parseMarkdown(markdown);
    const { targets, problems } = numberClauses(tree, { numbering: this.compiled.source.meta.numbering });
    problems.push(...resolveReferences(tree, targets));
    // Figures first: every other image is refused there, once, and the address check does not see it.
    const figures = placeFigures(tree, new Set(this.figures.keys()), markdown);
    problems.push(...figures.problems);
    const { problems: refused, decidedByValues: addresses } = checkAddresses(tree, markdown);
    problems.push(...refused);
    if (this.history.length === 0 && markdown.includes(blockToken('document-control'))) {
      problems.push({ message: '`{{document-control}}` needs a `history:` in the front matter', needle: '{{document-control}}', hint: 'list the versions under `history:` (version, date, summary, approved-by), or remove the placeholder' });
    }
    nameTables(tree);
    // In the order they are written, whichever step found them.
    const diagnostics = problems.map((p) => this.locate(p)).sort((a, b) => a.line - b.line || a.column - b.column);
    if (problems.some((p) => p.severity !== 'warning')) return { id: '', addresses: [], figures: [], diagnostics };
    prepareShared(tree, { contents: this.compiled.source.meta.contents, history: this.history });
    const json = JSON.stringify(tree);
    const policy = this.compiled.source;
    const id = `${policy.id}#${createHash('sha256').update(JSON.stringify(policy.meta)).update('\n').update(json).digest('base64url')}`;
    return { id, json, addresses, figures: figures.used, diagnostics };
  }

  /**
   * Every address a school's values decide, with the values in: one that is not allowed
   * (a `javascript:` URL as a school's web address, say) is an error at the value in the
   * school's config, and the edition is not made.
   */
  private checkAddresses(addresses: UrlSite[], values: Values, school: School): Diagnostic[] {
    const problems: Diagnostic[] = [];
    for (const site of addresses) {
      const url = detokenize(site.url, values);
      if (isAllowedUrl(url)) continue;
      const path = TOKEN_AT_START.exec(site.url.slice(site.url.indexOf(OPEN)))?.[1] ?? '';
      const source = valueSource(path, school, this.compiled.source);
      const where = this.configs.locate(source);
      problems.push(error(where.file, where.line, where.column,
        `${describeAddress(site.kind, url)} is not allowed: it is ${source.shown}, which ${this.compiled.source.file} uses as an address`, URL_HINT));
    }
    return problems;
  }

  /** Structure problems are found in templated Markdown; report them where the author wrote them. */
  private locate(problem: StructureProblem): Diagnostic {
    const policy = this.compiled.source;
    const offset = policy.body.indexOf(problem.needle);
    const { line, column } = offset >= 0 ? this.sourceIndex.at(offset) : { line: 1, column: 1 };
    return (problem.severity === 'warning' ? warning : error)(policy.file, line + policy.bodyLine - 1, column, problem.message, problem.hint);
  }
}
