import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Element } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { formatLongDate } from '../sources/dates.ts';
import { isolate, needsIsolate } from '../document/bidi.ts';
import { formatEntry } from '../writers/registry.ts';
import type { ChangeRecord } from './change-records.ts';
import type { ManifestEdition } from './manifest.ts';

const STYLESHEET = readFileSync(new URL('../../templates/html/index.css', import.meta.url), 'utf8');

// The page's only script: filters the schools by name as you type and, with an adoption
// register, the policies by their state; an adopted policy whose review date has passed on
// the reader's day is marked overdue (the page itself, like every output, holds no date of
// its making). Without it every school and policy is listed.
const FILTER_SCRIPT = `
const input = document.getElementById('filter');
const state = document.getElementById('state');
const schools = [...document.querySelectorAll('section.school')];
const count = document.getElementById('count');
const today = new Date().toISOString().slice(0, 10);
for (const row of document.querySelectorAll('tr[data-review]')) {
  if (row.dataset.review < today) {
    row.dataset.state = 'overdue';
    row.querySelector('.state').textContent = 'Review overdue';
  }
}
for (const control of state ? [input, state] : [input]) {
  control.hidden = false;
  control.labels.forEach((l) => (l.hidden = false));
}
const apply = () => {
  const q = input.value.trim().toLocaleLowerCase('en-GB');
  const wanted = state ? state.value : '';
  let shown = 0;
  for (const s of schools) {
    let rows = 0;
    for (const row of s.querySelectorAll('tbody tr')) {
      row.hidden = wanted !== '' && row.dataset.state !== wanted;
      if (!row.hidden) rows += 1;
    }
    const match = rows > 0 && s.dataset.name.toLocaleLowerCase('en-GB').includes(q);
    s.hidden = !match;
    if (match) shown += 1;
  }
  count.textContent = shown + ' of ' + schools.length + ' schools shown';
};
input.addEventListener('input', apply);
if (state) state.addEventListener('change', apply);
`;
const SCRIPT_HASH = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

/** A name in its own directional isolate (<bdi>) when it could reorder the text around it. */
export const isolated = (text: string) => (needsIsolate(text) ? h('bdi', text) : text);

/** An edition's version, and "changed since version X" linking to its change summary when one of this version was written. */
function versionCell(e: ManifestEdition, changes: ReadonlyMap<string, ChangeRecord>): (Element | string)[] {
  const summary = changes.get(e.id);
  if (!summary || summary.newVersion !== e.policy.version) return [e.policy.version];
  const file = summary.files.find((f) => f.endsWith('.html')) ?? summary.files[0];
  if (!file) return [e.policy.version];
  return [e.policy.version, ' ', h('a.changes', { href: file.split('/').map(encodeURIComponent).join('/') }, [`changed since version ${summary.oldVersion}`, h('span.visually-hidden', ` (${isolate(e.policy.title)}, ${isolate(e.school.name)})`)])];
}

/** dist/index.html: every school and its policies, with links to each format (and to change summaries), in one self-contained page. */
export function indexPage(editions: ManifestEdition[], changes: ReadonlyMap<string, ChangeRecord> = new Map()): string {
  const bySchool = new Map<string, ManifestEdition[]>();
  for (const e of [...editions].sort((a, b) => a.school.name.localeCompare(b.school.name, 'en-GB') || a.policy.title.localeCompare(b.policy.title, 'en-GB'))) {
    const list = bySchool.get(e.school.id) ?? [];
    list.push(e);
    bySchool.set(e.school.id, list);
  }
  const policies = new Set(editions.map((e) => e.policy.id)).size;
  // The adoption column and its filter, when some school keeps an adoption register.
  const register = editions.some((e) => e.adoption);
  const sections: Element[] = [...bySchool.values()].map((list) => {
    const school = list[0]!.school;
    const headingId = `school-${school.id}`;
    return h('section.school', { dataName: school.name, ariaLabelledby: headingId }, [
      h('h2', { id: headingId }, isolated(school.name)),
      h('div.table-wrap', [
        h('table', [
          h('thead', h('tr', [h('th', { scope: 'col' }, 'Policy'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Review by'), ...(register ? [h('th', { scope: 'col' }, 'Adoption')] : []), h('th', { scope: 'col' }, 'Download')])),
          h('tbody', list.map((e) =>
            h('tr', register ? adoptionData(e) : {}, [
              h('th', { scope: 'row' }, isolated(e.policy.title)),
              h('td', { dataLabel: 'Version' }, versionCell(e, changes)),
              h('td', { dataLabel: 'Review by' }, formatLongDate(e.adoption?.review ?? e.policy.review)),
              ...(register ? [h('td.state', { dataLabel: 'Adoption' }, adoptionText(e))] : []),
              h('td.formats', { dataLabel: 'Download' }, e.files.map((f) =>
                h('a', { href: f.path.split('/').map(encodeURIComponent).join('/') }, [formatEntry(f.format).label, h('span.visually-hidden', ` (${isolate(e.policy.title)}, ${isolate(school.name)})`)]),
              )),
            ]),
          )),
        ]),
      ]),
    ]);
  });
  const page = h(null, [
    { type: 'doctype' },
    h('html', { lang: 'en-GB' }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('meta', { name: 'generator', content: 'policyc' }),
        h('meta', { httpEquiv: 'Content-Security-Policy', content: CSP }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', 'Staff policies for schools'),
        h('style', `${STYLESHEET}.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }`),
      ]),
      h('body', [
        h('main.page', [
          h('h1', 'Staff policies for schools'),
          h('p.summary', `${bySchool.size} school${bySchool.size === 1 ? '' : 's'}, ${policies} polic${policies === 1 ? 'y' : 'ies'}, ${editions.length} edition${editions.length === 1 ? '' : 's'}.`),
          h('label', { for: 'filter', hidden: true }, 'Filter schools by name'),
          h('input#filter', { type: 'search', autocomplete: 'off', hidden: true, ariaDescribedby: 'count' }),
          ...(register
            ? [
                h('label', { for: 'state', hidden: true }, 'Show policies'),
                h('select#state', { hidden: true }, [['', 'all'], ['adopted', 'adopted'], ['awaiting-approval', 'awaiting approval'], ['overdue', 'review overdue'], ['never-adopted', 'not adopted']].map(([value, label]) => h('option', { value }, label!))),
              ]
            : []),
          h('p#count', { role: 'status' }, ''),
          ...sections,
        ]),
        h('script', FILTER_SCRIPT),
      ]),
    ]),
  ]);
  return `${toHtml(page)}\n`;
}

/** A row's state for the filter, and the review date of an adopted version (the script marks it overdue once past). */
function adoptionData(e: ManifestEdition): Record<string, string> {
  const state = e.adoption?.state ?? 'never-adopted';
  return { dataState: state, ...(e.adoption?.review && state !== 'never-adopted' ? { dataReview: e.adoption.review } : {}) };
}

/** What the school's register said at the build: "Adopted 14 October 2026", "Awaiting approval (2.0 adopted …)", "Not adopted". */
function adoptionText(e: ManifestEdition): string {
  const a = e.adoption;
  if (!a || a.state === 'never-adopted') return 'Not adopted';
  if (a.state === 'adopted') return `Adopted ${formatLongDate(a.approved!)}, minute ${isolate(a.minute!)}`;
  return `Awaiting approval (version ${a.version} adopted ${formatLongDate(a.approved!)})`;
}
