import type { Parents, Root, RootContent, Table } from 'mdast';
import { headingText } from './number-clauses.ts';

const CAPTION = /^Table:[ \t]*/;

/**
 * Every table gets an accessible name: a paragraph `Table: Caption text` directly before
 * it is its caption (printed above it; the paragraph goes), and its name; a table without
 * one is named from its header cells ("Name, Role, Telephone and Email").
 */
export function nameTables(tree: Root): void {
  const walk = (parent: Parents) => {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === 'table') {
        const before = children[i - 1];
        const caption = before?.type === 'paragraph' && before.children[0]?.type === 'text' && CAPTION.test(before.children[0].value)
          ? headingText(before).replace(CAPTION, '').replace(/\s+/g, ' ').trim()
          : undefined;
        if (caption !== undefined) {
          children.splice(i - 1, 1);
          i -= 1;
        }
        child.data = { ...child.data, ...(caption ? { caption } : {}), name: caption || headerName(child) };
        continue;
      }
      if ('children' in child) walk(child as Parents);
    }
  };
  walk(tree);
}

function headerName(table: Table): string {
  const cells = (table.children[0]?.children ?? []).map((cell) => headingText(cell).replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (cells.length === 0) return 'Table';
  return cells.length === 1 ? cells[0]! : `${cells.slice(0, -1).join(', ')} and ${cells[cells.length - 1]}`;
}
