import { readFileSync } from 'node:fs';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { toHast } from 'mdast-util-to-hast';
import { EDITION_ID_LABEL, EDITION_ID_META, withEditionId } from '../../document/edition-id.ts';
import { tableOfContents } from '../../document/toc.ts';
import type { Edition } from '../../document/types.ts';
import { stringifyEntities } from 'stringify-entities';
import { FSI, isolate, isolateMeta, matchIsolates, needsIsolate } from '../../document/bidi.ts';
import { fillTokens, hasToken, markTokens } from '../../document/tokenized-edition.ts';
import { dataUri } from '../shared/figures.ts';
import { accentHex, accentTint, houseStyle, logoOf } from '../shared/house-style.ts';
import type { Writer } from '../shared/writer.ts';
import { PerShape } from '../shared/per-shape.ts';
import { handlers } from './handlers.ts';

const STYLESHEET = readFileSync(new URL('../../../templates/html/edition.css', import.meta.url), 'utf8');
/** The Content-Security-Policy every HTML edition carries (the preview server sends it with them too). */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** One self-contained, print-ready HTML file per edition: inline CSS, no scripts, no external requests. */
export function writeHtml(edition: Edition): Uint8Array {
  return new TextEncoder().encode(renderHtml(edition));
}

/**
 * The HTML writer of a run: each shape's tokenized tree is rendered once and each
 * school's values are filled in, escaped exactly as hast-util-to-html escapes text
 * and double-quoted attribute values, and isolated exactly as the edition's own tree
 * has them: in text a `<bdi>`, in the `<title>` and in attributes U+2068 … U+2069
 * (see ../shared/per-shape.ts and ../../document/bidi.ts).
 */
export function createHtmlWriter(): Writer {
  const shapes = new PerShape({
    render: (tree, meta, _twins, assets) => {
      const html = renderHtml({ meta, tree, assets }, { markAttributeTokens: true });
      // The page's <title> is text that is never markup: a value there is isolated by characters, not by <bdi>.
      const start = html.indexOf(TITLE_OPEN) + TITLE_OPEN.length;
      const end = html.indexOf(TITLE_CLOSE, start);
      return [html.slice(0, start), html.slice(start, end), html.slice(end)] as const;
    },
  });
  const encoder = new TextEncoder();
  return {
    format: 'html',
    write: (edition: Edition) =>
      shapes.write(
        edition,
        ({ shape: [head, title, rest], values }) => {
          const parts = [fillTokens(head, values, escapeText, escapeAttribute), fillTokens(title, values, escapeTitle, escapeAttribute), fillTokens(rest, values, escapeText, escapeAttribute)];
          return parts.some((p) => p === undefined) ? undefined : encoder.encode(parts.join(''));
        },
        () => writeHtml(edition),
      ),
  };
}

const TITLE_OPEN = '<title>';
const TITLE_CLOSE = '</title>';

// The options hast-util-to-html uses by default: text escapes < and &; a double-quoted
// attribute value (it always quotes with ") escapes NUL, ", &, ' and `.
const TEXT_SUBSET = ['<', '&'];
const ATTRIBUTE_SUBSET = ['\0', '"', '&', "'", '`'];
const TO_HTML = { allowDangerousHtml: false } as const;

/** A value in text, as the page has it: isolated in a <bdi> when it needs to be. */
const escapeText = (value: string) =>
  needsIsolate(value) ? toHtml({ type: 'root', children: bdiNodes(isolate(value)) }, TO_HTML) : stringifyEntities(value, { subset: TEXT_SUBSET });
const escapeTitle = (value: string) => stringifyEntities(isolate(value), { subset: TEXT_SUBSET });
const escapeAttribute = (value: string) => stringifyEntities(isolate(value), { subset: ATTRIBUTE_SUBSET, attribute: true });

/** Elements whose text is never markup (a <bdi> cannot be in them); their isolates stay characters. */
const TEXT_ONLY = new Set(['title', 'style', 'script', 'textarea']);

/**
 * Text as hast with each directional isolate that opens with U+2068 (FSI) and is
 * closed a `<bdi>` element (whose direction, like FSI's, is its first strong
 * character's), so a value can never reorder the text around it. Other isolates, and
 * any not closed, stay the characters they are.
 */
