import type Handlebars from 'handlebars';
import { ANY_KEY, CONTEXT_SHAPE, STRING, type Shape } from './context.ts';
import { closest } from '../diagnostics/suggest.ts';
import { BUILT_IN_ROLES } from '../schools/school.ts';

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

/** What Handlebars calls a literal: `42`, `true`, `"x"`, `null`, `undefined`, where a placeholder names a field. */
const LITERALS: Record<string, string> = {
  NumberLiteral: 'a number',
  BooleanLiteral: 'a true/false value',
  StringLiteral: 'quoted text',
  NullLiteral: '`null`',
  UndefinedLiteral: '`undefined`',
};

type Literal = hbs.AST.Literal & { type: string; value?: unknown };

function isLiteral(e: { type: string }): boolean {
  return Object.hasOwn(LITERALS, e.type);
}

/** A literal as it is written: `42`, `true`, `"x"`, `null`. */
function written(e: { type: string; value?: unknown }): string {
  if (e.type === 'StringLiteral') return JSON.stringify(e.value);
  if (e.type === 'NullLiteral') return 'null';
  if (e.type === 'UndefinedLiteral') return 'undefined';
  return String(e.value);
}

/** What a block needs where a literal is written: `{{#if 1}}`, `{{#each "a"}}`. */
const BLOCK_NEEDS: Record<string, [needs: string, example: string]> = {
  if: ['a field to test', '{{#if school.hr.email}}'],
  unless: ['a field to test', '{{#unless school.hr.email}}'],
  each: ['a list', '{{#each school.hr.contacts}}'],
  with: ['a group of fields', '{{#with school.hr}}'],
};

