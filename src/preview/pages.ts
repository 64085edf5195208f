import { createHash } from 'node:crypto';
import type { Element, ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
// A value from a config or a policy, in its own isolate where it could reorder the text around it: the index page's.
import { isolated } from '../output/index-page.ts';
import { CSP as EDITION_CSP } from '../writers/html/write-html.ts';
import type { PreviewEdition } from './editions.ts';

/**
 * The preview page's only script: keeps the edition's scroll position across a reload,
 * makes the switcher go to the chosen edition, and reloads the page when the server
 * says (server-sent events) that this edition (on the home page, any edition) was made again, and goes
 * to the home page when this edition is gone.
 */
const RELOAD_SCRIPT = `
(() => {
  const edition = document.body.dataset.edition || '';
  const key = 'policyc-preview-scroll:' + edition;
  const frame = document.getElementById('edition');
  const restore = () => {
    const y = sessionStorage.getItem(key);
    if (y === null || !frame.contentWindow) return;
    frame.contentWindow.scrollTo(0, Number(y));
    sessionStorage.removeItem(key);
  };
  if (frame) {
    frame.addEventListener('load', restore);
    if (frame.contentDocument && frame.contentDocument.readyState === 'complete' && frame.contentDocument.URL !== 'about:blank') restore();
  }
  const form = document.getElementById('switch');
  if (form) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const school = form.elements.namedItem('school').value;
      const policy = form.elements.namedItem('policy').value;
      location.assign('/edition/' + encodeURIComponent(school) + '/' + encodeURIComponent(policy) + '/');
    });
  }
  const events = new EventSource('/events');
  events.addEventListener('rebuild', (message) => {
    const data = JSON.parse(message.data);
    if (edition && data.removed.includes(edition)) {
      events.close();
      location.assign('/');
      return;
    }
    if (edition && !data.editions.includes(edition)) return;
    if (frame && frame.contentWindow) sessionStorage.setItem(key, String(frame.contentWindow.scrollY));
    events.close();
    location.reload();
  });
})();
`;
const SCRIPT_HASH = createHash('sha256').update(RELOAD_SCRIPT).digest('base64');

/**
 * The preview pages' Content-Security-Policy: the editions' own, plus what the preview
 * needs and nothing more: its one script (by hash), the server-sent events it listens
 * to (`connect-src 'self'`) and the edition it frames (`frame-src 'self'`).
 */
export const PREVIEW_CSP = `${EDITION_CSP}; script-src 'sha256-${SCRIPT_HASH}'; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'`;

/** An edition as served on its own (inside the preview's frame): its own CSP, framed only by the preview. */
export const EDITION_HEADER_CSP = `${EDITION_CSP}; frame-ancestors 'self'`;

const STYLE = `
:root { color-scheme: light; font-family: "Liberation Sans", Arial, sans-serif; color: #1a1a1a; }
body { margin: 0; }
.preview-bar { background: #1d3557; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; }
.preview-bar a { color: #fff; }
.preview-bar a:focus-visible, .preview-bar button:focus-visible, .preview-bar select:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.preview-bar form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.preview-bar label { font-size: .9rem; }
.preview-bar select, .preview-bar button { font: inherit; min-height: 2rem; }
.preview-bar .formats { display: flex; gap: .75rem; list-style: none; margin: 0; padding: 0; }
.preview-bar .formats [aria-current] { font-weight: bold; text-decoration: none; }
.problems { background: #fff4e5; border-bottom: 2px solid #b54708; padding: .5rem 1rem; }
.problems.has-errors { background: #fdecec; border-color: #b42318; }
.problems h2 { font-size: 1rem; margin: .25rem 0; }
.problems ul { margin: .25rem 0; padding-left: 1.25rem; }
.problems li { margin: .25rem 0; }
.problems code { font-size: .9rem; }
.problems a { color: #0b3d91; }
.severity-error { color: #b42318; font-weight: bold; }
.severity-warning { color: #8a3d00; font-weight: bold; }
.hint { color: #3d3d3d; }
main.home { padding: 1rem; max-width: 70rem; }
main.home h1 { font-size: 1.5rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #c8c8c8; vertical-align: top; }
a { color: #0b3d91; }
.state-builds { color: #146c2e; }
.state-warnings { color: #8a3d00; }
.state-errors { color: #b42318; }
.edition-frame { display: block; width: 100%; border: 0; height: calc(100vh - 3.5rem); }
.missing { padding: 1rem; }
@media (max-width: 40rem) { .preview-bar { padding: .5rem; } .edition-frame { height: calc(100vh - 7rem); } }
`;


const href = (...parts: string[]) => parts.map(encodeURIComponent).join('/');
export const editionPath = (e: Pick<PreviewEdition, 'school' | 'policy'>, ext = '') => `/edition/${href(e.school, e.policy)}${ext ? `.${ext}` : '/'}`;

function page(title: string, edition: string, body: ElementContent[]): string {
  const tree = h(null, [
    { type: 'doctype' },
    h('html', { lang: 'en-GB' }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', title),
        h('style', STYLE),
      ]),
      h('body', { dataEdition: edition }, [...body, h('script', RELOAD_SCRIPT)]),
    ]),
  ]);
  return toHtml(tree);
}

