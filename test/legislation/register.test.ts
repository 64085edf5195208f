import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import schema from '../../src/schemas/legislation-register.schema.json' with { type: 'json' };
import { findCitations } from '../../src/legislation/citations.ts';
import { loadRegister, REGISTER_FILE } from '../../src/legislation/register.ts';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { REPO } from '../helpers/project.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const FIXTURES = join(REPO, 'test/fixtures/legislation/registers');
const text = readFileSync(REGISTER_FILE, 'utf8');
const { register, diagnostics } = loadRegister();

describe('the legislation register (src/legislation/register.yaml)', () => {
  it('validates against its JSON Schema, and names it for the YAML language server', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));
    ajv.addVocabulary(['x-message']);
    const validate = ajv.compile(schema);
    // The failsafe schema policyc reads YAML with: every value is text.
    const ok = validate(parse(text, { schema: 'failsafe' }));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/legislation-register.schema.json');
  });

  it('loads with no problems', () => {
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(register.entries.length).toBeGreaterThanOrEqual(25);
    expect(register.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has unique kebab-case ids, and every entry says what its facts rest on', () => {
    const ids = register.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of register.entries) {
      expect(entry.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(entry.basis.length, entry.id).toBeGreaterThan(30);
    }
  });

  it('links legislation to legislation.gov.uk and guidance to GOV.UK, over https', () => {
    for (const entry of register.entries) {
      expect(entry.url, entry.id).toBeDefined();
      const url = new URL(entry.url!);
      expect(url.protocol).toBe('https:');
      expect(url.hostname, entry.id).toBe(entry.kind === 'guidance' ? 'www.gov.uk' : 'www.legislation.gov.uk');
    }
  });

  it('gives Acts a year and a chapter that match their address, and guidance an edition', () => {
    for (const entry of register.entries) {
      if (entry.kind === 'act') {
        expect(entry.title, entry.id).toMatch(new RegExp(` ${entry.year}$`));
        expect(entry.chapter, entry.id).toMatch(/^c\. \d+$/);
        if (!entry.session) expect(entry.url).toBe(`https://www.legislation.gov.uk/ukpga/${entry.year}/${entry.chapter!.slice(3)}/contents`);
        else expect(entry.url).toMatch(new RegExp(`/${entry.chapter!.slice(3)}/contents$`));
      }
      if (entry.kind === 'guidance') {
        expect(entry.edition, entry.id).toBeTruthy();
        expect(entry.editionYear, entry.id).toBeGreaterThanOrEqual(entry.year);
      }
      if (entry.status === 'superseded') expect(register.byId.has(entry.supersededBy!)).toBe(true);
    }
  });

  it('covers everything the shipped schools and the seed policy cite, and the commonly cited others', () => {
    const needed = [
      'human-rights-act-1998', 'data-protection-act-2018', 'data-protection-act-1998', 'freedom-of-information-act-2000',
      'computer-misuse-act-1990', 'police-and-justice-act-2006', 'equality-act-2010', 'libel-act-1843',
      'defamation-act-1952', 'defamation-act-1996', 'defamation-act-2013', 'protection-from-harassment-act-1997',
      'criminal-justice-and-public-order-act-1994', 'malicious-communications-act-1988', 'communications-act-2003',
      'copyright-designs-and-patents-act-1988', 'teachers-standards', 'keeping-children-safe-in-education',
      'employment-rights-act-1996', 'public-interest-disclosure-act-1998', 'education-act-2002', 'children-act-1989',
      'safeguarding-vulnerable-groups-act-2006', 'regulation-of-investigatory-powers-act-2000', 'uk-gdpr',
    ];
    expect(needed.filter((id) => !register.byId.has(id))).toEqual([]);
    const dpa1998 = register.byId.get('data-protection-act-1998')!;
    expect([dpa1998.status, dpa1998.supersededBy]).toEqual(['repealed', 'data-protection-act-2018']);
    expect(register.byId.get('malicious-communications-act-1988')!.chapter).toBe('c. 27');
    expect(register.byId.get('data-protection-act-2018')!.url).toBe('https://www.legislation.gov.uk/ukpga/2018/12/contents');
  });

  it('records the current edition of KCSIE, and Teachers’ Standards as updated in 2013 and 2021', () => {
    const kcsie = register.byId.get('keeping-children-safe-in-education')!;
    expect(kcsie.editionYear).toBeGreaterThanOrEqual(2025);
    expect(kcsie.basis).toMatch(/could not be verified/);
    const standards = register.byId.get('teachers-standards')!;
    expect([standards.year, standards.editionYear]).toEqual([2011, 2021]);
    expect(standards.edition).toMatch(/June 2013.*December 2021/);
  });

  it('matches each of its own titles and citations, as written, with no warning', () => {
    for (const entry of register.entries) {
      for (const name of [entry.title, entry.citation, ...entry.aliases]) {
        const found = findCitations(name, register);
        expect(found.map((c) => [c.entry?.id, c.verdict]), name).toContainEqual([entry.id, entry.kind === 'guidance' && entry.status === 'superseded' ? 'superseded' : entry.status === 'repealed' ? 'repealed' : 'ok']);
      }
    }
  });
});

describe('a broken register', () => {
  const problems = (name: string) => loadRegister(join(FIXTURES, name)).diagnostics.map(formatDiagnostic);

  it('accepts only https: addresses on legislation.gov.uk or GOV.UK', () => {
    expect(problems('http-url.yaml')).toEqual(['test/fixtures/legislation/registers/http-url.yaml:8:10: error: `entries.0.url` must be an https:// address on www.legislation.gov.uk or www.gov.uk']);
    expect(problems('javascript-url.yaml')).toEqual(['test/fixtures/legislation/registers/javascript-url.yaml:8:10: error: `entries.0.url` must be an https:// address on www.legislation.gov.uk or www.gov.uk']);
  });

  it('needs a basis for every entry', () => {
    expect(problems('missing-basis.yaml')).toEqual(['test/fixtures/legislation/registers/missing-basis.yaml:3:5: error: `entries.0` is missing required key `basis`']);
  });

  it('reports duplicate ids, dangling supersededBy, wrong years and guidance without an edition, each where it is', () => {
    expect(problems('broken.yaml')).toEqual([
      'test/fixtures/legislation/registers/broken.yaml:11:9: error: duplicate register id `data-protection-act-2018` (also entry 1)',
      'test/fixtures/legislation/registers/broken.yaml:15:13: error: `data-protection-act-2018` is superseded but names no `supersededBy`',
      "test/fixtures/legislation/registers/broken.yaml:13:12: error: `Data Protection Act 2019` carries the year 2019, but the entry's year is 2018",
      'test/fixtures/legislation/registers/broken.yaml:22:19: error: `supersededBy: no-such-entry` names no entry of the register',
      'test/fixtures/legislation/registers/broken.yaml:17:5: error: guidance `old-guidance` is missing `publisher`',
      'test/fixtures/legislation/registers/broken.yaml:17:5: error: guidance `old-guidance` is missing `edition`',
      'test/fixtures/legislation/registers/broken.yaml:17:5: error: guidance `old-guidance` is missing `editionDate`',
    ]);
    expect(loadRegister(join(FIXTURES, 'broken.yaml')).register.entries).toEqual([]);
  });
});
