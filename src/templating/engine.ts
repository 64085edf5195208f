import Handlebars from 'handlebars';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex } from '../diagnostics/position.ts';
import { LIMITS, limitHint, scanText } from '../sources/limits.ts';
import type { PolicySource } from '../sources/read-policy.ts';
import { readTextFile } from '../sources/text-file.ts';
import { checkTemplate } from './check-template.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { ParseFailure } from './handlebars-parse-error.ts';
import './handlebars-parse-error.ts';
import { helpers } from './helpers.ts';
import type { TemplateContext } from './context.ts';
import { RESERVED_CHARS, RESERVED_RANGE, token } from './tokens.ts';

export interface CompiledPolicy {
  source: PolicySource;
  /**
   * The Markdown for one school's context. A placeholder the school has no value for
   * throws a TemplateRenderError that holds every such problem of the render, and the
   * Markdown with each of them rendered as a neutral token (for the structure checks).
   */
  render(context: TemplateContext): string;
}

/** A neutral stand-in for a failing placeholder: a token no value is behind, so it is plain text to every later check. */
export const NEUTRAL = token('unresolved');
/** How many failing placeholders one render reports before it gives up. */
const MAX_RENDER_PROBLEMS = 100;

/**
 * What a render may produce, counted over every `{{#each}}` iteration (an iteration
 * counts its characters and one more, so that empty ones count too; nested loops count
 * their output once per level): well past what a policy within the limits templates
 * to, and reached long before loops over loops of a school's lists could run long.
 */
const RENDER_BUDGET = LIMITS.templatedChars.value * 8;

/**
 * What a render past the budget gives instead of the Markdown: a text just over the
 * limit on templated size, which parseMarkdown refuses with that limit's error.
 */
const OVER_BUDGET = ' '.repeat(LIMITS.templatedChars.value + 1);

class RenderBudgetExceeded extends Error {}

interface PartialFile {
  /** Path as shown in diagnostics. */
  file: string;
  text?: string;
  /** Why it cannot be used: it could not be read, is past a limit, or includes itself. */
  problem?: Diagnostic;
  /** The partials it includes, once per time it names them. */
  includes: string[];
}

/**
 * One Handlebars environment per run: our helpers, the partials in templates/partials, nothing
 * else. Given several template folders (lowest first), a partial of a later folder replaces the
 * one of the same name in an earlier folder.
 */
export class Templating {
  private readonly hb = Handlebars.create();
  private readonly partialNames = new Set<string>();
  private readonly helperNames = new Set(Object.keys(helpers));
  /** Partials that exist but cannot be used, with the reason. */
  private readonly broken = new Map<string, Diagnostic>();
  /** Characters each usable partial comes to with the partials it includes filled in (loops not counted). */
  private readonly expandedSize = new Map<string, number>();
  private spent = 0;

