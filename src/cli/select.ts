import { UsageError } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { FORMATS, formatOptions, type Format } from '../writers/registry.ts';
import type { WriterOptions } from '../writers/shared/writer.ts';

/** Checks ids given on the command line against those found; unknown ones are a usage error. */
export function checkIds(kind: 'policy' | 'school', wanted: string[] | undefined, known: string[]): void {
  if (!wanted) return;
  const unknown = wanted.filter((id) => !known.includes(id));
  if (!unknown.length) return;
  const lines = unknown.map((id) => {
    const suggestion = closest(id, known);
    return `unknown ${kind} \`${id}\`${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`;
  });
  throw new UsageError(`${lines.join('\n')}\nknown ${kind === 'policy' ? 'policies' : 'schools'}: ${known.join(', ') || '(none)'}`);
}

/** `--format html,docx` (or repeated) → formats, in the registry's order; none given: every format. */
export function parseFormats(values: string[] | undefined): Format[] {
  if (values === undefined) return [...FORMATS];
  const asked = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean))];
  const unknown = asked.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length) throw new UsageError(unknown.map((f) => `unknown format \`${f}\`: formats are ${FORMATS.join(', ')}`).join('\n'));
  if (!asked.length) throw new UsageError(`--format needs at least one format: ${FORMATS.join(', ')} (got \`${values.join(' ')}\`)`);
  return FORMATS.filter((f) => asked.includes(f));
}

/** The formats' own options (`--pdf-standard ua-1`), checked against the values each takes. */
export function parseWriterOptions(flags: Readonly<Record<string, unknown>>): WriterOptions {
  const options: Record<string, string> = {};
  for (const option of formatOptions()) {
    const value = flags[option.key];
    if (value === undefined) continue;
    const v = String(value).trim().toLowerCase();
    if (!Object.hasOwn(option.choices, v)) {
      const choices = Object.entries(option.choices).map(([c, meaning]) => `${c} (${meaning})`).join(' or ');
      throw new UsageError(`${option.flag.split(' ')[0]} must be ${choices}, got \`${String(value)}\``);
    }
    options[option.key] = v;
  }
  return options;
}
