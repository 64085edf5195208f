import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { OPEN, TOKEN_PATTERN } from '../templating/tokens.ts';
import type { StructureProblem } from './number-clauses.ts';

/**
 * The addresses an edition may hold: `http(s):`, `mailto:`, `tel:` and `#label`
 * (a clause of the edition itself). Everything else (javascript:, data:, file:,
 * relative paths, `//host`, `\\host\share`) is refused: an error where it is written,
 * and never a live link in any writer's output.
 */
const ALLOWED = /^(?:https?:|mailto:|tel:|#)/i;
const SCHEMES = ['https:', 'http:', 'mailto:', 'tel:'];
export const URL_HINT = 'links may be http(s):, mailto:, tel: or #label';

/** Whether an edition may link to (or show an image from) `url`. */
export function isAllowedUrl(url: string): boolean {
  return ALLOWED.test(url);
}

/** Whether a writer may make `url` a live link: allowed, and not empty (a link without an address is its text). */
export function isLinkable(url: string | null | undefined): url is string {
  return typeof url === 'string' && url !== '' && ALLOWED.test(url);
}

export type UrlKind = 'link' | 'image' | 'definition';

/** An address in a tree: a link's (autolinks are links), an image's or a link definition's. */
export interface UrlSite {
  kind: UrlKind;
  url: string;
  /** The node as the Markdown has it (`[text](address)`), when the tree still has positions. */
  written?: string;
}

/** Every address in a tree, in document order; `markdown`, the tree's source, gives each as written. */
export function urlSites(tree: Root, markdown?: string): UrlSite[] {
  const sites: UrlSite[] = [];
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    const { start, end } = node.position ?? {};
    const written = markdown !== undefined && start?.offset !== undefined && end?.offset !== undefined ? markdown.slice(start.offset, end.offset) : undefined;
    sites.push({ kind: node.type, url: node.url, ...(written !== undefined ? { written } : {}) });
  });
  return sites;
}

/**
 * What the policy's own text of an address (tokens still in) decides: `allowed`
 * whatever the values, `refused` whatever the values (the author's mistake), or
 * `values` when the values decide (the address starts with a placeholder, or with
 * part of an allowed scheme: `{{url}}`, `http{{rest}}`). An empty address is no link.
 */
export function judgeAddress(url: string): 'allowed' | 'refused' | 'values' {
  const at = url.indexOf(OPEN);
  if (at < 0) return url === '' || ALLOWED.test(url) ? 'allowed' : 'refused';
  const prefix = url.slice(0, at);
  if (ALLOWED.test(prefix)) return 'allowed';
  const lower = prefix.toLowerCase();
  return SCHEMES.some((s) => s.startsWith(lower)) ? 'values' : 'refused';
}

/** What a diagnostic says about an address: its first 40 characters, placeholders as `{{path}}`. */
export function showAddress(url: string): string {
  const shown = url.replace(TOKEN_PATTERN, (_, path: string) => `{{${path}}}`);
  return shown.length > 40 ? shown.slice(0, 40) : shown;
}

/** How a diagnostic names an address of this kind. */
export function describeAddress(kind: UrlKind, url: string): string {
  const shown = `\`${showAddress(url)}\``;
  return kind === 'link' ? `link to ${shown}` : kind === 'image' ? `image from ${shown}` : `link definition to ${shown}`;
}

/**
 * The addresses of a parsed policy (tokens still in): those its own text refuses are
 * problems at once; those its values decide are returned, to be checked with each
 * school's values filled in.
 */
export function checkAddresses(tree: Root, markdown?: string): { problems: StructureProblem[]; decidedByValues: UrlSite[] } {
  const problems: StructureProblem[] = [];
  const decidedByValues: UrlSite[] = [];
  for (const site of urlSites(tree, markdown)) {
    const verdict = judgeAddress(site.url);
    if (verdict === 'values') decidedByValues.push({ kind: site.kind, url: site.url });
    else if (verdict === 'refused') {
      // Found where the address is written, or else (written with escapes or entities) where the link is.
      const at = site.url.indexOf(OPEN);
      const address = at < 0 ? site.url : site.url.slice(0, at);
      const needle = site.written === undefined || site.written.includes(address) ? address : site.written;
      problems.push({ message: `${describeAddress(site.kind, site.url)} is not allowed`, needle, hint: URL_HINT });
    }
  }
  return { problems, decidedByValues };
}