  /**
   * Loads the partials in each templates folder's partials/ (a later folder's replace an
   * earlier one's of the same name). Each is a source like a policy (see readTextFile): a
   * regular file inside `projectRoot` (by default the folder holding its templates folder: the
   * project, or policyc's package), within the size and text limits. Names starting with `.` (an editor's lock or
   * backup file, `.#hr-contacts.hbs`) are not partials. A partial that cannot be used is
   * reported at its path (see `problems`), and so is every use of it; other policies build as ever.
   */
  static async load(templatesDirs: string | readonly string[], projectRoot?: string): Promise<Templating> {
    const t = new Templating();
    // Only our helpers: Handlebars' own `lookup` (dynamic property access) and `log` are removed.
    t.hb.unregisterHelper('lookup');
    t.hb.unregisterHelper('log');
    for (const [name, fn] of Object.entries(helpers)) t.hb.registerHelper(name, fn);
    // A partial's arguments must have a value for the school (Handlebars looks them up leniently).
    t.hb.registerHelper(DEFINED, (value: unknown, written: string, line: number, column: number) => {
      if (value === undefined) throw new Handlebars.Exception(`"${written}" not defined`, { loc: { start: { line, column } } } as unknown as hbs.AST.Node);
      return value;
    });
    // {{#each}} counts what it produces against the render budget.
    const each = t.hb.helpers.each!;
    t.hb.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
      const fn = options.fn;
      return each.call(this, context, { ...options, fn: (item: unknown, o?: Handlebars.RuntimeOptions) => t.spend(fn(item, o)) });
    });
    const files = new Map<string, PartialFile>();
    for (const templatesDir of typeof templatesDirs === 'string' ? [templatesDirs] : templatesDirs) {
      const root = projectRoot ?? dirname(templatesDir);
      const dir = join(templatesDir, 'partials');
      const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs') && !f.startsWith('.')).sort();
      for (const f of names) {
        const path = join(dir, f);
        const file = relative(root, path) || path;
        const { text, diagnostics } = await readTextFile(path, file, root, LIMITS.policyBytes);
        const partial: PartialFile = { file, includes: [] };
        files.set(f.slice(0, -'.hbs'.length), partial);
        if (text === undefined) {
          partial.problem = diagnostics[0];
          continue;
        }
        const breach = scanText(text, { subject: 'the partial' });
        if (breach) {
          const at = new LineIndex(text).at(breach.offset);
          partial.problem = error(file, at.line, at.column, breach.message, limitHint(breach.limit));
          continue;
        }
        partial.text = text;
        try {
          partial.includes = includedPartials(t.hb.parse(text));
        } catch {
          // A syntax error in a partial is reported where a policy uses it, as ever.
        }
      }
    }
    t.measure(files);
    for (const [name, partial] of files) {
      if (partial.problem) {
        t.broken.set(name, partial.problem);
      } else {
        t.hb.registerPartial(name, partial.text!);
        t.partialNames.add(name);
      }
    }
    return t;
  }

  /**
   * Each partial's size with its partials filled in, or the problem that makes it
   * unusable: one that includes itself (directly or through others), or one that
   * comes to more than the limit on a templated policy.
   */
  private measure(files: Map<string, PartialFile>): void {
    const limit = LIMITS.templatedChars;
    const visiting = new Set<string>();
    const size = (name: string, path: string[]): number => {
      const known = this.expandedSize.get(name);
      if (known !== undefined) return known;
      const partial = files.get(name);
      if (!partial?.text) return 0; // unknown or unreadable: reported where it is used
      if (visiting.has(name)) {
        const cycle = [...path.slice(path.indexOf(name)), name];
        partial.problem ??= error(partial.file, 1, 1, `partial \`${name}\` includes itself (${cycle.map((n) => `{{> ${n}}}`).join(' → ')})`, 'a partial may not include itself, directly or through another');
        return Number.POSITIVE_INFINITY;
      }
      visiting.add(name);
      let total = partial.text.length;
      for (const included of partial.includes) total += size(included, [...path, name]);
      visiting.delete(name);
      if (total === Number.POSITIVE_INFINITY) {
        partial.problem ??= error(partial.file, 1, 1, `partial \`${name}\` includes a partial that includes itself`, 'a partial may not include itself, directly or through another');
      } else if (total > limit.value) {
        partial.problem ??= error(partial.file, 1, 1, `partial \`${name}\` is more than ${limit.value} characters long with the partials it includes filled in`, limitHint(limit));
      }
      this.expandedSize.set(name, total);
      return total;
    };
    for (const name of files.keys()) size(name, []);
  }

  private spend(output: string): string {
    this.spent += output.length + 1;
    if (this.spent > RENDER_BUDGET) throw new RenderBudgetExceeded();
    return output;
  }

  /** Partials that cannot be used (unreadable, past a limit, including themselves), each at its path. */
  get problems(): Diagnostic[] {
    return [...this.broken.values()];
  }

  get partials(): ReadonlySet<string> {
    return this.partialNames;
  }

  /**
   * Parses and checks a policy body once; the result renders any school's edition. A policy
   * whose placeholders fail the check has no `compiled` but a `fallback`: the template with
   * each failing placeholder (or block, or partial) rendered as a neutral token, whose
   * editions are never written but let `check` report the policy's other problems
   * (references, numbering, addresses) in the same run.
   */
  compile(source: PolicySource): { compiled?: CompiledPolicy; fallback?: CompiledPolicy; diagnostics: Diagnostic[] } {
    const at = (line: number, column: number, message: string, hint?: string) =>
      error(source.file, line + source.bodyLine - 1, column, message, hint);
    const reserved = RESERVED_CHARS.exec(source.body);
    if (reserved) {
      const before = source.body.slice(0, reserved.index);
      return { diagnostics: [at(before.split('\n').length, before.length - before.lastIndexOf('\n'), `private-use characters ${RESERVED_RANGE} are reserved by policyc`)] };
    }
    let program: hbs.AST.Program;
    try {
      program = this.hb.parse(source.body);
    } catch (e) {
      const failure = e as ParseFailure;
      const loc = failure.hash?.loc;
      const line = loc ? loc.first_line : (failure.hash?.line ?? 0) + 1;
      const column = loc ? loc.first_column + 1 : 1;
      return { diagnostics: [at(line, column, describeParseError(failure.message))] };
    }
    // A partial that cannot be used is reported at its own path with every policy's diagnostics (a run prints it once).
    const partialProblems = this.problems;
    const problems = checkTemplate(program, this.helperNames, new Set([...this.partialNames, ...this.broken.keys()]));
    for (const use of partialUses(program)) {
      const broken = this.broken.get(use.name);
      if (broken) problems.push({ line: use.line, column: use.column, message: `partial \`${use.name}\` cannot be used: ${broken.file} ${broken.message}`, hint: `see ${broken.file}` });
    }
    if (problems.length) {
      const diagnostics = [...partialProblems, ...problems.map((p) => at(p.line, p.column, p.message, p.hint))];
      const neutral = neutralize(program, problems);
      // With the failing parts taken out, the rest must still be a template that compiles.
      const fallback = neutral && checkTemplate(neutral, this.helperNames, this.partialNames).length === 0 ? this.renderer(source, neutral) : undefined;
      return { diagnostics, ...(fallback ? { fallback: { source, render: fallback } } : {}) };
    }
    // With its partials filled in (loops aside), the policy must stay within the limit on a templated policy.
    let size = source.body.length;
    for (const use of partialUses(program)) {
      size += this.expandedSize.get(use.name) ?? 0;
      if (size > LIMITS.templatedChars.value) {
        return { diagnostics: [...partialProblems, at(use.line, use.column, `with its partials filled in, the policy is more than ${LIMITS.templatedChars.value} characters long`, limitHint(LIMITS.templatedChars))] };
      }
    }
    return { compiled: { source, render: this.renderer(source, program) }, diagnostics: partialProblems };
  }

  private renderer(source: PolicySource, program: hbs.AST.Program): (context: TemplateContext) => string {
    const options = { strict: true, noEscape: true, knownHelpersOnly: false } as const;
    const template = this.hb.compile(requireArguments(structuredClone(program)), options);
    const attempt = (run: HandlebarsTemplateDelegate, context: TemplateContext): string => {
      this.spent = 0;
      try {
        return run(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      } catch (e) {
        // Loops over loops of a school's lists: refused by parseMarkdown as past the templated size.
        if (e instanceof RenderBudgetExceeded) return OVER_BUDGET;
        throw new TemplateRenderError(e as Error & { lineNumber?: number; column?: number }, source, context);
      }
    };
    const neutralized = new Map<string, HandlebarsTemplateDelegate | null>();
    return (context) => {
      try {
        return attempt(template, context);
      } catch (e) {
        if (!(e instanceof TemplateRenderError)) throw e;
        // Every placeholder this school has no value for, each reported, the rest rendered around them.
        const found: TemplateRenderError[] = [e];
        const places: { line: number; column: number }[] = [];
        for (;;) {
          const last = found[found.length - 1]!;
          if (!last.at || found.length >= MAX_RENDER_PROBLEMS) break;
          places.push(last.at);
          // Schools of one shape fail at the same places: each set of places is compiled once.
          const key = places.map((p) => `${p.line}:${p.column}`).join(' ');
          let next = neutralized.get(key);
          if (next === undefined) {
            const program2 = neutralize(program, places);
            next = program2 ? this.hb.compile(requireArguments(program2), options) : null;
            neutralized.set(key, next);
          }
          if (!next) break;
          try {
            e.markdown = attempt(next, context);
            break;
          } catch (again) {
            if (!(again instanceof TemplateRenderError)) throw again;
            found.push(again);
          }
        }
        e.all = found;
        throw e;
      }
    };
  }
}

