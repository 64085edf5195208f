import type { PolicySource } from '../sources/read-policy.ts';
import { formatLongDate } from '../sources/dates.ts';
import type { School } from '../schools/school.ts';
import { citedItem, type CitedItem } from '../legislation/entries.ts';
import { mapOwn } from '../schools/cascade.ts';
import { tokenize, type Values } from './tokens.ts';

/** A legislation or guidance entry as templates see it: its text, its address, and its text cut into linked parts. */
export type CitedContext = Pick<CitedItem, 'text' | 'url' | 'parts'>;

/**
 * The roles as templates see them: `school.roles.chair` is the printed name, and
 * `school.roles.plural.chair` the plural, present only for a role that has one (the key
 * `plural` is reserved for them).
 */
export type RolesContext = { [key: string]: string | Record<string, string> } & { plural: Record<string, string> };

/** The school as templates see it: legislation and guidance are register entries ready to print and link. */
export type SchoolContext = Omit<School, 'file' | 'legislation' | 'guidance' | 'roles' | 'trust' | 'style'> & {
  legislation: Record<string, CitedContext[]>;
  guidance: CitedContext[];
  roles: RolesContext;
  /** Present only for a school in a trust. */
  trust?: { name: string };
};

/** `roles` as templates name them. */
export function rolesContext(roles: School['roles']): RolesContext {
  const plural: Record<string, string> = {};
  const out: Record<string, string | Record<string, string>> = {};
  for (const key of Object.keys(roles)) {
    const role = roles[key]!;
    out[key] = role.name;
    if (role.plural !== undefined) plural[key] = role.plural;
  }
  out.plural = plural;
  return out as RolesContext;
}

/** Only what templates print: every field is a token (and a value to fill in) in every edition. */
function forTemplates(item: School['guidance'][number]): CitedContext {
  const { text, url, parts } = citedItem(item);
  return { text, url, parts };
}

/** What `{{…}}` placeholders can name: `school.*`, `policy.*`. */
export interface TemplateContext {
  school: SchoolContext;
  policy: {
    id: string;
    title: string;
    version: string;
    owner: string;
    approved: string;
    review: string;
    appliesTo: string;
    relatedPolicies: string[];
  };
}

/** Builds the tokenized context for one edition and the table of values behind its tokens. */
export function editionContext(policy: PolicySource, school: School): { context: TemplateContext; values: Values } {
  const values: Values = new Map();
  const { file: _file, legislation, guidance, roles, trust, style: _style, ...rest } = school;
  // A field with no value is absent, so that a placeholder naming it is an error, never an empty string.
  const present = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as typeof rest;
  const schoolData: SchoolContext = {
    ...present,
    roles: rolesContext(roles),
    ...(trust ? { trust: { name: trust.name } } : {}),
    legislation: mapOwn(legislation, (list) => list.map(forTemplates)),
    guidance: guidance.map(forTemplates),
  };
  const plain: TemplateContext = {
    school: schoolData,
    policy: {
      id: policy.id,
      title: policy.meta.title,
      version: policy.meta.version,
      owner: policy.meta.owner,
      approved: formatLongDate(policy.meta.approved),
      review: formatLongDate(policy.meta.review),
      appliesTo: policy.meta.appliesTo,
      relatedPolicies: school.relatedPolicies ?? policy.meta.relatedPolicies,
    },
  };
  return {
    context: { school: tokenize(plain.school, 'school', values), policy: tokenize(plain.policy, 'policy', values) },
    values,
  };
}

/** Any string: the shape of the context, for checking placeholders before anything is rendered. */
export const STRING = '';
export const ANY_KEY = Symbol('any key');
export type Shape = string | Shape[] | { [key: string]: Shape; [ANY_KEY]?: Shape };

const contact = { name: STRING, role: STRING, phone: STRING, email: STRING };
/** A legislation or guidance entry: its printed text, cut into parts each linked to the register's address. */
const cited = { text: STRING, url: STRING, parts: [{ text: STRING, url: STRING }] };
export const CONTEXT_SHAPE: Shape = {
  school: {
    id: STRING,
    name: STRING,
    governingBody: STRING,
    trust: { name: STRING },
    roles: { plural: { [ANY_KEY]: STRING }, [ANY_KEY]: STRING },
    headTitle: STRING,
    headTitlePlural: STRING,
    la: { name: STRING },
    hr: { name: STRING, phonePrefix: STRING, email: STRING, address: [STRING], contacts: [contact] },
    legislation: { [ANY_KEY]: [cited] },
    guidance: [cited],
    relatedPolicies: [STRING],
    usefulContacts: [{ label: STRING, url: STRING }],
    signatories: [{ role: STRING, name: STRING }],
  },
  policy: {
    id: STRING,
    title: STRING,
    version: STRING,
    owner: STRING,
    approved: STRING,
    review: STRING,
    appliesTo: STRING,
    relatedPolicies: [STRING],
  },
};
