import { dirname, join } from 'node:path';
import { DEFAULTS_FILE, TRUSTS_DIR, type School } from '../schools/school.ts';
import type { PolicySource } from '../sources/read-policy.ts';
import { readYaml, type YamlSource } from '../sources/yaml-document.ts';

type Key = (string | number)[];

/** Where a value an edition prints comes from: a key of the school's config (or the LA defaults), or of the policy's front matter. */
export interface ValueSource {
  /** The file to report at when the value's own place is not known. */
  file: string;
  /** For a school's value: the key paths it may be at, the first found wins. */
  keys: Key[];
  school?: School;
  /** How a diagnostic names the value: "`la.name` of school `bad`". */
  shown: string;
}

const FRONT_MATTER_KEYS: Record<string, string> = { appliesTo: 'applies-to', relatedPolicies: 'related-policies' };

/** The source of the value behind a token's path (`school.usefulContacts.0.url`, `policy.title`). */
export function valueSource(path: string, school: School, policy: PolicySource): ValueSource {
  const [root, ...rest] = path.split('.');
  const key: Key = rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const ofSchool = (keys: Key[], name = rest.join('.')): ValueSource => ({ file: school.file, keys, school, shown: `\`${name}\` of school \`${school.id}\`` });
  if (root === 'policy') {
    if (rest[0] === 'relatedPolicies' && school.relatedPolicies) return ofSchool([key]);
    const field = rest[0] ?? '';
    return { file: policy.file, keys: [], shown: `the front matter's \`${FRONT_MATTER_KEYS[field] ?? field}\`` };
  }
  if (rest[0] === 'id') return { file: school.file, keys: [], shown: `the id of school \`${school.id}\` (its file name)` };
  if (rest[0] === 'headTitlePlural') return ofSchool([['headTitlePlural'], ['headTitle']]);
  if (rest[0] === 'legislation' || rest[0] === 'guidance') {
    // An entry's text is the config's `text`, or else the register's title for the entry's id.
    const entry = key.slice(0, rest[0] === 'legislation' ? 3 : 2);
    return ofSchool([[...entry, 'text'], entry], entry.join('.'));
  }
  return ofSchool([key]);
}

/** Finds a school's value in the config texts of the project: the school's own file first, then its trust's, then the LA defaults. */
export class ConfigPlaces {
  private readonly texts: ReadonlyMap<string, string> | undefined;
  private readonly parsed = new Map<string, YamlSource>();

  constructor(texts: ReadonlyMap<string, string> | undefined) {
    this.texts = texts;
  }

  locate(source: ValueSource): { file: string; line: number; column: number } {
    const school = source.school;
    if (school && this.texts) {
      const folder = dirname(school.file);
      const files = [school.file, ...(school.trust ? [join(folder, TRUSTS_DIR, `${school.trust.id}.yaml`)] : []), join(folder, DEFAULTS_FILE)];
      for (const key of source.keys) {
        for (const file of files) {
          const yaml = this.yaml(file);
          if (yaml && has(yaml.value, key)) return { file, ...yaml.locate(key) };
        }
      }
    }
    return { file: source.file, line: 1, column: 1 };
  }

  private yaml(file: string): YamlSource | undefined {
    let yaml = this.parsed.get(file);
    if (!yaml) {
      const text = this.texts?.get(file);
      if (text === undefined) return undefined;
      yaml = readYaml(text, file);
      this.parsed.set(file, yaml);
    }
    return yaml;
  }
}

function has(value: unknown, key: Key): boolean {
  let node = value;
  for (const part of key) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, String(part))) return false;
    node = (node as Record<string, unknown>)[String(part)];
  }
  return true;
}
