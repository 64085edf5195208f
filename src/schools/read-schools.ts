import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import schoolSchema from '../schemas/school.schema.json' with { type: 'json' };
import trustSchema from '../schemas/trust.schema.json' with { type: 'json' };
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { readTextFile } from '../sources/text-file.ts';
import { readYaml, type YamlSource } from '../sources/yaml-document.ts';
import { validateAgainst } from '../sources/validate.ts';
import { ID_PATTERN } from '../sources/read-policy.ts';
import { cascade, mapOwn } from './cascade.ts';
import { cleanStrings } from '../sources/clean-value.ts';
import { BUILT_IN_ROLES, BUNDLED_FONTS, DEFAULT_STYLE, DEFAULTS_FILE, TRUSTS_DIR, type Adoption, type HouseStyle, type Role, type School, type Signatory } from './school.ts';
import { checkRegisterIds, citedItem, type LegislationEntry } from '../legislation/entries.ts';
import { loadRegister } from '../legislation/register.ts';
import { contrastWithWhite, MIN_CONTRAST } from './contrast.ts';

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

interface ConfigFile {
  file: string;
  /** The file's text as read (BOM stripped, line endings normalised), when it could be read. */
  text?: string;
  value?: Record<string, unknown>;
  /** Where a key path of the file is, when it could be parsed. */
  locate?: YamlSource['locate'];
  diagnostics: Diagnostic[];
}

/** The LA defaults, with the trust files read once each for every school that names them. */
export interface Defaults extends ConfigFile {
  trusts?: TrustFiles;
}

async function readConfig(path: string, root: string, kind: 'school' | 'trust' = 'school'): Promise<ConfigFile> {
  const file = relative(root, path) || path;
  const { text, diagnostics } = await readTextFile(path, file, root);
  if (text === undefined) return { file, diagnostics };
  const source = readYaml(text, file);
  if (source.diagnostics.length) return { file, text, diagnostics: source.diagnostics };
  if (source.value === null || source.value === undefined) return { file, text, value: {}, locate: source.locate, diagnostics: [] };
  if (typeof source.value !== 'object' || Array.isArray(source.value)) {
    return { file, text, diagnostics: [error(file, 1, 1, `a ${kind} config must be a map of keys (name: …, hr: …)`)] };
  }
  const value = source.value as Record<string, unknown>;
  let problems = validateAgainst(kind === 'trust' ? trustSchema : schoolSchema, source, 'the config');
  if (kind === 'trust' && Object.hasOwn(value, 'trust')) {
    problems = problems.filter((d) => !d.message.startsWith('unknown key `trust`'));
    const at = source.locate(['trust'], true);
    problems.unshift(error(file, at.line, at.column, 'a trust cannot belong to a trust: `trust` is a key of a school\'s config', 'remove `trust` from the trust file'));
  }
  if (kind === 'trust' && Object.hasOwn(value, 'adoptions')) {
    const at = source.locate(['adoptions'], true);
    problems.push(error(file, at.line, at.column, 'a trust file must not set `adoptions`', 'each school records what its governing body adopted in its own file, schools/<school-id>.yaml'));
  }
  // Legislation lists and guidance name entries of the legislation register: an id it lacks is an error here.
  if (!problems.length) problems.push(...checkRegisterIds(file, value, source.locate, loadRegister().register));
  if (!problems.length) problems.push(...checkLayer(file, value, source.locate));
  return { file, text, value, locate: source.locate, diagnostics: problems };
}

