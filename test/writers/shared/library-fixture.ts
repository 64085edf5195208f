import type { List, Root, RootContent, Table } from 'mdast';
import { openEdition } from '../../../src/document/tokenized-edition.ts';
import type { Asset, Edition, HouseStyle } from '../../../src/document/types.ts';
import type { School } from '../../../src/schools/school.ts';
import { frontMatter, policyBuilder, school } from '../build.ts';

/*
 * An edition with the library's constructs (issue 15), made directly: a policy built
 * through the real pipeline, whose tokenized tree then gets a figure (a small real SVG
 * and a PNG), a contents block, a document-control block, a captioned and a named
 * table, and a decimal clause list ("2.1.1") in place of its roman one, as the
 * document stage makes them; with a house style and a logo.
 */

/** A 240×120 flowchart-like SVG: two boxes and an arrow. */
export const FLOW_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120" width="240" height="120">' +
  '<rect x="5" y="35" width="80" height="50" fill="#dde6f3" stroke="#1d4f91" stroke-width="3"/>' +
  '<rect x="155" y="35" width="80" height="50" fill="#dde6f3" stroke="#1d4f91" stroke-width="3"/>' +
  '<path d="M85 60 H150" stroke="#1d4f91" stroke-width="4"/><path d="M150 52 L160 60 L150 68 Z" fill="#1d4f91"/></svg>';

export { solidPng } from '../../helpers/png.ts';
import { solidPng } from '../../helpers/png.ts';

export const ASSETS: Record<string, Asset> = {
  'figures/flow.svg': { mime: 'image/svg+xml', width: 240, height: 120, base64: Buffer.from(FLOW_SVG).toString('base64') },
  // Wider than any page's text: it is scaled down to fit.
  'figures/wide.png': { mime: 'image/png', width: 1600, height: 400, base64: Buffer.from(solidPng(1600, 400, [40, 120, 60])).toString('base64') },
  'figures/logo.png': { mime: 'image/png', width: 200, height: 80, base64: Buffer.from(solidPng(200, 80, [29, 79, 145])).toString('base64') },
};

export const STYLE: HouseStyle = { accent: '#8a1c3b', font: 'Liberation Sans', logo: 'figures/logo.png' };

export const LONG_TITLE = 'Whistleblowing (Public Interest Disclosure) Policy and Procedure for Staff, Governors, Volunteers and Contractors';

const BODY = [
  '# Introduction',
  '',
  '1. The {{school.governingBody}} of {{school.name}} adopts this policy.',
  '',
  '# Raising a concern',
  '',
  '1. A concern may be raised in these ways:',
  '',
  '   1. with your line manager;',
  '   2. with the {{school.headTitle}}, who must reply within ten school days.',
  '',
  '1. The steps are shown below.',
  '',
  'FIGURE-FLOW',
  '',
  'FIGURE-WIDE',
  '',
  'Table: Who to contact',
  '',
  '| Name | Role | Email |',
  '| --- | --- | --- |',
  '| {{school.hr.contacts.0.name}} | {{school.hr.contacts.0.role}} | [{{school.hr.contacts.0.email}}](mailto:{{school.hr.contacts.0.email}}) |',
  '',
  '# Contacts {-}',
  '',
  '{{> hr-contacts}}',
  '',
].join('\n');

const build = policyBuilder(BODY, frontMatter({ title: LONG_TITLE, version: '3.0', owner: 'Schools HR Advisory Service' }));

export const LIBRARY_SCHOOL = school({
  name: 'Ysgol Gynradd Glan-y-Môr',
  hr: { name: 'Schools HR Advisory Service', address: ['1 Road'], contacts: [{ name: 'Morgan Ellis-Pritchard', role: 'Senior HR Adviser', email: 'morgan.ellis-pritchard@schools-hr.example.gov.uk' }] },
});

const HISTORY: RootContent = {
  type: 'historyBlock',
  entries: [
    { version: '2.0', date: '2025-09-01', dateText: '1 September 2025', summary: 'Revised for the Public Interest Disclosure changes', approvedBy: 'Schools HR Advisory Service' },
    { version: '3.0', date: '2026-09-01', dateText: '1 September 2026', summary: 'Roles named by the school; decimal numbering', approvedBy: 'Joint Consultative Committee' },
  ],
} as RootContent;

/** The tokenized tree with the library's nodes, as the document stage would make it. */
function withLibraryNodes(json: string): string {
  const tree = JSON.parse(json) as Root;
  const children: RootContent[] = [];
  for (const node of tree.children) {
    const text = node.type === 'paragraph' && node.children[0]?.type === 'text' ? node.children[0].value : '';
    if (text === 'FIGURE-FLOW') children.push({ type: 'figure', file: 'figures/flow.svg', alt: 'Flowchart: raise the concern, then the Headteacher replies', caption: 'Figure 1: How a concern is handled' } as RootContent);
    else if (text === 'FIGURE-WIDE') children.push({ type: 'figure', file: 'figures/wide.png', alt: 'A green banner' } as RootContent);
    else if (text.startsWith('Table: ')) continue;
    else children.push(node);
    if (node.type === 'editionBlock') children.push(HISTORY, { type: 'contentsBlock' } as RootContent);
  }
  let tables = 0;
  const visit = (node: { type: string; children?: unknown[]; data?: Record<string, unknown> }, clause?: { marker: string; anchor: string }) => {
    if (node.type === 'table') {
      const t = node as unknown as Table;
      t.data = tables++ === 0 ? { caption: 'Who to contact', name: 'Who to contact' } : { name: 'Name, Role, Telephone and Email' };
    }
    if (node.type === 'list' && (node as List).data?.kind === 'roman' && clause) {
      const list = node as unknown as List;
      list.data = { kind: 'decimal' };
      list.children.forEach((item, i) => {
        item.data = { marker: `${clause.marker}.${i + 1}`, anchor: `${clause.anchor}-${i + 1}` };
      });
    }
    const own = node.type === 'listItem' && (node.data as { marker?: string; anchor?: string } | undefined)?.anchor ? (node.data as { marker: string; anchor: string }) : clause;
    for (const child of node.children ?? []) visit(child as typeof node, own);
  };
  tree.children = children;
  visit(tree as unknown as Parameters<typeof visit>[0]);
  return JSON.stringify(tree);
}

/** The library edition for `s`, with `style` (the test style and logo unless given; `null` for none). */
export function libraryEdition(s: School = LIBRARY_SCHOOL, style: HouseStyle | null = STYLE, made = build(s).tokenized!): Edition {
  const json = withLibraryNodes(made.shape.json);
  const meta = { ...made.meta, ...(style ? { style } : {}) };
  return openEdition({ ...made, meta, shape: { id: `${made.shape.id}+library`, json }, assets: ASSETS });
}

/** An edition of another body (the same front matter) given the library's nodes the same way. */
export function libraryEditionOf(body: string): (s: School) => Edition {
  const other = policyBuilder(body, frontMatter({ title: LONG_TITLE, version: '3.0', owner: 'Schools HR Advisory Service' }));
  return (s) => libraryEdition(s, STYLE, other(s).tokenized!);
}
