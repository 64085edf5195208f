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
 * Bookmarks of one document. The docx library numbers every Bookmark 1, so we number
 * them here, in document order (unique and the same on every run); a name already
 * used (two headings with the same text) is not bookmarked twice.
 */
export class Bookmarks {
  private readonly names = new Set<string>();
  private nextId = 1;

  /** `children` wrapped in a bookmark for `anchor`, or unchanged when there is none to make. */
  wrap(anchor: string | undefined, children: ParagraphChild[]): ParagraphChild[] {
    if (!anchor) return children;
    const name = bookmarkName(anchor);
    if (this.names.has(name)) return children;
    this.names.add(name);
    const id = this.nextId++;
    return [new BookmarkStart(name, id) as unknown as ParagraphChild, ...children, new BookmarkEnd(id) as unknown as ParagraphChild];
  }
}