/** Helpers whose argument at an index must be a list. */
const LIST_ARGUMENTS: Record<string, number> = { 'and-list': 0, 'is-penultimate': 1 };

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
    if (isLiteral(path)) {
      literalPlaceholder(path as unknown as Literal);
      return undefined;
    }
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
        // `{{school.headteacher}}`, `{{school.chair}}`: the name of a role, or its key, where a school's field is named.
        const role = shape === (CONTEXT_SHAPE as Record<string, Shape>).school ? roleNamed(part) : undefined;
        const suggestions = [...(role ? [`school.roles.${role}`] : []), ...(suggestion ? [[...walked, suggestion].join('.')] : [])];
        at(path, `unknown placeholder \`{{${path.original}}}\`: \`${name}\` is not a field`,
          suggestions.length ? `did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?` : known.length ? `fields here: ${known.join(', ')}` : undefined);
        return undefined;
      }
      walked.push(part);
      shape = next;
    }
    return shape;
  };

  /** `{{42}}`, `{{"x"}}`: a literal where a placeholder names a field. */
  const literalPlaceholder = (e: Literal) => {
    const text = e.type === 'StringLiteral' ? String(e.value) : written(e);
    at(e, `\`{{${written(e)}}}\` is ${LITERALS[e.type]}, not a placeholder`,
      `a placeholder names a field, such as {{school.name}}; to print ${text}, write it outside the braces`);
  };

  const visitParams = (node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scopes: Shape[], helper?: string) => {
    const listAt = helper !== undefined && Object.hasOwn(LIST_ARGUMENTS, helper) ? LIST_ARGUMENTS[helper] : undefined;
    node.params.forEach((p, i) => {
      if (i === listAt && isLiteral(p)) {
        at(p, `\`${helper}\` needs a list, not ${LITERALS[p.type]} (\`${written(p as Literal)}\`)`, `name a list, such as {{${helper} ${helper === 'and-list' ? '' : '@index '}policy.relatedPolicies}}`);
        return;
      }
      const shape = isLiteral(p) ? STRING : visitExpression(p, scopes);
      if (i === listAt && p.type === 'PathExpression' && shape !== undefined && !Array.isArray(shape)) {
        at(p, `\`${helper}\` needs a list: \`${(p as Path).original}\` is ${typeof shape === 'string' ? 'text' : 'a group of fields'}`, `name a list, such as {{${helper} ${helper === 'and-list' ? '' : '@index '}policy.relatedPolicies}}`);
      }
    });
    for (const pair of node.hash?.pairs ?? []) visitExpression(pair.value, scopes);
  };

  const visitExpression = (e: hbs.AST.Expression, scopes: Shape[]): Shape | undefined => {
    if (e.type === 'PathExpression') return resolve(e as Path, scopes);
    if (e.type === 'SubExpression') {
      const sub = e as hbs.AST.SubExpression;
      if (isLiteral(sub.path)) {
        at(sub.path, `\`(${written(sub.path as Literal)} …)\` is not a helper`, `helpers: ${[...helpers].join(', ')}`);
        return STRING;
      }
      const name = (sub.path as Path).original;
      if (!helpers.has(name)) at(sub, `unknown helper \`${name}\``, hintHelper(name, helpers));
      visitParams(sub, scopes, name);
    }
    return STRING;
  };

  const visitProgram = (p: hbs.AST.Program | undefined, scopes: Shape[]) => {
    // `{{else if …}}` is a block of its own in a program Handlebars marks as chained.
    const chained = Boolean((p as { chained?: boolean } | undefined)?.chained);
    for (const statement of p?.body ?? []) visit(statement, scopes, chained);
  };

  const visit = (node: hbs.AST.Statement, scopes: Shape[], chained = false) => {
    switch (node.type) {
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        if (isLiteral(m.path)) {
          literalPlaceholder(m.path as Literal);
          return;
        }
        const path = m.path as Path;
        if (m.params.length || m.hash?.pairs.length || helpers.has(path.original)) {
          if (!helpers.has(path.original)) at(m, `unknown helper \`${path.original}\``, hintHelper(path.original, helpers));
          visitParams(m, scopes, path.original);
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
        const name = isLiteral(b.path) ? written(b.path as Literal) : (b.path as Path).original;
        if (!BUILT_IN_BLOCKS.has(name)) {
          at(b, `\`{{#${name}}}\` is not a block helper`, 'blocks are {{#if}}, {{#unless}}, {{#each}} and {{#with}}');
          return;
        }
        const first = b.params[0];
        if (first && isLiteral(first)) {
          const [needs, example] = BLOCK_NEEDS[name]!;
          at(first, `\`{{${chained ? 'else ' : '#'}${name} ${written(first as Literal)}}}\` needs ${needs}, not ${LITERALS[first.type]}`, `name one, such as ${example}`);
          // Inside {{#each}} and {{#with}} the fields are unknown now; inside {{#if}} they are still the same.
          if (name === 'if' || name === 'unless') visitProgram(b.program, scopes);
          visitProgram(b.inverse, scopes);
          return;
        }
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
        // A partial's name may be written as a path or quoted (`{{> "hr-contacts"}}`).
        const name = p.name.type === 'PathExpression' ? (p.name as Path).original : isLiteral(p.name) ? String((p.name as Literal).value) : '';
        if (p.name.type === 'SubExpression') {
          at(p, 'a partial is named as it is, never chosen by a helper: `{{> (…)}}` is not allowed', `partials: ${[...partials].join(', ')}`);
          return;
        }
        if (!partials.has(name)) {
          const suggestion = closest(name, partials);
          at(p, `unknown partial \`${name}\``, suggestion ? `did you mean \`${suggestion}\`?` : `partials: ${[...partials].join(', ')}`);
        }
        for (const param of p.params) {
          if (isLiteral(param)) at(param, `\`{{> ${name} ${written(param)}}}\`: a partial's context is a group of fields, not ${LITERALS[param.type]}`, 'give values by name instead, such as {{> legislation-list list=school.legislation.publication}}');
          else visitExpression(param, scopes);
        }
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

/** The key of the built-in role that `written` names by its key or printed name (`headteacher`, `chairOfGovernors`). */
function roleNamed(written: string): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const keys = Object.keys(BUILT_IN_ROLES);
  const byName = new Map(keys.map((k) => [squash(BUILT_IN_ROLES[k]!.name), k]));
  const target = squash(written);
  if (keys.includes(target)) return target;
  if (byName.has(target)) return byName.get(target);
  const near = closest(target, byName.keys());
  return near === undefined ? undefined : byName.get(near);
}

function keysOf(shape: Shape | undefined): string[] {
  return shape && typeof shape === 'object' && !Array.isArray(shape) ? Object.keys(shape) : [];
}

function hintHelper(name: string, helpers: ReadonlySet<string>): string {
  const suggestion = closest(name, helpers);
  return suggestion ? `did you mean \`${suggestion}\`?` : `helpers: ${[...helpers].join(', ')}`;
}

