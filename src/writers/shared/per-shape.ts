import { createHash } from 'node:crypto';
import type { Root, Table } from 'mdast';
import { visit } from 'unist-util-visit';
import { withEditionId } from '../../document/edition-id.ts';
import { fillJson, hasToken, token } from '../../document/tokenized-edition.ts';
import type { Asset, Edition, EditionMeta, Signatory } from '../../document/types.ts';
import { lookKey } from './house-style.ts';

/**
 * Rendering an edition costs nearly the same for every school of the same shape:
 * schools differ in their values, which are tokens until the very end of the
 * pipeline. A writer that opts in here renders a shape's tokenized tree once and, for
 * each edition, puts the school's values, escaped for its format, where the tokens
 * are. Its tests check the result is byte for byte what rendering the school's own
 * tree gives, and that the shipped project takes this path for every edition.
 *
 * A writer opts in with `PerShape`, saying how it renders a tree and where its
 * rendering decides from values rather than from structure (`decides`: by default
 * every field of a node that holds a value but is not text the writer prints as it
 * is, such as a link's or an image's address, whose scheme decides whether it is a
 * link, an identifier, or a code block's language; and tables, whose column widths
 * are sized to their text). The tokenized tree takes those fields from the edition's
 * own tree, so only printed text keeps its tokens, and what they are, with the
 * school's values in, is part of the key of the rendered shape: two editions share a
 * rendering only when it would come out the same. Signatories, the school's name and the edition's ID,
 * which the writer's own blocks print, become tokens too.
 *
 * A writer fills each token with the value as the edition's own tree has it there:
 * isolated (../../document/bidi.ts), then escaped for its format.
 */
export interface ShapeWriting<Rendered> {
  /**
   * Renders a tokenized tree; `twins` gives each table's counterpart with the values in;
   * `assets` are the edition's images (the same for every edition of the rendering's key).
   */
  render(tree: Root, meta: EditionMeta, twins: WeakMap<Table, Table>, assets: Record<string, Asset>): Rendered | Promise<Rendered>;
  /** The places in a tree where this writer's rendering decides from values. */
  decides?(tree: Root): DecisionPoint[];
}

/** A place in a shape's tokenized tree where a writer decides from values: a node's field, or a table (as JSON). */
export interface DecisionPoint {
  table: boolean;
  text: string;
}

/**
 * The fields whose tokens a writer fills in its output: text it prints (a text's value,
 * alternative text, a title), isolated as ../../document/tokenized-edition.ts fills
 * them in an edition's own tree. Every other field with a token (an address, an
 * identifier, a label, a language) is taken from that tree as it is.
 */
const PRINTED = new Set(['value', 'alt', 'title']);
const STRUCTURE = new Set(['type', 'children', 'position', 'data']);

/** The fields of a node that hold a value a writer does not print as text (see above). */
function decidingFields(node: object): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string' && !STRUCTURE.has(key) && !PRINTED.has(key) && hasToken(value)) out.push([key, value]);
  }
  return out;
}

/** Fields that hold values but are not printed text, and tables, in tree order. */
export function valueDecisions(tree: Root): DecisionPoint[] {
  const points: DecisionPoint[] = [];
  visit(tree, (node) => {
    if (node.type === 'table') points.push({ table: true, text: JSON.stringify(node) });
    else for (const [key, value] of decidingFields(node)) points.push({ table: false, text: `${node.type}.${key}=${value}` });
  });
  return points;
}

/** How many editions the writers of this thread made from a rendered shape, and how many they had to render alone. */
export const perShapeCounts = { filled: 0, alone: 0 };

/** An edition's rendered shape and the values to fill into it. */
export interface ShapeFill<Rendered> {
  shape: Rendered;
  values: ReadonlyMap<string, string>;
}

/**
 * One writer's rendered shapes, by key: each made once, from the first edition of its
 * shape. A run has few shapes; should a project have many, the cache starts over.
 */
export class PerShape<Rendered> {
  private readonly shapes = new Map<string, Rendered>();
  private readonly points = new Map<string, DecisionPoint[]>();
  private readonly writing: ShapeWriting<Rendered>;

  constructor(writing: ShapeWriting<Rendered>) {
    this.writing = writing;
  }

