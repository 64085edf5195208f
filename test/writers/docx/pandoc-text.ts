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

/**
 * The text pandoc found: every Str, a space for every break, a new line after every
 * block (so table cells stay apart); the title (metadata) first. Link targets,
 * attributes and other non-text data are left out.
 */
export function pandocText(doc: PandocDocument): string {
  let out = '';
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as PandocNode & Record<string, unknown>;
    if (node.t === 'Str') {
      out += String(node.c);
      return;
    }
    if (BREAKS.has(node.t)) {
      out += ' ';
      return;
    }
    if (node.t === 'Link') {
      walk((node.c as unknown[])[1]); // [attr, inlines, target]: the text only
      return;
    }
    if (node.t === 'Code') {
      out += String((node.c as unknown[])[1]);
      return;
    }
    if (node.t === 'Quoted') {
      const [type, inlines] = node.c as [PandocNode, unknown];
      const [open, close] = type.t === 'SingleQuote' ? ['‘', '’'] : ['“', '”'];
      out += open;
      walk(inlines);
      out += close;
      return;
    }
    for (const key of Object.keys(node)) walk(node[key]);
    if (BLOCKS.has(node.t)) out += '\n';
  };
  walk(doc.meta);
  out += '\n';
  walk(doc.blocks);
  return out;
}

/** Every block of a type, anywhere in the document (inside tables, lists, divs …). */
export function blocksOfType(doc: PandocDocument, type: string): PandocNode[] {
  const found: PandocNode[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as PandocNode & Record<string, unknown>;
    if (node.t === type) found.push(node);
    for (const key of Object.keys(node)) walk(node[key]);
  };
  walk(doc.blocks);
  return found;
}
