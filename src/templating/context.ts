import type { PolicySource } from '../sources/read-policy.ts';
import { formatLongDate } from '../sources/dates.ts';
import type { School } from '../schools/school.ts';
import { tokenize, type Values } from './tokens.ts';

/** What `{{…}}` placeholders can name: `school.*`, `policy.*`. */
export interface TemplateContext {
  school: Omit<School, 'file'>;
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
  const { file: _file, ...schoolData } = school;
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
export const CONTEXT_SHAPE: Shape = {
  school: {
    id: STRING,
    name: STRING,
    governingBody: STRING,
    headTitle: STRING,
    headTitlePlural: STRING,
    la: { name: STRING },
    hr: { name: STRING, phonePrefix: STRING, email: STRING, address: [STRING], contacts: [contact] },
    legislation: { [ANY_KEY]: [STRING] },
    guidance: [STRING],
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
