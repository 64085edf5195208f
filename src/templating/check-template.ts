import type Handlebars from 'handlebars';
import { ANY_KEY, CONTEXT_SHAPE, STRING, type Shape } from './context.ts';
import { closest } from '../diagnostics/suggest.ts';

type AST = typeof Handlebars.AST;
type Node = hbs.AST.Node;
type Path = hbs.AST.PathExpression;

export interface TemplateProblem {
  /** 1-based line and column within the template text */
  line: number;
  column: number;
  message: string;
  hint?: string;
}

const FORBIDDEN = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'hasOwnProperty', 'toString', 'valueOf']);
const BUILT_IN_BLOCKS = new Set(['if', 'unless', 'each', 'with']);
const DATA_VARS = new Set(['index', 'first', 'last', 'key', 'root']);

/**
 * Checks a parsed template before it is ever rendered: every placeholder must name
 * something in the context's shape, every helper and partial must exist, and no
 * path may reach into an object's prototype. All problems are reported, not only the first.
 */
export function checkTemplate(program: hbs.AST.Program, helpers: ReadonlySet<string>, partials: ReadonlySet<string>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const at = (node: Node, message: string, hint?: string) =>
    problems.push({ line: node.loc.start.line, column: node.loc.start.column + 1, message, ...(hint ? { hint } : {}) });

  /** Resolves a path against the scope stack; reports and returns undefined when it does not resolve. */
  const resolve = (path: Path, scopes: Shape[]): Shape | undefined => {
    for (const part of path.parts) {
      if (FORBIDDEN.has(part)) {
        at(path, `\`{{${path.original}}}\` is not allowed: \`${part}\` is not a data field`);
        return undefined;
      }
    }
    if (path.data) {
      if (!DATA_VARS.has(path.parts[0] ?? '')) at(path, `unknown data variable \`@${path.parts[0]}\``, 'use @index, @first, @last or @key');
      return STRING;
    }
    const scope = scopes[scopes.length - 1 - path.depth];
    if (scope === undefined) {
      at(path, `\`{{${path.original}}}\` goes up further than the blocks around it`);
      return undefined;
    }
    let shape: Shape | undefined = scope;
    const walked: string[] = [];
    for (const part of path.parts) {
      const next = child(shape, part);
      if (next === undefined) {
        const known = keysOf(shape);
        const suggestion = closest(part, known);
        const name = [...walked, part].join('.');
        at(path, `unknown placeholder \`{{${path.original}}}\`: \`${name}\` is not a field`,
          suggestion ? `did you mean \`${[...walked, suggestion].join('.')}\`?` : known.length ? `fields here: ${known.join(', ')}` : undefined);
        return undefined;
      }
      walked.push(part);
      shape = next;
    }
    return shape;
  };

  const visitParams = (node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scopes: Shape[]) => {
    for (const p of node.params) visitExpression(p, scopes);
    for (const pair of node.hash?.pairs ?? []) visitExpression(pair.value, scopes);
  };

  const visitExpression = (e: hbs.AST.Expression, scopes: Shape[]): Shape | undefined => {
    if (e.type === 'PathExpression') return resolve(e as Path, scopes);
    if (e.type === 'SubExpression') {
      const sub = e as hbs.AST.SubExpression;
      const name = (sub.path as Path).original;
      if (!helpers.has(name)) at(sub, `unknown helper \`${name}\``, hintHelper(name, helpers));
      visitParams(sub, scopes);
    }
    return STRING;
  };

  const visitProgram = (p: hbs.AST.Program | undefined, scopes: Shape[]) => {
    for (const statement of p?.body ?? []) visit(statement, scopes);
  };

  const visit = (node: hbs.AST.Statement, scopes: Shape[]) => {
    switch (node.type) {
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        const path = m.path as Path;
        if (m.params.length || m.hash?.pairs.length || helpers.has(path.original)) {
          if (!helpers.has(path.original)) at(m, `unknown helper \`${path.original}\``, hintHelper(path.original, helpers));
          visitParams(m, scopes);
        } else {
          const shape = resolve(path, scopes);
          if (shape !== undefined && typeof shape !== 'string') {
            at(m, `\`{{${path.original}}}\` is a ${Array.isArray(shape) ? 'list' : 'group of fields'}, not text`,
              Array.isArray(shape) ? `use {{#each ${path.original}}}…{{/each}} or a helper such as {{and-list ${path.original}}}` : `name one of its fields: ${keysOf(shape).join(', ')}`);
          }
        }
        return;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const name = (b.path as Path).original;
        if (!BUILT_IN_BLOCKS.has(name)) {
          at(b, `\`{{#${name}}}\` is not a block helper`, 'blocks are {{#if}}, {{#unless}}, {{#each}} and {{#with}}');
          return;
        }
        const first = b.params[0];
        const shape = first ? visitExpression(first, scopes) : undefined;
        if (!first) at(b, `\`{{#${name}}}\` needs a value, e.g. {{#${name} school.hr.contacts}}`);
        let inner = scopes;
        if (name === 'each' && shape !== undefined) {
          const item = Array.isArray(shape) ? shape[0] : typeof shape === 'object' ? (shape[ANY_KEY] ?? STRING) : undefined;
          if (item === undefined) at(b, `\`{{#each ${(first as Path).original}}}\` needs a list`);
          else inner = [...scopes, item];
        } else if (name === 'with' && shape !== undefined) {
          inner = [...scopes, shape];
        }
        visitProgram(b.program, inner);
        visitProgram(b.inverse, scopes);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const p = node as hbs.AST.PartialStatement;
        const name = p.name.type === 'PathExpression' ? (p.name as Path).original : '';
        if (!partials.has(name)) {
          const suggestion = closest(name, partials);
          at(p, `unknown partial \`${name}\``, suggestion ? `did you mean \`${suggestion}\`?` : `partials: ${[...partials].join(', ')}`);
        }
        for (const param of p.params) visitExpression(param, scopes);
        for (const pair of p.hash?.pairs ?? []) visitExpression(pair.value, scopes);
        return;
      }
      default:
        return; // content and comments
    }
  };

  visitProgram(program, [CONTEXT_SHAPE]);
  return problems;
}

function child(shape: Shape | undefined, part: string): Shape | undefined {
  if (shape === undefined || typeof shape === 'string') return undefined;
  if (part === 'this') return shape;
  if (Array.isArray(shape)) return /^\d+$/.test(part) ? shape[0] : part === 'length' ? STRING : undefined;
  if (Object.hasOwn(shape, part)) return shape[part];
  return shape[ANY_KEY];
}

function keysOf(shape: Shape | undefined): string[] {
  return shape && typeof shape === 'object' && !Array.isArray(shape) ? Object.keys(shape) : [];
}

function hintHelper(name: string, helpers: ReadonlySet<string>): string {
  const suggestion = closest(name, helpers);
  return suggestion ? `did you mean \`${suggestion}\`?` : `helpers: ${[...helpers].join(', ')}`;
}