/** The internal helper that makes a partial's argument an error when the school has no value for it; no policy can call it. */
const DEFINED = '\u0000defined';

/**
 * The template with each argument of a partial or a helper that names a field
 * (`list=school.legislation.x`), and what an `{{#each}}` loops over, passed through
 * DEFINED, so that a field the school lacks is an error at it, not an empty list. What
 * `{{#if}}` and `{{#unless}}` test stay as they are.
 */
function requireArguments(program: hbs.AST.Program): hbs.AST.Program {
  const wrap = (e: hbs.AST.Expression): hbs.AST.Expression => {
    if (e.type !== 'PathExpression' || (e as hbs.AST.PathExpression).data) return e;
    const path = e as hbs.AST.PathExpression;
    const literal = (type: string, value: unknown) => ({ type, value, original: value, loc: path.loc });
    return {
      type: 'SubExpression',
      path: { type: 'PathExpression', data: false, depth: 0, parts: [DEFINED], original: DEFINED, loc: path.loc },
      params: [path, literal('StringLiteral', path.original), literal('NumberLiteral', path.loc.start.line), literal('NumberLiteral', path.loc.start.column)],
      hash: { type: 'Hash', pairs: [], loc: path.loc },
      loc: path.loc,
    } as unknown as hbs.AST.SubExpression;
  };
  const helperArgument = (e: hbs.AST.Expression): hbs.AST.Expression => {
    if (e.type !== 'SubExpression') return wrap(e);
    const sub = e as hbs.AST.SubExpression;
    sub.params = sub.params.map(helperArgument);
    return sub;
  };
  const visit = (node: hbs.AST.Node | undefined): void => {
    if (!node) return;
    const n = node as hbs.AST.Node & { body?: hbs.AST.Node[]; program?: hbs.AST.Program; inverse?: hbs.AST.Program };
    if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') {
      const p = n as hbs.AST.PartialStatement;
      p.params = p.params.map(helperArgument);
      for (const pair of p.hash?.pairs ?? []) pair.value = helperArgument(pair.value);
    } else if (n.type === 'MustacheStatement') {
      // A helper's arguments (`{{and-list school.legislation.x}}`) too: never "needs a list" at no place.
      const m = n as hbs.AST.MustacheStatement;
      m.params = m.params.map(helperArgument);
    } else if (n.type === 'BlockStatement') {
      // What {{#if}} tests may be absent; a helper's arguments inside it may not, nor what
      // {{#each}} loops over (a list no config defines would print nothing at all).
      const b = n as hbs.AST.BlockStatement;
      const loops = b.path.type === 'PathExpression' && (b.path as hbs.AST.PathExpression).original === 'each';
      b.params = b.params.map((e) => (e.type === 'SubExpression' || loops ? helperArgument(e) : e));
    }
    for (const child of n.body ?? []) visit(child);
    visit(n.program);
    visit(n.inverse);
  };
  visit(program);
  return program;
}

