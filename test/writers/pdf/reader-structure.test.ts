import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfWriter } from '../../../src/writers/pdf/write-pdf.ts';
import { withListNumbering } from '../../../src/writers/pdf/list-numbering.ts';
import { hasClient, run } from '../../helpers/clients.ts';
import { htmlText } from '../../helpers/html-text.ts';
import { cli, scratchProject } from '../../helpers/project.ts';
import { normalise } from '../../helpers/seed.ts';
import { edition } from './fixtures.ts';
import { hasPoppler, pageCount, pdfFile, pdfText, words } from './poppler.ts';

// What a reader of the PDF editions meets beyond the printed page: link regions, the structure
// tree a screen reader walks, the text search and copy find. Read with qpdf and poppler.

const clients = hasPoppler() && hasClient('qpdf', '--version');
let dist: string;
let ua: string;
let editions: string[];

beforeAll(async () => {
  if (!clients) return;
  const dir = scratchProject({ library: true });
  for (const args of [['--format', 'html,pdf'], ['--format', 'pdf', '--pdf-standard', 'ua-1', '--out', 'dist-ua']]) {
    const result = await cli(dir, 'build', ...args);
    expect(result.code, result.stderr).toBe(0);
  }
  dist = join(dir, 'dist');
  ua = join(dir, 'dist-ua');
  editions = readdirSync(dist, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) =>
    readdirSync(join(dist, d.name)).filter((f) => f.endsWith('.pdf')).map((f) => `${d.name}/${f.slice(0, -4)}`));
}, 120_000);

interface Annotation {
  page: number;
  /** The URI, or "#" for a jump inside the document. */
  target: string;
  contents: string | null;
  rect: [number, number, number, number];
}

/** Every link annotation, page by page, as qpdf reads the file (incremental updates applied). */
function annotations(file: string): Annotation[] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=pages', '--json-key=qpdf', file])) as {
    pages: { object: string }[];
    qpdf: [unknown, Record<string, { value: Record<string, unknown> }>];
  };
  const objects = json.qpdf[1];
  const deref = (v: unknown): Record<string, unknown> | unknown[] | undefined => (typeof v === 'string' && v.endsWith(' R') ? objects[`obj:${v}`]?.value : (v as Record<string, unknown>));
  const text = (v: unknown) => (typeof v === 'string' ? v.replace(/^u:/, '') : null);
  const out: Annotation[] = [];
  json.pages.forEach((p, i) => {
    const page = deref(p.object) as Record<string, unknown>;
    for (const ref of (deref(page['/Annots']) as unknown[] | undefined) ?? []) {
      const a = deref(ref) as Record<string, unknown>;
      if (a['/Subtype'] !== '/Link') continue;
      const action = deref(a['/A']) as Record<string, unknown> | undefined;
      out.push({ page: i + 1, target: action?.['/URI'] ? text(action['/URI'])! : '#', contents: text(a['/Contents']), rect: a['/Rect'] as Annotation['rect'] });
    }
  });
  return out;
}

/** The web and email links of an edition's source, as its HTML edition prints them, by address. */
function sourceLinks(html: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of html.matchAll(/<a [^>]*href="((?:https?|mailto):[^"]*)"/g)) {
    const url = m[1]!.replace(/&amp;/g, '&');
    counts.set(url, (counts.get(url) ?? 0) + 1);
  }
  return counts;
}

function byTarget(list: Annotation[]): Map<string, Annotation[]> {
  const out = new Map<string, Annotation[]>();
  for (const a of list.filter((x) => x.target !== '#')) out.set(a.target, [...(out.get(a.target) ?? []), a]);
  return out;
}

/** A link's regions on one line of one page share their baseline: one region per line means no two share one. */
const line = (a: Annotation) => `${a.page}:${Math.round(a.rect[1])}`;

