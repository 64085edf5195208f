import { solidPng } from './png.ts';
import { zipSync, strToU8 } from 'fflate';

/**
 * A minimal Word package made in the test: the parts Word needs (content types, package
 * relationships, the body) and any others given, so each importer case is a few lines of
 * WordprocessingML rather than a binary fixture.
 */
export const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"';

/** A paragraph holding one picture, `media/<name>` of the package (pass its bytes to docx's media), with its alternative text. */
export function picture(name: string, alt: string): string {
  return `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="360000" cy="360000"/><wp:docPr id="1" name="Picture 1" descr="${alt}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="${name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdMedia-${name}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
}

export function para(text: string, options: { style?: string; num?: [numId: number, ilvl: number] } = {}): string {
  const pPr = `${options.style ? `<w:pStyle w:val="${options.style}"/>` : ''}${options.num ? `<w:numPr><w:ilvl w:val="${options.num[1]}"/><w:numId w:val="${options.num[0]}"/></w:numPr>` : ''}`;
  const runs = text.split('\t').map((t) => `<w:r><w:t xml:space="preserve">${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r>`).join('<w:r><w:tab/></w:r>');
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${runs}</w:p>`;
}

export function docx(body: string, parts: Record<string, string> = {}, media: Record<string, Uint8Array> = {}): Uint8Array {
  const rels = Object.keys(parts).filter((p) => /^word\/(numbering|styles|comments|footnotes)\.xml$/.test(p));
  const types: Record<string, string> = {
    'word/numbering.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml',
    'word/styles.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml',
    'word/comments.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml',
    'word/footnotes.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml',
  };
  const relTypes: Record<string, string> = { numbering: 'numbering', styles: 'styles', comments: 'comments', footnotes: 'footnotes' };
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="svg" ContentType="image/svg+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>${rels.map((p) => `<Override PartName="/${p}" ContentType="${types[p]}"/>`).join('')}</Types>`),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
    'word/_rels/document.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.map((p, i) => `<Relationship Id="rIdP${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${relTypes[p.slice(5, -4)]}" Target="${p.slice(5)}"/>`).join('')}${Object.keys(media).map((m) => `<Relationship Id="rIdMedia-${m}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/${m}"/>`).join('')}</Relationships>`),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W_NS}><w:body>${body}</w:body></w:document>`),
  };
  for (const [path, text] of Object.entries(parts)) files[path] = strToU8(text);
  for (const [name, bytes] of Object.entries(media)) files[`word/media/${name}`] = bytes;
  return zipSync(files);
}

/** numbering.xml with one list (numId 1) whose levels print as given, e.g. ['%1.', '%1.%2', '%1.%2.%3']. */
export function numbering(levels: { text: string; format?: string }[]): string {
  const lvls = levels.map((l, i) => `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${l.format ?? 'decimal'}"/><w:lvlText w:val="${l.text}"/></w:lvl>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W_NS}><w:abstractNum w:abstractNumId="0">${lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
}

/** A 4×4 red PNG, made here so no binary fixture is needed. */
export function png(): Buffer {
  return Buffer.from(solidPng(4, 4, [255, 0, 0]));
}