/**
 * The template with the statements at the given places (the innermost placeholder,
 * block or partial around each) taken out: a placeholder becomes a neutral token, a
 * partial nothing, a block its own content (checked against the fields around it).
 * Undefined when a place is in no statement.
 */
export function neutralize(program: hbs.AST.Program, places: readonly { line: number; column: number }[]): hbs.AST.Program | undefined {
  const copy = structuredClone(program);
  for (const place of places) {
    if (!replaceAt(copy, place.line, place.column - 1)) return undefined;
  }
  return copy;
}

type Statement = hbs.AST.Statement & { loc: hbs.AST.SourceLocation; program?: hbs.AST.Program; inverse?: hbs.AST.Program };

function contains(loc: hbs.AST.SourceLocation | undefined, line: number, column: number): boolean {
  if (!loc) return false;
  const after = line > loc.start.line || (line === loc.start.line && column >= loc.start.column);
  const before = line < loc.end.line || (line === loc.end.line && column < loc.end.column);
  return after && before;
}

function replaceAt(program: hbs.AST.Program, line: number, column: number): boolean {
  const body = program.body as Statement[];
  for (let i = 0; i < body.length; i++) {
    const node = body[i]!;
    if (!contains(node.loc, line, column) || node.type === 'ContentStatement' || node.type === 'CommentStatement') continue;
    if (node.type === 'BlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      if (block.program && contains(block.program.loc, line, column) && replaceAt(block.program, line, column)) return true;
      if (block.inverse && contains(block.inverse.loc, line, column) && replaceAt(block.inverse, line, column)) return true;
      // The block's own head fails: its content stays, with the fields around it; but the
      // content of a loop over a list that is not there belongs to items that are not there.
      const loops = block.path.type === 'PathExpression' && (block.path as hbs.AST.PathExpression).original === 'each';
      body.splice(i, 1, ...(loops ? [] : block.program?.body ?? []));
      return true;
    }
    const text = node.type === 'MustacheStatement' ? NEUTRAL : '';
    body[i] = { type: 'ContentStatement', value: text, original: text, loc: node.loc } as unknown as Statement;
    return true;
  }
  return false;
}

