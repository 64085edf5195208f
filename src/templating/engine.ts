import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { PolicySource } from '../sources/read-policy.ts';
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
 * One Handlebars environment per run: our helpers, the partials in templates/partials, nothing
 * else. Given several template folders (lowest first), a partial of a later folder replaces the
 * one of the same name in an earlier folder.
 */
export class Templating {
  private readonly hb = Handlebars.create();
  private readonly partialNames = new Set<string>();
  private readonly helperNames = new Set(Object.keys(helpers));

  static async load(templatesDirs: string | readonly string[]): Promise<Templating> {
    const t = new Templating();
    // Only our helpers: Handlebars' own `lookup` (dynamic property access) and `log` are removed.
    t.hb.unregisterHelper('lookup');
    t.hb.unregisterHelper('log');
    for (const [name, fn] of Object.entries(helpers)) t.hb.registerHelper(name, fn);
    for (const templatesDir of typeof templatesDirs === 'string' ? [templatesDirs] : templatesDirs) {
      const dir = join(templatesDir, 'partials');
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs')).sort();
      for (const f of files) {
        const name = f.slice(0, -'.hbs'.length);
        t.hb.registerPartial(name, await readFile(join(dir, f), 'utf8'));
        t.partialNames.add(name);
      }
    }
    return t;
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
    const problems = checkTemplate(program, this.helperNames, this.partialNames);
    if (problems.length) return { diagnostics: problems.map((p) => at(p.line, p.column, p.message, p.hint)) };
    const template = this.hb.compile(program, { strict: true, noEscape: true, knownHelpersOnly: false });
    const render = (context: TemplateContext) => {
      try {
        return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      } catch (e) {
        throw new TemplateRenderError(e as Error & { lineNumber?: number; column?: number }, source);
      }
    };
    return { compiled: { source, render }, diagnostics: [] };
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
