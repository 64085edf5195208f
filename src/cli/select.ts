import { UsageError } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { availableFormats, FORMATS, type Format } from '../writers/writers.ts';

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

/** `--format html,docx` (or repeated) → formats; a format without a writer yet is refused, not skipped. */
export function parseFormats(values: string[] | undefined): Format[] {
  const available = availableFormats();
  if (!values?.length) return available;
  const asked = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean))];
  const problems: string[] = [];
  for (const f of asked) {
    if (!(FORMATS as readonly string[]).includes(f)) problems.push(`unknown format \`${f}\`: formats are ${FORMATS.join(', ')}`);
    else if (!available.includes(f as Format)) problems.push(`format \`${f}\` is not available in this version of policyc (available: ${available.join(', ')})`);
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  return FORMATS.filter((f) => asked.includes(f));
}

/** `--pdf-standard ua-1|a-2b`: tagged PDF is always on; these add a conformance level. */
export function parsePdfStandard(value: string | undefined): 'ua-1' | 'a-2b' | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'ua-1' || v === 'a-2b') return v;
  throw new UsageError(`--pdf-standard must be ua-1 (PDF/UA-1) or a-2b (PDF/A-2b), got \`${value}\``);
}
