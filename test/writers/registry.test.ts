import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { serializeManifest, type ManifestFile } from '../../src/output/manifest.ts';
import { createWriter, formatEntry, formatOptions, FORMATS, REGISTRY, type Format } from '../../src/writers/registry.ts';
import type { Writer } from '../../src/writers/shared/writer.ts';
import { REPO } from '../helpers/project.ts';
import { policyBuilder, school } from './build.ts';

const edition = policyBuilder('# Aims\n\n1. The {{school.governingBody}} of {{school.name}} keeps this policy.\n')(school({ name: 'Registry Test School' }));

async function writeWith(format: Format, options = {}): Promise<{ writer: Writer; bytes: Buffer }> {
  const writer = await createWriter(format, options);
  try {
    return { writer, bytes: Buffer.from(await writer.write(edition)) };
  } finally {
    await writer.close?.();
  }
}

describe('the format registry', () => {
  it('has html, docx and pdf, in that order', () => {
    expect(FORMATS).toEqual(['html', 'docx', 'pdf']);
    expect(REGISTRY.map((f) => f.name)).toEqual([...FORMATS]);
  });

  it('gives every format its own name, extension and label', () => {
    for (const key of ['name', 'extension', 'label'] as const) {
      const values = REGISTRY.map((f) => f[key]);
      expect(new Set(values).size, key).toBe(values.length);
      for (const v of values) expect(v, key).toMatch(/\S/);
    }
    for (const f of REGISTRY) expect(f.extension).toMatch(/^[a-z0-9]+$/);
  });

  it('has one entry for each format folder under src/writers/ (shared/ is not a format), and a folder for each entry', () => {
    const dir = join(REPO, 'src/writers');
    const folders = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory() && name !== 'shared').sort();
    expect(folders).toEqual([...FORMATS].sort());
  });

  it('finds each format\'s entry by name', () => {
    for (const format of FORMATS) expect(formatEntry(format).name).toBe(format);
    expect(formatEntry('docx').extension).toBe('docx');
  });

  it('gives the command line --pdf-standard and its choices', () => {
    expect(formatOptions()).toEqual([
      expect.objectContaining({ key: 'pdfStandard', flag: '--pdf-standard <standard>', choices: { 'ua-1': 'PDF/UA-1', 'a-2b': 'PDF/A-2b' } }),
    ]);
  });

  it('orders the files of a manifest entry as FORMATS does', () => {
    const file = (format: Format): ManifestFile => ({ format, path: `s/p.${formatEntry(format).extension}`, bytes: 1, sha256: '0' });
    const entry = {
      id: 's/p', school: { id: 's', name: 'S' }, policy: { id: 'p', title: 'P', version: '1', approved: '2026-01-01', review: '2027-01-01' }, inputHash: 'h',
      files: [file('pdf'), file('html'), file('docx')],
    };
    const manifest = JSON.parse(serializeManifest('policyc test', [entry]));
    expect(manifest.editions[0].files.map((f: ManifestFile) => f.format)).toEqual([...FORMATS]);
  });
});

describe('each entry\'s writer', () => {
  it('html writes a self-contained HTML page of the edition', async () => {
    const { writer, bytes } = await writeWith('html');
    expect(writer.format).toBe('html');
    const html = bytes.toString('utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Registry Test School');
  });

  it('docx writes a zip holding word/document.xml with the edition\'s text', async () => {
    const { writer, bytes } = await writeWith('docx');
    expect(writer.format).toBe('docx');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const parts = unzipSync(bytes);
    expect(Object.keys(parts)).toContain('word/document.xml');
    expect(Object.keys(parts)).toContain('[Content_Types].xml');
    expect(strFromU8(parts['word/document.xml']!)).toContain('Registry Test School');
  });

  it('pdf writes a PDF, and passes --pdf-standard on to it', async () => {
    const plain = await writeWith('pdf');
    expect(plain.writer.format).toBe('pdf');
    expect(plain.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(plain.bytes.toString('latin1')).not.toContain('pdfuaid:part');
    const ua = await writeWith('pdf', { pdfStandard: 'ua-1' });
    expect(ua.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(ua.bytes.toString('latin1')).toContain('<pdfuaid:part>1</pdfuaid:part>');
  });
});
