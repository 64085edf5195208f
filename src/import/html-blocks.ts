import { DOMParser, type Element, type Node } from '@xmldom/xmldom';

/**
 * mammoth's HTML read back into blocks and inline nodes. mammoth writes well-formed
 * markup (every element closed, text escaped as &amp; &lt; &gt; &quot;), so it is read with
 * the same XML parser as the package, inside one root element.
 */

export type Inline =
  | { t: 'text'; s: string }
  | { t: 'strong' | 'em' | 'del' | 'sup' | 'sub'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' }
  | { t: 'img'; src: string; alt: string }
  | { t: 'note'; id: string };

export interface Cell { header: boolean; colspan: number; paragraphs: Inline[][] }

export type Block =
  | { kind: 'heading'; level: number; inl: Inline[]; para?: number; bookmarks: string[] }
  | { kind: 'p'; cls?: string; inl: Inline[]; para?: number; bookmarks: string[] }
  | { kind: 'list'; ordered: boolean; items: ListItem[]; para?: number }
  | { kind: 'table'; rows: Cell[][]; headerRows: number; para?: number; bookmarks: string[] };

export interface ListItem { inl: Inline[]; para?: number; bookmarks: string[]; children: Block[] }

export interface Note { id: string; paragraphs: Inline[][] }

const PARA = /^pcp-(\d+)$/;

const kids = (n: Node): Node[] => {
  const out: Node[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/** Inline content of an element; the paragraph bookmarks and other bookmarks are collected. */
function inline(n: Node, marks: { para?: number; bookmarks: string[] }): Inline[] {
  return inlineNodes(kids(n), marks);
}

function inlineNodes(nodes: Node[], marks: { para?: number; bookmarks: string[] }): Inline[] {
  const out: Inline[] = [];
  for (const c of nodes) {
    if (c.nodeType === 3) {
      out.push({ t: 'text', s: c.nodeValue ?? '' });
      continue;
    }
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    const name = e.nodeName.toLowerCase();
    if (name === 'a' && !e.getAttribute('href')) {
      const id = e.getAttribute('id') ?? '';
      const m = PARA.exec(id);
      if (m) marks.para ??= Number(m[1]);
      else if (id) marks.bookmarks.push(id);
      out.push(...inline(e, marks));
    } else if (name === 'a') {
      const href = e.getAttribute('href')!;
      const note = /^#((?:footnote|endnote)-[\w-]+)$/.exec(href);
      if (note && (e.getAttribute('id') ?? '').includes('-ref-')) out.push({ t: 'note', id: note[1]! });
      else out.push({ t: 'link', href, c: inline(e, marks) });
    } else if (name === 'strong' || name === 'b') out.push({ t: 'strong', c: inline(e, marks) });
    else if (name === 'em' || name === 'i') out.push({ t: 'em', c: inline(e, marks) });
    else if (name === 's' || name === 'del') out.push({ t: 'del', c: inline(e, marks) });
    else if (name === 'sup' || name === 'sub') {
      const inner = inline(e, marks);
      // A footnote reference is a link inside <sup>: keep only the note.
      if (inner.length === 1 && inner[0]!.t === 'note') out.push(inner[0]!);
      else out.push({ t: name, c: inner });
    } else if (name === 'br') out.push({ t: 'br' });
    else if (name === 'img') out.push({ t: 'img', src: e.getAttribute('src') ?? '', alt: e.getAttribute('alt') ?? '' });
    else out.push(...inline(e, marks));
  }
  return out;
}

function cellsOf(row: Element): Cell[] {
  return kids(row).filter((c): c is Element => c.nodeType === 1).map((cell) => {
    const marks = { bookmarks: [] as string[] };
    const ps = kids(cell).filter((c): c is Element => c.nodeType === 1);
    const paragraphs = ps.length && ps.every((p) => /^(p|h\d)$/i.test(p.nodeName)) ? ps.map((p) => inline(p, marks)) : [inline(cell, marks)];
    return { header: cell.nodeName.toLowerCase() === 'th', colspan: Number(cell.getAttribute('colspan') ?? '1') || 1, paragraphs };
  });
}

function listOf(e: Element): Block {
  const items: ListItem[] = [];
  for (const li of kids(e).filter((c): c is Element => c.nodeType === 1)) {
    const marks = { para: undefined as number | undefined, bookmarks: [] as string[] };
    const own: Node[] = [];
    const children: Block[] = [];
    for (const c of kids(li)) {
      const n = c.nodeName.toLowerCase();
      if (n === 'ul' || n === 'ol' || n === 'table') children.push(...blocksOf([c]));
      else if (n === 'p' && own.length) children.push(...blocksOf([c]));
      else own.push(c);
    }
    const inl: Inline[] = [];
    for (const c of own) {
      if (c.nodeType === 1 && c.nodeName.toLowerCase() === 'p') inl.push(...inline(c, marks));
      else inl.push(...inlineNodes([c], marks));
    }
    items.push({ inl, para: marks.para, bookmarks: marks.bookmarks, children });
  }
  const para = items.find((i) => i.para !== undefined)?.para;
  return { kind: 'list', ordered: e.nodeName.toLowerCase() === 'ol', items, para };
}

function blocksOf(nodes: Node[]): Block[] {
  const out: Block[] = [];
  for (const c of nodes) {
    if (c.nodeType === 3) {
      if ((c.nodeValue ?? '').trim()) out.push({ kind: 'p', inl: [{ t: 'text', s: c.nodeValue! }], bookmarks: [] });
      continue;
    }
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    const name = e.nodeName.toLowerCase();
    const marks = { para: undefined as number | undefined, bookmarks: [] as string[] };
    if (/^h[1-6]$/.test(name)) {
      const inl = inline(e, marks);
      out.push({ kind: 'heading', level: Number(name[1]), inl, para: marks.para, bookmarks: marks.bookmarks });
    } else if (name === 'p') {
      const inl = inline(e, marks);
      out.push({ kind: 'p', cls: e.getAttribute('class') ?? undefined, inl, para: marks.para, bookmarks: marks.bookmarks });
    } else if (name === 'ul' || name === 'ol') out.push(listOf(e));
    else if (name === 'table') {
      const rows: Cell[][] = [];
      let headerRows = 0;
      const walk = (parent: Element, head: boolean) => {
        for (const r of kids(parent).filter((x): x is Element => x.nodeType === 1)) {
          const n = r.nodeName.toLowerCase();
          if (n === 'thead') walk(r, true);
          else if (n === 'tbody' || n === 'tfoot') walk(r, false);
          else if (n === 'tr') {
            const cells = cellsOf(r);
            if (head || (rows.length === headerRows && cells.length && cells.every((x) => x.header))) headerRows++;
            rows.push(cells);
          }
        }
      };
      walk(e, false);
      let para: number | undefined;
      const bookmarks: string[] = [];
      for (const tr of Array.from(e.getElementsByTagName('a')) as Element[]) {
        const m = PARA.exec(tr.getAttribute('id') ?? '');
        if (m) { para ??= Number(m[1]); }
      }
      out.push({ kind: 'table', rows, headerRows, para, bookmarks });
    } else out.push({ kind: 'p', inl: inline(e, marks), para: marks.para, bookmarks: marks.bookmarks });
  }
  return out;
}

/** The body's blocks, and the footnotes and endnotes mammoth lists at the end. */
export function readHtml(html: string): { blocks: Block[]; notes: Map<string, Note> } {
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(`<root>${html}</root>`, 'text/xml');
  const root = doc.documentElement!;
  const notes = new Map<string, Note>();
  const body: Node[] = [];
  for (const c of kids(root)) {
    const e = c as Element;
    if (c.nodeType === 1 && e.nodeName === 'ol') {
      const lis = kids(e).filter((x): x is Element => x.nodeType === 1);
      if (lis.length && lis.every((li) => /^(footnote|endnote)-/.test(li.getAttribute('id') ?? ''))) {
        for (const li of lis) {
          const marks = { bookmarks: [] as string[] };
          const ps = kids(li).filter((x): x is Element => x.nodeType === 1);
          const paragraphs = ps.map((p) => inline(p, marks).filter((i) => !(i.t === 'link' && /-ref-/.test(i.href))));
          // The back link mammoth adds ("↑") is dropped with its text.
          notes.set(li.getAttribute('id')!, { id: li.getAttribute('id')!, paragraphs: paragraphs.map(trimBack) });
        }
        continue;
      }
    }
    body.push(c);
  }
  return { blocks: blocksOf(body), notes };
}

function trimBack(inl: Inline[]): Inline[] {
  const out = [...inl];
  const last = out[out.length - 1];
  if (last?.t === 'text') out[out.length - 1] = { t: 'text', s: last.s.replace(/\s+$/, '') };
  return out;
}

/** The plain text of inline content. */
export function plain(inl: Inline[]): string {
  return inl.map((i) => (i.t === 'text' ? i.s : i.t === 'br' ? '\n' : i.t === 'img' ? '' : i.t === 'note' ? '' : plain(i.c))).join('');
}