  /** The rendered shape of this edition and its values, or undefined when it has no tokenized form that fits its tree. */
  async get(edition: Edition): Promise<ShapeFill<Rendered> | undefined> {
    const tokenized = edition.tokenized;
    if (!tokenized) return undefined;
    const { id, json } = tokenized.shape;
    const values = new Map(tokenized.values);
    let points = this.points.get(id);
    if (!points) {
      points = (this.writing.decides ?? valueDecisions)(JSON.parse(json) as Root);
      if (this.points.size >= 32) this.points.clear();
      this.points.set(id, points);
    }
    const key = shapeKey(id, points, values, tokenized.signatories, edition);
    const { meta, signatories } = tokenizeWriterValues(withEditionId(edition), tokenized.signatories, values);
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      const tree = JSON.parse(json) as Root;
      const twins = new WeakMap<Table, Table>();
      if (!walkTogether(tree, edition.tree, (a, b) => pair(a, b, twins, signatories))) return undefined;
      if (this.shapes.size >= 32) this.shapes.clear();
      shape = await this.writing.render(tree, meta, twins, edition.assets ?? {});
      this.shapes.set(key, shape);
    }
    return { shape, values };
  }

  /**
   * The edition's output from its rendered shape (`fill` puts the values in, undefined
   * when it cannot), or else from `alone`, which renders the edition's own tree.
   */
  async write<Out>(edition: Edition, fill: (made: ShapeFill<Rendered>) => Out | undefined, alone: () => Out | Promise<Out>): Promise<Out> {
    const made = await this.get(edition);
    const out = made && fill(made);
    if (out !== undefined) {
      perShapeCounts.filled += 1;
      return out;
    }
    perShapeCounts.alone += 1;
    return alone();
  }
}

/**
 * The key of an edition's rendered shape: its tokenized tree's id, which signatories
 * have names, whether it names an LA, its look (the house style and the images it
 * embeds, which a school or trust may set: schools of one shape but different looks
 * never share a rendering), and a digest of what its values decide (each decision point
 * with the values in, as it reads in the edition's own tree).
 */
function shapeKey(shapeId: string, points: DecisionPoint[], values: Map<string, string>, signatories: Signatory[], edition: Edition): string {
  const decided = points.map((p) => fillJson(p.table ? p.text : JSON.stringify(p.text), values));
  const names = signatories.map((s) => (s.name ? 'n' : '-')).join('');
  const digest = createHash('sha256').update(JSON.stringify([decided, edition.meta.laName !== undefined ? 1 : 0, lookKey(edition), edition.meta.adoption ? (edition.meta.adoption.draft ? 'draft' : 'adopted') : '-'])).digest('base64url');
  return `${shapeId}|${names}|${digest}`;
}

/** What the writers print themselves (the school's name, the edition's ID, the LA, the signatories) as tokens, with their values. */
function tokenizeWriterValues(real: EditionMeta, people: Signatory[], values: Map<string, string>): { meta: EditionMeta; signatories: Signatory[] } {
  const signatories = people.map((s, i) => {
    values.set(`#signatory.${i}.role`, s.role);
    if (s.name) values.set(`#signatory.${i}.name`, s.name);
    return { role: token(`#signatory.${i}.role`), ...(s.name ? { name: token(`#signatory.${i}.name`) } : {}) };
  });
  const meta: EditionMeta = { ...real, schoolId: '', schoolName: token('#meta.schoolName'), editionId: token('#meta.editionId') };
  values.set('#meta.schoolName', real.schoolName);
  values.set('#meta.editionId', real.editionId!);
  if (real.laName) {
    meta.laName = token('#meta.laName');
    values.set('#meta.laName', real.laName);
  }
  if (real.adoption) {
    meta.adoption = { draft: real.adoption.draft, text: token('#meta.adoption') };
    values.set('#meta.adoption', real.adoption.text);
  }
  return { meta, signatories };
}

/** The tokenized tree takes what the filled one decides from: the deciding fields, table twins, signatories as tokens. */
function pair(tokenized: { type: string }, filled: { type: string }, twins: WeakMap<Table, Table>, signatories: Signatory[]): void {
  for (const [key] of decidingFields(tokenized)) (tokenized as Record<string, unknown>)[key] = (filled as Record<string, unknown>)[key];
  if (tokenized.type === 'table') twins.set(tokenized as Table, filled as Table);
  else if (tokenized.type === 'signatureBlock') (tokenized as unknown as { signatories: Signatory[] }).signatories = signatories;
}

/** Calls `visit` on each pair of nodes at the same place in two trees; false when their structure differs. */
function walkTogether(a: unknown, b: unknown, visit: (a: { type: string }, b: { type: string }) => void): boolean {
  const x = a as { type: string; children?: unknown[] };
  const y = b as { type: string; children?: unknown[] };
  if (x.type !== y.type) return false;
  visit(x, y);
  if (!x.children && !y.children) return true;
  if (!x.children || !y.children || x.children.length !== y.children.length) return false;
  return x.children.every((child, i) => walkTogether(child, y.children![i], visit));
}
