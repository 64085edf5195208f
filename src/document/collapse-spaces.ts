import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { TOKEN_PATTERN } from '../templating/tokens.ts';

/** A run of spaces, tabs and line breaks: what HTML, and so every edition, shows as one space. */
const RUN = /[ \t\r\n]+/g;

/**
 * The policy's own text with each run of spaces, tabs and line breaks as one space,
 * so the editions agree: a browser collapses "social  media" and Typst's layout does,
 * a Word document would keep both spaces. Only text nodes change: code and inline code
 * keep their spacing, and so does a non-breaking space (U+00A0). Run on the tokenized
 * tree, before values are filled in, and around the tokens: a value from a config is
 * data and reaches the edition exactly as given, spaces and all.
 */
export function collapseSpaces(tree: Root): void {
  visit(tree, 'text', (node) => {
    if (!/[ \t\r\n]{2}|[\t\r\n]/.test(node.value)) return;
    let out = '';
    let at = 0;
    TOKEN_PATTERN.lastIndex = 0;
    for (let m = TOKEN_PATTERN.exec(node.value); m; m = TOKEN_PATTERN.exec(node.value)) {
      out += node.value.slice(at, m.index).replace(RUN, ' ') + m[0];
      at = m.index + m[0].length;
    }
    node.value = out + node.value.slice(at).replace(RUN, ' ');
  });
}