/** What the schema cannot say about one file's values: the accent's contrast, the font, headTitle beside roles.head. */
function checkLayer(file: string, value: Record<string, any>, locate: YamlSource['locate']): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const style = value.style as Partial<Record<string, string>> | undefined;
  if (style?.accent !== undefined) {
    const ratio = contrastWithWhite(style.accent);
    if (ratio < MIN_CONTRAST) {
      const at = locate(['style', 'accent']);
      problems.push(error(file, at.line, at.column, `\`style.accent\` ${style.accent} has a contrast of ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1 with white; it must be at least ${MIN_CONTRAST}:1`,
        `choose a darker colour (the default ${DEFAULT_STYLE.accent} has ${contrastWithWhite(DEFAULT_STYLE.accent).toFixed(1)}:1)`));
    }
  }
  if (style?.font !== undefined && !(BUNDLED_FONTS as readonly string[]).includes(style.font)) {
    const at = locate(['style', 'font']);
    const suggestion = closest(style.font, BUNDLED_FONTS);
    problems.push(error(file, at.line, at.column, `\`style.font\` ${style.font} is not a font policyc bundles`,
      suggestion ? `did you mean \`${suggestion}\`?` : `the bundled font is ${BUNDLED_FONTS.join(', ')} (Word prints it as Arial, which has the same metrics)`));
  }
  const roles = value.roles as Record<string, unknown> | undefined;
  if (value.headTitle !== undefined && roles && Object.hasOwn(roles, 'head')) {
    const at = locate(['headTitle'], true);
    problems.push(error(file, at.line, at.column, '`headTitle` is the old name of `roles.head`: give one of them, not both', 'remove `headTitle` (and `headTitlePlural`); write `head: { name: …, plural: … }` under `roles:`'));
  }
  if (value.headTitlePlural !== undefined && roles && Object.hasOwn(roles, 'head')) {
    const at = locate(['headTitlePlural'], true);
    problems.push(error(file, at.line, at.column, '`headTitlePlural` is the old name of `roles.head`\'s plural: give one of them, not both', 'remove `headTitlePlural`; write `head: { name: …, plural: … }` under `roles:`'));
  }
  return problems;
}

/** The trust files of schools/_trusts, each read once however many schools name it. */
export class TrustFiles {
  private readonly dir: string;
  private readonly root: string;
  private readonly files = new Map<string, Promise<ConfigFile>>();
  private ids?: Promise<string[]>;

  constructor(schoolsDir: string, root: string) {
    this.dir = join(schoolsDir, TRUSTS_DIR);
    this.root = root;
  }

  /** The ids of the trusts on disk. */
  known(): Promise<string[]> {
    this.ids ??= readdir(this.dir).then((names) => names.filter((n) => /^[^._].*\.yaml$/.test(n)).map((n) => n.slice(0, -'.yaml'.length)).sort(), () => []);
    return this.ids;
  }

  /** The trust file, or undefined when there is none of that id. */
  async get(id: string): Promise<ConfigFile | undefined> {
    if (!(await this.known()).includes(id)) return undefined;
    let file = this.files.get(id);
    if (!file) {
      file = readConfig(join(this.dir, `${id}.yaml`), this.root, 'trust');
      this.files.set(id, file);
    }
    return file;
  }
}

/** Reads the LA defaults (if any) once; returns a function that resolves one school. */
export async function loadDefaults(schoolsDir: string, root: string, exists: boolean): Promise<Defaults> {
  // The legislation register is read once per run, with the defaults; a broken register is an error for every school.
  const register = loadRegister();
  const trusts = new TrustFiles(schoolsDir, root);
  if (!exists) return { file: join(schoolsDir, DEFAULTS_FILE), value: {}, diagnostics: [...register.diagnostics], trusts };
  const config = await readConfig(join(schoolsDir, DEFAULTS_FILE), root);
  config.diagnostics.unshift(...register.diagnostics);
  if (config.value && 'name' in config.value) {
    config.diagnostics.push(error(config.file, 1, 1, 'the LA defaults file must not set `name`', 'each school sets its own name in schools/<school-id>.yaml'));
  }
  if (config.value && 'adoptions' in config.value) {
    const at = config.locate?.(['adoptions'], true) ?? { line: 1, column: 1 };
    config.diagnostics.push(error(config.file, at.line, at.column, 'the LA defaults file must not set `adoptions`', 'each school records what its governing body adopted in its own file, schools/<school-id>.yaml'));
  }
  if (config.value && 'trust' in config.value) {
    const at = config.locate?.(['trust'], true) ?? { line: 1, column: 1 };
    config.diagnostics.push(error(config.file, at.line, at.column, 'the LA defaults file must not set `trust`', 'a school that belongs to a trust says so in its own file: `trust: <trust-id>`'));
  }
  return { ...config, trusts };
}

