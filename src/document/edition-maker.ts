import { createHash } from 'node:crypto';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex } from '../diagnostics/position.ts';
import type { School } from '../schools/school.ts';
import type { PolicySource } from '../sources/read-policy.ts';
import { formatLongDate } from '../sources/dates.ts';
import { editionContext } from '../templating/context.ts';
import { detokenize, OPEN, type Values } from '../templating/tokens.ts';
import { TemplateRenderError, type CompiledPolicy } from '../templating/engine.ts';
import { openEdition, prepareShared } from './tokenized-edition.ts';
import { numberClauses, type StructureProblem } from './number-clauses.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { resolveReferences } from './resolve-references.ts';
import type { Edition, EditionMeta, TokenizedEdition } from './types.ts';
import { checkAddresses, describeAddress, isAllowedUrl, URL_HINT, type UrlSite } from './urls.ts';
import { ConfigPlaces, valueSource } from './value-source.ts';

const TOKEN_AT_START = /^\uE000([^\uE000-\uE005]*)\uE001/;

interface Structured {
  /** The numbered, prepared tree as JSON, tokens still in place. */
  json?: string;
  /** Addresses whose values decide whether they are allowed: checked for each edition. */
  addresses: UrlSite[];
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
  parses = 0;

  /**
   * `configTexts`, the text of each config by its path in the project (the LA defaults
   * and each school's file, as the project loads them), lets a problem with a school's
   * value be reported at the value itself; without it, at the top of the school's file.
   */
  constructor(compiled: CompiledPolicy, options: { configTexts?: ReadonlyMap<string, string> } = {}) {
    this.compiled = compiled;
    this.configs = new ConfigPlaces(options.configTexts);
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
        p.hint ?? `add it to ${school.file} or to the LA defaults, or wrap the placeholder in {{#if …}}`));
      if (e.markdown !== undefined) diagnostics.push(...this.shared(e.markdown).diagnostics);
      return { diagnostics };
    }
    const shared = this.shared(markdown);
    if (!shared.json) return { diagnostics: shared.diagnostics };
    const refused = this.checkAddresses(shared.addresses, values, school);
    if (refused.length) return { diagnostics: refused };
    return {
      edition: { meta: this.meta(school), shape: { id: shared.id, json: shared.json }, values: [...values], signatories: school.signatories, assets: {} },
      diagnostics: [],
    };
  }

  private shared(markdown: string): Structured {
    let shared = this.structured.get(markdown);
    if (!shared) {
      shared = this.structure(markdown);
      this.structured.set(markdown, shared);
    }
    return shared;
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
    };
  }

  private structure(markdown: string): Structured {
    this.parses += 1;
    const tree = parseMarkdown(markdown);
    const { targets, problems } = numberClauses(tree);
    problems.push(...resolveReferences(tree, targets));
    const { problems: refused, decidedByValues: addresses } = checkAddresses(tree, markdown);
    problems.push(...refused);
    if (problems.length) return { id: '', addresses: [], diagnostics: problems.map((p) => this.locate(p)) };
    prepareShared(tree);
    const json = JSON.stringify(tree);
    const policy = this.compiled.source;
    const id = `${policy.id}#${createHash('sha256').update(JSON.stringify(policy.meta)).update('\n').update(json).digest('base64url')}`;
    return { id, json, addresses, diagnostics: [] };
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
    return error(policy.file, line + policy.bodyLine - 1, column, problem.message, problem.hint);
  }
}