describe.skipIf(!clients)('link regions', () => {
  it('are one per link in every shipped edition under PDF/UA-1, as many as its source has links', () => {
    for (const name of editions) {
      const want = sourceLinks(readFileSync(join(dist, `${name}.html`), 'utf8'));
      const got = new Map([...byTarget(annotations(join(ua, `${name}.pdf`)))].map(([url, list]) => [url, list.length]));
      expect(got, name).toEqual(want);
    }
  });

  it('are one per link in the default build too, or one per line where a link wraps: never one per fragment', () => {
    for (const name of editions) {
      const want = sourceLinks(readFileSync(join(dist, `${name}.html`), 'utf8'));
      const got = byTarget(annotations(join(dist, `${name}.pdf`)));
      expect(new Set(got.keys()), name).toEqual(new Set(want.keys()));
      for (const [url, list] of got) {
        // Each line a link is on holds exactly one of its regions.
        const lines = list.map(line);
        expect(new Set(lines).size, `${name}: ${url}`).toBe(lines.length);
        expect(list.length, `${name}: ${url}`).toBeLessThanOrEqual(want.get(url)! * 2);
      }
    }
    // Mill Lane's links all fit their lines: as many regions as links (the issue counted 38 on page 4 for 9).
    const mill = annotations(join(dist, 'mill-lane-primary/social-networking.pdf')).filter((a) => a.target !== '#');
    const source = sourceLinks(readFileSync(join(dist, 'mill-lane-primary/social-networking.html'), 'utf8'));
    expect(mill.length).toBe([...source.values()].reduce((a, b) => a + b, 0));
  });

  it('describe a cross-reference as the paragraph or section it goes to, not as a page', () => {
    const internal = annotations(join(dist, 'mill-lane-primary/social-networking.pdf')).filter((a) => a.target === '#');
    expect(internal.length).toBeGreaterThan(0);
    for (const a of internal) expect(a.contents).toBe('paragraph 2.1');
    for (const a of annotations(join(ua, 'mill-lane-primary/social-networking.pdf')).filter((x) => x.target === '#')) expect(a.contents).toBe('paragraph 2.1');
    // A reference to a numbered section names the section; no jump anywhere is described by its page alone.
    expect(annotations(join(dist, 'ysgol-ty-dwr/whistleblowing.pdf')).map((a) => a.contents)).toContain('section 5');
    for (const name of editions) {
      for (const a of annotations(join(dist, `${name}.pdf`)).filter((x) => x.target === '#')) expect(a.contents, name).not.toMatch(/^(Section, )?page \d+$/);
    }
  });
});

describe.skipIf(!clients)('long links set by the writer', () => {
  const writers: Awaited<ReturnType<typeof createPdfWriter>>[] = [];
  afterAll(async () => {
    for (const w of writers) await w.close?.();
  });

  it('wrap with one region per line, in a paragraph and in a narrow table column', async () => {
    const email = 'a.very.long.email.address.for.someone.in.particular.who.works@subdomain.stockton-on-tees.gov.uk';
    const url = 'https://www.example.org/a/very/long/address/with/many/parts/that/goes/on/and/on/and/on/indeed/it/does';
    const w = createPdfWriter({});
    writers.push(w);
    const file = pdfFile(await w.write(edition([
      '# Links', '', `1. Write to [${email}](mailto:${email}) or see [${url}](${url}) and [www.example.org/short](https://www.example.org/short).`, '',
      '| Name | Role | Telephone | Email |', '| --- | --- | --- | --- |',
      `| Someone with a long name | A role described at some length | 01642 526952 | [${email}](mailto:${email}) |`, '',
    ].join('\n'))));
    const got = byTarget(annotations(file));
    expect(got.get('https://www.example.org/short')!.length).toBe(1);
    // The web address breaks where Typst breaks addresses: one region per line.
    const web = got.get(url)!.map(line);
    expect(web.length).toBeGreaterThan(1);
    expect(new Set(web).size).toBe(web.length);
    // The address in the table cell is broken to the cell's width: one region per line.
    const [inText, inCell] = [got.get(`mailto:${email}`)!.filter((a) => a.rect[0] < 300 || a.rect[1] > 570), got.get(`mailto:${email}`)!.filter((a) => a.rect[0] > 300 && a.rect[1] <= 570)];
    expect(inCell.length).toBeGreaterThan(1);
    expect(new Set(inCell.map(line)).size).toBe(inCell.length);
    // In running text its first line may hold two (where it starts is not known when it is cut),
    // never one per fragment (it has 13 break opportunities).
    expect(inText.length).toBeLessThanOrEqual(new Set(inText.map(line)).size + 1);
    // Still whole in the text, and inside the page.
    expect(normalise(pdfText(file)).replace(/\s/g, '')).toContain(email);
  });
});

interface StructNode {
  tag: string;
  attributes: Record<string, string>;
  children: StructNode[];
  parent: StructNode | null;
}

