import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';

/** The text a reader sees in an HTML edition (innerText rules: cells split by tabs, blocks by newlines). */
export function htmlText(html: string): string {
  return toText(fromHtml(html));
}