export async function readSchool(path: string, root: string, defaults: Defaults): Promise<{ school?: School; text?: string; trust?: { file: string; text: string }; diagnostics: Diagnostic[] }> {
  const id = basename(path).replace(/\.ya?ml$/, '');
  const config = await readConfig(path, root);
  const diagnostics = [...config.diagnostics];
  if (!ID_PATTERN.test(id) || RESERVED.test(id)) {
    diagnostics.push(error(config.file, 1, 1, `school id \`${id}\` (the file name) must be lower-case letters, digits and hyphens, and not a reserved device name`));
  }
  const hasErrors = (list: Diagnostic[]) => list.some((d) => d.severity === 'error');
  if (!config.value || hasErrors(diagnostics) || hasErrors(defaults.diagnostics)) return { diagnostics };
  if (typeof config.value.name !== 'string') {
    diagnostics.push(error(config.file, 1, 1, 'school config is missing required key `name`', 'add a line like `name: Mill Lane Primary School`'));
    return { diagnostics };
  }
  // The trust, when the school names one, sits between the LA defaults and the school.
  let trust: ConfigFile | undefined;
  const trustId = config.value.trust;
  if (typeof trustId === 'string') {
    const trusts = defaults.trusts ?? new TrustFiles(dirname(path), root);
    trust = await trusts.get(trustId);
    if (!trust) {
      const at = config.locate?.(['trust']) ?? { line: 1, column: 1 };
      const known = await trusts.known();
      const suggestion = closest(trustId, known);
      diagnostics.push(error(config.file, at.line, at.column, `unknown trust \`${trustId}\`: there is no schools/${TRUSTS_DIR}/${trustId}.yaml`,
        suggestion ? `did you mean \`${suggestion}\`?` : known.length ? `trusts: ${known.join(', ')}` : `create schools/${TRUSTS_DIR}/${trustId}.yaml with the trust's name and what it changes`));
      return { diagnostics };
    }
    // A trust file's problems are reported with each school that names it (a run prints each once).
    diagnostics.push(...trust.diagnostics);
    if (!trust.value || hasErrors(trust.diagnostics)) return { diagnostics };
    if (typeof trust.value.name !== 'string') return { diagnostics };
  }
  const { name: trustName, ...trustLayer } = trust?.value ?? {};
  const layers = [defaults, ...(trust ? [{ ...trust, value: trustLayer }] : []), config];
  let merged: Record<string, any> = {};
  for (const layer of layers) merged = cascade(merged, layer.value ?? {}) as Record<string, any>;
  merged = cleanStrings(merged);
  const roles = resolveRoles(layers);
  const resolved = resolveSignatories(layers, roles, diagnostics);
  if (!resolved) return { diagnostics };
  const { signatories, keys: signatoryKeys } = resolved;
  const adoptions = readAdoptions(config, roles, diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const register = loadRegister().register;
  const head = roles.head!;
  const school: School = {
    id,
    file: config.file,
    name: merged.name,
    governingBody: merged.governingBody ?? 'Governing Body',
    ...(trust ? { trust: { id: trustId as string, name: cleanStrings(trustName as string) } } : {}),
    roles,
    headTitle: head.name,
    ...(head.plural !== undefined ? { headTitlePlural: head.plural } : {}),
    la: { ...merged.la },
    hr: { address: [], contacts: [], ...merged.hr },
    legislation: mapOwn(merged.legislation ?? {}, (list: LegislationEntry[]) => list.map((entry) => citedItem(entry, register))),
    guidance: ((merged.guidance ?? []) as LegislationEntry[]).map((entry) => citedItem(entry, register)),
    ...(merged.relatedPolicies ? { relatedPolicies: merged.relatedPolicies } : {}),
    usefulContacts: merged.usefulContacts ?? [],
    signatories,
    signatoryKeys,
    ...(adoptions ? { adoptions } : {}),
    style: { ...DEFAULT_STYLE, ...merged.style } as HouseStyle,
  };
  return { school, text: config.text, ...(trust?.text !== undefined ? { trust: { file: trust.file, text: trust.text } } : {}), diagnostics };
}

/**
 * The roles, layer by layer (built in, LA defaults, trust, school): a layer that gives a
 * role replaces it whole, so a school whose head is a Principal never inherits the
 * plural "Headteachers". `headTitle` (and `headTitlePlural`), the old names, give
 * `roles.head` in the layer that sets them; headTitle alone has the plural headTitle + "s",
 * as it always had, and headTitlePlural alone changes only the plural.
 */
function resolveRoles(layers: ConfigFile[]): Record<string, Role> {
  const roles = new Map<string, Role>(Object.entries(BUILT_IN_ROLES));
  for (const layer of layers) {
    const value = cleanStrings(layer.value ?? {}) as Record<string, any>;
    for (const [key, role] of Object.entries((value.roles ?? {}) as Record<string, string | Role>)) {
      roles.set(key, typeof role === 'string' ? { name: role } : { name: role.name, ...(role.plural !== undefined ? { plural: role.plural } : {}) });
    }
    if (typeof value.headTitle === 'string') roles.set('head', { name: value.headTitle, plural: value.headTitlePlural ?? `${value.headTitle}s` });
    else if (typeof value.headTitlePlural === 'string') roles.set('head', { name: roles.get('head')!.name, plural: value.headTitlePlural });
  }
  return Object.fromEntries(roles);
}

/**
 * The signature lines: each names a role by its key (an unknown one is an error at it) and
 * prints the role's name, or its own `text` where the words must differ; the default is
 * the head and the chair.
 */
function resolveSignatories(layers: ConfigFile[], roles: Record<string, Role>, diagnostics: Diagnostic[]): { signatories: Signatory[]; keys: string[] } | undefined {
  // Lists replace: the signatories are the last layer's that gives them.
  const layer = [...layers].reverse().find((l) => l.value && Object.hasOwn(l.value, 'signatories'));
  const list = (layer ? cleanStrings(layer.value!.signatories) : [{ role: 'head' }, { role: 'chair' }]) as { role: string; text?: string; name?: string }[];
  let ok = true;
  const out = list.map((s, i) => {
    const role = Object.hasOwn(roles, s.role) ? roles[s.role] : undefined;
    if (!role) {
      ok = false;
      const at = layer?.locate?.(['signatories', i, 'role']) ?? { line: 1, column: 1 };
      diagnostics.push(error(layer?.file ?? '', at.line, at.column, `unknown role \`${s.role}\` in signatories: a signatory names a role by its key`, roleHint(s.role, roles)));
    }
    return { role: s.text ?? role?.name ?? '', ...(s.name !== undefined ? { name: s.name } : {}) };
  });
  return ok ? { signatories: out, keys: list.map((s) => s.role) } : undefined;
}

/**
 * The school's adoption register as its own file gives it (never inherited). What the
 * file alone can say is checked here, each at its place: a signer's role the school does
 * not have, a signature dated before the approval, a review date not after it. Whether
 * each policy and version exist is checked where the policies are known
 * (../project/check-adoptions.ts).
 */
function readAdoptions(config: ConfigFile, roles: Record<string, Role>, diagnostics: Diagnostic[]): Record<string, Adoption> | undefined {
  const raw = config.value?.adoptions;
  if (raw === undefined) return undefined;
  const locate = config.locate ?? (() => ({ line: 1, column: 1 }));
  const out: Record<string, Adoption> = {};
  for (const [policyId, value] of Object.entries(cleanStrings(raw ?? {}) as Record<string, Omit<Adoption, 'at'>>)) {
    const problem = (keys: (string | number)[], message: string, hint?: string) => {
      const at = locate(['adoptions', policyId, ...keys]);
      diagnostics.push(error(config.file, at.line, at.column, message, hint));
    };
    value.signed.forEach((s, i) => {
      if (!Object.hasOwn(roles, s.role)) problem(['signed', i, 'role'], `unknown role \`${s.role}\` in the adoption of \`${policyId}\`: a signer names a role by its key`, roleHint(s.role, roles));
      if (s.date < value.approved) problem(['signed', i, 'date'], `${s.name} signed \`${policyId}\` on ${s.date}, before its approval on ${value.approved}`, 'a copy is signed on or after the meeting that approved it');
    });
    if (value.review !== undefined && value.review <= value.approved) {
      problem(['review'], `review date ${value.review} of \`${policyId}\` is not after its approval on ${value.approved}`);
    }
    const key = locate(['adoptions', policyId], true);
    const version = locate(['adoptions', policyId, 'version']);
    out[policyId] = {
      version: value.version,
      approved: value.approved,
      minute: value.minute,
      signed: value.signed.map((s) => ({ role: s.role, name: s.name, date: s.date })),
      ...(value.review !== undefined ? { review: value.review } : {}),
      at: { key: { line: key.line, column: key.column }, version: { line: version.line, column: version.column } },
    };
  }
  return out;
}

/** "did you mean `head`?" for a misspelt key or for a role's printed name ("Head Teacher"). */
export function roleHint(written: string, roles: Record<string, Role>): string {
  const keys = Object.keys(roles);
  const byKey = closest(written, keys);
  const byName = keys.find((k) => roles[k]!.name.toLowerCase() === written.toLowerCase()) ?? keyOfName(written, roles);
  const suggestion = byKey ?? byName;
  if (suggestion) return `did you mean \`${suggestion}\` (${roles[suggestion]!.name})?`;
  return `roles: ${keys.join(', ')}; a config may add its own under \`roles:\``;
}

function keyOfName(written: string, roles: Record<string, Role>): string | undefined {
  const names = new Map(Object.entries(roles).map(([k, r]) => [r.name, k]));
  const name = closest(written, names.keys());
  return name === undefined ? undefined : names.get(name);
}
