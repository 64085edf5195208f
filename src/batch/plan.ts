import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { EditionMaker } from '../document/edition-maker.ts';
import type { ManifestAdoption, ManifestEdition, Shard } from '../output/manifest.ts';
import type { Project } from '../project/load-project.ts';
import type { School } from '../schools/school.ts';
import type { PolicySource } from '../sources/read-policy.ts';
import type { FigureFile } from '../sources/read-figures.ts';
import type { Templating } from '../templating/engine.ts';
import { sourceDateEpoch } from '../writers/shared/document-date.ts';
import type { WriterOptions } from '../writers/shared/writer.ts';
import { editionInputHash, sha256 } from './input-hash.ts';
import { inShard } from './shard.ts';

export interface Pair {
  policy: PolicySource;
  school: School;
}

/** The school × policy pairs of a run, sorted by school then policy; one shard's share of them. */
export function selectPairs(project: Project, shard: Shard | undefined): Pair[] {
  const pairs: Pair[] = [];
  for (const school of [...project.schools].sort((a, b) => compare(a.id, b.id))) {
    for (const policy of [...project.policies].sort((a, b) => compare(a.id, b.id))) pairs.push({ policy, school });
  }
  return inShard(pairs, shard);
}

/** A digest of the project's figures: their names and bytes. */
export function figuresHash(figures: ReadonlyMap<string, FigureFile>): string {
  return sha256(JSON.stringify([...figures].sort(([a], [b]) => compare(a, b)).map(([file, f]) => [file, f.base64])));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One EditionMaker per policy, made (and its template checked) the first time the policy is asked for. */
export class Makers {
  /** Each policy's maker and, when its template has errors, the maker over the rest of it: one compile per policy. */
  private readonly makers = new Map<string, { maker?: EditionMaker; fallback?: EditionMaker }>();
  private readonly templating: Templating;
  private readonly diagnostics: Diagnostic[];
  private readonly configTexts: ReadonlyMap<string, string>;
  private readonly figures: ReadonlyMap<string, FigureFile>;

  /**
   * `configTexts`: the configs' texts as read, so a problem with a school's value is reported at the value;
   * `figures`: the project's figures (policies/figures), which editions show and embed.
   */
  constructor(templating: Templating, diagnostics: Diagnostic[], configTexts: ReadonlyMap<string, string> = new Map(), figures: ReadonlyMap<string, FigureFile> = new Map()) {
    this.templating = templating;
    this.diagnostics = diagnostics;
    this.configTexts = configTexts;
    this.figures = figures;
  }

  /** The policy's maker, or undefined when its template has errors (reported once). */
  for(policy: PolicySource): EditionMaker | undefined {
    return this.made(policy).maker;
  }

  /**
   * For a policy whose template has errors: a maker over the template with the failing
   * parts neutral, whose editions are never written; `check` reports its other problems.
   */
  fallback(policy: PolicySource): EditionMaker | undefined {
    return this.made(policy).fallback;
  }

  private made(policy: PolicySource): { maker?: EditionMaker; fallback?: EditionMaker } {
    let made = this.makers.get(policy.id);
    if (!made) {
      const compiled = this.templating.compile(policy);
      this.diagnostics.push(...compiled.diagnostics);
      const options = { configTexts: this.configTexts, figures: this.figures };
      made = {
        ...(compiled.compiled ? { maker: new EditionMaker(compiled.compiled, options) } : {}),
        ...(compiled.fallback ? { fallback: new EditionMaker(compiled.fallback, options) } : {}),
      };
      this.makers.set(policy.id, made);
    }
    return made;
  }

  /** How many template parses the run took. */
  get parses(): number {
    return [...this.makers.values()].reduce((n, m) => n + (m.maker?.parses ?? 0), 0);
  }
}

/**
 * An edition's manifest entry but for its files: what it is and what it was made from.
 * The input hash's parts (the policy source, the school's cascaded config) are hashed
 * once per run each.
 */
export class Entries {
  private readonly policies = new Map<string, string>();
  private readonly schools = new Map<string, string>();
  private readonly tool: string;
  private readonly templates: string;
  private readonly options: string;

  /** `hashes.figures`: of the project's figures (figuresHash), which any edition may embed. */
  constructor(hashes: { tool: string; templates: string; figures?: string }, writerOptions: WriterOptions) {
    this.tool = hashes.tool;
    // A changed, added or removed figure rebuilds: the figures are an input of every edition, like the templates.
    this.templates = hashes.figures === undefined ? hashes.templates : sha256(`${hashes.templates}\n${hashes.figures}`);
    // SOURCE_DATE_EPOCH changes the dates inside DOCX and PDF files, so it is an input too.
    this.options = sha256(JSON.stringify({ writer: writerOptions, sourceDateEpoch: sourceDateEpoch() ?? null }));
  }

  entry(maker: EditionMaker, { policy, school }: Pair): Omit<ManifestEdition, 'files'> {
    const meta = maker.meta(school);
    return {
      id: `${school.id}/${policy.id}`,
      school: { id: school.id, name: school.name },
      policy: { id: policy.id, title: meta.title, version: meta.version, approved: meta.approved, review: meta.review },
      ...(school.adoptions ? { adoption: manifestAdoption(school, policy) } : {}),
      inputHash: editionInputHash({ tool: this.tool, templates: this.templates, policy: this.policyHash(policy), school: this.schoolHash(school, policy.id), options: this.options }),
    };
  }

  private policyHash(policy: PolicySource): string {
    let hash = this.policies.get(policy.id);
    if (hash === undefined) {
      // The text this run parsed (its front matter as read, and its body), not the file again:
      // a policy saved during a run must not lend its new hash to editions of the old text.
      hash = sha256(JSON.stringify({ meta: policy.meta, body: policy.body }));
      this.policies.set(policy.id, hash);
    }
    return hash;
  }

  /**
   * The school's data, and of its adoption register only the entry of this policy (where
   * it is in the file aside): a new adoption rebuilds that policy's editions, not the school's others.
   */
  private schoolHash(school: School, policyId: string): string {
    let hash = this.schools.get(school.id);
    if (hash === undefined) {
      hash = sha256(JSON.stringify({ ...school, file: undefined, adoptions: school.adoptions ? true : undefined }));
      this.schools.set(school.id, hash);
    }
    const adoption = school.adoptions?.[policyId];
    if (!adoption) return hash;
    const { at: _at, ...recorded } = adoption;
    return sha256(`${hash}\n${JSON.stringify(recorded)}`);
  }
}

/** What the school's register says of the policy, for the manifest and the index page. */
function manifestAdoption(school: School, policy: PolicySource): ManifestAdoption {
  const adoption = school.adoptions?.[policy.id];
  if (!adoption) return { state: 'never-adopted' };
  return {
    state: adoption.version === policy.meta.version ? 'adopted' : 'awaiting-approval',
    version: adoption.version,
    approved: adoption.approved,
    minute: adoption.minute,
    review: adoption.review ?? policy.meta.review,
  };
}