export function bdiNodes(text: string): ElementContent[] {
  const pairs = matchIsolates(text);
  const build = (from: number, to: number): ElementContent[] => {
    const out: ElementContent[] = [];
    let start = from;
    for (let i = from; i < to; i++) {
      const end = text[i] === FSI ? pairs.get(i) : undefined;
      if (end === undefined) continue;
      if (i > start) out.push({ type: 'text', value: text.slice(start, i) });
      out.push(h('bdi', build(i + 1, end)));
      i = end;
      start = end + 1;
    }
    if (start < to) out.push({ type: 'text', value: text.slice(start, to) });
    return out;
  };
  return build(0, text.length);
}

/** Every isolate in the page's text as a <bdi> (see bdiNodes). */
function isolatesToBdi(node: HastRoot | Element): void {
  if (node.type === 'element' && TEXT_ONLY.has(node.tagName)) return;
  if (!node.children.some((c) => c.type === 'element' || (c.type === 'text' && c.value.includes(FSI)))) return;
  const children: ElementContent[] = [];
  for (const child of node.children as ElementContent[]) {
    if (child.type === 'text' && child.value.includes(FSI)) children.push(...bdiNodes(child.value));
    else {
      if (child.type === 'element') isolatesToBdi(child);
      children.push(child);
    }
  }
  node.children = children;
}

/** A token inside an attribute value is marked apart in a shape, to be escaped as an attribute. */
function markTokensInAttributes(node: HastRoot | ElementContent): void {
  if (node.type === 'element') {
    for (const [name, value] of Object.entries(node.properties)) {
      if (typeof value === 'string' && hasToken(value)) node.properties[name] = markTokens(value);
    }
  }
  if ('children' in node) for (const child of node.children) markTokensInAttributes(child as ElementContent);
}

function renderHtml(edition: Edition, options: { markAttributeTokens?: boolean } = {}): string {
  const { tree } = edition;
  const meta = isolateMeta(withEditionId(edition));
  const assets = edition.assets ?? {};
  const body = toHast(tree, { handlers: handlers(meta, assets, tree), allowDangerousHtml: false }) as HastRoot | Element;
  const content = (body.type === 'root' ? body.children : [body]) as ElementContent[];
  // With a contents block in the body, that is the page's one contents list.
  const toc = tree.children.some((n) => n.type === 'contentsBlock') ? [] : tableOfContents(tree);
  const style = houseStyle(edition.meta);
  const logo = logoOf(edition);
  const page = h(null, [
    { type: 'doctype' },
    h('html', { lang: meta.lang }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('meta', { httpEquiv: 'Content-Security-Policy', content: CSP }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', `${meta.title} – ${meta.schoolName}`),
        h('meta', { name: 'author', content: meta.owner }),
        h('meta', { name: 'description', content: `${meta.title}, version ${meta.version}, for ${meta.schoolName}` }),
        ...(meta.keywords.length ? [h('meta', { name: 'keywords', content: meta.keywords.join(', ') })] : []),
        h('meta', { name: EDITION_ID_META, content: meta.editionId }),
        h('style', STYLESHEET),
        // The house style's accent: six hex digits, never anything else.
        h('style', `:root { --accent: #${accentHex(style).toLowerCase()}; --tint: #${accentTint(style).toLowerCase()}; }`),
      ]),
      h('body', [
        h('a.skip', { href: '#content' }, 'Skip to the policy'),
        h('div.page', [
          ...(meta.adoption?.draft ? [h('p.draft', { role: 'note' }, meta.adoption.text)] : []),
          h('header.masthead', [
            ...(logo ? [h('img.logo', { src: dataUri(logo), alt: `${meta.laName ?? meta.owner} logo`, width: Math.round(logo.width), height: Math.round(logo.height) })] : []),
            h('p.school', meta.schoolName),
            h('h1', meta.title),
          ]),
          toc.length
            ? h('nav.toc', { 'aria-labelledby': 'toc-heading' }, [
                h('h2#toc-heading', 'Contents'),
                // Each section: its number beside the link, the link its title; no bare clause numbers.
                h('ol', toc.map((entry) => h('li', [...(entry.marker ? [h('span.marker', entry.marker), ' '] : []), h('a', { href: `#${entry.anchor}` }, entry.text)]))),
              ])
            : '',
          h('main#content', content),
          h('footer.colophon', [
            h('p', `${meta.title}. Version ${meta.version}, approved ${meta.approvedText}, review by ${meta.reviewText}. Issued by ${meta.owner}${meta.laName ? `, ${meta.laName}` : ''}.`),
            h('p.edition-id', `${EDITION_ID_LABEL} ${meta.editionId}`),
          ]),
        ]),
      ]),
    ]),
  ]);
  isolatesToBdi(page);
  if (options.markAttributeTokens) markTokensInAttributes(page);
  return `${toHtml(page, TO_HTML)}\n`;
}
