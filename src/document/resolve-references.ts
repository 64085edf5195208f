import type { Definition, Link, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { closest } from '../diagnostics/suggest.ts';
import type { StructureProblem, Target } from './number-clauses.ts';
import { showAddress } from './urls.ts';

/**
 * `[](#label)` prints the labelled clause's number and links to it; `[text](#label)`
 * keeps its text; a link definition `[name]: #label` points at the clause too. A label
 * that does not exist is an error. (Which addresses are allowed at all is checked in
 * ./urls.ts, for the policy's own text and, in ./edition-maker.ts, with each school's values.)
 */
export function resolveReferences(tree: Root, targets: Map<string, Target>): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const anchors = new Set([...targets.values()].map((t) => t.anchor));
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return;
    const ref = node as Link | Definition;
    const url = ref.url.trim();
    if (!url.startsWith('#')) return;
    const label = url.slice(1);
    const target = targets.get(label);
    if (target) {
      ref.url = `#${target.anchor}`;
      if (ref.type === 'link' && ref.children.length === 0) {
        ref.children = [{ type: 'text', value: target.text }];
        ref.data = { ...ref.data, reference: label };
      }
    } else if (!anchors.has(label)) {
      const suggestion = closest(label, targets.keys());
      problems.push({
        message: `reference to unknown label \`${showAddress(label)}\``,
        needle: ref.type === 'link' ? `(#${label})` : `#${label}`,
        hint: suggestion ? `did you mean \`#${suggestion}\`?` : 'put {#' + label + '} at the start of the clause it refers to',
      });
    }
  });
  return problems;
}
