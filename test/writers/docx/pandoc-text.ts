import { run } from '../../helpers/clients.ts';

/** A node of pandoc's JSON AST: `{ t, c }`. */
interface PandocNode {
  t: string;
  c?: unknown;
}

export interface PandocDocument {
  meta: Record<string, unknown>;
  blocks: PandocNode[];
}

/** pandoc's own reading of a .docx, as its JSON AST. */
export function pandocRead(file: string): PandocDocument {
  return JSON.parse(run('pandoc', ['-f', 'docx', '-t', 'json', file])) as PandocDocument;
}

const BREAKS = new Set(['Space', 'SoftBreak', 'LineBreak']);
const BLOCKS = new Set(['Para', 'Plain', 'Header', 'CodeBlock', 'RawBlock', 'LineBlock', 'HorizontalRule']);

type Visited = PandocNode & Record<string, unknown>;

/**
 * Calls `enter` on every node in `value` (arrays and objects of pandoc's JSON), depth
 * first; returning false from it skips what the node holds. `leave` runs after.
 */
function eachNode(value: unknown, enter: (node: Visited) => boolean | void, leave?: (node: Visited) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) eachNode(v, enter, leave);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Visited;
  if (enter(node) === false) return;
  for (const key of Object.keys(node)) eachNode(node[key], enter, leave);
  leave?.(node);
}

/**
 * The text pandoc found: every Str, a space for every break, a new line after every
 * block (so table cells stay apart); the title (metadata) first. Link targets,
 * attributes and other non-text data are left out.
 */
export function pandocText(doc: PandocDocument): string {
  let out = '';
  const enter = (node: Visited): boolean => {
    switch (node.t) {
      case 'Str':
        out += String(node.c);
        return false;
      case 'Code':
        out += String((node.c as unknown[])[1]);
        return false;
      case 'Link':
        eachNode((node.c as unknown[])[1], enter, leave); // [attr, inlines, target]: the text only
        return false;
      case 'Quoted': {
        const [type, inlines] = node.c as [PandocNode, unknown];
        const [open, close] = type.t === 'SingleQuote' ? ['‘', '’'] : ['“', '”'];
        out += open;
        eachNode(inlines, enter, leave);
        out += close;
        return false;
      }
      default:
        if (BREAKS.has(node.t)) {
          out += ' ';
          return false;
        }
        return true;
    }
  };
  const leave = (node: Visited) => {
    if (BLOCKS.has(node.t)) out += '\n';
  };
  eachNode(doc.meta, enter, leave);
  out += '\n';
  eachNode(doc.blocks, enter, leave);
  return out;
}

/** Every block of a type, anywhere in the document (inside tables, lists, divs …). */
export function blocksOfType(doc: PandocDocument, type: string): PandocNode[] {
  const found: PandocNode[] = [];
  eachNode(doc.blocks, (node) => {
    if (node.t === type) found.push(node);
  });
  return found;
}
