// Characters XML 1.0 cannot carry at all. The pipeline drops them from config values; a policy's
// own text may still hold one (a form feed pasted from a word processor), and the docx library
// would write it as it is, making the document one Word refuses to open.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Whether `text` holds a character XML 1.0 cannot carry. */
export function hasNonXml(text: string): boolean {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(text);
}

/** `text` without the characters XML 1.0 cannot carry; nothing else is changed. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** Text as XML character data or an attribute value: escaped, never markup. */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
