import type { Link, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { closest } from '../diagnostics/suggest.ts';
import type { StructureProblem, Target } from './number-clauses.ts';

const SAFE_SCHEME = /^(https?:|mailto:|tel:|#)/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * `[](#label)` prints the labelled clause's number and links to it; `[text](#label)`
 * keeps its text. A label that does not exist is an error, and so is a link with a
 * scheme other than http(s), mailto or tel (javascript:, data:, file: …).
 */
export function resolveReferences(tree: Root, targets: Map<string, Target>): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const anchors = new Set([...targets.values()].map((t) => t.anchor));
  visit(tree, 'link', (link: Link) => {
    const url = link.url.trim();
    if (url.startsWith('#')) {
      const label = url.slice(1);
      const target = targets.get(label);
      if (target) {
        link.url = `#${target.anchor}`;
        if (link.children.length === 0) {
          link.children = [{ type: 'text', value: target.text }];
          link.data = { ...link.data, reference: label };
        }
      } else if (!anchors.has(label)) {
        const suggestion = closest(label, targets.keys());
        problems.push({
          message: `reference to unknown label \`${label}\``,
          needle: `(#${label})`,
          hint: suggestion ? `did you mean \`#${suggestion}\`?` : 'put {#' + label + '} at the start of the clause it refers to',
        });
      }
    } else if (ANY_SCHEME.test(url) && !SAFE_SCHEME.test(url)) {
      problems.push({ message: `link to \`${url.slice(0, 40)}\` is not allowed`, needle: url, hint: 'links may be http(s):, mailto:, tel: or #label' });
    }
  });
  return problems;
}
