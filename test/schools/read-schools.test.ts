import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(schools, name)), { recursive: true });
    writeFileSync(join(schools, name), text);
  }
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
      roles: { head: { name: 'Headteacher', plural: 'Headteachers' }, chair: { name: 'Chair of Governors', plural: 'Chairs of Governors' } },
      headTitle: 'Headteacher',
      headTitlePlural: 'Headteachers',
      la: {},
      hr: { address: [], contacts: [] },
      legislation: {},
      guidance: [],
      usefulContacts: [],
      // The signatories are roles by key: the head and the chair, printed by their roles' names.
      signatories: [{ role: 'Headteacher' }, { role: 'Chair of Governors' }],
      signatoryKeys: ['head', 'chair'],
      style: { accent: '#1d4f91', font: 'Liberation Sans' },
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
    const own = (await read({ 'ash.yaml': 'name: Ash\nrelatedPolicies:\n  - Code of Conduct\nsignatories:\n  - role: head\n    name: Dee\nroles:\n  head: Principal\n' }, 'ash')).school!;
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

describe('roles', () => {
  it('cascades roles one by one: a layer that gives a role replaces it whole, and may add its own', async () => {
    const defaults = { '_defaults.yaml': 'roles:\n  head: { name: Headteacher, plural: Headteachers }\n  chair: { name: Chair of Governors, plural: Chairs of Governors }\n  dsl: Designated Safeguarding Lead\n' };
    const { school, diagnostics } = await read({ ...defaults, 'ash.yaml': 'name: Ash\nroles:\n  head: Principal\n  ceo: Chief Executive Officer\n' }, 'ash');
    expect(diagnostics).toEqual([]);
    expect(school?.roles).toEqual({
      head: { name: 'Principal' }, // never the LA's plural "Headteachers"
      chair: { name: 'Chair of Governors', plural: 'Chairs of Governors' },
      dsl: { name: 'Designated Safeguarding Lead' },
      ceo: { name: 'Chief Executive Officer' },
    });
    expect(school).toMatchObject({ headTitle: 'Principal' });
    expect(school && 'headTitlePlural' in school).toBe(false);
  });

  it('reads headTitle and headTitlePlural as the old names of roles.head, and refuses both names in one file', async () => {
    const { school } = await read({ '_defaults.yaml': 'roles:\n  head: { name: Headteacher, plural: Headteachers }\n', 'ash.yaml': 'name: Ash\nheadTitle: Head of School\n' }, 'ash');
    expect(school?.roles.head).toEqual({ name: 'Head of School', plural: 'Head of Schools' });
    const both = await read({ 'ash.yaml': 'name: Ash\nheadTitle: Principal\nroles:\n  head: Principal\n' }, 'ash');
    expect(both.lines).toEqual(['schools/ash.yaml:2:1: error: `headTitle` is the old name of `roles.head`: give one of them, not both (remove `headTitle` (and `headTitlePlural`); write `head: { name: …, plural: … }` under `roles:`)']);
  });

  it('refuses the reserved key `plural` and a role without a name, at the key or value', async () => {
    const { lines } = await read({ 'ash.yaml': 'name: Ash\nroles:\n  plural: Heads\n  clerk: { plural: Clerks }\n' }, 'ash');
    expect(lines).toEqual([
      'schools/ash.yaml:3:3: error: `plural` in `roles` must be a role key of lower-case letters, digits and hyphens, starting with a letter (and not `plural`, which names the plural forms, nor a JavaScript name such as constructor)',
      'schools/ash.yaml:4:10: error: `roles.clerk` is missing required key `name`',
    ]);
  });

  it('prints each signatory by its role\'s name, and reports an unknown role key at it with a did-you-mean', async () => {
    const defaults = { '_defaults.yaml': 'roles:\n  chair: Chair of Trustees\nsignatories:\n  - role: head\n  - role: chair\n' };
    expect((await read({ ...defaults, 'ash.yaml': 'name: Ash\n' }, 'ash')).school?.signatories).toEqual([{ role: 'Headteacher' }, { role: 'Chair of Trustees' }]);
    const { lines } = await read({ ...defaults, 'ash.yaml': 'name: Ash\nsignatories:\n  - role: Head Teacher\n  - role: chiar\n  - role: treasurer\n' }, 'ash');
    expect(lines).toEqual([
      'schools/ash.yaml:3:11: error: unknown role `Head Teacher` in signatories: a signatory names a role by its key (did you mean `head` (Headteacher)?)',
      'schools/ash.yaml:4:11: error: unknown role `chiar` in signatories: a signatory names a role by its key (did you mean `chair` (Chair of Trustees)?)',
      'schools/ash.yaml:5:11: error: unknown role `treasurer` in signatories: a signatory names a role by its key (roles: head, chair; a config may add its own under `roles:`)',
    ]);
  });
});

