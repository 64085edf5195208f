import { basename, join, relative } from 'node:path';
import schoolSchema from '../schemas/school.schema.json' with { type: 'json' };
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { readTextFile } from '../sources/text-file.ts';
import { readYaml } from '../sources/yaml-document.ts';
import { validateAgainst } from '../sources/validate.ts';
import { ID_PATTERN } from '../sources/read-policy.ts';
import { cascade, mapOwn } from './cascade.ts';
import { cleanStrings } from '../sources/clean-value.ts';
import { DEFAULTS_FILE, type School } from './school.ts';
import { checkRegisterIds, citedItem, type LegislationEntry } from '../legislation/entries.ts';
import { loadRegister } from '../legislation/register.ts';

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

interface ConfigFile {
  file: string;
  /** The file's text as read (BOM stripped, line endings normalised), when it could be read. */
  text?: string;
  value?: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

async function readConfig(path: string, root: string): Promise<ConfigFile> {
  const file = relative(root, path) || path;
  const { text, diagnostics } = await readTextFile(path, file, root);
  if (text === undefined) return { file, diagnostics };
  const source = readYaml(text, file);
  if (source.diagnostics.length) return { file, text, diagnostics: source.diagnostics };
  if (source.value === null || source.value === undefined) return { file, text, value: {}, diagnostics: [] };
  if (typeof source.value !== 'object' || Array.isArray(source.value)) {
    return { file, text, diagnostics: [error(file, 1, 1, 'a school config must be a map of keys (name: …, hr: …)')] };
  }
  const problems = validateAgainst(schoolSchema, source, 'the config');
  const value = source.value as Record<string, unknown>;
  // Legislation lists and guidance name entries of the legislation register: an id it lacks is an error here.
  if (!problems.length) problems.push(...checkRegisterIds(file, value, source.locate, loadRegister().register));
  return { file, text, value, diagnostics: problems };
}

/** Reads the LA defaults (if any) once; returns a function that resolves one school. */
export async function loadDefaults(schoolsDir: string, root: string, exists: boolean): Promise<ConfigFile> {
  // The legislation register is read once per run, with the defaults; a broken register is an error for every school.
  const register = loadRegister();
  if (!exists) return { file: join(schoolsDir, DEFAULTS_FILE), value: {}, diagnostics: [...register.diagnostics] };
  const config = await readConfig(join(schoolsDir, DEFAULTS_FILE), root);
  config.diagnostics.unshift(...register.diagnostics);
  if (config.value && 'name' in config.value) {
    config.diagnostics.push(error(config.file, 1, 1, 'the LA defaults file must not set `name`', 'each school sets its own name in schools/<school-id>.yaml'));
  }
  return config;
}

export async function readSchool(path: string, root: string, defaults: ConfigFile): Promise<{ school?: School; text?: string; diagnostics: Diagnostic[] }> {
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
  const merged = cleanStrings(cascade(defaults.value ?? {}, config.value)) as Record<string, any>;
  const register = loadRegister().register;
  const headTitle: string = merged.headTitle ?? 'Headteacher';
  const school: School = {
    id,
    file: config.file,
    name: merged.name,
    governingBody: merged.governingBody ?? 'Governing Body',
    headTitle,
    headTitlePlural: headTitlePlural(config.value, merged, headTitle),
    la: { ...merged.la },
    hr: { address: [], contacts: [], ...merged.hr },
    legislation: mapOwn(merged.legislation ?? {}, (list: LegislationEntry[]) => list.map((entry) => citedItem(entry, register))),
    guidance: ((merged.guidance ?? []) as LegislationEntry[]).map((entry) => citedItem(entry, register)),
    ...(merged.relatedPolicies ? { relatedPolicies: merged.relatedPolicies } : {}),
    usefulContacts: merged.usefulContacts ?? [],
    signatories: merged.signatories ?? [{ role: 'Head Teacher' }, { role: 'Chair of Governors' }],
  };
  return { school, text: config.text, diagnostics };
}

/**
 * The plural of the head's title: the school's own, else (when the school names its
 * head's title) that title + "s", else the LA default's, else "Headteachers". A school
 * whose head is a Principal never prints the default's "Headteachers".
 */
function headTitlePlural(own: Record<string, unknown>, merged: Record<string, any>, headTitle: string): string {
  if (typeof own.headTitlePlural === 'string') return merged.headTitlePlural;
  if (typeof own.headTitle === 'string') return `${headTitle}s`;
  return merged.headTitlePlural ?? `${headTitle}s`;
}