const LABEL: Record<PreviewEdition['status'], string> = { builds: 'builds', warnings: 'builds, with warnings', errors: 'errors' };

/** The home page: every policy × school and its state. */
export function homePage(editions: PreviewEdition[]): string {
  const rows = editions.map((e) => h('tr', [
    h('td', [isolated(e.schoolName)]),
    h('th', { scope: 'row' }, h('a', { href: editionPath(e) }, [isolated(e.title), h('span', { style: 'position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)' }, ` (${e.schoolName})`)])),
    h('td', { className: [`state-${e.status}`] }, LABEL[e.status]),
    h('td', String(e.diagnostics.filter((d) => d.severity === 'error').length)),
    h('td', String(e.diagnostics.filter((d) => d.severity === 'warning').length)),
  ]));
  return page('policyc preview', '', [
    h('header.preview-bar', [h('strong', 'policyc preview')]),
    h('main.home', [
      h('h1', 'Editions'),
      h('p', `${editions.length} editions; this page and every edition page reload when a source is saved.`),
      h('div.table-wrap', { tabIndex: 0, role: 'region', ariaLabel: 'Editions (scrolls sideways on a narrow screen)' }, h('table', [
        h('thead', h('tr', ['School', 'Policy', 'State', 'Errors', 'Warnings'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', rows),
      ])),
    ]),
  ]);
}

function problems(list: Diagnostic[]): Element {
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return h('section.problems', { id: 'problems', className: errors ? ['has-errors'] : [], ariaLabelledby: 'problems-heading' }, [
    h('h2', { id: 'problems-heading' }, `Problems: ${n(errors, 'error')}, ${n(warnings, 'warning')}${errors ? ' (the edition below is the last one made without errors)' : ''}`),
    h('ul', list.map((d) => h('li', [
      h('a', { href: `/source/${d.file.split('/').map(encodeURIComponent).join('/')}` }, h('code', `${d.file}:${d.line}:${d.column}`)),
      ' ',
      h('span', { className: [`severity-${d.severity}`] }, `${d.severity}:`),
      ' ',
      d.message,
      ...(d.hint ? [' ', h('span.hint', `(${d.hint})`)] : []),
    ]))),
  ]);
}

/** An edition's page: the toolbar and its problems, then the edition itself, as the build writes it, in a frame. */
export function editionPage(edition: PreviewEdition, policies: { id: string; title: string }[], schools: { id: string; name: string }[]): string {
  const option = (value: string, label: string, selected: boolean) => h('option', { value, selected }, label);
  const bar = h('header.preview-bar', [
    h('a', { href: '/' }, 'All editions'),
    h('form', { id: 'switch', action: editionPath(edition), ariaLabel: 'Switch edition' }, [
      h('label', { htmlFor: 'school' }, 'School'),
      h('select', { id: 'school', name: 'school' }, schools.map((s) => option(s.id, s.name, s.id === edition.school))),
      h('label', { htmlFor: 'policy' }, 'Policy'),
      h('select', { id: 'policy', name: 'policy' }, policies.map((p) => option(p.id, p.title, p.id === edition.policy))),
      h('button', { type: 'submit' }, 'Show'),
    ]),
    h('nav', { ariaLabel: 'Formats' }, h('ul.formats', [
      h('li', h('a', { href: editionPath(edition), ariaCurrent: 'page' }, 'Web page')),
      h('li', h('a', { href: editionPath(edition, 'pdf') }, 'PDF')),
      h('li', h('a', { href: editionPath(edition, 'docx'), download: `${edition.policy}.docx` }, 'Word')),
    ])),
  ]);
  const body: ElementContent[] = [bar];
  if (edition.diagnostics.length) body.push(problems(edition.diagnostics));
  body.push(edition.good
    ? h('iframe.edition-frame', { id: 'edition', title: `${edition.title}: ${edition.schoolName}`, src: editionPath(edition, 'html'), sandbox: 'allow-same-origin' })
    : h('main.missing', h('p', 'No edition yet: it has not been made without errors since the preview started. Fix the problems above and save.')));
  return page(`${edition.title}: ${edition.schoolName} (policyc preview)`, edition.id, body);
}
