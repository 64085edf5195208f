import { blockToken } from './tokens.ts';

/**
 * The helpers a policy may call. They only arrange tokens and punctuation, so they
 * never see (or can mangle) a real value.
 */
export const helpers: Record<string, (...args: any[]) => string | boolean> = {
  /** {{and-list school.relatedPolicies}} → "A, B and C" */
  'and-list'(list: unknown) {
    if (!Array.isArray(list)) throw new Error('and-list needs a list');
    // Legislation and guidance entries print their text (a token, like any other value).
    const items = list.map((item) => (item !== null && typeof item === 'object' && 'text' in item ? String(item.text) : String(item)));
    return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  },
  /** true for the last-but-one item of a list: {{#if (is-penultimate @index list)}} */
  'is-penultimate'(index: unknown, list: unknown) {
    return Array.isArray(list) && index === list.length - 2;
  },
  /** A line break, mid-line or at a line's end, in a table cell too (the document stage makes it one: src/document/breaks.ts). */
  br() {
    return blockToken('br');
  },
  /** The signature block: a line for each of the school's signatories. */
  'signature-block'() {
    return `\n\n${blockToken('signature-block')}\n\n`;
  },
  /** The contents list (front matter `contents: true`); placed after the edition block when absent. */
  contents() {
    return `\n\n${blockToken('contents')}\n\n`;
  },
  /** The document-control table (front matter `history:`); placed after the edition block when absent. */
  'document-control'() {
    return `\n\n${blockToken('document-control')}\n\n`;
  },
  /** The edition block (school, version, approved and review dates); placed at the top when absent. */
  'edition-block'() {
    return `\n\n${blockToken('edition-block')}\n\n`;
  },
};
