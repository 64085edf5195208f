import Handlebars from 'handlebars';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex } from '../diagnostics/position.ts';
import { LIMITS, limitHint, scanText } from '../sources/limits.ts';
import type { PolicySource } from '../sources/read-policy.ts';
import { readTextFile } from '../sources/text-file.ts';
import { checkTemplate } from './check-template.ts';
import type { ParseFailure } from './handlebars-parse-error.ts';
import './handlebars-parse-error.ts';
import { helpers } from './helpers.ts';
import type { TemplateContext } from './context.ts';
import { RESERVED_CHARS, RESERVED_RANGE } from './tokens.ts';

export interface CompiledPolicy {
  source: PolicySource;
  render(context: TemplateContext): string;
}

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

  /** Parses and checks a policy body once; the result renders any school's edition. */
  compile(source: PolicySource): { compiled?: CompiledPolicy; diagnostics: Diagnostic[] } {
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
    if (problems.length) return { diagnostics: [...partialProblems, ...problems.map((p) => at(p.line, p.column, p.message, p.hint))] };
    // With its partials filled in (loops aside), the policy must stay within the limit on a templated policy.
    let size = source.body.length;
    for (const use of partialUses(program)) {
      size += this.expandedSize.get(use.name) ?? 0;
      if (size > LIMITS.templatedChars.value) {
        return { diagnostics: [...partialProblems, at(use.line, use.column, `with its partials filled in, the policy is more than ${LIMITS.templatedChars.value} characters long`, limitHint(LIMITS.templatedChars))] };
      }
    }
    const template = this.hb.compile(program, { strict: true, noEscape: true, knownHelpersOnly: false });
    const render = (context: TemplateContext) => {
      this.spent = 0;
      try {
        return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      } catch (e) {
        // Loops over loops of a school's lists: refused by parseMarkdown as past the templated size.
        if (e instanceof RenderBudgetExceeded) return OVER_BUDGET;
        throw new TemplateRenderError(e as Error & { lineNumber?: number; column?: number }, source);
      }
    };
    return { compiled: { source, render }, diagnostics: partialProblems };
  }
}

/** A placeholder that passed the shape check but has no value for one school. */
export class TemplateRenderError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(cause: Error & { lineNumber?: number; column?: number }, source: PolicySource) {
    const missing = /^"([^"]+)" not defined/.exec(cause.message);
    const line = cause.lineNumber ?? 1;
    const column = cause.column ?? 0;
    const text = source.body.split('\n')[line - 1] ?? '';
    const open = text.lastIndexOf('{{', column);
    const close = text.indexOf('}}', column);
    const placeholder = open >= 0 && close > open ? text.slice(open, close + 2) : missing ? `\`${missing[1]}\`` : '';
    super(missing ? `${placeholder.startsWith('{{') ? `\`${placeholder}\`` : placeholder} has no value` : cause.message.replace(/ - \d+:\d+$/, ''));
    this.line = line + source.bodyLine - 1;
    this.column = column + 1;
  }
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
