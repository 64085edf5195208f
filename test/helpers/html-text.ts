import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';

/** The text a reader sees in an HTML edition (innerText rules: cells split by tabs, blocks by newlines). */
export function htmlText(html: string): string {
  return toText(fromHtml(html));
}

/**
 * Every text node of an HTML page as it is, joined with NULs (which no cleaned value
 * holds), so a value can be looked for exactly. hast-util-to-text follows innerText
 * and drops bidi controls such as U+202E; browsers and this function keep them.
 */
export function htmlTextNodes(html: string): string {
  const out: string[] = [];
  const walk = (node: { type: string; value?: string; children?: unknown[]; tagName?: string }) => {
    if (node.type === 'text') out.push(node.value ?? '');
    if (node.tagName === 'style' || node.tagName === 'script') return;
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(fromHtml(html));
  return out.join('\u0000');
}
