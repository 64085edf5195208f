import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { YamlSource } from './yaml-document.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }));
// `x-message`: the plain-English message a schema gives for its own pattern/format/length rules.
ajv.addVocabulary(['x-message']);
const compiled = new Map<object, ValidateFunction>();

/** Validates a parsed YAML value against a JSON Schema, reporting each problem at its position. */
export function validateAgainst(schema: object, source: YamlSource, what: string): Diagnostic[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(source.value)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    const d = describe(e, source, schema, what);
    if (!d) continue;
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function pathOf(e: ErrorObject): (string | number)[] {
  return e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject, source: YamlSource, schema: object, what: string): Diagnostic | undefined {
  const path = pathOf(e);
  const where = path.length ? `\`${path.join('.')}\`` : what;
  if (e.propertyName !== undefined) {
    if (e.keyword === 'propertyNames') return undefined;
    const { line, column } = source.locate([...path, e.propertyName], true);
    const own = propertyNamesMessage(schema, e.schemaPath);
    return error(source.file, line, column, `\`${e.propertyName}\` in ${where} ${own ?? 'is not a valid name'}`);
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const { line, column } = source.locate([...path, extra], true);
      const known = Object.keys(propertiesAt(schema, e.schemaPath));
      const suggestion = closest(extra, known);
      return error(source.file, line, column, `unknown key \`${extra}\` in ${where}`,
        suggestion ? `did you mean \`${suggestion}\`?` : known.length ? `known keys: ${known.join(', ')}` : undefined);
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const { line, column } = source.locate(path);
      return error(source.file, line, column, `${where} is missing required key \`${missing}\``);
    }
    case 'oneOf':
    case 'not':
      return undefined; // reported through the clearer messages of the branches or by a custom check
    case 'propertyNames':
      return undefined; // reported with the offending name by the nested error
    default: {
      const own = (e.parentSchema as { 'x-message'?: string } | undefined)?.['x-message'];
      const { line, column } = source.locate(path);
      if (own && e.keyword !== 'type' && e.keyword !== 'required') return error(source.file, line, column, `${where} ${own}`);
      return error(source.file, line, column, `${where} ${plain(e)}`, hintFor(e));
    }
  }
}

function plain(e: ErrorObject): string {
  if (e.keyword === 'type') {
    const type = (e.params as { type: string }).type;
    return `must be ${type === 'array' ? 'a list' : type === 'object' ? 'a map of keys' : type === 'string' ? 'text' : type}`;
  }
  if (e.keyword === 'minLength') return 'must not be empty';
  if (e.keyword === 'minItems') return 'must not be an empty list';
  return e.message ?? 'is invalid';
}

function hintFor(e: ErrorObject): string | undefined {
  if (e.keyword === 'format') {
    const format = (e.params as { format: string }).format;
    if (format === 'date') return 'write dates as YYYY-MM-DD';
    if (format === 'email') return 'write an address like name@example.gov.uk';
    if (format === 'uri') return 'write a full address starting https://';
  }
  return (e.parentSchema as { description?: string } | undefined)?.description;
}

function propertyNamesMessage(schema: object, schemaPath: string): string | undefined {
  let node: unknown = schema;
  for (const seg of schemaPath.replace(/^#\//, '').split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[seg];
    if (seg === 'propertyNames') break;
  }
  return (node as { 'x-message'?: string } | undefined)?.['x-message'];
}

function propertiesAt(schema: object, schemaPath: string): Record<string, unknown> {
  let node: unknown = schema;
  for (const seg of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[seg];
  }
  return ((node as { properties?: Record<string, unknown> } | undefined)?.properties) ?? {};
}
