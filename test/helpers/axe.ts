import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG rule sets every accessibility test runs: 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe-core's violations on the page as loaded (its id, impact and up to five of its nodes); the page's context must bypass CSP for axe to be injected. */
export async function axeViolations(page: Page): Promise<{ id: string; impact?: string | null; nodes: string[] }[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, WCAG_TAGS);
}
