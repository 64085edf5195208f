/**
 * What a value from a config or front matter may hold in a document: line breaks and
 * tabs become spaces (a name is one line), other control characters and noncharacters
 * are dropped (XML cannot carry them), and lone surrogates become U+FFFD. Everything
 * else, markup characters included, stays exactly as written.
 */
export function cleanValue(value: string): string {
  return value
    .toWellFormed()
    .replace(/[\t\n\r\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    // noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF): not for interchange; HTML and XML reject them
    .replace(/[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/gu, '');
}

/** cleanValue applied to every string in a parsed YAML value. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanValue(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: cleanStrings((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}
