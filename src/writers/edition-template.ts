import { createHash } from 'node:crypto';
import type { Link, Root, Table } from 'mdast';
import type { Edition, EditionMeta } from '../document/types.ts';
import type { Signatory } from '../schools/school.ts';
import { visit } from 'unist-util-visit';
import { CLOSE, detokenize, OPEN, TOKEN_PATTERN, type Values } from '../templating/tokens.ts';
import { fillJson } from '../document/fill-values.ts';

/**
 * Rendering an edition costs nearly the same for every school of the same shape:
 * schools differ in their values, which are tokens until the very end of the
 * pipeline. So the DOCX and HTML writers render the tokenized tree once per shape
 * and, for each edition, put the school's values, escaped for the format, where the
 * tokens are. Their tests check the result is byte for byte what rendering the
 * school's own tree gives.
 *
 * What the rendering decides from values, rather than from structure, is made part
 * of the shape's key (`templateKey`, worked out where the edition is made): link
 * targets (a link's scheme decides whether it is a hyperlink) and the text of tables
 * (column widths are sized to it), with the school's values in. Signatories and the
 * school's name, which the writer's own blocks print, become tokens too.
 */
export interface TemplateInput {
  key: string;
  meta: EditionMeta;
  values: Map<string, string>;
  /** The tokenized tree to render (parsed only when a writer has not rendered this shape yet). */
  shape(): { tree: Root; twins: WeakMap<Table, Table> } | undefined;
}

const token = (path: string) => OPEN + path + CLOSE;

// Each writer of a run asks for the same edition's input: it is worked out once.
const inputs = new WeakMap<Edition, TemplateInput | undefined>();

/** The tokenized side of an edition, or undefined when it has none. */
export function templateInput(edition: Edition): TemplateInput | undefined {
  if (!inputs.has(edition)) inputs.set(edition, makeInput(edition));
  return inputs.get(edition);
}

/** A place in a shape's tokenized tree where a writer decides from values: a link's target, or a table (as JSON). */
export interface DecisionPoint {
  table: boolean;
  text: string;
}

/** A shape's decision points, in tree order: found once per shape. */
export function decisionPoints(tree: Root): DecisionPoint[] {
  const points: DecisionPoint[] = [];
  visit(tree, (node) => {
    if (node.type === 'link') points.push({ table: false, text: node.url });
    else if (node.type === 'table') points.push({ table: true, text: JSON.stringify(node) });
  });
  return points;
}

/**
 * The key of an edition's rendered shape: its tokenized tree's key, which
 * signatories have names, and a digest of what its values decide (each decision
 * point with the values in, as it reads in the edition's own tree).
 */
export function templateKey(shapeKey: string, points: DecisionPoint[], values: Values, signatories: Signatory[], laName: boolean): string {
  const decided = points.map((p) => (p.table ? fillJson(p.text, values) : detokenize(p.text, values)));
  const names = signatories.map((s) => (s.name ? 'n' : '-')).join('');
  const digest = createHash('sha256').update(JSON.stringify([decided, laName ? 1 : 0])).digest('base64url');
  return `${shapeKey}|${names}|${digest}`;
}

function makeInput(edition: Edition): TemplateInput | undefined {
  const template = edition.template;
  if (!template) return undefined;
  const values = new Map(template.values);
  const signatories = template.signatories;
  signatories.forEach((s, i) => {
    values.set(`#signatory.${i}.role`, s.role);
    if (s.name) values.set(`#signatory.${i}.name`, s.name);
  });
  const meta: EditionMeta = { ...edition.meta, schoolId: '', schoolName: token('#meta.schoolName') };
  values.set('#meta.schoolName', edition.meta.schoolName);
  if (edition.meta.laName) {
    meta.laName = token('#meta.laName');
    values.set('#meta.laName', edition.meta.laName);
  }
  return {
    key: template.key,
    meta,
    values,
    shape() {
      const tree = JSON.parse(template.treeJson) as Root;
      const twins = new WeakMap<Table, Table>();
      const matched = walkTogether(tree, edition.tree, (tokenized, filled) => {
        if (tokenized.type === 'link') (tokenized as Link).url = (filled as Link).url;
        else if (tokenized.type === 'table') twins.set(tokenized as Table, filled as Table);
        else if (tokenized.type === 'signatureBlock') {
          (tokenized as unknown as { signatories: Signatory[] }).signatories = signatories.map((s, i) => ({
            role: token(`#signatory.${i}.role`),
            ...(s.name ? { name: token(`#signatory.${i}.name`) } : {}),
          }));
        }
      });
      return matched ? { tree, twins } : undefined;
    },
  };
}

/**
 * A writer's rendered shapes, by key: each made once, from the first edition of its
 * shape. A run has few shapes; should a project have many, the cache starts over.
 */
export class ShapeCache<T> {
  private readonly shapes = new Map<string, T>();
  private readonly render: (tree: Root, meta: EditionMeta, twins: WeakMap<Table, Table>) => T;

  constructor(render: (tree: Root, meta: EditionMeta, twins: WeakMap<Table, Table>) => T) {
    this.render = render;
  }

  /** The rendered shape of this edition's input, or undefined when its tokenized tree does not fit its filled one. */
  get(input: TemplateInput): T | undefined {
    if (this.shapes.has(input.key)) return this.shapes.get(input.key);
    const tokenized = input.shape();
    if (!tokenized) return undefined;
    if (this.shapes.size >= 32) this.shapes.clear();
    const shape = this.render(tokenized.tree, input.meta, tokenized.twins);
    this.shapes.set(input.key, shape);
    return shape;
  }
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

/**
 * `text` with the values in place of their tokens (found by `pattern`), each escaped
 * by `escape`; undefined if a token has no value or one is left.
 */
export function fillTokens(text: string, values: Map<string, string>, escape: (value: string) => string, pattern = TOKEN_PATTERN): string | undefined {
  let missing = false;
  const filled = text.replace(pattern, (_, path: string) => {
    const value = values.get(path);
    if (value === undefined) missing = true;
    return escape(value ?? '');
  });
  return missing || (pattern === TOKEN_PATTERN && filled.includes(OPEN)) ? undefined : filled;
}
