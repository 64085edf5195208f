/**
 * Typst 0.14 names the numbering of every list in the structure tree the same way:
 * `/ListNumbering /Circle` for each `list`, `/Decimal` for each `enum` (the numbering a
 * template gives them is not looked at), so an `I.`–`XVI.` list reads to assistive technology
 * as decimal and solid bullets as hollow. This appends an incremental update to the PDF that
 * rewrites each list's structure element with the numbering it really has: the bytes Typst
 * wrote are untouched, and a reader takes the newer object. Anything unexpected in the file (an
 * xref stream, a list count or length that differs from the edition's) leaves it as it is.
 */

/** The values of /ListNumbering (ISO 32000-1, table 347) a list of policyc's can have. */
export type ListNumbering = 'None' | 'Disc' | 'Circle' | 'Square' | 'Decimal' | 'UpperRoman' | 'LowerRoman' | 'UpperAlpha' | 'LowerAlpha';

/** A list of the edition as the structure tree should name it: its numbering and how many items it has. */
export interface ListTag {
  numbering: ListNumbering;
  items: number;
}

type Value = number | string | Ref | Name | Value[] | Dict;
interface Ref {
  ref: number;
}
interface Name {
  name: string;
}
type Dict = Map<string, Value>;

/** `pdf` with every list's /ListNumbering set from `lists` (in the order of the structure tree), or `pdf` itself. */
export function withListNumbering(pdf: Uint8Array, lists: readonly ListTag[]): Uint8Array {
  try {
    return update(pdf, lists) ?? pdf;
  } catch {
    return pdf;
  }
}

