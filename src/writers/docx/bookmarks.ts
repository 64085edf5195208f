import { BookmarkEnd, BookmarkStart, type ParagraphChild } from 'docx';

/**
 * Word bookmark names: a letter first, then letters, digits and underscores, at most
 * 40 characters. Our anchors ("clause-2-1", "section-9") map one to one; a long
 * heading slug is cut and given a short hash so two long ones stay apart.
 */
export function bookmarkName(anchor: string): string {
  let name = anchor.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z]/.test(name)) name = `a_${name}`;
  if (name.length <= 40) return name;
  return `${name.slice(0, 31)}_${fnv1a(anchor)}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Bookmarks of one document. Every anchor of the tree gets its own name, in document
 * order: bookmarkName's, or, should that be taken already (two long anchors cut to
 * the same name and hash), the name with a number. The docx library numbers every
 * Bookmark 1, so we number them here, in document order (unique and the same on
 * every run); an anchor already bookmarked is not bookmarked twice.
 */
export class Bookmarks {
  private readonly names = new Map<string, string>();
  private readonly made = new Set<string>();
  private nextId = 1;

  /** `anchors`: every anchor of the document, in order. */
  constructor(anchors: Iterable<string> = []) {
    const used = new Set<string>();
    for (const anchor of anchors) {
      if (this.names.has(anchor)) continue;
      let name = bookmarkName(anchor);
      for (let n = 2; used.has(name); n++) name = `${bookmarkName(anchor).slice(0, 40 - String(n).length - 1)}_${n}`;
      used.add(name);
      this.names.set(anchor, name);
    }
  }

  /** The bookmark name of an anchor (a cross-reference's target). */
  name(anchor: string): string {
    return this.names.get(anchor) ?? bookmarkName(anchor);
  }

  /** `children` wrapped in a bookmark for `anchor`, or unchanged when there is none to make. */
  wrap(anchor: string | undefined, children: ParagraphChild[]): ParagraphChild[] {
    if (!anchor || this.made.has(anchor)) return children;
    this.made.add(anchor);
    const id = this.nextId++;
    return [new BookmarkStart(this.name(anchor), id) as unknown as ParagraphChild, ...children, new BookmarkEnd(id) as unknown as ParagraphChild];
  }
}
