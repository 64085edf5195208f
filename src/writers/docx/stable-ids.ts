import { partText as text, type Parts } from './deterministic-zip.ts';

const HYPERLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

/**
 * The docx library gives every external hyperlink a random relationship id (nanoid),
 * which may even start with a digit or a hyphen. Each part's hyperlinks are renumbered
 * rIdLink1, rIdLink2 … in the order of its relationships file (document order), in
 * the relationships and in the part that uses them.
 */
export function stableHyperlinkIds(parts: Parts): void {
  for (const relsName of [...parts.keys()]) {
    const m = /^(.*)_rels\/([^/]+)\.rels$/.exec(relsName);
    if (!m) continue;
    const rels = text(parts, relsName);
    if (!rels.includes(HYPERLINK)) continue;
    const partName = `${m[1]}${m[2]}`;
    const ids = new Map<string, string>();
    const renamed = rels.replace(/<Relationship\b[^>]*>/g, (tag) => {
      if (!tag.includes(`Type="${HYPERLINK}"`)) return tag;
      return tag.replace(/\bId="([^"]*)"/, (_, id: string) => {
        const stable = `rIdLink${ids.size + 1}`;
        ids.set(id, stable);
        return `Id="${stable}"`;
      });
    });
    parts.set(relsName, renamed);
    if (parts.has(partName)) {
      parts.set(partName, text(parts, partName).replace(/\br:id="([^"]*)"/g, (whole, id: string) => {
        const stable = ids.get(id);
        return stable ? `r:id="${stable}"` : whole;
      }));
    }
  }
}

