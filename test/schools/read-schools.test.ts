import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { loadDefaults, readSchool } from '../../src/schools/read-schools.ts';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding only schools/ with the given files. */
function project(files: Record<string, string | Buffer>): { root: string; schools: string } {
  const root = mkdtempSync(join(tmpdir(), 'policyc-schools-'));
  folders.push(root);
  const schools = join(root, 'schools');
  mkdirSync(schools);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(schools, name), text);
  return { root, schools };
}

/** Reads the LA defaults (if the project has them) and then one school. */
async function read(files: Record<string, string | Buffer>, id: string) {
  const { root, schools } = project(files);
  const defaults = await loadDefaults(schools, root, '_defaults.yaml' in files);
  const result = await readSchool(join(schools, `${id}.yaml`), root, defaults);
  return { defaults, ...result, lines: result.diagnostics.map(formatDiagnostic) };
}

const DEFAULTS = [
  'governingBody: Governing Body',
  'la:',
  '  name: Test Borough Council',
  'hr:',
  '  name: Schools HR',
  '  phonePrefix: (01642)',
  '  address:',
  '    - 1 Road',
  '    - Town',
  '  contacts:',
  '    - name: Ann',
  '      role: HR Manager',
  '      phone: "100"',
  '    - name: Bob',
  '      role: HR Advisor',
  'legislation:',
  '  publication:',
  '    - libel-act-1843',
  '    - Some local byelaw',
  '',
].join('\n');

