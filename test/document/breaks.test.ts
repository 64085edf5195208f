import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { BREAK_TOKEN } from '../../src/document/breaks.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';

/** The tree without positions, as `type:value` and `break`. */
function shape(tree: Root): unknown {
  const walk = (node: any): unknown => (node.children ? { [node.type]: node.children.map(walk) } : node.type === 'text' ? node.value : node.type);
  return walk(tree);
}

const BR = BREAK_TOKEN;

describe('{{br}}', () => {
  it('is a line break in the middle of a line', () => {
    expect(shape(parseMarkdown(`One${BR}Two ${BR} three\n`))).toEqual({ root: [{ paragraph: ['One', 'break', 'Two ', 'break', ' three'] }] });
  });

  it('at a line’s end is the same tree a Markdown hard break makes', () => {
    const hard = parseMarkdown('1 Road\\\nTown\\\nTS1 1AA\n');
    const br = parseMarkdown(`1 Road${BR}\nTown${BR}\nTS1 1AA\n`);
    expect(shape(br)).toEqual(shape(hard));
    expect(shape(br)).toEqual({ root: [{ paragraph: ['1 Road', 'break', 'Town', 'break', 'TS1 1AA'] }] });
  });

  it('is a line break in a table cell and inside emphasis, never a backslash', () => {
    const tree = parseMarkdown(`| Name | Address |\n| --- | --- |\n| A | 1 Road${BR}Town |\n\n*a${BR}b*\n`);
    expect(shape(tree)).toEqual({ root: [
      { table: [{ tableRow: [{ tableCell: ['Name'] }, { tableCell: ['Address'] }] }, { tableRow: [{ tableCell: ['A'] }, { tableCell: ['1 Road', 'break', 'Town'] }] }] },
      { paragraph: [{ emphasis: ['a', 'break', 'b'] }] },
    ] });
    expect(JSON.stringify(tree)).not.toMatch(/\\\\|\\uE002|\uE002/);
  });

  it('at the end of a block shows nothing and is dropped; where no break can stand it is a space', () => {
    expect(shape(parseMarkdown(`Last${BR}\n`))).toEqual({ root: [{ paragraph: ['Last'] }] });
    const tree = parseMarkdown(`\`a${BR}b\` ![x${BR}y](https://example.org/i.png)\n`);
    expect(JSON.stringify(tree)).not.toContain(BR);
    expect(JSON.stringify(tree)).toContain('"value":"a b"');
  });
});