/** The structure tree as poppler reads it (`pdfinfo -struct`), with each element's attributes. */
function structure(file: string): StructNode {
  const rootNode: StructNode = { tag: 'root', attributes: {}, children: [], parent: null };
  const stack: { indent: number; node: StructNode }[] = [{ indent: -1, node: rootNode }];
  let last: StructNode | null = null;
  for (const text of run('pdfinfo', ['-struct', file]).split('\n')) {
    if (!text.trim()) continue;
    const indent = text.length - text.trimStart().length;
    const attribute = /^\s*\/(\w+)\s+(.*)$/.exec(text);
    if (attribute && last) {
      last.attributes[attribute[1]!] = attribute[2]!.replace(/^\//, '');
      continue;
    }
    const tag = /^\s*(\w+)/.exec(text)![1]!;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    const node: StructNode = { tag, attributes: {}, children: [], parent };
    parent.children.push(node);
    stack.push({ indent, node });
    last = node;
  }
  return rootNode;
}

function all(node: StructNode, tag: string): StructNode[] {
  return [...(node.tag === tag ? [node] : []), ...node.children.flatMap((c) => all(c, tag))];
}

describe.skipIf(!clients)('the structure tree', () => {
  for (const build of ['default', 'ua-1'] as const) {
    it(`nests each sub-list inside its clause and names its numbering (${build})`, () => {
      const tree = structure(join(build === 'ua-1' ? ua : dist, 'mill-lane-primary/social-networking.pdf'));
      const lists = all(tree, 'L');
      expect(lists.length).toBeGreaterThan(10);
      // A list is a child of the document (a section's clauses) or of a list item's body: never of another list.
      for (const l of lists) expect(['Document', 'LBody']).toContain(l.parent!.tag);
      // 6.1's I.–XVI.: sixteen items, upper-case roman, in the LBody of 6.1's LI, in section 6's clauses.
      const roman = lists.filter((l) => l.children.filter((c) => c.tag === 'LI').length === 16);
      expect(roman.length).toBe(1);
      expect(roman[0]!.attributes.ListNumbering).toBe('UpperRoman');
      expect(roman[0]!.parent!.tag).toBe('LBody');
      expect(roman[0]!.parent!.parent!.tag).toBe('LI');
      const clauses = roman[0]!.parent!.parent!.parent!;
      expect(clauses.tag).toBe('L');
      expect(clauses.attributes.ListNumbering).toBe('Decimal');
      // The bullets (•) are solid: Disc. Nothing is called Circle, as no list of this policy is hollow.
      const bullets = lists.filter((l) => l.parent!.tag === 'LBody' && l !== roman[0]);
      expect(bullets.length).toBeGreaterThan(5);
      for (const l of bullets) expect(l.attributes.ListNumbering).toBe('Disc');
      expect(lists.filter((l) => l.attributes.ListNumbering === 'Circle')).toEqual([]);
    });
  }

  it('tags the edition block and each signatory\'s lines as tables', () => {
    const tree = structure(join(dist, 'mill-lane-primary/social-networking.pdf'));
    const document = all(tree, 'Document')[0]!;
    const tables = document.children.filter((c) => c.tag === 'Table');
    // The edition block (its last row Mill Lane's adoption), the contacts, two signatories.
    expect(tables.length).toBe(4);
    const rows = (t: StructNode) => all(t, 'TR').length;
    expect(tables.map(rows)).toEqual([7, 6, 3, 3]);
    // The edition block comes straight after the title, before the first heading.
    expect(document.children.findIndex((c) => c.tag === 'Table')).toBeLessThan(document.children.findIndex((c) => c.tag === 'H1'));
    expect(document.children.filter((c) => c.tag === 'Div')).toEqual([]);
  });

  it('leaves a PDF it cannot read as it is', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\nnot really a PDF\n%%EOF\n');
    expect(withListNumbering(bytes, [{ numbering: 'Disc', items: 1 }])).toBe(bytes);
  });
});

describe.skipIf(!clients)('search and copy', () => {
  it('find every word whole: no line ends in a word broken by hyphenation', () => {
    for (const name of editions) {
      const text = run('pdftotext', ['-enc', 'UTF-8', join(dist, `${name}.pdf`), '-']);
      // A word Typst hyphenates is stored with a soft hyphen at the break, and poppler (and
      // pdf.js) then give "confi\u00ad" and "dentiality": search misses it, copy breaks it.
      expect(text, name).not.toContain('\u00ad');
      // A line may end in a hyphen only where the source has one ("Stockton-on-Tees").
      const source = htmlText(readFileSync(join(dist, `${name}.html`), 'utf8')).replace(/\s+/g, ' ');
      const lines = text.split('\n');
      lines.forEach((l, i) => {
        const broken = /(\p{L}+)-$/u.exec(l.trimEnd());
        if (!broken) return;
        const next = /^\s*(\p{L}+)/u.exec(lines[i + 1] ?? '')?.[1] ?? '';
        expect(source, `${name}: ${l}`).toContain(`${broken[1]}-${next}`);
      });
    }
    expect(normalise(pdfText(join(dist, 'mill-lane-primary/social-networking.pdf')))).toMatch(/harassment and copyright may apply/);
    expect(normalise(pdfText(join(dist, 'mill-lane-primary/social-networking.pdf')))).toContain('bound by a legal duty of confidence and other laws');
  });
});

describe.skipIf(!clients)('an address', () => {
  it('stays together with its heading, wherever the text before it ends', async () => {
    const w = createPdfWriter({});
    try {
      let moved = 0;
      for (let lines = 36; lines <= 50; lines += 1) {
        const clauses = Array.from({ length: lines }, (_, i) => `1. Clause ${i}.`).join('\n');
        const file = pdfFile(await w.write(edition(`# Filler\n\n${clauses}\n\n## Address\n\nService One  \nFirst Floor  \nMunicipal Buildings  \nChurch Road  \nStockton-on-Tees  \nTS18 1LD\n`)));
        const pages = words(file).filter((x) => ['Address', 'Floor', 'Municipal', 'Buildings', 'Church', 'TS18'].includes(x.text)).map((x) => x.page);
        expect(new Set(pages).size, `${lines} clauses`).toBe(1);
        if (pages[0]! > 1 && pageCount(file) > 1) moved += 1;
      }
      expect(moved).toBeGreaterThan(0);
    } finally {
      await w.close?.();
    }
  });
});
