import { join } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { openEdition } from '../document/tokenized-edition.ts';
import type { TokenizedEdition } from '../document/types.ts';
import { lintProject } from '../lint/legislation-lint.ts';
import { loadProject, templateLayers, type Project } from '../project/load-project.ts';
import { DEFAULTS_FILE, TRUSTS_DIR } from '../schools/school.ts';
import { Templating } from '../templating/engine.ts';
import { compare, Makers } from '../batch/plan.ts';
import { createWriter, type Format } from '../writers/registry.ts';
import type { Writer } from '../writers/shared/writer.ts';
import { affectedEditions, changesTemplates, type PlannedEdition } from './planner.ts';

/** How many files a writer renders before it is made again (see `writer`). */
export const WRITER_USES = 100;

export type EditionStatus = 'builds' | 'warnings' | 'errors';

/** One policy × school as the preview shows it: its problems and its last good edition. */
export interface PreviewEdition extends PlannedEdition {
  title: string;
  schoolName: string;
  status: EditionStatus;
  /** Its problems now: errors and warnings in its sources, and those found making it. */
  diagnostics: Diagnostic[];
  /** The last edition made without errors (kept while the sources have errors). */
  good?: TokenizedEdition;
  /** Bumped each time `good` is replaced: the key of the files made from it. */
  generation: number;
  /** The problems found when it was last made (its policy's template's, and its own). */
  made: Diagnostic[];
}

export interface RebuildReport {
  changed: string[];
  /** The editions made again, `school/policy`. */
  editions: string[];
  /** The editions gone (their policy's or school's file removed). */
  removed: string[];
  ms: number;
  errors: number;
  warnings: number;
}

/**
 * The preview's editions, in memory: every policy × school of the project (or of the
 * `--policy`/`--school` selection), made with the build's own loader, templating and
 * edition maker, and rendered by the build's writers on demand (nothing is written to
 * disk). `rebuild` reads the project again and makes again only the editions the
 * changed files affect (see planner.ts).
 */
export class PreviewEditions {
  readonly root: string;
  private readonly only: { policies?: string[]; schools?: string[] };
  private project!: Project;
  private templating!: Templating;
  private readonly editions = new Map<string, PreviewEdition>();
  /** Writers, made once each; the PDF and DOCX writers again when the templates change. */
  private readonly writers = new Map<string, Promise<Writer>>();
  private readonly uses = new Map<string, number>();
  /** Files rendered from an edition's good version, by `id.format`, with its generation. */
  private readonly rendered = new Map<string, { generation: number; bytes: Promise<Uint8Array> }>();

  constructor(root: string, only: { policies?: string[]; schools?: string[] } = {}) {
    this.root = root;
    this.only = only;
  }

  /** Reads the project and makes every edition. */
  async load(): Promise<RebuildReport> {
    return this.run([], true);
  }

  /** Reads the project again and makes again the editions the changed files affect. */
  async rebuild(changed: string[]): Promise<RebuildReport> {
    return this.run(changed, false);
  }

  get policyIds(): string[] {
    return this.project.policyIds.filter((id) => !this.only.policies || this.only.policies.includes(id));
  }

  get schoolIds(): string[] {
    return this.project.schoolIds.filter((id) => !this.only.schools || this.only.schools.includes(id));
  }

  /** Every edition, by school then policy. */
  list(): PreviewEdition[] {
    return [...this.editions.values()].sort((a, b) => compare(a.school, b.school) || compare(a.policy, b.policy));
  }

  get(id: string): PreviewEdition | undefined {
    return this.editions.get(id);
  }

  /** The edition's last good version in a format, rendered by the build's writer (once per version). */
  async file(id: string, format: Format): Promise<Uint8Array | undefined> {
    const edition = this.editions.get(id);
    if (!edition?.good) return undefined;
    const key = `${id}.${format}`;
    let made = this.rendered.get(key);
    if (!made || made.generation !== edition.generation) {
      const good = edition.good;
      made = { generation: edition.generation, bytes: this.writer(format).then((w) => w.write(openEdition(good))) };
      this.rendered.set(key, made);
      made.bytes.catch(() => this.rendered.delete(key));
    }
    return made.bytes;
  }

  async close(): Promise<void> {
    for (const writer of [...retired]) await closeRetired(writer);
    for (const writer of this.writers.values()) await (await writer.catch(() => undefined))?.close?.();
    this.writers.clear();
  }

  private writer(format: Format): Promise<Writer> {
    let writer = this.writers.get(format);
    // A writer keeps what it rendered for each shape of an edition, and every save makes a new
    // shape: after WRITER_USES files it is made again, so a long session's memory stays bounded.
    const uses = (this.uses.get(format) ?? 0) + 1;
    this.uses.set(format, uses);
    if (writer && uses > WRITER_USES) {
      this.uses.set(format, 1);
      retire(writer);
      writer = undefined;
    }
    if (!writer) {
      writer = createWriter(format, {}, templateLayers(this.project));
      this.writers.set(format, writer);
    }
    return writer;
  }

