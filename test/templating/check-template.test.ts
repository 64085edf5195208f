import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../src/templating/check-template.ts';
import { helpers } from '../../src/templating/helpers.ts';

const HELPERS = new Set(Object.keys(helpers));
const PARTIALS = new Set(['hr-contacts', 'legislation-list']);
const check = (template: string) => checkTemplate(Handlebars.parse(template), HELPERS, PARTIALS).map((p) => `${p.line}:${p.column} ${p.message} (${p.hint})`);

describe('a literal where a placeholder names a field', () => {
  it('is a located error with a hint, for every kind of literal, never a crash', () => {
    expect(check('1. {{42}} and {{true}}\n2. {{"x"}} {{null}} {{undefined}}')).toEqual([
      '1:6 `{{42}}` is a number, not a placeholder (a placeholder names a field, such as {{school.name}}; to print 42, write it outside the braces)',
      '1:17 `{{true}}` is a true/false value, not a placeholder (a placeholder names a field, such as {{school.name}}; to print true, write it outside the braces)',
      '2:6 `{{"x"}}` is quoted text, not a placeholder (a placeholder names a field, such as {{school.name}}; to print x, write it outside the braces)',
      '2:14 `{{null}}` is `null`, not a placeholder (a placeholder names a field, such as {{school.name}}; to print null, write it outside the braces)',
      '2:23 `{{undefined}}` is `undefined`, not a placeholder (a placeholder names a field, such as {{school.name}}; to print undefined, write it outside the braces)',
    ]);
  });

  it('is an error as what a block tests or goes over, and the block’s own content is still checked', () => {
    expect(check('{{#if 1}}{{school.nmae}}{{/if}}')).toEqual([
      '1:7 `{{#if 1}}` needs a field to test, not a number (name one, such as {{#if school.hr.email}})',
      '1:12 unknown placeholder `{{school.nmae}}`: `school.nmae` is not a field (did you mean `school.name`?)',
    ]);
    expect(check('{{#unless false}}x{{/unless}}{{#each "a"}}x{{/each}}{{#with 1}}{{this}}{{/with}}')).toEqual([
      '1:11 `{{#unless false}}` needs a field to test, not a true/false value (name one, such as {{#unless school.hr.email}})',
      '1:38 `{{#each "a"}}` needs a list, not quoted text (name one, such as {{#each school.hr.contacts}})',
      '1:61 `{{#with 1}}` needs a group of fields, not a number (name one, such as {{#with school.hr}})',
    ]);
    expect(check('{{#if school.name}}a{{else if null}}b{{/if}}')).toEqual([
      '1:31 `{{else if null}}` needs a field to test, not `null` (name one, such as {{#if school.hr.email}})',
    ]);
  });

  it('is an error as a helper, a helper’s list or a partial’s context, and named partials’ values stay allowed', () => {
    expect(check('{{42 school.name}} {{#if (7)}}x{{/if}} {{and-list 3}} {{and-list school.name}} {{> hr-contacts 1}}')).toEqual([
      '1:3 `{{42}}` is a number, not a placeholder (a placeholder names a field, such as {{school.name}}; to print 42, write it outside the braces)',
      '1:27 `(7 …)` is not a helper (helpers: and-list, is-penultimate, br, signature-block, contents, document-control, edition-block)',
      '1:51 `and-list` needs a list, not a number (`3`) (name a list, such as {{and-list policy.relatedPolicies}})',
      '1:66 `and-list` needs a list: `school.name` is text (name a list, such as {{and-list policy.relatedPolicies}})',
      '1:96 `{{> hr-contacts 1}}`: a partial\'s context is a group of fields, not a number (give values by name instead, such as {{> legislation-list list=school.legislation.publication}})',
    ]);
    expect(check('{{> legislation-list list=school.legislation.publication sentence=true}} {{and-list policy.relatedPolicies}} {{> "hr-contacts"}}')).toEqual([]);
    expect(check('{{> (school.name)}} {{> 42}}')).toEqual([
      '1:1 a partial is named as it is, never chosen by a helper: `{{> (…)}}` is not allowed (partials: hr-contacts, legislation-list)',
      '1:21 unknown partial `42` (partials: hr-contacts, legislation-list)',
    ]);
  });
});

describe('did you mean, for a field named the way people say it', () => {
  it('suggests the role for its printed name or key, and the old name, where a school field is named', () => {
    expect(check('{{school.headteacher}} {{school.chair}} {{school.chairOfGovernors}}')).toEqual([
      '1:3 unknown placeholder `{{school.headteacher}}`: `school.headteacher` is not a field (did you mean `school.roles.head` or `school.headTitle`?)',
      '1:26 unknown placeholder `{{school.chair}}`: `school.chair` is not a field (did you mean `school.roles.chair`?)',
      '1:43 unknown placeholder `{{school.chairOfGovernors}}`: `school.chairOfGovernors` is not a field (did you mean `school.roles.chair`?)',
    ]);
  });

  it('suggests by a shared word where edits are too many: `hr.emailAddress` for `hr.email`', () => {
    expect(check('{{school.hr.emailAddress}}')).toEqual([
      '1:3 unknown placeholder `{{school.hr.emailAddress}}`: `school.hr.emailAddress` is not a field (did you mean `school.hr.email`?)',
    ]);
  });

  it('knows roles, their plurals and the trust\'s name, whatever keys a school gives its roles', () => {
    expect(check('{{school.roles.head}} {{school.roles.plural.chair}} {{school.roles.ceo}} {{school.trust.name}}')).toEqual([]);
    expect(check('{{school.roles.plural}}')).toEqual([
      '1:1 `{{school.roles.plural}}` is a group of fields, not text (name one of its fields: )',
    ]);
  });
});