function update(pdf: Uint8Array, lists: readonly ListTag[]): Uint8Array | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!tail) return undefined;
  const xrefAt = Number(tail[1]);
  if (!text.startsWith('xref', xrefAt)) return undefined;
  const trailerAt = text.indexOf('trailer', xrefAt);
  if (trailerAt < 0) return undefined;
  const offsets = xrefOffsets(text.slice(xrefAt, trailerAt));
  const trailerText = text.slice(trailerAt + 'trailer'.length, text.lastIndexOf('startxref'));
  const trailer = parse(trailerText) as Dict;
  const object = (n: number): { start: number; end: number; value: Value } | undefined => {
    const at = offsets.get(n);
    if (at === undefined) return undefined;
    const head = new RegExp(`^${n}\\s+0\\s+obj`).exec(text.slice(at, at + 40));
    if (!head) return undefined;
    const end = text.indexOf('endobj', at);
    if (end < 0) return undefined;
    const body = text.slice(at + head[0].length, end);
    // Only dictionaries: a stream's bytes are never parsed.
    if (body.includes('stream')) return undefined;
    return { start: at, end: end + 'endobj'.length, value: parse(body) };
  };
  const dict = (v: Value | undefined): Dict | undefined => {
    if (v instanceof Map) return v;
    if (v && typeof v === 'object' && 'ref' in v) {
      const o = object(v.ref)?.value;
      return o instanceof Map ? o : undefined;
    }
    return undefined;
  };
  const root = dict(trailer.get('Root'));
  const treeRoot = dict(root?.get('StructTreeRoot'));
  if (!treeRoot) return undefined;

  // Every L element, in the order of the tree, with its object number and its LI children.
  const found: { ref: number; items: number }[] = [];
  const seen = new Set<number>();
  const visit = (kids: Value | undefined) => {
    for (const kid of Array.isArray(kids) ? kids : kids === undefined ? [] : [kids]) {
      if (!kid || typeof kid !== 'object' || !('ref' in kid) || seen.has(kid.ref)) continue;
      seen.add(kid.ref);
      const elem = dict(kid);
      if (!elem || nameOf(elem.get('Type')) !== 'StructElem') continue;
      if (nameOf(elem.get('S')) === 'L') {
        const children = elem.get('K');
        const items = (Array.isArray(children) ? children : [children]).filter((c) => c && nameOf(dict(c as Value)?.get('S')) === 'LI').length;
        found.push({ ref: kid.ref, items });
      }
      visit(elem.get('K'));
    }
  };
  visit(treeRoot.get('K'));
  if (found.length !== lists.length || found.some((f, i) => f.items !== lists[i]!.items)) return undefined;

  const changed: { ref: number; text: string }[] = [];
  found.forEach((f, i) => {
    const o = object(f.ref)!;
    const old = text.slice(o.start, o.end);
    const numbering = lists[i]!.numbering;
    const now = old.replace(/\/ListNumbering\s*\/[A-Za-z]+/, `/ListNumbering /${numbering}`);
    if (now !== old) changed.push({ ref: f.ref, text: now });
  });
  if (!changed.length) return pdf;

  let out = text.endsWith('\n') ? '' : '\n';
  const at = new Map<number, number>();
  for (const c of changed) {
    at.set(c.ref, text.length + out.length);
    out += `${c.text}\n`;
  }
  const xref = text.length + out.length;
  out += 'xref\n';
  for (const ref of [...at.keys()].sort((a, b) => a - b)) out += `${ref} 1\n${String(at.get(ref)).padStart(10, '0')} 00000 n \n`;
  const body = trailerText.trim();
  if (!body.endsWith('>>')) return undefined;
  out += `trailer\n${body.slice(0, -2).trimEnd()}\n  /Prev ${xrefAt}\n>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(pdf), Buffer.from(out, 'latin1')]));
}

function nameOf(v: Value | undefined): string | undefined {
  return v && typeof v === 'object' && 'name' in v ? v.name : undefined;
}

/** Object number → byte offset, from a classic xref table. */
function xrefOffsets(table: string): Map<number, number> {
  const offsets = new Map<number, number>();
  const lines = table.split(/\r\n|\r|\n/).slice(1);
  let next = 0;
  for (const line of lines) {
    const section = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (section) {
      next = Number(section[1]);
      continue;
    }
    const entry = /^(\d{10})\s+(\d{5})\s+([nf])/.exec(line);
    if (!entry) continue;
    if (entry[3] === 'n') offsets.set(next, Number(entry[1]));
    next += 1;
  }
  return offsets;
}

/** One PDF value (a dictionary, an array, a reference, a name, a number or a string), from its text. */
function parse(source: string): Value {
  let i = 0;
  const space = () => {
    while (i < source.length) {
      if (/\s/.test(source[i]!)) i++;
      else if (source[i] === '%') while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
      else break;
    }
  };
  const value = (): Value => {
    space();
    const c = source[i];
    if (source.startsWith('<<', i)) {
      i += 2;
      const d: Dict = new Map();
      for (;;) {
        space();
        if (source.startsWith('>>', i)) {
          i += 2;
          return d;
        }
        const key = value();
        if (!key || typeof key !== 'object' || !('name' in key)) throw new Error('bad key');
        d.set(key.name, value());
      }
    }
    if (c === '[') {
      i++;
      const a: Value[] = [];
      for (;;) {
        space();
        if (source[i] === ']') {
          i++;
          return a;
        }
        if (i >= source.length) throw new Error('unterminated array');
        a.push(value());
      }
    }
    if (c === '/') {
      const m = /^\/[^\s/<>[\]()%{}]*/.exec(source.slice(i))!;
      i += m[0].length;
      return { name: m[0].slice(1) };
    }
    if (c === '(') {
      let depth = 0;
      const start = i;
      for (; i < source.length; i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '(') depth++;
        else if (source[i] === ')' && --depth === 0) break;
      }
      i++;
      return source.slice(start, i);
    }
    if (c === '<') {
      const end = source.indexOf('>', i);
      const s = source.slice(i, end + 1);
      i = end + 1;
      return s;
    }
    const ref = /^(\d+)\s+(\d+)\s+R\b/.exec(source.slice(i, i + 40));
    if (ref) {
      i += ref[0].length;
      return { ref: Number(ref[1]) };
    }
    const m = /^[^\s/<>[\]()%]+/.exec(source.slice(i));
    if (!m) throw new Error(`unexpected ${c}`);
    i += m[0].length;
    const n = Number(m[0]);
    return Number.isNaN(n) ? m[0] : n;
  };
  return value();
}