describe('the school cascade from files', () => {
  it('lays a school\'s file over the LA defaults: maps merge key by key, strings replace', async () => {
    const { school, diagnostics } = await read({ '_defaults.yaml': DEFAULTS, 'oak-primary.yaml': 'name: Oak Primary\ngoverningBody: Governing Board\nhr:\n  email: hr@example.gov.uk\n' }, 'oak-primary');
    expect(diagnostics).toEqual([]);
    expect(school).toMatchObject({
      id: 'oak-primary',
      file: 'schools/oak-primary.yaml',
      name: 'Oak Primary',
      governingBody: 'Governing Board',
      la: { name: 'Test Borough Council' },
      hr: { name: 'Schools HR', phonePrefix: '(01642)', email: 'hr@example.gov.uk', address: ['1 Road', 'Town'], contacts: [{ name: 'Ann', role: 'HR Manager', phone: '100' }, { name: 'Bob', role: 'HR Advisor' }] },
    });
  });

  it('lets a school\'s list replace the default list outright', async () => {
    const { school } = await read({ '_defaults.yaml': DEFAULTS, 'elm.yaml': 'name: Elm\nhr:\n  contacts:\n    - name: Cy\n      role: Link Advisor\n' }, 'elm');
    expect(school?.hr.contacts).toEqual([{ name: 'Cy', role: 'Link Advisor' }]);
    expect(school?.hr.address).toEqual(['1 Road', 'Town']);
  });

  it('resolves legislation entries against the register: ids become linked citations, free text stays as written', async () => {
    const { school } = await read({ '_defaults.yaml': DEFAULTS, 'elm.yaml': 'name: Elm\nguidance:\n  - keeping-children-safe-in-education\n' }, 'elm');
    const [libel, byelaw] = school!.legislation.publication!;
    expect(libel).toMatchObject({ id: 'libel-act-1843', text: 'Libel Act 1843', parts: [{ text: 'Libel Act 1843', url: expect.stringMatching(/^https:\/\/www\.legislation\.gov\.uk\//) }] });
    expect(byelaw).toMatchObject({ id: '', url: '', text: 'Some local byelaw', parts: [{ text: 'Some local byelaw', url: '' }] });
    expect(school!.guidance).toEqual([expect.objectContaining({ id: 'keeping-children-safe-in-education', url: expect.stringMatching(/^https:\/\/www\.gov\.uk\//) })]);
  });

  it('fills in the built-in defaults when there is no LA defaults file', async () => {
    const { school, defaults, diagnostics } = await read({ 'ash.yaml': 'name: Ash\n' }, 'ash');
    expect(defaults.diagnostics).toEqual([]);
    expect(diagnostics).toEqual([]);
    expect(school).toEqual({
      id: 'ash',
      file: 'schools/ash.yaml',
      name: 'Ash',
      governingBody: 'Governing Body',
      headTitle: 'Headteacher',
      headTitlePlural: 'Headteachers',
      la: {},
      hr: { address: [], contacts: [] },
      legislation: {},
      guidance: [],
      usefulContacts: [],
      signatories: [{ role: 'Head Teacher' }, { role: 'Chair of Governors' }],
    });
  });

  it('makes the plural head title from the head title unless one is given', async () => {
    expect((await read({ 'ash.yaml': 'name: Ash\nheadTitle: Principal\n' }, 'ash')).school?.headTitlePlural).toBe('Principals');
    expect((await read({ 'ash.yaml': 'name: Ash\nheadTitle: Head of School\nheadTitlePlural: Heads of School\n' }, 'ash')).school?.headTitlePlural).toBe('Heads of School');
  });

  it('never pairs a school\'s own head title with the LA default\'s plural', async () => {
    const defaults = { '_defaults.yaml': 'headTitle: Headteacher\nheadTitlePlural: Headteachers\n' };
    expect((await read({ ...defaults, 'ash.yaml': 'name: Ash\nheadTitle: Principal\n' }, 'ash')).school).toMatchObject({ headTitle: 'Principal', headTitlePlural: 'Principals' });
    expect((await read({ ...defaults, 'ash.yaml': 'name: Ash\n' }, 'ash')).school).toMatchObject({ headTitle: 'Headteacher', headTitlePlural: 'Headteachers' });
    expect((await read({ ...defaults, 'ash.yaml': 'name: Ash\nheadTitlePlural: Head teachers\n' }, 'ash')).school?.headTitlePlural).toBe('Head teachers');
  });

  it('sets relatedPolicies only when the config gives them, and keeps its own signatories', async () => {
    const plain = (await read({ 'ash.yaml': 'name: Ash\n' }, 'ash')).school!;
    expect('relatedPolicies' in plain).toBe(false);
    const own = (await read({ 'ash.yaml': 'name: Ash\nrelatedPolicies:\n  - Code of Conduct\nsignatories:\n  - role: Principal\n    name: Dee\n' }, 'ash')).school!;
    expect(own.relatedPolicies).toEqual(['Code of Conduct']);
    expect(own.signatories).toEqual([{ role: 'Principal', name: 'Dee' }]);
  });

  it('reads every value as text, exactly as written', async () => {
    const { school } = await read({ 'ash.yaml': 'name: No\nhr:\n  contacts:\n    - name: Cy\n      role: "3.0"\n      phone: 526952\n' }, 'ash');
    expect(school?.name).toBe('No');
    expect(school?.hr.contacts).toEqual([{ name: 'Cy', role: '3.0', phone: '526952' }]);
  });

  it('returns the file\'s text as read: BOM stripped, CRLF made LF', async () => {
    const { school, text } = await read({ 'ash.yaml': '\uFEFFname: Ash\r\ngoverningBody: Board\r\n' }, 'ash');
    expect(school?.governingBody).toBe('Board');
    expect(text).toBe('name: Ash\ngoverningBody: Board\n');
  });
});

describe('errors in school configs, each at its own place', () => {
  it('an unknown key, with a did-you-mean, and a bad email, at their lines and columns', async () => {
    const { school, lines } = await read({ 'ash.yaml': 'name: Ash\ngovernorBody: Board\nhr:\n  email: not-an-email\n' }, 'ash');
    expect(school).toBeUndefined();
    expect(lines).toEqual([
      'schools/ash.yaml:2:1: error: unknown key `governorBody` in the config (did you mean `governingBody`?)',
      'schools/ash.yaml:4:10: error: `hr.email` must be an email address like name@example.gov.uk',
    ]);
  });

  it('a register id the register lacks, at the entry, with the id it probably meant', async () => {
    const { school, lines } = await read({ 'ash.yaml': 'name: Ash\nlegislation:\n  publication:\n    - libel-act-1843\n    - libel-act-1834\n' }, 'ash');
    expect(school).toBeUndefined();
    expect(lines).toEqual(['schools/ash.yaml:5:7: error: `libel-act-1834` is not in the legislation register (did you mean `libel-act-1843`?)']);
  });

  it('YAML errors at their position: a duplicate key, a tab used to indent', async () => {
    const duplicate = await read({ 'ash.yaml': 'name: Ash\nname: Again\n' }, 'ash');
    expect(duplicate.school).toBeUndefined();
    expect(duplicate.lines).toEqual(['schools/ash.yaml:2:1: error: Map keys must be unique (each key may appear once)']);
    const tab = await read({ 'ash.yaml': 'name: Ash\nhr:\n\tname: x\n' }, 'ash');
    expect(tab.school).toBeUndefined();
    expect(tab.lines).toEqual(['schools/ash.yaml:3:1: error: invalid YAML: Tabs are not allowed as indentation']);
  });

  it('a config that is not a map, and one without a name', async () => {
    expect((await read({ 'ash.yaml': '- name: Ash\n' }, 'ash')).lines).toEqual(['schools/ash.yaml:1:1: error: a school config must be a map of keys (name: …, hr: …)']);
    expect((await read({ 'ash.yaml': 'governingBody: Board\n' }, 'ash')).lines).toEqual(['schools/ash.yaml:1:1: error: school config is missing required key `name` (add a line like `name: Mill Lane Primary School`)']);
    expect((await read({ 'ash.yaml': '' }, 'ash')).lines).toEqual(['schools/ash.yaml:1:1: error: school config is missing required key `name` (add a line like `name: Mill Lane Primary School`)']);
  });

  it('a file name that is not an id, or is a reserved device name', async () => {
    for (const id of ['Ash_School', 'con', 'LPT1', 'nul']) {
      const { school, lines } = await read({ [`${id}.yaml`]: 'name: Ash\n' }, id);
      expect(school).toBeUndefined();
      expect(lines).toEqual([`schools/${id}.yaml:1:1: error: school id \`${id}\` (the file name) must be lower-case letters, digits and hyphens, and not a reserved device name`]);
    }
    // a name that merely starts like a device name is fine
    expect((await read({ 'console.yaml': 'name: Console\n' }, 'console')).school?.id).toBe('console');
  });

  it('a file that is not UTF-8', async () => {
    const { school, lines } = await read({ 'ash.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0x0a]) }, 'ash');
    expect(school).toBeUndefined();
    expect(lines).toEqual(['schools/ash.yaml:1:7: error: file is not valid UTF-8 (save it as UTF-8)']);
  });
});

describe('errors in the LA defaults', () => {
  it('a defaults file that sets `name` is an error of the defaults file, and no school is made from it', async () => {
    const { defaults, school, diagnostics } = await read({ '_defaults.yaml': 'name: Everyone\n', 'ash.yaml': 'name: Ash\n' }, 'ash');
    expect(defaults.diagnostics.map(formatDiagnostic)).toEqual(['schools/_defaults.yaml:1:1: error: the LA defaults file must not set `name` (each school sets its own name in schools/<school-id>.yaml)']);
    expect(school).toBeUndefined();
    // the defaults' error is reported once, by the defaults, not again for every school
    expect(diagnostics).toEqual([]);
  });

  it('a broken defaults file is located in the defaults file', async () => {
    const { defaults, school } = await read({ '_defaults.yaml': 'hr:\n  nmae: HR\n', 'ash.yaml': 'name: Ash\n' }, 'ash');
    expect(defaults.diagnostics.map(formatDiagnostic)).toEqual(['schools/_defaults.yaml:2:3: error: unknown key `nmae` in `hr` (did you mean `name`?)']);
    expect(school).toBeUndefined();
  });

  it('a school\'s own errors are still reported when the defaults are broken', async () => {
    const { lines } = await read({ '_defaults.yaml': 'name: Everyone\n', 'ash.yaml': 'name: Ash\ngovernorBody: x\n' }, 'ash');
    expect(lines).toEqual(['schools/ash.yaml:2:1: error: unknown key `governorBody` in the config (did you mean `governingBody`?)']);
  });
});