/** A placeholder that passed the shape check but has no value for one school. */
export class TemplateRenderError extends Error {
  readonly line: number;
  readonly column: number;
  /** What to do about it, when something better than "add the value" is known. */
  readonly hint?: string;
  /** Where in the template (body line, 1-based column) it failed, when Handlebars said. */
  readonly at?: { line: number; column: number };
  /** Every problem of the render, this one first. */
  all: TemplateRenderError[] = [this];
  /** The Markdown with every failing placeholder a neutral token, when it could be made. */
  markdown?: string;
  constructor(cause: Error & { lineNumber?: number; column?: number }, source: PolicySource, context?: TemplateContext) {
    const missing = /^"([^"]+)" not defined/.exec(cause.message);
    const line = cause.lineNumber ?? 1;
    const column = cause.column ?? 0;
    const text = source.body.split('\n')[line - 1] ?? '';
    const open = text.lastIndexOf('{{', column);
    const close = text.indexOf('}}', column);
    const placeholder = open >= 0 && close > open ? text.slice(open, close + 2) : missing ? `\`${missing[1]}\`` : '';
    const explained = missing ? explainMissing(placeholder, missing[1]!, context) : undefined;
    super(explained?.message ?? (missing ? `${placeholder.startsWith('{{') ? `\`${placeholder}\`` : placeholder} has no value` : cause.message.replace(/ - \d+:\d+$/, '')));
    if (explained?.hint) this.hint = explained.hint;
    if (cause.lineNumber !== undefined) this.at = { line, column: column + 1 };
    this.line = line + source.bodyLine - 1;
    this.column = column + 1;
  }
}

/** Why a field has no value for a school, when the school's data tells: a role it lacks, a plural its role lacks, a partial's argument. */
function explainMissing(placeholder: string, missing: string, context: TemplateContext | undefined): { message: string; hint?: string } | undefined {
  // A partial's or a helper's argument (DEFINED names it in full).
  if (/^\{\{\S*\s+\S/.test(placeholder) && missing.includes('.')) {
    return { message: `\`${missing}\` (in \`${placeholder}\`) has no value` };
  }
  const path = /^\{\{~?\s*([^\s}~()]+)\s*~?\}\}$/.exec(placeholder)?.[1];
  if (!path || !context) return undefined;
  const roles = context.school.roles as Record<string, unknown>;
  const shown = `\`${placeholder}\``;
  const plural = /^school\.roles\.plural\.([^.]+)$/.exec(path)?.[1];
  const role = plural ?? /^school\.roles\.([^.]+)$/.exec(path)?.[1];
  const add = 'under `roles:` in the school\'s config, its trust\'s or the LA defaults';
  if (role !== undefined && !(role !== 'plural' && Object.hasOwn(roles, role))) {
    const keys = Object.keys(roles).filter((k) => k !== 'plural');
    const suggestion = closest(role, keys);
    return {
      message: `${shown}: \`${role}\` is not a role`,
      hint: suggestion ? `did you mean \`school.roles.${plural !== undefined ? 'plural.' : ''}${suggestion}\`?` : `roles: ${keys.join(', ')}; add \`${role}\` ${add}`,
    };
  }
  if (plural !== undefined || path === 'school.headTitlePlural') {
    const key = plural ?? 'head';
    return { message: `${shown}: the role \`${key}\` has no plural form`, hint: `give it one ${add}: \`${key}: { name: …, plural: … }\`` };
  }
  if (path === 'school.trust.name') {
    return { message: `${shown} has no value: there is no trust`, hint: 'name its trust with `trust: <trust-id>` in its config, or wrap the placeholder in {{#if school.trust}}' };
  }
  return undefined;
}

