/**
 * Data is never markup. Every string that comes from a config or front matter is
 * replaced, before templating, by an opaque token made of private-use characters
 * that no Markdown, HTML, XML or Typst syntax reacts to. After the Markdown is
 * parsed, tokens in text nodes and link targets are swapped back for the literal
 * values, so a value reaches the writers as plain text and nothing else.
 *
 * Tokens are keyed by the value's path (`school.hr.contacts.0.name`), so two schools
 * whose data has the same shape template to the same Markdown and share one parse.
 */
export const OPEN = '\uE000';
export const CLOSE = '\uE001';
/** A whole block (signature block, edition block) that the document transform generates. */
export const BLOCK_OPEN = '\uE002';
export const BLOCK_CLOSE = '\uE003';
/**
 * The same token in a second form, for a writer that must escape a value one way in
 * some places and another way elsewhere (HTML: attribute values and text).
 */
export const MARKED_OPEN = '\uE004';
export const MARKED_CLOSE = '\uE005';

export const TOKEN_PATTERN = /\uE000([^\uE000-\uE005]*)\uE001/g;
export const MARKED_PATTERN = /\uE004([^\uE000-\uE005]*)\uE005/g;
export const BLOCK_PATTERN = /^\uE002([a-z-]+)\uE003$/;
/** Every character policyc's tokens are made of: a source may not contain them. */
export const RESERVED_CHARS = /[\uE000-\uE005]/;
export const RESERVED_RANGE = 'U+E000–U+E005';

export type Values = Map<string, string>;

/** Deep-copies `data`, replacing each non-empty string with its token and recording the value. */
export function tokenize<T>(data: T, prefix: string, values: Values): T {
  return walk(data, prefix, values) as T;
}

function walk(value: unknown, path: string, values: Values): unknown {
  if (typeof value === 'string') {
    if (value === '') return value;
    values.set(path, value);
    return token(path);
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}.${i}`, values));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = walk((value as Record<string, unknown>)[key], `${path}.${key}`, values);
      // A key named `__proto__` (a config may have one) is data, never the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      else out[key] = item;
    }
    return out;
  }
  return value;
}

/** Replaces every token in `text` by its literal value. */
export function detokenize(text: string, values: Values): string {
  if (!text.includes(OPEN)) return text;
  return text.replace(TOKEN_PATTERN, (_, path: string) => values.get(path) ?? '');
}

export function token(path: string): string {
  return OPEN + path + CLOSE;
}

export function blockToken(name: string): string {
  return BLOCK_OPEN + name + BLOCK_CLOSE;
}
