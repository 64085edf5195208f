import { EDITION_ID_LABEL } from '../../document/edition-id.ts';
import type { EditionMeta } from '../../document/types.ts';
import { xmlText } from './xml-text.ts';

/**
 * docProps/core.xml: what Word shows under File › Info and search tools index. Title,
 * identifier (the edition's ID, which a re-saved copy keeps), subject (the school), author and last editor (the LA service that owns the policy),
 * keywords, version, language; created and modified are `date` (the approval date or
 * SOURCE_DATE_EPOCH), never the clock, so the same input gives the same bytes.
 */
export function coreProperties(meta: EditionMeta, date: Date): string {
  const when = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const element = (name: string, value: string) => `<${name}>${xmlText(value)}</${name}>`;
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    element('dc:title', meta.title) +
    (meta.editionId ? element('dc:identifier', `${EDITION_ID_LABEL} ${meta.editionId}`) : '') +
    element('dc:subject', meta.schoolName) +
    element('dc:creator', meta.owner) +
    (meta.keywords.length ? element('cp:keywords', meta.keywords.join('; ')) : '') +
    element('dc:description', `${meta.title}, version ${meta.version}, for ${meta.schoolName}. Approved ${meta.approvedText}; review by ${meta.reviewText}.`) +
    element('dc:language', meta.lang) +
    element('cp:lastModifiedBy', meta.owner) +
    element('cp:revision', '1') +
    element('cp:version', meta.version) +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>';
}
