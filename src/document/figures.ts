import type { Image, ImageReference, Parents, Root, RootContent } from 'mdast';
import { closest } from '../diagnostics/suggest.ts';
import { OPEN } from '../templating/tokens.ts';
import type { StructureProblem } from './number-clauses.ts';
import { showAddress } from './urls.ts';
import type { Figure } from './types.ts';

const FIGURE_URL = /^figures\/[A-Za-z0-9][A-Za-z0-9_-]*\.(?:svg|png)$/;
export const FIGURE_HINT = 'a figure is a paragraph of its own: ![what it shows](figures/name.svg "optional caption"), its file an SVG or PNG in policies/figures';

/**
 * Figures: an image standing as a paragraph of its own whose address is
 * `figures/<name>.svg` or `.png`, a file of policies/figures (`available`, by that name),
 * becomes a `figure` node (its alternative text the accessible description, its title
 * the caption). Every other image is an error where it is written: a figure that is
 * missing (with the nearest name), one without alternative text, one inside running
 * text, and any image from anywhere else (a web address, another path, a value), since
 * an edition embeds what it shows and never fetches anything. Returns the files used.
 */
export function placeFigures(tree: Root, available: ReadonlySet<string>, markdown?: string): { problems: StructureProblem[]; used: string[] } {
  const problems: StructureProblem[] = [];
  const used = new Set<string>();
  const needleOf = (node: Image | ImageReference) => {
    const { start, end } = node.position ?? {};
    const written = markdown !== undefined && start?.offset !== undefined && end?.offset !== undefined ? markdown.slice(start.offset, end.offset) : undefined;
    if (written !== undefined && !written.includes(OPEN)) return written;
    if (node.type === 'image' && node.url && !node.url.includes(OPEN)) return node.url;
    return written?.split(OPEN)[0] || '![';
  };
  const walk = (parent: Parents) => {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === 'paragraph' && child.children.length === 1 && child.children[0]!.type === 'image' && child.children[0].url.startsWith('figures/')) {
        const image = child.children[0];
        const figure = judge(image, needleOf(image));
        if (figure) {
          used.add(figure.file);
          children[i] = figure as RootContent;
        } else {
          child.children = [{ type: 'text', value: image.alt ?? '' }];
        }
        continue;
      }
      if (child.type === 'image' || child.type === 'imageReference') {
        const needle = needleOf(child);
        if (child.type === 'image' && child.url.startsWith('figures/')) {
          problems.push({ message: `figure \`${showAddress(child.url)}\` is inside running text`, needle, hint: FIGURE_HINT });
        } else {
          const shown = child.type === 'image' ? `image from \`${showAddress(child.url)}\`` : `image \`${needle.slice(0, 40)}\``;
          problems.push({ message: `${shown} is not allowed: an edition shows only figures from policies/figures`, needle, hint: FIGURE_HINT });
        }
        // Reported here, once: the address check (./urls.ts) does not see it again.
        children[i] = { type: 'text', value: child.alt ?? '' };
        continue;
      }
      if ('children' in child) walk(child as Parents);
    }
  };
  const judge = (image: Image, needle: string): Figure | undefined => {
    const url = image.url;
    if (url.includes(OPEN) || !FIGURE_URL.test(url)) {
      problems.push({ message: `figure \`${showAddress(url)}\` is not an SVG or PNG file name`, needle, hint: FIGURE_HINT });
      return undefined;
    }
    if (!available.has(url)) {
      const suggestion = closest(url, available);
      problems.push({ message: `figure \`${url}\` is not in policies/figures`, needle, hint: suggestion ? `did you mean \`${suggestion}\`?` : `put ${url.slice('figures/'.length)} in policies/figures` });
      return undefined;
    }
    if (!image.alt?.trim()) {
      problems.push({ message: `figure \`${url}\` has no alternative text`, needle, hint: 'say what the figure shows between the brackets: ![The steps of a concern, from raising it to the outcome](…)' });
      return undefined;
    }
    return { type: 'figure', file: url, alt: image.alt, ...(image.title ? { caption: image.title } : {}) };
  };
  walk(tree);
  return { problems, used: [...used] };
}
