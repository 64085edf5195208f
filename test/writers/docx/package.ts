import { XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';

/** A .docx opened with JSZip (an independent zip reader, not the writer's own). */
export interface DocxPackage {
  zip: JSZip;
  /** Entry names in the order they are stored, directories included. */
  names: string[];
  text(name: string): Promise<string>;
}

export async function openDocx(bytes: Uint8Array): Promise<DocxPackage> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files);
  return {
    zip,
    names,
    async text(name) {
      const file = zip.file(name);
      if (!file) throw new Error(`no ${name} in the package`);
      return file.async('string');
    },
  };
}

const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Problems that make an XML part not well-formed (empty when it is). */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const result = XMLValidator.validate(xml);
  if (result !== true) problems.push(`${result.err.code}: ${result.err.msg} (line ${result.err.line})`);
  if (NOT_XML.test(xml)) problems.push('a character XML 1.0 does not allow');
  if (/="[^"]*</.test(xml)) problems.push('a < inside an attribute value');
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(xml)) problems.push('an unescaped &');
  return problems;
}

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

/** The text of a WordprocessingML part as Word shows it: runs joined, a tab as a space, one line per paragraph. */
export function wordText(xml: string): string {
  return xml
    .replace(/<w:tab\/>/g, '<w:t> </w:t>')
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .join('\n');
}

/** Attribute `name` of every element `tag` in `xml`, in order. */
export function attributes(xml: string, tag: string, name: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))) {
    const a = new RegExp(`\\s${name}="([^"]*)"`).exec(m[0]);
    if (a) out.push(decode(a[1]!));
  }
  return out;
}