  private async run(changed: string[], all: boolean): Promise<RebuildReport> {
    const started = performance.now();
    this.project = await loadProject(this.root, this.only);
    if (all || changesTemplates(changed) || !this.templating) {
      this.templating = await Templating.load(templateLayers(this.project));
      // The PDF template may have changed: PDF and DOCX writers are made again when next asked.
      for (const [format, writer] of this.writers) {
        if (format === 'html') continue;
        this.writers.delete(format);
        retire(writer);
      }
    }
    const { ids, removed } = this.sync();
    const affected = all ? new Set(ids) : affectedEditions(changed, [...this.editions.values()]);
    const compiled: Diagnostic[] = [];
    const makers = new Makers(this.templating, compiled, this.project.configTexts, this.project.figures);
    const compiledFor = new Map<string, Diagnostic[]>();
    const warnings = (await lintProject(this.project)).diagnostics;
    const policies = new Map(this.project.policies.map((p) => [p.id, p]));
    const schools = new Map(this.project.schools.map((s) => [s.id, s]));
    for (const id of affected) {
      const edition = this.editions.get(id)!;
      const policy = policies.get(edition.policy);
      const school = schools.get(edition.school);
      edition.made = [];
      if (!policy || !school) continue;
      // A template's own problems (found when it is compiled) belong to every edition of the policy.
      if (!compiledFor.has(policy.id)) {
        const before = compiled.length;
        makers.for(policy);
        compiledFor.set(policy.id, compiled.slice(before));
      }
      const maker = makers.for(policy);
      const made = (maker ?? makers.fallback(policy))?.tokenized(school);
      // Made over the template with its failing parts neutral: only the problems in the policy itself count.
      edition.made.push(...compiledFor.get(policy.id)!, ...(made?.diagnostics ?? []).filter((d) => maker || d.file === policy.file));
      if (maker && made?.edition && !made.diagnostics.some((d) => d.severity === 'error')) {
        edition.good = made.edition;
        edition.generation++;
        edition.title = String(policy.meta.title);
      }
    }
    for (const edition of this.editions.values()) this.judge(edition, [...this.project.diagnostics, ...warnings]);
    const rebuilt = [...affected].sort(compare);
    // Each problem once, however many of the editions made again it belongs to.
    const problems = new Map<string, Diagnostic>();
    for (const e of this.list()) if (affected.has(e.id)) for (const d of e.diagnostics) problems.set(formatDiagnostic(d), d);
    const errors = [...problems.values()].filter((d) => d.severity === 'error').length;
    return { changed, editions: rebuilt, removed, ms: Math.round(performance.now() - started), errors, warnings: problems.size - errors };
  }

  /** Brings the edition list in line with the policies and schools on disk: every id, and those gone. */
  private sync(): { ids: string[]; removed: string[] } {
    const ids: string[] = [];
    const policies = new Map(this.project.policies.map((p) => [p.id, p]));
    const schools = new Map(this.project.schools.map((s) => [s.id, s]));
    for (const school of this.schoolIds) {
      for (const policy of this.policyIds) {
        const id = `${school}/${policy}`;
        ids.push(id);
        const source = policies.get(policy);
        const config = schools.get(school);
        let edition = this.editions.get(id);
        if (!edition) {
          edition = { id, policy, school, title: policy, schoolName: school, status: 'builds', diagnostics: [], generation: 0, made: [] };
          this.editions.set(id, edition);
        }
        edition.policyText = source?.body;
        edition.loadedSchool = config;
        if (source) edition.title = String(source.meta.title);
        if (config) edition.schoolName = config.name;
      }
    }
    const removed = [...this.editions.keys()].filter((id) => !ids.includes(id)).sort(compare);
    for (const id of removed) {
      this.editions.delete(id);
      for (const key of [...this.rendered.keys()]) if (key.startsWith(`${id}.`)) this.rendered.delete(key);
    }
    return { ids, removed };
  }

  /** An edition's problems: those in the files it is made from, and those found making it. */
  private judge(edition: PreviewEdition, found: Diagnostic[]): void {
    const inputs = this.inputsOf(edition);
    const seen = new Set<string>();
    edition.diagnostics = [...found.filter((d) => inputs(d.file)), ...edition.made].filter((d) => {
      const key = formatDiagnostic(d);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    edition.status = edition.diagnostics.some((d) => d.severity === 'error') || !edition.good ? 'errors' : edition.diagnostics.length ? 'warnings' : 'builds';
  }

  private inputsOf(edition: PreviewEdition): (file: string) => boolean {
    const own = new Set([join('policies', `${edition.policy}.md`), join('schools', `${edition.school}.yaml`), join('schools', `${edition.school}.yml`), join('schools', DEFAULTS_FILE)]);
    const trust = edition.loadedSchool?.trust?.id;
    if (trust) own.add(join('schools', TRUSTS_DIR, `${trust}.yaml`));
    return (file) => own.has(file) || file.startsWith('templates/') || file.startsWith('policies/figures/') || (!edition.loadedSchool && file.startsWith(`schools/${TRUSTS_DIR}/`));
  }
}

/** Writers no longer handed out, not yet closed. */
const retired = new Set<Promise<Writer>>();

/** Closes a writer no longer handed out, once any file it is still making has had time to finish (or at `close`). */
function retire(writer: Promise<Writer>): void {
  retired.add(writer);
  setTimeout(() => void closeRetired(writer), 30_000).unref();
}

async function closeRetired(writer: Promise<Writer>): Promise<void> {
  if (!retired.delete(writer)) return;
  await (await writer.catch(() => undefined))?.close?.();
}