describe('the house style', () => {
  it('fills in the shipped style and lets a school change a part of it', async () => {
    expect((await read({ 'ash.yaml': 'name: Ash\n' }, 'ash')).school?.style).toEqual({ accent: '#1d4f91', font: 'Liberation Sans' });
    expect((await read({ '_defaults.yaml': 'style:\n  logo: figures/la-logo.svg\n', 'ash.yaml': 'name: Ash\nstyle:\n  accent: "#004400"\n' }, 'ash')).school?.style)
      .toEqual({ accent: '#004400', font: 'Liberation Sans', logo: 'figures/la-logo.svg' });
  });

  it('refuses an accent of too little contrast (saying the ratio), a font it does not bundle, and a logo outside figures/', async () => {
    const { lines } = await read({ 'ash.yaml': 'name: Ash\nstyle:\n  accent: "#ff9900"\n  font: Liberation Sans Narrow\n' }, 'ash');
    expect(lines).toEqual([
      'schools/ash.yaml:3:11: error: `style.accent` #ff9900 has a contrast of 2.14:1 with white; it must be at least 4.5:1 (choose a darker colour (the default #1d4f91 has 8.1:1))',
      'schools/ash.yaml:4:9: error: `style.font` Liberation Sans Narrow is not a font policyc bundles (did you mean `Liberation Sans`?)',
    ]);
    expect((await read({ 'ash.yaml': 'name: Ash\nstyle:\n  font: Arial\n  accent: blue\n  logo: ../logo.svg\n' }, 'ash')).lines).toEqual([
      'schools/ash.yaml:4:11: error: `style.accent` must be a colour written #rrggbb, like "#1d4f91"',
      'schools/ash.yaml:5:9: error: `style.logo` must be an SVG or PNG file in policies/figures, like figures/la-logo.svg',
    ]);
    expect((await read({ 'ash.yaml': 'name: Ash\nstyle:\n  font: Arial\n' }, 'ash')).lines).toEqual([
      'schools/ash.yaml:3:9: error: `style.font` Arial is not a font policyc bundles (the bundled font is Liberation Sans (Word prints it as Arial, which has the same metrics))',
    ]);
  });
});

describe('the trust layer', () => {
  const TRUST = 'name: Oak Learning Trust\ngoverningBody: Board of Trustees\nroles:\n  chair: { name: Chair of Trustees, plural: Chairs of Trustees }\nhr:\n  name: Trust People Team\n';

  it('sits between the LA defaults and the school: the same merge rule, its name as school.trust', async () => {
    const { school, diagnostics } = await read({ '_defaults.yaml': DEFAULTS, '_trusts/oak.yaml': TRUST, 'ash.yaml': 'name: Ash Academy\ntrust: oak\nhr:\n  email: hr@oak.example\n' }, 'ash');
    expect(diagnostics).toEqual([]);
    expect(school).toMatchObject({
      name: 'Ash Academy',
      trust: { id: 'oak', name: 'Oak Learning Trust' },
      governingBody: 'Board of Trustees',
      hr: { name: 'Trust People Team', email: 'hr@oak.example', phonePrefix: '(01642)' },
      signatories: [{ role: 'Headteacher' }, { role: 'Chair of Trustees' }],
    });
    expect(school?.roles.chair).toEqual({ name: 'Chair of Trustees', plural: 'Chairs of Trustees' });
  });

  it('is an error at the `trust:` value when there is no such trust, with a did-you-mean', async () => {
    const { lines } = await read({ '_trusts/oak-learning.yaml': TRUST, 'ash.yaml': 'name: Ash\ntrust: oak-lerning\n' }, 'ash');
    expect(lines).toEqual(['schools/ash.yaml:2:8: error: unknown trust `oak-lerning`: there is no schools/_trusts/oak-lerning.yaml (did you mean `oak-learning`?)']);
  });

  it('reports a trust file\'s problems in the trust file; a trust has a name and cannot name a trust', async () => {
    const { lines } = await read({ '_trusts/oak.yaml': 'trust: elm\nhr:\n  emial: x\n', 'ash.yaml': 'name: Ash\ntrust: oak\n' }, 'ash');
    expect(lines).toEqual([
      'schools/_trusts/oak.yaml:1:1: error: a trust cannot belong to a trust: `trust` is a key of a school\'s config (remove `trust` from the trust file)',
      'schools/_trusts/oak.yaml:1:1: error: the config is missing required key `name`',
      'schools/_trusts/oak.yaml:3:3: error: unknown key `emial` in `hr` (did you mean `email`?)',
    ]);
  });

  it('is refused in the LA defaults', async () => {
    const { defaults } = await read({ '_defaults.yaml': 'trust: oak\n', 'ash.yaml': 'name: Ash\n' }, 'ash');
    expect(defaults.diagnostics.map(formatDiagnostic)).toContain('schools/_defaults.yaml:1:1: error: the LA defaults file must not set `trust` (a school that belongs to a trust says so in its own file: `trust: <trust-id>`)');
  });

  it('has a schema that is the school\'s but for `name` (the trust\'s) and `trust`', async () => {
    const school = (await import('../../src/schemas/school.schema.json', { with: { type: 'json' } })).default as { properties: Record<string, unknown>; definitions: unknown };
    const trust = (await import('../../src/schemas/trust.schema.json', { with: { type: 'json' } })).default as { properties: Record<string, unknown>; definitions: unknown; required: string[] };
    const { trust: _t, name: _n, ...shared } = school.properties;
    const { name: _m, ...own } = trust.properties;
    expect(own).toEqual(shared);
    expect(trust.definitions).toEqual(school.definitions);
    expect(trust.required).toEqual(['name']);
  });
});

describe('a signatory\'s own words', () => {
  it('prints `text` instead of the role\'s name on the signature line, and still needs a known role', async () => {
    const { school } = await read({ 'ash.yaml': 'name: Ash\nsignatories:\n  - role: head\n    text: Head Teacher\n  - role: chair\n' }, 'ash');
    expect(school?.signatories).toEqual([{ role: 'Head Teacher' }, { role: 'Chair of Governors' }]);
    expect((await read({ 'ash.yaml': 'name: Ash\nsignatories:\n  - role: hed\n    text: Head Teacher\n' }, 'ash')).lines).toEqual([
      'schools/ash.yaml:3:11: error: unknown role `hed` in signatories: a signatory names a role by its key (did you mean `head` (Headteacher)?)',
    ]);
  });
});
