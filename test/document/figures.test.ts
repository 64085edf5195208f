import { describe, expect, it } from 'vitest';
import { placeFigures } from '../../src/document/figures.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';
import { checkAddresses } from '../../src/document/urls.ts';

const AVAILABLE = new Set(['figures/raising-a-concern.svg', 'figures/logo.png']);

function place(markdown: string) {
  const tree = parseMarkdown(markdown);
  const { problems, used } = placeFigures(tree, AVAILABLE, markdown);
  return { tree, problems, used, addressProblems: checkAddresses(tree, markdown).problems };
}

describe('figures', () => {
  it('an image of policies/figures standing as a paragraph of its own is a figure, its title the caption', () => {
    const { tree, problems, used } = place('# A\n\n![The steps of raising a concern](figures/raising-a-concern.svg "Figure 1: Raising a concern")\n\n1. Clause.\n\n   ![A logo](figures/logo.png)\n');
    expect(problems).toEqual([]);
    expect(used).toEqual(['figures/raising-a-concern.svg', 'figures/logo.png']);
    expect(tree.children[1]).toEqual({ type: 'figure', file: 'figures/raising-a-concern.svg', alt: 'The steps of raising a concern', caption: 'Figure 1: Raising a concern' });
    expect(JSON.stringify(tree.children[2])).toContain('{"type":"figure","file":"figures/logo.png","alt":"A logo"}');
  });

  it('is an error where it is written when missing (with the nearest name), without alternative text, or not an SVG or PNG name', () => {
    const { problems } = place('![Steps](figures/raising-concern.svg)\n\n![](figures/logo.png)\n\n![ ](figures/logo.png "t")\n\n![x](figures/../secret.svg)\n\n![x](figures/flow.gif)\n');
    expect(problems.map((p) => [p.message, p.needle, p.hint])).toEqual([
      ['figure `figures/raising-concern.svg` is not in policies/figures', '![Steps](figures/raising-concern.svg)', 'did you mean `figures/raising-a-concern.svg`?'],
      ['figure `figures/logo.png` has no alternative text', '![](figures/logo.png)', expect.stringContaining('say what the figure shows')],
      ['figure `figures/logo.png` has no alternative text', '![ ](figures/logo.png "t")', expect.any(String)],
      ['figure `figures/../secret.svg` is not an SVG or PNG file name', '![x](figures/../secret.svg)', expect.any(String)],
      ['figure `figures/flow.gif` is not an SVG or PNG file name', '![x](figures/flow.gif)', expect.any(String)],
    ]);
  });

  it('is an error inside running text, and so is every image from anywhere else, each reported once', () => {
    const { problems, addressProblems, used } = place('See ![the steps](figures/raising-a-concern.svg) here.\n\n![Crest](https://example.org/crest.png)\n\n![Local](images/crest.png)\n\n![Ref][crest]\n\n[crest]: https://example.org/c.png\n');
    expect(used).toEqual([]);
    expect(problems.map((p) => [p.message, p.needle])).toEqual([
      ['figure `figures/raising-a-concern.svg` is inside running text', '![the steps](figures/raising-a-concern.svg)'],
      ['image from `https://example.org/crest.png` is not allowed: an edition shows only figures from policies/figures', '![Crest](https://example.org/crest.png)'],
      ['image from `images/crest.png` is not allowed: an edition shows only figures from policies/figures', '![Local](images/crest.png)'],
      ['image `![Ref][crest]` is not allowed: an edition shows only figures from policies/figures', '![Ref][crest]'],
    ]);
    expect(addressProblems).toEqual([]);
  });
});
