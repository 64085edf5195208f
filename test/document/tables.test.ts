import { describe, expect, it } from 'vitest';
import type { Table } from 'mdast';
import { nameTables } from '../../src/document/tables.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';

const TABLE = '| Name | Role | Telephone | Email |\n| --- | --- | --- | --- |\n| A | B | 1 | a@b |\n';

describe('table names and captions', () => {
  it('takes a `Table:` paragraph directly before a table as its caption and name, and drops the paragraph', () => {
    const tree = parseMarkdown(`Intro.\n\nTable: Who to *contact*\n\n${TABLE}`);
    nameTables(tree);
    expect(tree.children.map((n) => n.type)).toEqual(['paragraph', 'table']);
    expect((tree.children[1] as Table).data).toEqual({ caption: 'Who to contact', name: 'Who to contact' });
  });

  it('names every other table from its header cells', () => {
    const tree = parseMarkdown(`Table: not before a table\n\nText.\n\n${TABLE}\n- ${'| One |\n  | --- |\n  | 1 |'}\n`);
    nameTables(tree);
    expect(tree.children[0]!.type).toBe('paragraph');
    expect((tree.children[2] as Table).data).toEqual({ name: 'Name, Role, Telephone and Email' });
    expect(JSON.stringify(tree.children[3])).toContain('"name":"One"');
  });
});
