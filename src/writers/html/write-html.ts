import { readFileSync } from 'node:fs';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { toHast } from 'mdast-util-to-hast';
import { tableOfContents } from '../../document/toc.ts';
import type { Edition } from '../../document/types.ts';
import { stringifyEntities } from 'stringify-entities';
import { fillTokens, hasToken, markTokens } from '../../document/tokenized-edition.ts';
import { PerShape } from '../shared/per-shape.ts';
import type { Writer } from '../shared/writer.ts';
import { handlers } from './handlers.ts';

const STYLESHEET = readFileSync(new URL('../../../templates/html/edition.css', import.meta.url), 'utf8');
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** One self-contained, print-ready HTML file per edition: inline CSS, no scripts, no external requests. */
export function writeHtml(edition: Edition): Uint8Array {
  return new TextEncoder().encode(renderHtml(edition));
}

/**
 * The HTML writer of a run: each shape's tokenized tree is rendered once and each
 * school's values are filled in, escaped exactly as hast-util-to-html escapes text
 * and double-quoted attribute values (see ../shared/per-shape.ts).
 */
export function createHtmlWriter(): Writer {
  const shapes = new PerShape({ render: (tree, meta) => renderHtml({ meta, tree }, { markAttributeTokens: true }) });
  const encoder = new TextEncoder();
  return {
    format: 'html',
    write: (edition: Edition) =>
      shapes.write(
        edition,
        ({ shape, values }) => {
          const filled = fillTokens(shape, values, escapeText, escapeAttribute);
          return filled === undefined ? undefined : encoder.encode(filled);
        },
        () => writeHtml(edition),
      ),
  };
}

// The options hast-util-to-html uses by default: text escapes < and &; a double-quoted
// attribute value (it always quotes with ") escapes NUL, ", &, ' and `.
const TEXT_SUBSET = ['<', '&'];
const ATTRIBUTE_SUBSET = ['\0', '"', '&', "'", '`'];

const escapeText = (value: string) => stringifyEntities(value, { subset: TEXT_SUBSET });
const escapeAttribute = (value: string) => stringifyEntities(value, { subset: ATTRIBUTE_SUBSET, attribute: true });

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
  const { meta, tree } = edition;
  const body = toHast(tree, { handlers: handlers(meta), allowDangerousHtml: false }) as HastRoot | Element;
  const content = (body.type === 'root' ? body.children : [body]) as ElementContent[];
  wrapTables(content);
  const toc = tableOfContents(tree);
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
        h('style', STYLESHEET),
      ]),
      h('body', [
        h('a.skip', { href: '#content' }, 'Skip to the policy'),
        h('div.page', [
          h('header.masthead', [h('p.school', meta.schoolName), h('h1', meta.title)]),
          toc.length
            ? h('nav.toc', { 'aria-labelledby': 'toc-heading' }, [
                h('h2#toc-heading', 'Contents'),
                h('ol', toc.map((entry) =>
                  h('li', [
                    h('a', { href: `#${entry.anchor}` }, `${entry.marker} ${entry.text}`),
                    entry.clauses.length
                      ? h('div.clauses', [h('span.visually-hidden', `Clauses of section ${entry.marker}`), ...entry.clauses.map((c) => h('a', { href: `#${c.anchor}` }, c.marker))])
                      : '',
                  ]),
                )),
              ])
            : '',
          h('main#content', content),
          h('footer.colophon', [
            h('p', `${meta.title}. Version ${meta.version}, approved ${meta.approvedText}, review by ${meta.reviewText}. Issued by ${meta.owner}${meta.laName ? `, ${meta.laName}` : ''}.`),
          ]),
        ]),
      ]),
    ]),
  ]);
  if (options.markAttributeTokens) markTokensInAttributes(page);
  return `${toHtml(page, { allowDangerousHtml: false })}\n`;
}

/** Wide tables scroll inside their own box on a phone instead of the whole page. */
function wrapTables(nodes: ElementContent[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type !== 'element') continue;
    if (node.tagName === 'table') {
      nodes[i] = h('div.table-wrap', { role: 'region', 'aria-label': 'Contacts table', tabIndex: 0 }, [node]);
    } else {
      wrapTables(node.children);
    }
  }
}