function describeParseError(message: string): string {
  const expecting = /Expecting (.*), got '([^']+)'/.exec(message);
  if (expecting) {
    const got = expecting[2];
    if (got === 'EOF') return 'template block is not closed: a `{{#…}}` has no matching `{{/…}}`';
    if (got === 'OPEN_ENDBLOCK') return 'unexpected `{{/…}}`: it closes a block that was never opened';
    if (got === 'CLOSE' || got === 'CLOSE_UNESCAPED') return 'unexpected `}}` in a placeholder';
    return `template syntax error: unexpected ${got}`;
  }
  if (/doesn't match/.test(message)) return `template block closed with the wrong name: ${message.split('\n')[0]}`;
  return `template syntax error: ${message.split('\n')[0]}`;
}

/** Every `{{> name}}` in a template, with its position (line 1-based, column 1-based). */
function partialUses(program: hbs.AST.Program): { name: string; line: number; column: number }[] {
  const uses: { name: string; line: number; column: number }[] = [];
  const stack: hbs.AST.Node[] = [program];
  while (stack.length) {
    const node = stack.pop()! as hbs.AST.Node & { body?: hbs.AST.Node[]; program?: hbs.AST.Program; inverse?: hbs.AST.Program; name?: hbs.AST.Expression };
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const name = node.name as hbs.AST.PathExpression | hbs.AST.StringLiteral;
      const written = name.type === 'PathExpression' ? name.original : name.type === 'StringLiteral' ? name.value : undefined;
      if (written !== undefined) uses.push({ name: written, line: node.loc.start.line, column: node.loc.start.column + 1 });
    }
    if (node.body) for (let i = node.body.length - 1; i >= 0; i--) stack.push(node.body[i]!);
    if (node.inverse) stack.push(node.inverse);
    if (node.program) stack.push(node.program);
  }
  return uses.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The names of the partials a template includes, once per time it names them. */
function includedPartials(program: hbs.AST.Program): string[] {
  return partialUses(program).map((u) => u.name);
}
